"""Property: any text in any findings field typesets, and reads back as typed (modulo fallbacks).

Every text field of a fixture initiative is filled with generated text, rendered with
the real section template and compiled with the paper's preamble. The PDF must
compile and pdftotext must return each field, with these documented fallbacks:
characters pdflatex cannot typeset print as "?", ASCII quotes print as typographic
single quotes, "…" prints as three dots, leftover combining marks are dropped.
Accents are compared loosely, because pdftotext returns some accented letters decomposed.
The default run tries a few examples; `pytest -m slow` tries many.
"""

from __future__ import annotations

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scripts import characters
from scripts.templates import render_file
from scripts.tex import pdflatex
from tests.helpers import REPO

FIELDS = ("name", "organization", "release", "finding", "note", "locator", "quote")
READBACK = {"`": "‘", "…": "...", "\u2032": "’", "\u2010": "-", "\u2011": "-", "\u200b": "", "\u00ad": ""}
# Same glyph, different code point in the fonts' ToUnicode tables.
READBACK |= {"Δ": "∆", "✔": "✓", "μ": "µ", "Đ": "Ð"}
INTERESTING = list(characters.SPECIAL) + list(characters.UNICODE) + list("'`-,!?\"<>|")
INTERESTING += ["\u0301", "中", "😀", "ש", "ß", "Ø"]

# TeX builds letters with a cedilla, comma below or ogonek from two glyphs, and pdftotext
# returns them as letter plus punctuation; they are typeset in test_known_hard_cases.
BUILT_ACCENTS = ("\u0326", "\u0327", "\u0328")


def comparable(text: str) -> bool:
    return not any(mark in unicodedata.normalize("NFD", text) for mark in BUILT_ACCENTS)


word = st.text(
    alphabet=st.one_of(
        st.sampled_from(INTERESTING),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
    ),
    min_size=1,
    max_size=12,
).filter(comparable)
field_text = st.lists(word, min_size=1, max_size=6).map(" ".join).filter(lambda t: "[@" not in t and t.split())


def skeleton(text: str) -> str:
    """Compatibility-decomposed letters without accents: pdftotext returns ı + ̆ for ĭ, 1 for ¹."""
    decomposed = unicodedata.normalize("NFKD", text).replace("ı", "i").replace("ȷ", "j")
    spacing_accents = range(0x2C6, 0x2DE)  # ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝ as pdftotext sometimes returns them
    # pdftotext drops a hyphen that ends a line, taking it for hyphenation; an en dash from a
    # merged "--" would still show, so ignoring "-" loses nothing this test is after.
    return "".join(
        c for c in decomposed if not (unicodedata.combining(c) or c.isspace() or c == "-" or ord(c) in spacing_accents)
    )


def readback(text: str) -> str:
    """What pdftotext should return for text, following the documented fallbacks."""
    out = []
    previous = None
    for char in unicodedata.normalize("NFC", " ".join(text.split())):
        if char in characters.STRAIGHT_QUOTES:
            opens = characters.quote_opens(previous)
            out.append({"'": "‘’", '"': "“”"}[char][0 if opens else 1])
            previous = "\u201c" if opens else char
            continue
        elif char in READBACK:
            out.append(READBACK[char])
        elif unicodedata.combining(char):
            continue
        elif characters.unsupported(char):
            out.append(characters.FALLBACK)
        else:
            out.append(char)
        previous = char
    return skeleton("".join(out))


def typeset(values: dict[str, str], folder: Path) -> str:
    """Render the values through an initiative's section and ledger templates, compile, and return the text."""
    finding = {
        "aspect": {"id": "values_declared", "label": "Declared values"},
        "disclosure": "partial",
        "finding": values["finding"],
        "note": values["note"],
        "evidence": [{"doc": "acme2024report", "locator": values["locator"], "quote": values["quote"]}],
        # The same text once more as a code for the release, which the ledger prints under the aspect.
        "releases": [
            {
                "release": values["release"],
                "date": "2024-03",
                "disclosure": "partial",
                "evidence": [{"doc": "acme2024report", "locator": values["locator"], "quote": values["quote"]}],
                "note": values["note"],
            }
        ],
    }
    context = {
        "settings": {"evidence_lists": True, "lead": ""},
        "initiative": {
            "id": "alpha",
            "name": values["name"],
            "organization": values["organization"],
            "access": "open-weight",
            "releases": [values["release"]],
        },
        "lenses": [{"id": "value-setting", "title": "Value-setting", "findings": [finding]}],
        "counts": {"full": 0, "partial": 1, "none": 0},
        "n_documents": 1,
        "document_types": ["paper"],
    }
    templates = REPO / "paper" / "templates"
    body = "".join(
        render_file(templates / name, context) for name in ("initiative-section.tex.j2", "evidence-ledger.tex.j2")
    )
    document = (
        "\\documentclass[11pt]{article}\\input{preamble}\\begin{document}\n"
        "\\raggedright\\hyphenpenalty=10000\\exhyphenpenalty=10000\n" + body + "\n\\end{document}\n"
    )
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    pdflatex(folder, "doc.tex", "2025-08-23", runs=1, search_roots=(REPO / "paper",))
    pdf = subprocess.run(["pdftotext", "doc.pdf", "-"], cwd=folder, capture_output=True, text=True, check=True)
    return skeleton(pdf.stdout)


def check_fields(values: dict[str, str], folder: Path) -> None:
    text = typeset(values, folder)
    for name in FIELDS:
        assert readback(values[name]) in text, (name, values[name], readback(values[name]))


@pytest.mark.tex
# No shrinking in the default run: each example compiles a PDF, and shrinking takes minutes.
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(values=st.fixed_dictionaries({name: field_text for name in FIELDS}))
def test_any_text_typesets_and_reads_back(values, tmp_path):
    check_fields(values, tmp_path)


@pytest.mark.slow
@pytest.mark.tex
@settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({name: field_text for name in FIELDS}))
def test_any_text_typesets_and_reads_back_many_examples(values, tmp_path):
    check_fields(values, tmp_path)


@pytest.mark.tex
def test_known_hard_cases(tmp_path):
    values = dict.fromkeys(
        FIELDS, r"a--b ,,c '' `` !` ?` 中‘ ’' \input{x} }{ ^^5c ~ % # & $ _ | < > ≥ α ✓ … e" + "\u0301"
    )
    check_fields(values, tmp_path)
