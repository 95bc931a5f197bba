"""Numbers and names as English prose, for macros the paper's sentences use."""

from __future__ import annotations


def plural(noun: str, count: int) -> str:
    """The noun for a count: 1 model card, 2 model cards, 3 technical reports, 2 policies."""
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def possessive(name: str) -> str:
    """OpenAI -> OpenAI's; a name ending in s takes the apostrophe alone (Stripes')."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def name_list(names: list[str]) -> str:
    """Names as prose: 'A', 'A and B', 'A, B and C'; 'no initiative' when empty."""
    if not names:
        return "no initiative"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
