"""The registry of generated parts, and the command the build renders each one with.

A generated part is a template, a pure view and the data the view takes; PARTS
lists them all, and one Snakemake rule (rules/tables.smk) renders any of them
from this table. Adding a part means a template, a view and one line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from scripts import figures, macros, paths, views


@dataclass(frozen=True)
class Part:
    """One generated part: its template, its pure view and the data the view takes.

    data names the tidy-data files (see DATA); settings says which config values
    reach the view, so that a change to them reruns exactly the parts that print them.
    """

    template: str
    view: Callable[..., dict]
    data: tuple[str, ...] = ()
    settings: Callable[[dict, dict], dict] | None = None


# Tidy-data files a view may take, by keyword; {initiative} is filled from the part's name.
DATA = {
    "codebook": str(paths.CODEBOOK_JSON),
    "bibliography": str(paths.BIBLIOGRAPHY_JSON),
    "findings": str(paths.FINDINGS_JSON),
    "initiatives": str(paths.INITIATIVES_JSON),
    "revisions": str(paths.REVISIONS_JSON),
    "record": str(paths.RECORDS / "{initiative}.json"),
    "verification": str(paths.VERIFICATION_JSON),
}


def _lead(initiative: str) -> str:
    """The \\input name of the initiative's hand-written introduction, "" when it has none."""
    lead = paths.lead(initiative)
    return paths.tex_name(lead) if lead.exists() else ""


# Every generated part of the paper, by the name of its file under build/generated/.
PARTS: dict[str, Part] = {
    "macros": Part(
        "macros.tex.j2",
        macros.macros_view,
        ("revisions", "initiatives", "codebook", "bibliography", "findings", "verification"),
        lambda config, _: {"paper": config["paper"], "audit_window": config["audit_window"]},
    ),
    "codebook-table": Part("codebook-table.tex.j2", views.codebook_view, ("codebook",)),
    "decision-rules": Part("decision-rules.tex.j2", views.codebook_view, ("codebook",)),
    "disclosure-matrix": Part("disclosure-matrix.tex.j2", views.matrix_view, ("codebook", "initiatives", "findings")),
    "release-change": Part("release-change.tex.j2", views.release_change_view, ("codebook", "initiatives", "findings")),
    "disclosure-bars": Part(
        "disclosure-bars.tex.j2", figures.disclosure_bars_view, ("codebook", "initiatives", "findings")
    ),
    "lens-summaries": Part("lens-summaries.tex.j2", views.summaries_view, ("initiatives", "findings", "codebook")),
    "initiatives-table": Part("initiatives-table.tex.j2", views.initiatives_view, ("initiatives", "bibliography")),
    "documents-timeline": Part("documents-timeline.tex.j2", figures.timeline_view, ("initiatives", "bibliography")),
    "corpus-table": Part("corpus-table.tex.j2", views.corpus_view, ("initiatives", "bibliography")),
    "documents-appendix": Part("documents-appendix.tex.j2", views.documents_view, ("initiatives", "bibliography")),
    "findings-sections": Part(
        "findings-sections.tex.j2",
        views.sections_index_view,
        settings=lambda config, _: {"order": config["initiatives"]},
    ),
    "revision-history": Part("revision-history.tex.j2", views.revisions_view, ("revisions",)),
    "sections/{initiative}": Part(
        "initiative-section.tex.j2",
        views.section_view,
        ("record", "codebook", "bibliography"),
        lambda config, names: {"lead": _lead(names["initiative"])},
    ),
    "evidence-ledger": Part(
        "evidence-ledger-sections.tex.j2",
        views.sections_index_view,
        settings=lambda config, _: {"order": config["initiatives"]},
    ),
    "ledger/{initiative}": Part(
        "evidence-ledger.tex.j2",
        views.section_view,
        ("record", "codebook", "bibliography"),
        lambda config, _: {"evidence_lists": config["build"]["evidence_lists"]},
    ),
}
ID = "[a-z][a-z0-9_]*"


def resolve(name: str, registry: dict[str, Part] | None = None) -> tuple[Part, dict[str, str]]:
    """The part a generated file's name belongs to (in PARTS, or the site's registry), and the
    names its pattern captured."""
    registry = PARTS if registry is None else registry
    for pattern, part in registry.items():
        match = _name_regex(pattern).fullmatch(name)
        if match:
            return part, match.groupdict()
    raise KeyError(f"no generated part is called {name!r}")


@cache
def _name_regex(pattern: str) -> re.Pattern:
    return re.compile(re.sub(r"\\{(\w+)\\}", rf"(?P<\1>{ID})", re.escape(pattern)))


def data_files(name: str, registry: dict[str, Part] | None = None) -> dict[str, str]:
    """Keyword -> file of the tidy data the part's view takes."""
    part, names = resolve(name, registry)
    return {key: DATA[key].format(**names) for key in part.data}


def settings_of(name: str, config: dict) -> dict:
    part, names = resolve(name)
    return part.settings(config, names) if part.settings else {}


def part_names(initiatives: list[str]) -> list[str]:
    """Every generated file name (without .tex) for these initiatives."""
    names = []
    for pattern in PARTS:
        names += [pattern.format(initiative=i) for i in initiatives] if "{initiative}" in pattern else [pattern]
    return names


def render_part(name: str, data: dict[str, Any], settings: dict) -> str:
    """The LaTeX of a part from its data already loaded: the view, then the template."""
    part, _ = resolve(name)
    keywords = dict(data)
    if part.settings:
        keywords["settings"] = settings
    from scripts.templates import render_file  # jinja2; the Snakefile reads this registry without rendering

    return render_file(paths.TEMPLATES / part.template, part.view(**keywords))
