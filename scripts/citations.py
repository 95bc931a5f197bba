"""The one markup a YAML text field may carry: citations written ``[@key]``.

``[@key]`` and ``[@key1; @key2]`` are accepted (Pandoc's syntax, which many
researchers already know). Everything else in a text field is literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.patterns import KEY

CITATION = re.compile(rf"\[@({KEY}(?:\s*;\s*@{KEY})*)\]")
CITATION_START = re.compile(r"\[\s*@")


@dataclass(frozen=True)
class Segment:
    text: str = ""
    keys: tuple[str, ...] = ()

    @property
    def is_citation(self) -> bool:
        return bool(self.keys)


def split(text: str) -> list[Segment]:
    """Split text into literal segments and citation segments, in order."""
    if "[" not in text:
        return [Segment(text=text)] if text else []
    segments = []
    position = 0
    for match in CITATION.finditer(text):
        if match.start() > position:
            segments.append(Segment(text=text[position : match.start()]))
        keys = tuple(part.strip().lstrip("@") for part in match.group(1).split(";"))
        segments.append(Segment(keys=keys))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text=text[position:]))
    return segments


def cited_keys(text: str) -> list[str]:
    return [key for segment in split(text) for key in segment.keys]


def malformed(text: str) -> list[str]:
    """Fragments that start like a citation but are not one, e.g. ``[@key`` or ``[@a, b]``."""
    good = [match.span() for match in CITATION.finditer(text)]
    bad = []
    for match in CITATION_START.finditer(text):
        if not any(start <= match.start() < end for start, end in good):
            bad.append(text[match.start() : match.start() + 30].split("\n")[0])
    return bad
