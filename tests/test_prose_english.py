"""The preamble's counting macros read as written English for every count the data can produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.tex import pdflatex
from tests.helpers import REPO, pdf_text

CASES = {
    r"\countOf{0}{6}": "none of the six",
    r"\countOf{1}{6}": "one of the six",
    r"\countOf{6}{6}": "all six",
    r"\CountOf{0}{6}": "None of the six",
    r"\CountOf{6}{6}": "All six",
    r"\nounCount{0}{code}{codes}": "no codes",
    r"\nounCount{1}{code}{codes}": "one code",
    r"\nounCount{12}{code}{codes}": "12 codes",
    r"\nounShare{0}{0}{full code}{full codes}": "no full codes.",
    r"\nounShare{1}{3}{full code}{full codes}": "one full code (3%)",
    r"\nounShare{12}{40}{full code}{full codes}": "12 full codes (40%)",
    r"\shareOf{0}{0}": "none are",
    r"\shareOf{12}{40}": "12 (40%) are",
}


@pytest.mark.tex
def test_counting_macros_read_as_english_for_none_one_and_all(tmp_path: Path):
    lines = []
    for number, macro in enumerate(CASES, 1):
        tail = " are" if macro.startswith(r"\shareOf") else ("." if "nounShare{0}" in macro else "")
        lines.append(f"[{number}] {macro}{tail}\\par")
    document = "\\documentclass{article}\\input{preamble}\\begin{document}\n" + "\n".join(lines) + "\n\\end{document}\n"
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    pdflatex(tmp_path, "doc.tex", "2025-08-23", runs=1, search_roots=(REPO / "paper",))
    text = pdf_text(tmp_path / "doc.pdf")
    for number, expected in enumerate(CASES.values(), 1):
        following = f" [{number + 1}]" if number < len(CASES) else ""
        assert f"[{number}] {expected}{following}" in text, (number, expected, text)
