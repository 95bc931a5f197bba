"""The one way text becomes LaTeX: escaping, and the few values that are LaTeX already.

Findings and bib text come from contributors and must reach TeX as literal text,
never as commands. Every value a template prints passes through ``escape``
(``finalize`` below, installed by scripts.templates), unless it is a ``Latex``
string built here from a validated value: a bib key, a label, a path or a URL.
"""

from __future__ import annotations

import re
import unicodedata

from scripts.characters import (
    FALLBACK,
    LIGATURE_PAIRS,
    SPECIAL,
    STRAIGHT_QUOTES,
    UNICODE,
    is_passthrough,
    quote_opens,
)
from scripts.patterns import KEY_PATTERN, URL_PATTERN


class Latex(str):
    """Text that is already valid LaTeX and must not be escaped again."""


WHITESPACE = re.compile(r"\s+")


# ASCII that prints as itself and starts or ends no ligature or quotation: most of any
# finding. Runs of it are copied whole; the character loop below handles the rest.
# A dash or comma joins a run unless doubled (TeX would merge -- and ,,), so that case is left
# to the loop, which keeps the pair apart.
PLAIN_RUN = re.compile(r"(?:[A-Za-z0-9 .:;()\[\]=+*@!?]|-(?!-)|,(?!,))+")


def escape(text: str) -> Latex:
    """Literal text as LaTeX: specials escaped, known Unicode mapped, whitespace collapsed."""
    text = str(text)
    if PLAIN_RUN.fullmatch(text) and "  " not in text:
        return Latex(text)
    text = WHITESPACE.sub(" ", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    previous = None
    position = 0
    for run in PLAIN_RUN.finditer(text):
        previous = _escape_characters(text[position : run.start()], previous, pieces)
        pieces.append(run.group())
        previous, position = run.group()[-1], run.end()
    _escape_characters(text[position:], previous, pieces)
    return Latex(_join_without_ligatures(pieces))


def escape_by_character(text: str) -> Latex:
    """escape() without the fast path for plain runs: the reference tests compare it with."""
    pieces: list[str] = []
    _escape_characters(unicodedata.normalize("NFC", WHITESPACE.sub(" ", str(text))), None, pieces)
    return Latex(_join_without_ligatures(pieces))


def _escape_characters(text: str, previous: str | None, pieces: list[str]) -> str | None:
    """Append each character's LaTeX to pieces; return the character a following quote looks at."""
    for char in text:
        if char in STRAIGHT_QUOTES:
            opening, closing = STRAIGHT_QUOTES[char]
            opens = quote_opens(previous)
            pieces.append(opening if opens else closing)
            previous = "\u201c" if opens else char
            continue
        elif char in SPECIAL:
            pieces.append(SPECIAL[char])
        elif is_passthrough(char):
            pieces.append(char)
        elif char in UNICODE:
            pieces.append(UNICODE[char])
        elif unicodedata.combining(char):
            continue
        else:
            pieces.append(FALLBACK)
        previous = char
    return previous


def _join_without_ligatures(pieces: list[str]) -> str:
    """Join escaped pieces, keeping neighbours that TeX would merge (-- ,, '' !`) apart."""
    out: list[str] = []
    for piece in pieces:
        if out and piece and out[-1] and (out[-1][-1], piece[0]) in LIGATURE_PAIRS:
            out.append("{}")
        out.append(piece)
    return "".join(out)


def bib_key(key: str) -> Latex:
    """A validated identifier (bib key, initiative or aspect id) as it goes into \\cite{…} or a comment."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"not a valid bib key: {key!r}")
    return Latex(key)


def tex_path(path: str) -> Latex:
    """A relative path for \\input{…}, built from validated ids; refuses anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", path):
        raise ValueError(f"not a safe relative TeX path: {path!r}")
    return Latex(path)


def tex_label(parts: tuple[str, ...] | list[str]) -> Latex:
    """A cross-reference label from validated ids, e.g. finding:llama:annotators."""
    for part in parts:
        if not KEY_PATTERN.match(part):
            raise ValueError(f"not a safe label part: {part!r}")
    return Latex(":".join(parts))


def href_url(url: str) -> Latex:
    """A URL for hyperref's \\href: only http(s), with its two special characters escaped."""
    if not URL_PATTERN.match(url):
        raise ValueError(f"not a safe http(s) URL: {url!r}")
    return Latex(url.replace("%", r"\%").replace("#", r"\#"))


def finalize(value: object) -> str:
    """What a template prints for a value: Latex as is, anything else escaped; None is a bug."""
    if isinstance(value, Latex):
        return value
    if value is None:
        raise ValueError("a template printed None; the data is missing a value")
    return escape(str(value))
