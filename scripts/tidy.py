"""Join the per-initiative records into the tidy findings table.

``build/data/findings.json`` and ``findings.csv`` are the single source every
table and figure renders from, and part of the data release. Rules that need
all initiatives at once (duplicate ids, documents nobody cites) live here.
"""

from __future__ import annotations

import csv
import io
import json

from scripts import citations, paths
from scripts.problems import WARNING, Problem
from scripts.terms import ALL_RELEASES, LENSES, LEVELS

COLUMNS = [
    "initiative",
    "aspect",
    "release",
    "release_date",
    "lens",
    "disclosure",
    "short",
    "finding",
    "evidence",
    "note",
]
COLUMN_DESCRIPTIONS = {
    "initiative": "initiative id, the file name of findings/<id>.yaml (see initiatives.json for names)",
    "aspect": f"codebook aspect id ({paths.CODEBOOK})",
    "release": f"'{ALL_RELEASES}' for the overall code, pooled over the initiative's releases; otherwise the release"
    " one code is for (findings.json nests these under `releases`)",
    "release_date": "YYYY-MM of the earliest document of that release; empty for the overall code",
    "lens": " or ".join(LENSES),
    "disclosure": f"{', '.join(LEVELS[:-1])} or {LEVELS[-1]}, following the aspect's rubric",
    "short": "the finding in at most 15 words, as in the summary tables; may cite [@key] (overall codes only)",
    "finding": "the finding as a paragraph; citations written [@key] refer to bib/*.bib (overall codes only)",
    "evidence": "list of {doc, locator, quote}: bib key, place in the document, verbatim quote (JSON text in the CSV)",
    "note": "for 'none': what was searched and where; otherwise usually empty",
    "evidence_count": "CSV only: number of evidence items",
    "evidence_docs": "CSV only: bib keys of the evidence, ';'-separated, in order of first use",
}
DOCUMENT_COLUMNS = {
    "key": "the bib key that findings cite and evidence names in `doc`",
    "title": "the document's title as published",
    "organisation": "the organisation that published it",
    "type": "document type (paper, technical report, model card, system card, ...)",
    "date": "publication month, YYYY-MM",
    "url": "where the audited copy was read",
    "urldate": "the day it was last read for the audit",
    "initiatives": "ids of the initiatives whose findings quote or cite it, ';'-separated",
}


def cited_keys(record: dict) -> set[str]:
    """Bib keys a record rests on: its evidence documents and the keys its text cites."""
    keys = {item["doc"] for item in record["evidence"]}
    for name in ("short", "finding", "note"):
        keys.update(citations.cited_keys(record[name]))
    for code in record.get("releases", []):
        keys.update(item["doc"] for item in code["evidence"])
        keys.update(citations.cited_keys(code["note"]))
    return keys


def join(
    per_initiative: list[dict], order: list[str], on_disk: list[str], bibliography: dict
) -> tuple[list[dict], list[dict], list[Problem]]:
    """Initiatives in config order, all records, and the problems across files."""
    problems = [
        Problem(str(paths.findings_file(i)), 1, 1, "id", f"{i!r} is not listed in {paths.CONFIG} initiatives")
        for i in sorted(set(on_disk) - set(order))
    ]
    initiatives, records, seen = [], [], set()
    for data in per_initiative:
        initiative = data["initiative"]
        if initiative["id"] in seen:
            message = f"duplicate initiative id {initiative['id']!r}"
            problems.append(Problem(str(paths.findings_file(initiative["id"])), 1, 1, "id", message))
            continue
        seen.add(initiative["id"])
        initiatives.append(dict(initiative))
        records.extend(data["findings"])

    cited = set().union(*map(cited_keys, records))
    for key, entry in bibliography.items():
        if entry["source"] == "documentation" and key not in cited:
            problems.append(
                Problem(
                    str(paths.DOCUMENTATION_BIB),
                    entry["line"],
                    1,
                    key,
                    "audited document is cited by no finding",
                    WARNING,
                )
            )
    return initiatives, records, problems


def documents_per_initiative(records: list[dict], bibliography: dict) -> dict[str, list[str]]:
    """Per initiative, the audited documents its findings quote or cite, by date."""
    documents: dict[str, set[str]] = {}
    for record in records:
        keys = documents.setdefault(record["initiative"], set())
        keys.update(k for k in cited_keys(record) if bibliography.get(k, {}).get("source") == "documentation")
    return {
        initiative: sorted(keys, key=lambda k: (bibliography[k]["date"], k)) for initiative, keys in documents.items()
    }


CSV_COLUMNS = COLUMNS + ["evidence_count", "evidence_docs"]


def csv_rows(records: list[dict]) -> list[dict]:
    """The CSV view of the records: a row for each overall code and one for each release code, with
    evidence as JSON text and its count and documents beside it."""
    rows = []
    for record in records:
        overall = {key: value for key, value in record.items() if key != "releases"}
        rows.append({**overall, "release": ALL_RELEASES, "release_date": ""})
        for code in record.get("releases", []):
            rows.append(
                {
                    **{key: record[key] for key in ("initiative", "aspect", "lens")},
                    "release": code["release"],
                    "release_date": code["date"],
                    "disclosure": code["disclosure"],
                    "short": "",
                    "finding": "",
                    "evidence": code["evidence"],
                    "note": code["note"],
                }
            )
    return [
        {
            **row,
            "evidence": json.dumps(row["evidence"], ensure_ascii=False),
            "evidence_count": len(row["evidence"]),
            "evidence_docs": ";".join(dict.fromkeys(item["doc"] for item in row["evidence"])),
        }
        for row in rows
    ]


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """RFC 4180 CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def documents_table(bibliography: dict, initiatives: list[dict]) -> list[dict]:
    """One row per audited document, so the data release resolves the keys its findings use."""
    citing: dict[str, list[str]] = {}
    for initiative in initiatives:
        for key in initiative["documents"]:
            citing.setdefault(key, []).append(initiative["id"])
    rows = []
    for key, entry in sorted(bibliography.items(), key=lambda item: (item[1]["date"], item[0])):
        if entry["source"] != "documentation":
            continue
        rows.append(
            {
                "key": key,
                "title": entry["title_text"],
                "organisation": entry["organization"],
                "type": entry["doctype"],
                "date": entry["date"],
                "url": entry.get("url", ""),
                "urldate": entry.get("urldate", ""),
                "initiatives": ";".join(citing.get(key, [])),
            }
        )
    return rows


def data_readme() -> str:
    """The README shipped next to the data release, generated so it cannot drift from the columns."""
    lines = [
        "# Decoding Alignment: findings data",
        "",
        "`findings.json` is a list of records, one per initiative and codebook aspect: the overall",
        "code, pooled over the initiative's releases, with the codes of single releases nested under",
        "`releases`. `findings.csv` is a table with a row for each overall code (release `all`) and",
        "one for each release code. `initiatives.json` holds each initiative's name, organisation,",
        "access type, releases covered (with `release_dates`) and the bib keys of its documents.",
        "`documents.csv` resolves those keys: one row per audited document.",
        "`datapackage.json` describes the files as a Frictionless Data Package (field types,",
        "vocabularies, keys), so `frictionless validate datapackage.json` checks them.",
        "All files are generated from findings/*.yaml and bib/ by the build; edit those, not these.",
        "The data is licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/);",
        "cite the survey as its CITATION.cff says.",
        "",
        "## findings.csv and findings.json",
        "",
        "| column | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in COLUMN_DESCRIPTIONS.items()]
    lines += ["", "## documents.csv", "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in DOCUMENT_COLUMNS.items()]
    lines += [
        "",
        "## verification.json",
        "",
        "How many evidence quotes the last run of `snakemake verify` found verbatim in the text of",
        "their documents, from bib/documents.lock: `quotes` in all, `quotes_checked` from the",
        "`documents_verified` documents it read (of `documents` audited), `quotes_verified` of those",
        "found as they read today, and `last_verified_on`, the day of the run.",
    ]
    return "\n".join(lines) + "\n"
