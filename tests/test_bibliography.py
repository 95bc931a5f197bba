"""Bib mistakes are caught with file:line before BibTeX or TeX ever see them."""

from __future__ import annotations

from pathlib import Path

from scripts import bibliography
from tests.helpers import FIXTURES

DOCUMENTATION = (FIXTURES / "bib" / "documentation.bib").read_text(encoding="utf-8")
REFERENCES = FIXTURES / "bib" / "references.bib"


def problems_for(tmp_path: Path, documentation: str) -> list[str]:
    path = tmp_path / "documentation.bib"
    path.write_text(documentation, encoding="utf-8")
    _, problems = bibliography.build_index(path, REFERENCES)
    return [str(p).removeprefix(f"{path}:") for p in problems]


def test_fixture_is_valid_and_indexed(fixture_bibliography):
    report = fixture_bibliography["acme2024report"]
    assert report["source"] == "documentation"
    assert report["date"] == "2024-03"
    assert report["doctype"] == "technical report"
    assert fixture_bibliography["doe2020values"]["source"] == "references"


def test_duplicate_keys_name_both_lines(tmp_path):
    duplicated = DOCUMENTATION + "\n" + DOCUMENTATION.split("\n\n")[0] + "\n"
    problems = problems_for(tmp_path, duplicated)
    assert problems == ["22:1: acme2024report: duplicate key (first defined on line 1)"]


def test_missing_required_fields(tmp_path):
    text = DOCUMENTATION.replace("  doctype = {model card},\n", "").replace("  urldate = {2025-08-01},\n}\n", "}\n")
    problems = problems_for(tmp_path, text)
    assert "12:1: acme2024card: missing required field 'doctype'" in problems
    assert "12:1: acme2024card: missing required field 'urldate'" in problems


def test_url_must_be_http(tmp_path):
    text = DOCUMENTATION.replace("https://example.org/acme-1-card", "file:///etc/passwd")
    assert problems_for(tmp_path, text) == ["18:1: acme2024card.url: 'file:///etc/passwd' is not an http(s) URL"]


def test_urldate_must_be_an_iso_date(tmp_path):
    text = DOCUMENTATION.replace("  urldate = {2025-08-01},\n}\n", "  urldate = {August 2025},\n}\n")
    assert problems_for(tmp_path, text) == [
        "19:1: acme2024card.urldate: 'August 2025' is not a date written YYYY-MM-DD"
    ]


def test_unknown_document_type(tmp_path):
    text = DOCUMENTATION.replace("doctype = {model card}", "doctype = {tweet}")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith("17:1: acme2024card.doctype: 'tweet' is not one of")


def test_latex_that_could_read_files_is_rejected(tmp_path):
    text = DOCUMENTATION.replace("{{Acme-1 Model Card}}", r"{{Acme \input{/etc/hostname} Card}}")
    problems = problems_for(tmp_path, text)
    assert problems == [
        "14:1: acme2024card.title: LaTeX command \\input is not allowed in bib fields; write plain text"
    ]


def test_accents_are_allowed(tmp_path):
    text = DOCUMENTATION.replace("{{Acme-1 Model Card}}", r"{{Acme-1 Mod{\`e}le Card \& Notes}}")
    assert problems_for(tmp_path, text) == []


def test_unbalanced_braces_are_reported_with_a_line(tmp_path):
    text = DOCUMENTATION.replace("title = {{Acme-1 Model Card}},", "title = {{Acme-1 Model Card},")
    problems = problems_for(tmp_path, text)
    assert problems and all(":" in p for p in problems)
    assert any("BibTeX syntax" in p for p in problems)


def test_key_in_both_files_is_an_error(tmp_path):
    text = DOCUMENTATION.replace("@misc{acme2024card,", "@misc{doe2020values,")
    path = tmp_path / "documentation.bib"
    path.write_text(text, encoding="utf-8")
    references = tmp_path / "references.bib"
    references.write_text(REFERENCES.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = bibliography.build_index(path, references)
    assert [p.message for p in problems] == ["key also defined in bib/documentation.bib line 12"]


def test_documents_outside_the_audit_window_are_errors(tmp_path):
    path = tmp_path / "documentation.bib"
    path.write_text(DOCUMENTATION, encoding="utf-8")
    _, problems = bibliography.build_index(path, REFERENCES, ("2024-04-01", "2025-08-31"))
    assert [str(p).removeprefix(f"{path}:") for p in problems] == [
        "4:1: acme2024report.year: published 2024-03, outside the audit window 2024-04-01 to 2025-08-31"
        " (config.yaml audit_window)"
    ]


def test_an_arxiv_paper_must_give_its_identifier(tmp_path):
    text = DOCUMENTATION.replace(
        "url = {https://example.org/acme-1.pdf}", "url = {https://arxiv.org/abs/2403.01234}", 1
    )
    assert problems_for(tmp_path, text) == []
    mismatched = text.replace("url = {https://arxiv.org/abs/2403.01234}", "url = {https://arxiv.org/abs/2307.09288}")
    line = next(i for i, row in enumerate(mismatched.splitlines(), 1) if "eprint = {2403.01234}" in row)
    assert problems_for(tmp_path, mismatched) == [
        f"{line}:1: acme2024report.eprint: an arXiv paper: give its identifier as eprint = {{2307.09288}}"
        " (the paper prints it)"
    ]
    missing = mismatched.replace("  eprint = {2403.01234},\n", "", 1)
    url_line = next(i for i, row in enumerate(missing.splitlines(), 1) if "arxiv.org/abs/2307.09288" in row)
    assert [p.split(": ", 2)[0] for p in problems_for(tmp_path, missing)] == [f"{url_line}:1"]


def test_bibtex_reads_access_dates_and_arxiv_identifiers_in_the_note(tmp_path):
    from scripts import bibtex_sources
    from scripts.templates import render_file
    from tests.helpers import REPO

    entries, _ = bibliography.load(FIXTURES / "bib" / "documentation.bib")
    shaped = {e["key"]: dict(e["fields"]) for e in bibtex_sources.for_bibtex(entries)}
    assert shaped["acme2024report"]["note"] == "arXiv:2403.01234. Accessed 2025-08-01"
    assert shaped["acme2024card"]["note"].startswith("Accessed ")
    text = render_file(
        REPO / "paper" / "templates" / "bibtex-sources.bib.j2", {"entries": bibtex_sources.for_bibtex(entries)}
    )
    (tmp_path / "copy.bib").write_text(text, encoding="utf-8")
    reloaded, problems = bibliography.load(tmp_path / "copy.bib")
    assert problems == [] and [e.key for e in reloaded] == [e.key for e in entries]
    assert reloaded[0].fields["title"] == entries[0].fields["title"]


def test_organisations_take_their_one_canonical_name(tmp_path):
    (tmp_path / "organisations.txt").write_text("# names\nAcme AI\nBeta Labs\n", encoding="utf-8")
    assert problems_for(tmp_path, DOCUMENTATION) == []
    variant = DOCUMENTATION.replace("author = {{Acme AI}}", "author = {{Acme AI Research}}", 1)
    line = next(i for i, row in enumerate(variant.splitlines(), 1) if "Acme AI Research" in row)
    assert problems_for(tmp_path, variant) == [
        f"{line}:1: acme2024report.author: 'Acme AI Research' is not one of the organisation names in"
        " bib/organisations.txt; write 'Acme AI'"
    ]


def test_author_lists_are_cut_the_same_way(tmp_path):
    names = " and ".join(f"Author {chr(65 + n)}" for n in range(11))
    long_list = DOCUMENTATION.replace("author = {{Acme AI}}", f"author = {{{names}}}", 1)
    line = next(i for i, row in enumerate(long_list.splitlines(), 1) if "Author K" in row)
    assert problems_for(tmp_path, long_list) == [
        f"{line}:1: acme2024report.author: 11 authors; list the first 10, then 'and others'"
    ]
    inner = DOCUMENTATION.replace("author = {{Acme AI}}", "author = {Ann One and et al. and Bo Two}", 1)
    assert (
        "write a shortened author list as its first names followed by 'and others'" in problems_for(tmp_path, inner)[0]
    )
    cut = DOCUMENTATION.replace("author = {{Acme AI}}", "author = {Ann One and Bo Two and others}", 1)
    assert problems_for(tmp_path, cut) == []


def test_titles_print_as_published_and_dois_as_links(tmp_path):
    unbraced = DOCUMENTATION.replace("title = {{Acme-1 Technical Report}}", "title = {Acme-1 {Technical} Report}", 1)
    line = next(i for i, row in enumerate(unbraced.splitlines(), 1) if "Acme-1 {Technical} Report" in row)
    assert problems_for(tmp_path, unbraced) == [
        f"{line}:1: acme2024report.title: brace the whole title, title = {{{{…}}}}, so that it prints as published"
    ]
    with_doi = DOCUMENTATION.replace(
        "  doctype = {technical report},", "  doctype = {technical report},\n  doi = {10.1/x},", 1
    )
    assert [p.split(": ", 2)[1] for p in problems_for(tmp_path, with_doi)] == ["acme2024report.doi"]
