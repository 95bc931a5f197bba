"""The tidy table joins initiatives; rules across files are enforced there."""

from __future__ import annotations

import csv
import io
import json

from scripts import findings, tidy
from tests.helpers import FIXTURES, SCHEMAS


def records_of(codebook: dict, bibliography: dict, initiative_id: str = "alpha") -> dict:
    source, problems = findings.check(
        FIXTURES / "findings" / "alpha.yaml", codebook, bibliography, SCHEMAS / "findings.schema.json"
    )
    assert problems == []
    records = findings.to_records(source.data, codebook)
    records["initiative"]["id"] = initiative_id
    for record in records["findings"]:
        record["initiative"] = initiative_id
    return records


def test_tables_have_one_row_per_initiative_and_aspect(fixture_codebook, fixture_bibliography):
    loaded = [records_of(fixture_codebook, fixture_bibliography, i) for i in ("alpha", "beta")]
    initiatives, records, problems = tidy.join(loaded, ["alpha", "beta"], ["alpha", "beta"], fixture_bibliography)
    assert problems == []
    assert "| `evidence_docs` |" in tidy.data_readme()
    text = tidy.csv_text(tidy.csv_rows(records), tidy.CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2 * len(fixture_codebook["aspects"])
    assert {(r["initiative"], r["aspect"]) for r in rows} == {
        (i, a["id"]) for i in ("alpha", "beta") for a in fixture_codebook["aspects"]
    }
    assert rows[0]["evidence_docs"] == "acme2024report"
    assert rows[0]["evidence_count"] == str(len(records[0]["evidence"]))
    assert json.loads(rows[0]["evidence"])[0]["locator"] == "§4.1"
    assert [i["id"] for i in initiatives] == ["alpha", "beta"]
    documents = tidy.documents_per_initiative(records, fixture_bibliography)
    assert documents["alpha"] == ["acme2024report", "acme2024card"]


def test_duplicate_ids_and_unlisted_files_are_errors(fixture_codebook, fixture_bibliography):
    loaded = [records_of(fixture_codebook, fixture_bibliography, "alpha") for _ in range(2)]
    _, _, problems = tidy.join(loaded, ["alpha"], ["alpha", "gamma"], fixture_bibliography)
    messages = sorted(str(p) for p in problems)
    assert "findings/alpha.yaml:1:1: id: duplicate initiative id 'alpha'" in messages
    assert "findings/gamma.yaml:1:1: id: 'gamma' is not listed in config.yaml initiatives" in messages


def test_uncited_audited_document_is_a_warning(fixture_codebook, fixture_bibliography):
    loaded = [records_of(fixture_codebook, fixture_bibliography)]
    bibliography = {
        **fixture_bibliography,
        "orphan": {**fixture_bibliography["acme2024card"], "key": "orphan", "line": 30},
    }
    _, _, problems = tidy.join(loaded, ["alpha"], ["alpha"], bibliography)
    assert [str(p) for p in problems] == [
        "bib/documentation.bib:30:1: warning: orphan: audited document is cited by no finding"
    ]


def test_documents_csv_resolves_every_audited_key_and_who_cites_it():
    entry = {"doctype": "paper", "url": "https://example.org/a", "urldate": "2026-01-02", "organization": "Org"}
    bibliography = {
        "b": {**entry, "source": "documentation", "title_text": "Beta, with a comma", "date": "2024-05"},
        "a": {**entry, "source": "documentation", "title_text": "Alpha", "date": "2023-01"},
        "r": {**entry, "source": "references", "title_text": "Related work", "date": "2020-01"},
    }
    initiatives = [{"id": "one", "documents": ["a", "b"]}, {"id": "two", "documents": ["b"]}]
    text = tidy.csv_text(tidy.documents_table(bibliography, initiatives), list(tidy.DOCUMENT_COLUMNS))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["key"] for row in rows] == ["a", "b"]  # by date; related work is not audited
    assert rows[1]["title"] == "Beta, with a comma" and rows[1]["initiatives"] == "one;two"
    assert list(rows[0]) == list(tidy.DOCUMENT_COLUMNS)
    assert all(f"| `{column}` |" in tidy.data_readme() for column in tidy.DOCUMENT_COLUMNS)
