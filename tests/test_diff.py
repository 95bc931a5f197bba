"""The revision diff shows every change a reader of a revision asks about, tables and numbers included.

A temporary git repository tags v1, then changes one code, one finding's text and one
summary-table cell, and adds an initiative with a newly audited document; the diff PDF
must show each change where it appears, list them all on its summary page, and leave
unchanged cells unmarked.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO, git, history_at_v1, pdf_text, snakemake

pytestmark = pytest.mark.tex

NEW_DOCUMENT = """
@misc{mistral2024card,
  author = {{Mistral AI}},
  title = {{A Model Card Added in Version Two}},
  organization = {Mistral AI},
  year = {2024},
  month = jul,
  doctype = {model card},
  url = {https://example.org/mistral-card},
  urldate = {2026-11-26},
}
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def diff_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    workdir = history_at_v1(tmp_path_factory.mktemp("diff") / "repo")
    git(workdir, "tag", "v1")
    revisions = workdir / "paper" / "revisions.yaml"

    findings = workdir / "findings"
    marker = "  annotation_guidelines:\n    disclosure: partial\n"
    edit(findings / "qwen.yaml", marker, marker.replace("partial", "full"))
    edit(
        findings / "gemma.yaml",
        "short: Helpfulness while minimising harm and hallucination; no broader value set.",
        "short: Helpfulness and harmlessness, reworded for version two.",
    )
    llama = (findings / "llama.yaml").read_text(encoding="utf-8")
    finding = re.search(r"  values_declared:\n(?:    .*\n)*?    finding: >-\n      ", llama)
    assert finding
    edit(findings / "llama.yaml", finding.group(0), finding.group(0) + "Reworded for version two. ")
    mistral = (findings / "gemma.yaml").read_text(encoding="utf-8")
    mistral = mistral.replace(
        "id: gemma\nname: Gemma\norganization: Google DeepMind", "id: mistral\nname: Mistral\norganization: Mistral AI"
    )
    mistral = re.sub(r"releases:\n(?:- .*\n)+", "releases:\n- Mistral 7B\n", mistral)
    # Coded overall only: Gemma's documents map and release codes name Gemma's releases.
    mistral = re.sub(r"(?m)^# Which releases.*\ndocuments:\n(?:  .*\n)+", "", mistral)
    mistral = re.sub(r"(?m)^    releases:\n(?:      .*\n)+", "", mistral)
    quote = "    - doc: mistral2024card\n      locator: §1\n      quote: A quote from the added card.\n"
    mistral = mistral.replace("    evidence:\n", "    evidence:\n" + quote, 1)
    (findings / "mistral.yaml").write_text(mistral, encoding="utf-8")
    edit(workdir / "config.yaml", "  - qwen\n", "  - qwen\n  - mistral\n")
    edit(workdir / "bib" / "organisations.txt", "Alibaba Group\n", "Alibaba Group\nMistral AI\n")
    with (workdir / "bib" / "documentation.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_DOCUMENT)
    with revisions.open("a", encoding="utf-8") as stream:
        stream.write(
            '  - version: 2\n    date: "2026-12-01"\n    summary: Mistral added.\n'
            "    changes:\n      - description: Added Mistral.\n"
        )
    git(workdir, "add", "-A")
    git(workdir, "commit", "-q", "-m", "v2 changes")

    result = snakemake(workdir, "--cores", "2", "diff", "--config", "base=v1", timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    pdf = workdir / "build" / "diff-v1.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return pdf_text(pdf), pages.stdout.split("\f")


NAMES = ("GPT", "Claude", "Gemini", "Llama", "Gemma", "Qwen", "Mistral")


def page_with(pages: list[str], needle: str) -> str:
    found = [page for page in pages if needle in page]
    assert found, needle
    return found[0]


def test_summary_page_lists_every_change(diff_pdf):
    _, pages = diff_pdf
    summary = " ".join(page_with(pages, "Changes since v1").split())
    assert "between version 1 (2026-11-30) and version 2 (2026-12-01)" in summary
    for expected in (
        "Added: Mistral (Section 4.7, p.",
        "Qwen, Annotation guidelines: partial → full (p.",
        "Findings reworded. • Llama, Declared values (p.",
        "Added: A Model Card Added in Version Two",
        "Table 1 (p.",
        "Table 4 (p.",
        "Appendix C (p.",
    ):
        assert expected in summary, expected
    # The summary tables follow the disclosure tables; their number moves when a table is added before them.
    assert re.search(r"Summary table cells\. • Gemma, Declared values \(Table \d+, p\.", summary)


def test_numbers_in_prose_show_old_and_new_values(diff_pdf):
    _, pages = diff_pdf
    abstract = " ".join(page_with(pages, "Abstract").split())
    assert re.search(r"\bsix\b\W{0,12}\bseven\b", abstract), "the count of initiatives reads six → seven"
    documents = len(re.findall(r"^@", (REPO / "bib" / "documentation.bib").read_text(encoding="utf-8"), re.M))
    before_after = rf"\b{documents}\b\W{{0,12}}\b{documents + 1}\b"
    assert re.search(before_after, abstract), f"the count of documents reads {documents} → {documents + 1}"


def test_matrix_marks_the_changed_cell_and_the_new_row_and_nothing_else(diff_pdf):
    _, pages = diff_pdf
    matrix = page_with(pages, "Disclosure matrix:")
    assert "Since v1:" in " ".join(matrix.split()) and "1 row added" in " ".join(matrix.split())
    rows = {
        line.split()[0]: line
        for line in matrix.splitlines()
        if line.split() and line.split()[0] in NAMES and re.search("[●◐○]", line)
    }
    assert set(rows) == set(NAMES)
    # A changed symbol shows old and new side by side; an unchanged row has none.
    assert "◐●" in rows["Qwen"]
    for name in ("GPT", "Claude", "Gemini", "Llama", "Gemma"):
        assert not re.search("[●◐○]{2}", rows[name]), name


def test_summary_table_shows_old_and_new_cell_and_the_reworded_finding(diff_pdf):
    text, _ = diff_pdf
    assert "Helpfulness while minimising harm and hallucination" in text
    assert "Helpfulness and harmlessness, reworded for version two." in text
    assert "Reworded for version two." in text
