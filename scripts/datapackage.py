"""The data release as a Frictionless Data Package: build/data/datapackage.json.

Researchers who reuse the audit load its tables with tools that read a schema
(frictionless, pandas via frictionless, R's frictionless package) and cite a
versioned release. The descriptor is generated from the same column descriptions
as the data README (scripts.tidy) and the same vocabularies as validation
(codebook aspects, levels, lenses, document types), so it cannot drift from the
files it describes; tests validate the files against it with frictionless.
"""

from __future__ import annotations

from scripts import bibliography, tidy
from scripts.terms import LENSES, LEVELS

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _field(name: str, description: str, kind: str = "string", form: str = "", **constraints: object) -> dict:
    field: dict = {"name": name, "type": kind, "description": description}
    if form:
        field["format"] = form
    if constraints:
        field["constraints"] = constraints
    return field


def descriptor(*, codebook: dict, initiatives: list[dict], revisions: dict, paper: dict) -> dict:
    """The data package descriptor for the files of build/data/ at this revision."""
    columns = tidy.COLUMN_DESCRIPTIONS
    findings_fields = [
        _field("initiative", columns["initiative"], enum=[i["id"] for i in initiatives], required=True),
        _field("aspect", columns["aspect"], enum=[a["id"] for a in codebook["aspects"]], required=True),
        _field("release", columns["release"], required=True),
        _field("release_date", columns["release_date"], "yearmonth"),
        _field("lens", columns["lens"], enum=list(LENSES), required=True),
        _field("disclosure", columns["disclosure"], enum=list(LEVELS), required=True),
        _field("short", columns["short"]),
        _field("finding", columns["finding"]),
        _field("evidence", columns["evidence"]),
        _field("note", columns["note"]),
        _field("evidence_count", columns["evidence_count"], "integer", minimum=0),
        _field("evidence_docs", columns["evidence_docs"]),
    ]
    documents = tidy.DOCUMENT_COLUMNS
    document_fields = [
        _field("key", documents["key"], required=True, unique=True),
        _field("title", documents["title"], required=True),
        _field("organisation", documents["organisation"]),
        _field("type", documents["type"], enum=list(bibliography.DOCUMENT_TYPES), required=True),
        _field("date", documents["date"], "yearmonth", required=True),
        _field("url", documents["url"], form="uri"),
        _field("urldate", documents["urldate"], "date"),
        _field("initiatives", documents["initiatives"]),
    ]
    current = revisions["current"]
    return {
        "name": "decoding-alignment-findings",
        "title": f"{paper['title']}: findings data",
        "description": "Per initiative and codebook aspect: disclosure level, finding and verbatim evidence "
        "with locators; the audited documents; the initiatives. See README.md.",
        "version": f"{current['version']}.0.0",
        "created": f"{current['date']}T00:00:00Z",
        "licenses": [DATA_LICENCE],
        "contributors": [{"title": author["name"], "role": "author"} for author in paper["authors"]],
        **({"homepage": f"https://arxiv.org/abs/{paper['arxiv_id']}"} if paper.get("arxiv_id") else {}),
        "resources": [
            {
                "name": "findings",
                "path": "findings.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": findings_fields, "primaryKey": ["initiative", "aspect", "release"]},
            },
            {
                "name": "documents",
                "path": "documents.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": document_fields, "primaryKey": ["key"]},
            },
            {
                "name": "initiatives",
                "path": "initiatives.json",
                "format": "json",
                "mediatype": "application/json",
                "description": "Per initiative: id, name, organisation, access type, releases covered (oldest "
                "first) with the month of each release's earliest document, and the keys of its audited "
                "documents (rows of documents.csv).",
            },
        ],
    }
