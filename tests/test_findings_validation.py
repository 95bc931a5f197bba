"""A contributor's mistakes in a findings file come back as file:line:col: field: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import findings
from tests.helpers import FIXTURES, SCHEMAS

VALID = (FIXTURES / "findings" / "alpha.yaml").read_text(encoding="utf-8")


def check(tmp_path: Path, text: str, codebook: dict, bibliography: dict, name: str = "alpha.yaml") -> list[str]:
    path = tmp_path / "findings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _, problems = findings.check(path, codebook, bibliography, SCHEMAS / "findings.schema.json")
    prefix = f"{path}:"
    return [str(p).removeprefix(prefix) for p in problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_fixture_has_no_problems(tmp_path, fixture_codebook, fixture_bibliography):
    assert check(tmp_path, VALID, fixture_codebook, fixture_bibliography) == []


def test_unknown_disclosure_level_points_at_its_line_and_column(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("    disclosure: partial", "    disclosure: some")
    line = line_of(text, "disclosure: some")
    assert check(tmp_path, text, fixture_codebook, fixture_bibliography) == [
        f"{line}:17: aspects.annotators.disclosure: 'some' is not one of full, partial, none"
    ]


def test_every_error_is_reported_at_once(tmp_path, fixture_codebook, fixture_bibliography):
    text = (
        VALID.replace("access: open-weight", "access: open-weight\ncolour: blue")
        .replace("    disclosure: partial", "    disclosure: some")
        .replace("      - doc: acme2024report\n        locator: §4.2", "      - doc: nosuchdoc\n        locator: §4.2")
        .replace("[@acme2024report; @acme2024card]", "[@acme2024report; @acme2024card")
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 4, problems
    assert any(p.startswith(f"{line_of(text, 'colour')}:1: colour: unknown field 'colour'") for p in problems)
    assert any("aspects.annotators.disclosure: 'some'" in p for p in problems)
    assert any(
        p.startswith(f"{line_of(text, 'nosuchdoc')}:")
        and "aspects.annotators.evidence[0].doc: 'nosuchdoc' is not a key in bib/documentation.bib" in p
        for p in problems
    )
    assert any("aspects.values_declared.finding: malformed citation" in p for p in problems)


def test_none_requires_a_note_of_what_was_searched(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("    note: Searched the report and the model card for a data release.\n", "")
    line = line_of(text, "  data_release:") + 1
    assert check(tmp_path, text, fixture_codebook, fixture_bibliography) == [
        f"{line}:5: aspects.data_release: missing required field 'note'"
    ]


@pytest.mark.parametrize("level", ["full", "partial"])
def test_full_and_partial_need_evidence(tmp_path, fixture_codebook, fixture_bibliography, level):
    text = VALID.replace(
        "    evidence:\n      - doc: acme2024report\n        locator: §4.1\n"
        "        quote: we align Acme-1 to be helpful and harmless\n",
        "",
    ).replace("    disclosure: full", f"    disclosure: {level}")
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert problems == [
        f"{line_of(text, '  values_declared:') + 1}:5: aspects.values_declared: missing required field 'evidence'"
    ]


def test_empty_locator_is_rejected(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("locator: §4.1", "locator: ''")
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    line = line_of(text, "locator: ''")
    assert problems == [f"{line}:18: aspects.values_declared.evidence[0].locator: must not be empty"]


def test_id_must_equal_file_name(tmp_path, fixture_codebook, fixture_bibliography):
    problems = check(tmp_path, VALID, fixture_codebook, fixture_bibliography, name="beta.yaml")
    assert problems == ["1:5: id: 'alpha' must equal the file name 'beta'"]


def test_aspects_must_match_the_codebook(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("  annotators:", "  annotatorz:")
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    line = line_of(text, "annotatorz")
    assert (
        f"{line}:3: aspects.annotatorz: unknown aspect (codebook aspects: values_declared, annotators, data_release)"
        in problems
    )
    assert any("aspects: missing aspect(s) annotators" in p for p in problems)


def test_citation_to_unknown_key_is_rejected(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("Not released.", "Not released [@ghost2025].")
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert problems == [
        f"{line_of(text, 'ghost2025')}:12: aspects.data_release.short: cites [@ghost2025], which is in neither bib file"
    ]


def test_evidence_must_cite_an_audited_document_not_literature(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace(
        "      - doc: acme2024report\n        locator: §4.2", "      - doc: doe2020values\n        locator: §4.2"
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1 and "is literature; evidence must cite an audited document" in problems[0]


def test_long_quotes_and_table_cells_are_rejected(tmp_path, fixture_codebook, fixture_bibliography):
    long_quote = " ".join(["word"] * 41)
    long_short = " ".join(["cell"] * 16)
    text = VALID.replace("we align Acme-1 to be helpful and harmless", long_quote).replace(
        "Vendors, unnamed.", long_short
    )
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert any("aspects.values_declared.evidence[0].quote: 41 words; quotes hold at most 40" in p for p in problems)
    assert any("aspects.annotators.short: 16 words; a table cell holds at most 15" in p for p in problems)


def test_yaml_syntax_error_has_a_position(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("name: Alpha", 'name: "Alpha')
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1
    line, column, message = problems[0].split(":", 2)
    assert int(line) >= 2 and int(column) >= 1 and "YAML syntax" in message


def test_duplicate_key_is_an_error(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("name: Alpha", "name: Alpha\nname: Beta")
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1 and problems[0].startswith("3:1:") and "duplicate" in problems[0]


def test_empty_file_is_an_error(tmp_path, fixture_codebook, fixture_bibliography):
    assert check(tmp_path, "", fixture_codebook, fixture_bibliography) == ["1:1: the file is empty"]


def test_records_follow_codebook_order(tmp_path, fixture_codebook, fixture_bibliography):
    source, problems = findings.check(
        FIXTURES / "findings" / "alpha.yaml", fixture_codebook, fixture_bibliography, SCHEMAS / "findings.schema.json"
    )
    assert problems == []
    records = findings.to_records(source.data, fixture_codebook)
    assert [r["aspect"] for r in records["findings"]] == ["values_declared", "annotators", "data_release"]
    assert records["findings"][1]["lens"] == "data-centric"
    assert records["findings"][2]["note"].startswith("Searched")
    assert records["findings"][0]["evidence"] == [
        {"doc": "acme2024report", "locator": "§4.1", "quote": "we align Acme-1 to be helpful and harmless"}
    ]


def test_quotes_hold_text_as_read_not_markdown_or_html(tmp_path, fixture_codebook, fixture_bibliography):
    quote = next(line for line in VALID.splitlines() if line.strip().startswith("quote:"))
    text = VALID.replace(quote, quote.replace("quote: ", "quote: support for over **29** languages and "), 1)
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1 and "contains '**', markup of the document's source" in problems[0], problems
    assert problems[0].startswith(f"{line_of(text, '**29**')}:")


def test_hyphenated_release_ranges_are_flagged_with_the_en_dash_spelling(
    tmp_path, fixture_codebook, fixture_bibliography
):
    short = next(line for line in VALID.splitlines() if line.strip().startswith("short:"))
    text = VALID.replace(short, short + " Alpha 1-2 only.", 1)
    problems = check(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert problems == [
        f"{line_of(text, 'Alpha 1-2')}:12: warning: aspects.values_declared.short: write the range 'Alpha 1-2'"
        " with an en dash: 'Alpha 1–2'"
    ]
