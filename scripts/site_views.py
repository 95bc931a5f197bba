"""Views of the evidence explorer: pure functions from tidy data to what one page prints.

The site shows the same audit as the paper, so its views build on the paper's
(scripts.views): the matrix, the per-initiative findings and the lenses come
from the same functions, and the site can never disagree with the PDF. Links
are relative to the site's root, which the page template receives as ``root``.
"""

from __future__ import annotations

from scripts import citations, html, views
from scripts.terms import ACCESS_TYPES, LEVELS


def without_citations(text: str) -> str:
    """Text for a tooltip, where a link cannot go: the citations left out."""
    return " ".join("".join(segment.text for segment in citations.split(text)).split()).replace(" .", ".")


def cell_href(initiative: str, aspect: str) -> str:
    """The permalink of one code: the initiative's page, at the aspect's finding."""
    return f"initiative/{initiative}.html#{aspect}"


def index_view(*, codebook: dict, initiatives: list[dict], findings: list[dict], settings: dict) -> dict:
    """The disclosure matrix, every cell a link to its evidence, with what the filters offer."""
    matrix = views.matrix_view(codebook=codebook, initiatives=initiatives, findings=findings)
    by_cell = {(r["initiative"], r["aspect"]): r for r in findings}
    rows = [
        {
            **row,
            "cells": [
                {
                    "aspect": aspect,
                    "level": level,
                    "short": without_citations(by_cell[(row["initiative"]["id"], aspect["id"])]["short"]),
                    "href": cell_href(row["initiative"]["id"], aspect["id"]),
                }
                for aspect, level in zip(matrix["aspects"], row["cells"], strict=True)
            ],
        }
        for row in matrix["rows"]
    ]
    return {
        **matrix,
        "rows": rows,
        "levels": LEVELS,
        "access_types": ACCESS_TYPES,
        "paper": settings["paper"],
        "n_documents": len({key for i in initiatives for key in i["documents"]}),
    }


def initiative_view(*, codebook: dict, record: dict, bibliography: dict, settings: dict) -> dict:
    """One initiative: its profile, then every finding with its evidence, grouped by lens."""
    section = views.section_view(codebook=codebook, record=record, bibliography=bibliography, settings=settings)
    return {**section, "bibliography": bibliography, "paper": settings["paper"]}


def aspect_view(
    *, codebook: dict, initiatives: list[dict], findings: list[dict], bibliography: dict, settings: dict
) -> dict:
    """One aspect across all initiatives, with the codebook's definition, rubric and decision rules."""
    aspect = next(a for a in codebook["aspects"] if a["id"] == settings["aspect"])
    lens = next(lens for lens in codebook["lenses"] if lens["id"] == aspect["lens"])
    by_initiative = {r["initiative"]: r for r in findings if r["aspect"] == aspect["id"]}
    rows = [
        {"initiative": i, "finding": by_initiative[i["id"]], "href": cell_href(i["id"], aspect["id"])}
        for i in initiatives
    ]
    return {
        "aspect": aspect,
        "lens": lens,
        "rows": rows,
        "counts": views.level_counts([row["finding"]["disclosure"] for row in rows]),
        "levels": LEVELS,
        "bibliography": bibliography,
        "paper": settings["paper"],
    }


def documents_view(
    *, codebook: dict, initiatives: list[dict], bibliography: dict, findings: list[dict], settings: dict
) -> dict:
    """Every audited document, with the codes whose finding quotes or cites it."""
    names = {i["id"]: i["name"] for i in initiatives}
    labels = {a["id"]: a["label"] for a in codebook["aspects"]}
    cited_by: dict[str, list[dict]] = {}
    for record in findings:
        keys = [e["doc"] for e in record["evidence"]] + citations.cited_keys(record["finding"])
        for key in dict.fromkeys(keys):
            cited_by.setdefault(key, []).append(
                {
                    "initiative": names[record["initiative"]],
                    "aspect": labels[record["aspect"]],
                    "href": cell_href(record["initiative"], record["aspect"]),
                }
            )
    audited = {key for i in initiatives for key in i["documents"]}
    entries = sorted((bibliography[key] for key in audited), key=lambda e: (e["date"], e["key"]))
    labels = html.reference_labels(bibliography)
    return {
        "documents": [
            {**entry, "label": labels[entry["key"]], "cited_by": cited_by.get(entry["key"], [])} for entry in entries
        ],
        "paper": settings["paper"],
    }


def revisions_view(*, revisions: dict, settings: dict) -> dict:
    return {**revisions, "paper": settings["paper"]}


def about_view(*, revisions: dict, verification: dict, settings: dict) -> dict:
    """How to cite the survey, how to correct it, how its quotes were checked, and what can be downloaded."""
    return {
        "current": revisions["current"],
        "paper": settings["paper"],
        "downloads": settings["downloads"],
        "verification": verification,
    }
