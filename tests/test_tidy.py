"""The tidy table joins initiatives; rules across files are enforced there."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from scripts import findings, tidy
from tests.helpers import FIXTURES, SCHEMAS


def write_records(tmp_path: Path, codebook: dict, bibliography: dict, initiative_id: str = "alpha") -> Path:
    source, problems = findings.check(
        FIXTURES / "findings" / "alpha.yaml", codebook, bibliography, SCHEMAS / "findings.schema.json"
    )
    assert problems == []
    records = findings.to_records(source.data, codebook)
    records["initiative"]["id"] = initiative_id
    for record in records["findings"]:
        record["initiative"] = initiative_id
    path = tmp_path / f"{initiative_id}-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_tables_have_one_row_per_initiative_and_aspect(tmp_path, fixture_codebook, fixture_bibliography):
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    files = [write_records(records_dir, fixture_codebook, fixture_bibliography, i) for i in ("alpha", "beta")]
    bib_json = tmp_path / "bibliography.json"
    bib_json.write_text(json.dumps(fixture_bibliography), encoding="utf-8")
    out = tmp_path / "out"
    tidy.main(
        [
            "join",
            *map(str, files),
            "--order",
            "alpha,beta",
            "--on-disk",
            "alpha,beta",
            "--bibliography",
            str(bib_json),
            "--json",
            str(out / "findings.json"),
            "--initiatives",
            str(out / "initiatives.json"),
            "--readme",
            str(out / "README.md"),
        ]
    )
    tidy.main(["csv", str(out / "findings.json"), "--out", str(out / "findings.csv")])
    assert "| `evidence_docs` |" in (out / "README.md").read_text(encoding="utf-8")
    rows = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8")))
    assert len(rows) == 2 * len(fixture_codebook["aspects"])
    assert {(r["initiative"], r["aspect"]) for r in rows} == {
        (i, a["id"]) for i in ("alpha", "beta") for a in fixture_codebook["aspects"]
    }
    assert rows[0]["evidence_docs"] == "acme2024report"
    assert json.loads(rows[0]["evidence"])[0]["locator"] == "§4.1"
    initiatives = json.loads((out / "initiatives.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in initiatives] == ["alpha", "beta"]
    assert initiatives[0]["documents"] == ["acme2024report", "acme2024card"]


def test_duplicate_ids_and_unlisted_files_are_errors(tmp_path, fixture_codebook, fixture_bibliography):
    files = [write_records(tmp_path, fixture_codebook, fixture_bibliography, "alpha") for _ in range(2)]
    _, _, problems = tidy.combine(files, ["alpha"], ["alpha", "gamma"], fixture_bibliography)
    messages = sorted(str(p) for p in problems)
    assert "findings/alpha.yaml:1:1: id: duplicate initiative id 'alpha'" in messages
    assert "findings/gamma.yaml:1:1: id: 'gamma' is not listed in config.yaml initiatives" in messages


def test_uncited_audited_document_is_a_warning(tmp_path, fixture_codebook, fixture_bibliography):
    files = [write_records(tmp_path, fixture_codebook, fixture_bibliography)]
    bibliography = {
        **fixture_bibliography,
        "orphan": {**fixture_bibliography["acme2024card"], "key": "orphan", "line": 30},
    }
    _, _, problems = tidy.combine(files, ["alpha"], ["alpha"], bibliography)
    assert [str(p) for p in problems] == [
        "bib/documentation.bib:30:1: warning: orphan: audited document is cited by no finding"
    ]


def test_documents_csv_resolves_every_audited_key_and_who_cites_it(tmp_path):
    entry = {"doctype": "paper", "url": "https://example.org/a", "urldate": "2026-01-02", "organization": "Org"}
    bibliography = {
        "b": {**entry, "source": "documentation", "title_text": "Beta, with a comma", "date": "2024-05"},
        "a": {**entry, "source": "documentation", "title_text": "Alpha", "date": "2023-01"},
        "r": {**entry, "source": "references", "title_text": "Related work", "date": "2020-01"},
    }
    initiatives = [{"id": "one", "documents": ["a", "b"]}, {"id": "two", "documents": ["b"]}]
    out = tmp_path / "documents.csv"
    tidy.main(
        [
            "documents",
            str(_json(tmp_path / "bib.json", bibliography)),
            "--initiatives",
            str(_json(tmp_path / "initiatives.json", initiatives)),
            "--out",
            str(out),
        ]
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["key"] for row in rows] == ["a", "b"]  # by date; related work is not audited
    assert rows[1]["title"] == "Beta, with a comma" and rows[1]["initiatives"] == "one;two"
    assert list(rows[0]) == list(tidy.DOCUMENT_COLUMNS)
    assert all(f"| `{column}` |" in tidy.data_readme() for column in tidy.DOCUMENT_COLUMNS)


def _json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
