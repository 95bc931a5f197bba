"""Which characters the paper can print, and how each one is written for pdflatex.

Validation (findings, bib) and escaping (latex.escape) read the same table, so a
value that passes the check always typesets; keeping it free of template code
lets validation use it without importing the renderer.
"""

from __future__ import annotations

import unicodedata

SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # Not special, but a line may break after it: narrow table cells hold "A/B/C".
    "/": r"\slash{}",
}
# Pairs that TeX's fonts merge into one glyph (-- becomes an en dash, ,, a low quote);
# an empty group between them keeps the characters as typed.
# ASCII ' and ` print as typographic single quotes (’ ‘), as readers expect in prose.
LIGATURE_PAIRS = frozenset({("-", "-"), (",", ","), ("'", "'"), ("`", "`"), ("!", "`"), ("?", "`")})

# Characters outside Latin-1 that occur in findings; everything here renders
# with pdflatex, T1 fonts, textcomp and amssymb from Debian's TeX Live.
UNICODE = {
    "\u00a0": "~",
    "\u2009": r"\,",
    "\u200b": "",
    "\u00ad": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "--",
    "\u2014": "---",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2026": r"\dots{}",
    "\u2022": r"\textbullet{}",
    "\u2020": r"\dag{}",
    "\u2032": "'",
    "\u2122": r"\texttrademark{}",
    "\u20ac": r"\texteuro{}",
    "\u00d7": r"\texttimes{}",
    "\u00f7": r"\textdiv{}",
    "\u2212": r"\ensuremath{-}",
    "\u2264": r"\ensuremath{\leq}",
    "\u2265": r"\ensuremath{\geq}",
    "\u2260": r"\ensuremath{\neq}",
    "\u2248": r"\ensuremath{\approx}",
    "\u2192": r"\ensuremath{\rightarrow}",
    "\u2190": r"\ensuremath{\leftarrow}",
    "\u2194": r"\ensuremath{\leftrightarrow}",
    "\u2713": r"\checkmark{}",
    "\u2714": r"\checkmark{}",
}
GREEK = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]
GREEK += ["nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
# Text epsilon and phi look like TeX's \varepsilon and \varphi, not \epsilon and \phi.
_MATH_NAME = {"epsilon": "varepsilon", "phi": "varphi"}
for _name in GREEK:
    _unicode_name = _name.upper().replace("LAMBDA", "LAMDA")
    _small = _MATH_NAME.get(_name, _name)
    UNICODE[unicodedata.lookup(f"GREEK SMALL LETTER {_unicode_name}")] = rf"\ensuremath{{\{_small}}}"
    if _name.capitalize() in ["Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega"]:
        UNICODE[unicodedata.lookup(f"GREEK CAPITAL LETTER {_unicode_name}")] = rf"\ensuremath{{\{_name.capitalize()}}}"

# Straight quotes typed in YAML become typographic ones: opening at the start of the text or
# after a space, bracket or dash, closing (or an apostrophe) anywhere else.
STRAIGHT_QUOTES = {"'": ("`", "'"), '"': ("``", "''")}
OPENS_AFTER = frozenset(" ([{-\u2013\u2014/\u201c\u2018")


def quote_opens(previous: str | None) -> bool:
    """Whether a straight quote after this character (None: at the start) opens a quotation.

    Callers pass an opening quote they just set as \u201c, so a quote inside an opening one opens too.
    """
    return previous is None or previous in OPENS_AFTER


FALLBACK = "?"
# Latin-1 and Latin Extended-A characters that LaTeX's T1/TS1 encodings do not declare.
NOT_IN_T1 = frozenset("\u00b8\u0126\u0127\u0138\u013f\u0140\u0149\u0166\u0167\u017f")


def is_passthrough(char: str) -> bool:
    """Latin letters and punctuation that pdflatex's utf8 + T1 setup typesets as is."""
    code = ord(char)
    return 0x20 <= code < 0x7F or (0xA1 <= code <= 0x17F and char not in NOT_IN_T1 and char != "\u00ad")


# Non-ASCII characters pdflatex's utf8 input handles when BibTeX passes them through raw.
RAW_TYPOGRAPHY = frozenset("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac\u00a0")


# Printable ASCII passes everywhere; only what is left of a text needs a closer look.
PRINTABLE_ASCII = frozenset(chr(code) for code in range(0x20, 0x7F))


def raw_unsupported(text: str) -> list[str]:
    """Characters that would stop pdflatex if they reached it unescaped (as bib fields do)."""
    rest = set(text) - PRINTABLE_ASCII
    if not rest:
        return []
    normal = unicodedata.normalize("NFC", text)
    return sorted(c for c in set(normal) if not (is_passthrough(c) or c in RAW_TYPOGRAPHY or c.isspace()))


def unsupported(text: str) -> list[str]:
    """Characters escape() cannot typeset and replaces with the fallback."""
    if not set(text) - PRINTABLE_ASCII:
        return []
    normal = unicodedata.normalize("NFC", text)
    return sorted(
        c
        for c in set(normal)
        if not (is_passthrough(c) or c in SPECIAL or c in UNICODE or c.isspace() or unicodedata.combining(c))
    )


def character_list(characters: list[str], most: int = 6) -> str:
    """Characters for a message, each with its code point: 'α (U+03B1), 中 (U+4E2D) and 3 more'."""
    listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in characters[:most])
    return listed + (f" and {len(characters) - most} more" if len(characters) > most else "")
