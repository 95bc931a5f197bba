"""The one way text becomes HTML: escaping, citations as links, and safe link targets.

The site prints the same contributor text as the paper. jinja2's autoescaping
(scripts.templates) escapes every value, so a finding containing ``<script>``
shows as text; this module builds the few values that are HTML already, from
validated parts only: citation links and http(s) URLs.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from scripts import citations
from scripts.patterns import KEY_PATTERN, URL_PATTERN


def _surname(name: str) -> str:
    if name.startswith("{"):
        return name.strip("{}")  # a corporate author, braced whole
    return name.split(",")[0].strip() if "," in name else name.split()[-1]


def short_reference(entry: dict) -> str:
    """ "Ouyang et al. 2022" or "Anthropic 2024": how a link to a document reads in running text."""
    names = [name.strip() for name in entry.get("author", "").split(" and ") if name.strip()]
    if not names:
        return f"{entry['key']} {entry.get('year', '')}".strip()
    if len(names) > 2 or names[-1] == "others":
        who = f"{_surname(names[0])} et al."
    elif len(names) == 2:
        who = f"{_surname(names[0])} and {_surname(names[1])}"
    else:
        who = _surname(names[0])
    return f"{who} {entry.get('year', '')}".strip()


def reference_labels(bibliography: dict) -> dict[str, str]:
    """Key -> "Meta 2023a": short references, with a letter where several would read alike."""
    labels = {key: short_reference(entry) for key, entry in bibliography.items()}
    alike: dict[str, list[str]] = {}
    for key in sorted(bibliography, key=lambda k: (bibliography[k].get("date", ""), k)):
        alike.setdefault(labels[key], []).append(key)
    for label, keys in alike.items():
        if len(keys) > 1:
            for letter, key in zip("abcdefghijklmnopqrstuvwxyz", keys, strict=False):
                labels[key] = label + letter
    return labels


def document_anchor(key: str) -> str:
    """The fragment of a document's entry on the documents page, from its validated bib key."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"not a safe bib key: {key!r}")
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def with_citations(text: str, bibliography: dict, root: str) -> Markup:
    """Text escaped, each ``[@key]`` a link to the document's entry on the documents page."""
    out = []
    labels = reference_labels(bibliography)
    for segment in citations.split(text):
        if not segment.is_citation:
            out.append(escape(segment.text))
            continue
        links = [
            Markup('<a href="{}documents.html#{}" title="{}">{}</a>').format(
                root, document_anchor(key), bibliography[key]["title_text"], labels[key]
            )
            for key in segment.keys
        ]
        out.append(Markup("(") + Markup("; ").join(links) + Markup(")"))
    return Markup("").join(out)


def safe_url(url: str) -> str:
    """An http(s) URL as a link target; anything else (javascript:, data:) is refused."""
    if not URL_PATTERN.match(url):
        raise ValueError(f"not a safe http(s) URL: {url!r}")
    return url
