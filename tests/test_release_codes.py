"""Codes per release: what `check` accepts and rejects, and how they reach the tidy data and the paper."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from scripts import changelog, findings, macros, site, tidy, views
from scripts.render import DATA
from tests.helpers import FIXTURES, REPO, SCHEMAS, pdf_text

VALID = (FIXTURES / "findings" / "alpha.yaml").read_text(encoding="utf-8")
# Two releases, each documented by one of the fixture's documents; values_declared coded for both.
WITH_RELEASES = VALID.replace(
    "releases: [Acme-1]", "releases: [Acme-1, Acme-2]\ndocuments:\n  acme2024report: [Acme-1]\n  acme2024card: [Acme-2]"
).replace(
    "        quote: we align Acme-1 to be helpful and harmless\n",
    "        quote: we align Acme-1 to be helpful and harmless\n"
    "    releases:\n"
    "      Acme-1:\n"
    "        disclosure: full\n"
    "        evidence:\n"
    "          - doc: acme2024report\n"
    "            locator: §4.1\n"
    "            quote: we align Acme-1 to be helpful and harmless\n"
    "      Acme-2:\n"
    "        disclosure: partial\n"
    "        evidence:\n"
    "          - doc: acme2024card\n"
    "            locator: Intended use\n"
    "            quote: Acme-2 is tuned to be helpful\n",
    1,
)


def check(tmp_path: Path, text: str, codebook: dict, bibliography: dict) -> list[str]:
    path = tmp_path / "findings" / "alpha.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _, problems = findings.check(path, codebook, bibliography, SCHEMAS / "findings.schema.json")
    return [str(p).removeprefix(f"{path}:") for p in problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_file_coded_only_overall_and_one_with_release_codes_both_pass(
    tmp_path, fixture_codebook, fixture_bibliography
):
    assert check(tmp_path, VALID, fixture_codebook, fixture_bibliography) == []
    assert check(tmp_path, WITH_RELEASES, fixture_codebook, fixture_bibliography) == []


def test_a_release_code_citing_a_document_of_another_release_is_rejected_at_its_line(
    tmp_path, fixture_codebook, fixture_bibliography
):
    coded = "        disclosure: partial\n        evidence:\n          - doc: acme2024card\n"
    text = WITH_RELEASES.replace(
        "      Acme-2:\n"
        + coded
        + "            locator: Intended use\n            quote: Acme-2 is tuned to be helpful\n",
        "      Acme-2:\n        disclosure: partial\n        evidence:\n          - doc: acme2024report\n"
        "            locator: §4.1\n            quote: we align Acme-1 to be helpful and harmless\n",
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    line = (
        line_of(text, "          - doc: acme2024report")
        if False
        else text.splitlines().index("          - doc: acme2024report", line_of(text, "      Acme-2:")) + 1
    )
    assert problems == [
        f"{line}:18: aspects.values_declared.releases.Acme-2.evidence[0].doc: "
        "'acme2024report' documents Acme-1, not Acme-2 (see `documents`)"
    ]


def test_a_release_the_initiative_does_not_list_is_rejected(tmp_path, fixture_codebook, fixture_bibliography):
    text = WITH_RELEASES.replace("      Acme-2:\n", "      Acme-3:\n").replace(
        "acme2024card: [Acme-2]", "acme2024card: [Acme-9]"
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    releases = "is not one of the releases of this initiative: Acme-1, Acme-2"
    assert f"{line_of(text, 'Acme-3:')}:7: aspects.values_declared.releases.Acme-3: 'Acme-3' {releases}" in problems
    assert f"{line_of(text, 'acme2024card: [')}:18: documents.acme2024card[0]: 'Acme-9' {releases}" in problems


def test_a_none_overall_code_with_a_release_that_discloses_is_rejected(
    tmp_path, fixture_codebook, fixture_bibliography
):
    text = WITH_RELEASES.replace(
        "  values_declared:\n    disclosure: full", "  values_declared:\n    disclosure: none\n    note: Searched."
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    where = f"{line_of(text, 'values_declared:') + 1}:17: aspects.values_declared.disclosure"
    assert problems == [
        f"{where}: none overall, but Acme-1 is coded full; a release that discloses makes it at least partial"
    ]


def test_a_full_overall_code_with_a_silent_release_or_no_full_release_needs_a_note(
    tmp_path, fixture_codebook, fixture_bibliography
):
    silent = WITH_RELEASES.replace(
        "      Acme-2:\n        disclosure: partial\n",
        "      Acme-2:\n        disclosure: none\n        note: Searched.\n",
    )
    problems = check(tmp_path, silent, fixture_codebook, fixture_bibliography)
    assert (
        len(problems) == 1
        and "warning: aspects.values_declared.disclosure: full overall, but the latest release coded, Acme-2, is none"
        in problems[0]
    )
    none_full = WITH_RELEASES.replace(
        "      Acme-1:\n        disclosure: full\n", "      Acme-1:\n        disclosure: partial\n"
    )
    problems = check(tmp_path, none_full, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1 and "full overall, but no release coded here is full" in problems[0]
    explained = none_full.replace(
        "    releases:\n", "    note: Full for Acme-1.5, whose report gives the list.\n    releases:\n", 1
    )
    assert check(tmp_path, explained, fixture_codebook, fixture_bibliography) == []


def test_release_codes_reach_the_records_the_csv_and_the_comparison(fixture_codebook, fixture_bibliography, tmp_path):
    path = tmp_path / "alpha.yaml"
    path.write_text(WITH_RELEASES, encoding="utf-8")
    source, problems = findings.check(path, fixture_codebook, fixture_bibliography, SCHEMAS / "findings.schema.json")
    assert problems == []
    data = findings.to_records(source.data, fixture_codebook, fixture_bibliography)
    assert data["initiative"]["release_dates"] == {"Acme-1": "2024-03", "Acme-2": "2024-04"}
    record = data["findings"][0]
    assert [(c["release"], c["date"], c["disclosure"]) for c in record["releases"]] == [
        ("Acme-1", "2024-03", "full"),
        ("Acme-2", "2024-04", "partial"),
    ]
    rows = list(csv.DictReader(io.StringIO(tidy.csv_text(tidy.csv_rows(data["findings"]), tidy.CSV_COLUMNS))))
    values = [
        (r["aspect"], r["release"], r["release_date"], r["disclosure"])
        for r in rows
        if r["aspect"] == "values_declared"
    ]
    assert values == [
        ("values_declared", "all", "", "full"),
        ("values_declared", "Acme-1", "2024-03", "full"),
        ("values_declared", "Acme-2", "2024-04", "partial"),
    ]
    compared = views.release_comparison([data["initiative"]], data["findings"])
    assert [(c["first"]["release"], c["latest"]["release"], c["counts"]) for c in compared] == [
        ("Acme-1", "Acme-2", {"lost": 1, "gained": 0, "same": 0})
    ]
    macro = macros.Macros()
    macros.release_macros(macro, [data["initiative"]], data["findings"], fixture_codebook)
    values = {name: value for name, value, _ in macro}
    assert (
        values["nReleaseLostOpenWeight"],
        values["nReleaseGainedOpenWeight"],
        values["nReleaseLostProprietary"],
    ) == (1, 0, 0)
    assert values["listInitiativesLostMore"] == "Alpha"


def test_the_site_shows_each_release_code_with_its_evidence(fixture_codebook, fixture_bibliography, tmp_path):
    path = tmp_path / "alpha.yaml"
    path.write_text(WITH_RELEASES, encoding="utf-8")
    source, _ = findings.check(path, fixture_codebook, fixture_bibliography, SCHEMAS / "findings.schema.json")
    record = findings.to_records(source.data, fixture_codebook, fixture_bibliography)
    data = {
        DATA["codebook"]: fixture_codebook,
        DATA["bibliography"]: fixture_bibliography,
        DATA["revisions"]: {"current": {"version": 1, "date": "2026-01-01"}, "revisions": []},
        DATA["record"].format(initiative="alpha"): record,
    }
    page = site.render_page("initiative/alpha", data, {"paper": {"title": "T", "authors": [{"name": "A"}]}}, [])
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "By release Acme-1 (2024-03) ● full we align Acme-1 to be helpful and harmless Acme-1 Technical Report , §4.1"
        in text
    )
    assert "Acme-2 (2024-04) ◐ partial Acme-2 is tuned to be helpful Acme-1 Model Card , Intended use" in text


def test_the_changelog_reports_release_codes_and_their_evidence():
    def initiative(codes: dict) -> dict:
        finding = {"disclosure": "partial", "short": "s", "finding": "f", "evidence": [], "releases": codes}
        return {"a": {"name": "A", "releases": ["A-1", "A-2"], "aspects": {"x": finding}}}

    old = initiative({"A-1": {"disclosure": "partial", "evidence": [{"doc": "d", "locator": "§1", "quote": "q"}]}})
    new = initiative(
        {
            "A-1": {"disclosure": "partial", "evidence": [{"doc": "d", "locator": "§1", "quote": "q"}]},
            "A-2": {"disclosure": "none", "note": "Searched the A-2 card."},
        }
    )
    changes = changelog.compare(old, new, {}, {}, {"x": "Annotators"})
    assert changes["release_disclosure"] == [
        {
            "initiative": "A",
            "initiative_id": "a",
            "aspect": "Annotators",
            "aspect_id": "x",
            "release": "A-2",
            "old": "uncoded",
            "new": "none",
        }
    ]
    markdown = changelog.render(changes, "v1", REPO / "paper" / "templates" / "changelog.md.j2")
    assert "## Release codes\n\n- A, Annotators, A-2: uncoded → none\n" in markdown
    removed = changelog.compare(new, initiative({}), {}, {}, {"x": "Annotators"})
    assert [(c["release"], c["doc"]) for c in removed["evidence_removed"]] == [("A-1", "d")]
    latex = changelog.render(removed, "v1", REPO / "paper" / "templates" / "changelog.tex.j2")
    assert "A, Annotators (A-1): evidence removed (d, §1)." in latex


def test_a_release_is_dated_by_its_own_documents_not_by_a_policy_in_force_for_several():
    documents = {"policy": ["R1", "R2", "R3"], "r2": ["R2"], "r1": ["R1"], "guidelines": ["R3"], "r3": ["R3"]}
    bibliography = {
        "policy": {"date": "2024-01", "doctype": "policy"},
        "r1": {"date": "2024-02", "doctype": "paper"},
        "r2": {"date": "2024-09", "doctype": "model card"},
        "guidelines": {"date": "2024-10", "doctype": "policy"},
        "r3": {"date": "2025-06", "doctype": "technical report"},
    }
    dates = findings.release_dates({"releases": ["R1", "R2", "R3"], "documents": documents}, bibliography)
    assert dates == {"R1": "2024-02", "R2": "2024-09", "R3": "2025-06"}
    del documents["r3"]
    assert (
        findings.release_dates({"releases": ["R1", "R2", "R3"], "documents": documents}, bibliography)["R3"]
        == "2024-10"
    )


@pytest.mark.tex
def test_the_paper_shows_the_release_table_and_counts_the_change_from_the_data(built_repo: Path):
    data = built_repo / "build" / "data"
    initiatives = json.loads((data / "initiatives.json").read_text(encoding="utf-8"))
    records = json.loads((data / "findings.json").read_text(encoding="utf-8"))
    compared = views.release_comparison(initiatives, records)
    assert len(compared) == len(initiatives), "every initiative is coded for its first and latest release"
    text = pdf_text(built_repo / "build" / "paper.pdf")
    total = {change: sum(c["counts"][change] for c in compared) for change in ("lost", "gained", "same")}
    aspects = sum(len(c["aspects"]) for c in compared)
    counted = f"Of the {aspects} aspect codes compared, {total['lost']} lost disclosure from the first to the latest"
    assert f"{counted} release, {total['gained']} gained it and {total['same']} kept their level" in text
    assert "Table 5: Disclosure over time" in text or "Disclosure over time: each initiative" in text
    # The evidence ledger prints every release code with its quotes under its aspect.
    coded = next(code for record in records for code in record["releases"] if code["evidence"])
    assert "By release:" in text
    assert " ".join(coded["evidence"][0]["quote"].split()[:6]) in text
    for item in compared:
        first, latest, counts = item["first"], item["latest"], item["counts"]
        assert f"{first['release']} ({first['date'][:4]})" in text
        latest_row = (
            re.escape(f"{latest['release']} ({latest['date'][:4]})")
            + r"[^A-Za-z\d]*"
            + f"{counts['lost']} {counts['gained']} "
        )
        assert re.search(latest_row, text), latest_row
