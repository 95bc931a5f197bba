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
# Where a quote was shortened (NFKC has turned "…" into three dots by then).
ELLIPSIS = re.compile(r"\.\.\.")

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
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r" ?\n[\s]*")
# What the compared form drops or shrinks: a word broken at a line end ("hyphen-\nation"), any
# hyphen between two letters (a compound broken at a line end keeps no trace of which it was,
# so "well-known" and "wellknown" are one form on both sides) and every run of whitespace.
_JOINS = re.compile(rf"(?<={LETTER})-[ \t]*\n\s*(?={LETTER})|(?<={LETTER})-(?={LETTER})|\s*\x00\s*|\s+")
# pdftotext ends every page with a form feed; the display form keeps it as this mark, so a
# passage can be given its page (the compared form has a space there).
PAGE_BREAK = "\x00"


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
        return _flat(self.display[self.origin[start] : self.origin[end - 1] + 1]).strip()

    def page(self, offset: int) -> int | None:
        """The page a compared offset is on, for texts with page breaks (PDFs); None for others."""
        if PAGE_BREAK not in self.display or not self.origin:
            return None
        return self.display.count(PAGE_BREAK, 0, self.origin[min(offset, len(self.origin) - 1)]) + 1


def prepare(text: str) -> Prepared:
    text = text.replace(PAGE_BREAK, "").rstrip("\f").replace("\f", f"\n{PAGE_BREAK}\n")
    display = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    display = _LINE_BREAKS.sub("\n", _HORIZONTAL_SPACE.sub(" ", display)).strip()
    pieces, origin, position = [], array("l"), 0
    for join in _JOINS.finditer(display):
        pieces.append(display[position : join.start()])
        origin.extend(range(position, join.start()))
        if "-" not in join.group():
            pieces.append(" ")
            origin.append(join.start())
        position = join.end()
    pieces.append(display[position:])
    origin.extend(range(position, len(display)))
    return Prepared(display, "".join(pieces), origin)


def normalise(text: str) -> str:
    """The form in which quote and document are compared (see the module docstring)."""
    return prepare(text).compared


def readable(text: str) -> str:
    """Text with typography unified but words as written, on one line: what messages compare."""
    return _flat(prepare(text).display).strip()


def digest(compared: str) -> str:
    """SHA-256 of a text in its compared form: what the lock records of a document."""
    return hashlib.sha256(compared.encode("utf-8")).hexdigest()


def fingerprint(quote: str) -> str:
    """A short stable id of a quote, by its normalised form: the lock records which quotes verified,
    so an edited quote counts as unverified until it is checked again."""
    return digest(normalise(quote))[:16]


@dataclass(frozen=True)
class Match:
    """How a quote was found: its status, the best passage's score and the passage in context."""

    status: str
    score: float
    passage: str = ""
    context: str = ""
    page: int | None = None


def find(quote: str, document: Prepared, near_score: float = NEAR_SCORE) -> Match:
    """A normalised quote looked up in a prepared document.

    A quote shortened with an ellipsis (CONTRIBUTING allows "...") is verified when its parts
    appear in order; otherwise the first part not found is the one reported.
    """
    text = document.compared
    parts = [part.strip() for part in ELLIPSIS.split(quote) if part.strip()]
    if not parts:
        return Match(MISSING, 0.0)
    first, position = None, 0
    for part in parts:
        start = text.find(part, position)
        if start < 0:
            return _closest(part, document, near_score)
        first = start if first is None else first
        position = start + len(part)
    shown, context = document.shown(first, position), _context(document, first, position)
    return Match(VERIFIED, 100.0, shown, context, document.page(first))


def _closest(quote: str, document: Prepared, near_score: float) -> Match:
    """The passage most like a quote that is not in the text verbatim, and how alike (0-100)."""
    from rapidfuzz import fuzz  # only verification pays for importing it

    best = fuzz.partial_ratio_alignment(quote, document.compared)
    if best is None or best.score == 0:
        return Match(MISSING, 0.0)
    start, end = _fitted(quote, document.compared, *_word_bounds(document.compared, best.dest_start, best.dest_end))
    status = NEAR if best.score >= near_score else MISSING
    shown, context = document.shown(start, end), _context(document, start, end)
    return Match(status, round(best.score, 1), shown, context, document.page(start))


def _fitted(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The passage's ends moved to the word boundaries nearby that make it most like the quote.

    The alignment covers exactly as many characters as the quote, so where the document has a
    longer word the passage would stop short of the quote's last words.
    """
    from rapidfuzz import fuzz

    slack = max(10, len(quote) // 5)
    ends = [i for i in range(max(start + 1, end - slack), min(len(text), end + slack) + 1) if _ends_at(text, i)]
    end = max(ends or [end], key=lambda i: (fuzz.ratio(quote, text[start:i]), -abs(i - end)))
    starts = [i for i in range(max(0, start - slack), min(end - 1, start + slack) + 1) if _starts_at(text, i)]
    start = max(starts or [start], key=lambda i: (fuzz.ratio(quote, text[i:end]), -abs(i - start)))
    return start, end


def _starts_at(text: str, i: int) -> bool:
    """Whether a passage may start at i: on a character that is not a space, not inside a word."""
    return i < len(text) and text[i] != " " and not (i > 0 and text[i - 1].isalnum() and text[i].isalnum())


def _ends_at(text: str, i: int) -> bool:
    """Whether a passage may end before i: after a character that is not a space, not inside a word."""
    return i > 0 and text[i - 1] != " " and not (i < len(text) and text[i - 1].isalnum() and text[i].isalnum())


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, so a passage never starts or ends in the middle of one."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _context(document: Prepared, start: int, end: int) -> str:
    """The passage with some text either side, marked with » «, as the document writes it."""
    origin, display, length = document.origin, document.display, len(document.compared)
    first, last = max(0, start - CONTEXT_CHARS), min(length, end + CONTEXT_CHARS)
    before = display[origin[first] : origin[start]]
    passage = display[origin[start] : origin[end - 1] + 1]
    after = display[origin[end - 1] + 1 : origin[last - 1] + 1]
    opening, closing = ("…" if first > 0 else ""), ("…" if last < length else "")
    return _flat(f"{opening}{before}»{passage}«{after}{closing}")


def _flat(text: str) -> str:
    """Display text on one line: page marks and line breaks become single spaces."""
    return _SPACES.sub(" ", text.replace(PAGE_BREAK, " "))


def differences(quote: str, passage: str, limit: int = 3) -> list[tuple[str, str]]:
    """Where a near passage differs from the quote, word by word: (the quote's words, the document's).

    Words are compared in their normalised form, so only differences that count are listed.
    """
    import difflib

    ours, theirs = quote.split(), passage.split()
    keys = [normalise(word) for word in ours], [normalise(word) for word in theirs]
    changes = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append((" ".join(ours[a:b]), " ".join(theirs[c:d])))
    return changes[:limit]
