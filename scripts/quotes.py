"""Finding an evidence quote in a document's extracted text.

A quote is typed from what a reader sees; the extracted text is what a PDF or a web page
encodes, and the two differ in ways no reader notices: ligature glyphs (ﬁ), soft hyphens,
words broken at the end of a line, curly against straight quotes, en and em dashes, runs of
whitespace. Both sides are brought to one form (`normalise`) before comparing, so "verified"
means the words and their order are the document's; anything else gets the closest passage
and its score (`find`), so a contributor can mend the quote or the locator in a minute.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from dataclasses import dataclass

VERIFIED, NEAR, MISSING = "verified", "near", "missing"
# The closest passage scores at least this (rapidfuzz's partial ratio, 0-100) to be reported as
# near: one mistyped word in a sentence scores about 95, an unrelated passage of a long paper
# 60-75 for a sentence-long quote.
NEAR_SCORE = 90.0
CONTEXT_CHARS = 80

# After NFKC, which already turns ligatures into letters, ellipses into dots and no-break
# spaces into spaces: the characters that print alike but differ in code points.
_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    }
)
LETTER = r"[^\W\d_]"
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r" ?\n[\s]*")
# What the compared form drops or shrinks: a word broken at a line end ("hyphen-\nation"), any
# hyphen between two letters (a compound broken at a line end keeps no trace of which it was,
# so "well-known" and "wellknown" are one form on both sides) and every run of whitespace.
_JOINS = re.compile(rf"(?<={LETTER})-[ \t]*\n\s*(?={LETTER})|(?<={LETTER})-(?={LETTER})|\s+")


@dataclass(frozen=True)
class Prepared:
    """A text in two forms: as a person reads it (typography unified, line breaks kept) and as it
    is compared, with where each compared character came from, so a passage found in the
    compared form is shown as the document writes it."""

    display: str
    compared: str
    origin: array

    def shown(self, start: int, end: int) -> str:
        """The display text of compared[start:end], on one line."""
        if start >= end:
            return ""
        return self.display[self.origin[start] : self.origin[end - 1] + 1].replace("\n", " ")


def prepare(text: str) -> Prepared:
    display = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    display = _LINE_BREAKS.sub("\n", _HORIZONTAL_SPACE.sub(" ", display)).strip()
    pieces, origin, position = [], array("l"), 0
    for join in _JOINS.finditer(display):
        pieces.append(display[position : join.start()])
        origin.extend(range(position, join.start()))
        if join.group().isspace():
            pieces.append(" ")
            origin.append(join.start())
        position = join.end()
    pieces.append(display[position:])
    origin.extend(range(position, len(display)))
    return Prepared(display, "".join(pieces), origin)


def normalise(text: str) -> str:
    """The form in which quote and document are compared (see the module docstring)."""
    return prepare(text).compared


def fingerprint(quote: str) -> str:
    """A short stable id of a quote, by its normalised form: the lock records which quotes verified,
    so an edited quote counts as unverified until it is checked again."""
    return hashlib.sha256(normalise(quote).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Match:
    """How a quote was found: its status, the best passage's score and the passage in context."""

    status: str
    score: float
    passage: str = ""
    context: str = ""


def find(quote: str, document: Prepared, near_score: float = NEAR_SCORE) -> Match:
    """A normalised quote looked up in a prepared document."""
    text = document.compared
    if not quote:
        return Match(MISSING, 0.0)
    start = text.find(quote)
    if start >= 0:
        end = start + len(quote)
        return Match(VERIFIED, 100.0, document.shown(start, end), _context(document, start, end))
    from rapidfuzz import fuzz  # only verification pays for importing it

    best = fuzz.partial_ratio_alignment(quote, text)
    if best is None or best.score == 0:
        return Match(MISSING, 0.0)
    start, end = _word_bounds(text, best.dest_start, best.dest_end)
    status = NEAR if best.score >= near_score else MISSING
    return Match(status, round(best.score, 1), document.shown(start, end), _context(document, start, end))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, so a passage never starts or ends in the middle of one."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _context(document: Prepared, start: int, end: int) -> str:
    """The passage with some text either side, marked with » «, as the document writes it."""
    length = len(document.compared)
    before = document.shown(max(0, start - CONTEXT_CHARS), start)
    after = document.shown(end, min(length, end + CONTEXT_CHARS))
    return (
        f"{'…' if start > CONTEXT_CHARS else ''}{before}»{document.shown(start, end)}«{after}"
        f"{'…' if end + CONTEXT_CHARS < length else ''}"
    )


def differences(quote: str, passage: str, limit: int = 3) -> list[tuple[str, str]]:
    """Where a near passage differs from the quote, word by word: (the quote's words, the document's)."""
    import difflib

    ours, theirs = quote.split(), passage.split()
    changes = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append((" ".join(ours[a:b]), " ".join(theirs[c:d])))
    return changes[:limit]
