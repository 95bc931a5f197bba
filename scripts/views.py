"""Views: pure functions from tidy data to the values one template prints.

A view takes the tidy data by keyword (codebook, initiatives, findings,
bibliography, revisions, record, settings) and returns a dict; it reads no file
and prints no markup, so it is tested on data built in memory and a template
change never needs a view change.
"""

from __future__ import annotations

from collections import Counter

from scripts import paths, tidy
from scripts.terms import CHANGES, LEVELS, completeness


def lenses(codebook: dict) -> list[dict]:
    """Lenses in codebook order, each with its aspects."""
    return [
        {**lens, "aspects": [a for a in codebook["aspects"] if a["lens"] == lens["id"]]} for lens in codebook["lenses"]
    ]


def level_counts(levels: list[str]) -> dict[str, int]:
    """How many of the levels are full, partial and none, every level present."""
    counts = Counter(levels)
    return {level: counts.get(level, 0) for level in LEVELS}


# More rows than a floating table holds on one page (under rotated column names); longer
# tables are longtables that repeat their header on every page.
FLOAT_ROWS = 36


def matrix_view(*, codebook: dict, initiatives: list[dict], findings: list[dict]) -> dict:
    level = {(r["initiative"], r["aspect"]): r["disclosure"] for r in findings}
    aspects = [a for lens in lenses(codebook) for a in lens["aspects"]]
    rows = []
    for initiative in initiatives:
        cells = [level[(initiative["id"], aspect["id"])] for aspect in aspects]
        rows.append({"initiative": initiative, "cells": cells, "counts": level_counts(cells)})
    column_counts = [level_counts([row["cells"][i] for row in rows]) for i in range(len(aspects))]
    return {
        "lenses": lenses(codebook),
        "aspects": aspects,
        "rows": rows,
        "column_counts": column_counts,
        "long": len(rows) > FLOAT_ROWS,
    }


def release_comparison(initiatives: list[dict], findings: list[dict]) -> list[dict]:
    """Per initiative coded for at least two releases: its first and latest coded release and, for
    every aspect coded for both, the two levels and whether disclosure was gained, lost or kept."""
    compared = []
    for initiative in initiatives:
        records = [r for r in findings if r["initiative"] == initiative["id"]]
        coded = {code["release"] for record in records for code in record.get("releases", [])}
        order = [release for release in initiative["releases"] if release in coded]
        if len(order) < 2:
            continue
        first, latest = order[0], order[-1]
        aspects = {}
        for record in records:
            codes = {code["release"]: code["disclosure"] for code in record.get("releases", [])}
            if first in codes and latest in codes:
                delta = completeness(codes[latest]) - completeness(codes[first])
                change = "gained" if delta > 0 else "lost" if delta < 0 else "same"
                aspects[record["aspect"]] = {"first": codes[first], "latest": codes[latest], "change": change}
        counts = Counter(aspect["change"] for aspect in aspects.values())
        dates = initiative.get("release_dates", {})
        compared.append(
            {
                "initiative": initiative,
                "first": {"release": first, "date": dates.get(first, "")},
                "latest": {"release": latest, "date": dates.get(latest, "")},
                "aspects": aspects,
                "counts": {change: counts[change] for change in CHANGES},
            }
        )
    return compared


def release_change_view(*, codebook: dict, initiatives: list[dict], findings: list[dict]) -> dict:
    """The first and the latest coded release of each initiative, aspect by aspect."""
    aspects = [a for lens in lenses(codebook) for a in lens["aspects"]]
    rows = []
    for item in release_comparison(initiatives, findings):
        cells = [item["aspects"].get(aspect["id"]) for aspect in aspects]
        rows.append({**item, "cells": cells})
    return {"lenses": lenses(codebook), "aspects": aspects, "rows": rows, "long": 2 * len(rows) > FLOAT_ROWS}


def section_view(*, codebook: dict, record: dict, bibliography: dict, settings: dict) -> dict:
    """For the section and the ledger; settings: its lead (introduction) or evidence_lists from config.yaml."""
    by_aspect = {r["aspect"]: r for r in record["findings"]}
    with_findings = [
        {**lens, "findings": [{**by_aspect[a["id"]], "aspect": a} for a in lens["aspects"]]}
        for lens in lenses(codebook)
    ]
    # The same definition as Table 1's count: documents its evidence quotes or its text cites.
    documents = tidy.documents_per_initiative(record["findings"], bibliography).get(record["initiative"]["id"], [])
    return {
        "settings": settings,
        "initiative": record["initiative"],
        "lenses": with_findings,
        "counts": level_counts([r["disclosure"] for r in record["findings"]]),
        "n_documents": len(documents),
        "document_types": sorted({bibliography[d]["doctype"] for d in documents}),
    }


def codebook_view(*, codebook: dict) -> dict:
    return {"lenses": lenses(codebook), "levels": LEVELS}


# A summary table has at most this many aspect columns; a lens with more is split into
# tables of even width, so every table reads upright on a portrait page.
SUMMARY_COLUMNS = 5


def summaries_view(*, initiatives: list[dict], findings: list[dict], codebook: dict) -> dict:
    """Per lens, one or more tables: a row per initiative, a column per aspect, cells from `short`."""
    by_cell = {(r["initiative"], r["aspect"]): r for r in findings}
    tables = []
    for lens in lenses(codebook):
        aspects = lens["aspects"]
        parts = max(1, -(-len(aspects) // SUMMARY_COLUMNS))
        size = -(-len(aspects) // parts)
        for part in range(parts):
            chunk = aspects[part * size : (part + 1) * size]
            rows = [{"initiative": i, "cells": [by_cell[(i["id"], a["id"])] for a in chunk]} for i in initiatives]
            label = f"summary-{lens['id']}" + ("" if part == 0 else f"-{part + 1}")
            tables.append(
                {"lens": lens, "aspects": chunk, "rows": rows, "part": part + 1, "parts": parts, "label": label}
            )
    return {"tables": tables}


def revisions_view(*, revisions: dict) -> dict:
    return revisions


def sections_index_view(*, settings: dict) -> dict:
    """The per-initiative parts in the order of settings["order"], the initiative ids of config.yaml."""
    return {
        "sections": [paths.tex_name(paths.generated_section(i)) for i in settings["order"]],
        "ledger": [paths.tex_name(paths.generated_ledger(i)) for i in settings["order"]],
    }


def initiatives_view(*, initiatives: list[dict], bibliography: dict) -> dict:
    """Per initiative: metadata plus the count and date range of its audited documents."""
    rows = []
    for initiative in initiatives:
        dates = sorted(bibliography[key]["date"] for key in initiative["documents"])
        rows.append(
            {
                **initiative,
                "n_documents": len(dates),
                "first": dates[0] if dates else "",
                "last": dates[-1] if dates else "",
            }
        )
    return {"rows": rows}


def documents_view(*, initiatives: list[dict], bibliography: dict) -> dict:
    """Per initiative, its audited documents sorted by date."""
    return {"initiatives": [{**i, "entries": [bibliography[key] for key in i["documents"]]} for i in initiatives]}


def corpus_view(*, initiatives: list[dict], bibliography: dict) -> dict:
    """Per initiative, its audited documents counted by type; the totals count each document once."""
    types = sorted({bibliography[key]["doctype"] for i in initiatives for key in i["documents"]})
    rows = [
        {
            "initiative": initiative,
            "counts": [sum(bibliography[key]["doctype"] == t for key in initiative["documents"]) for t in types],
            "total": len(initiative["documents"]),
        }
        for initiative in initiatives
    ]
    documents = {key for initiative in initiatives for key in initiative["documents"]}
    totals = [sum(bibliography[key]["doctype"] == t for key in documents) for t in types]
    shared = sum(row["total"] for row in rows) > len(documents)
    return {
        "types": types,
        "rows": rows,
        "totals": totals,
        "total": len(documents),
        "shared": shared,
        "long": len(rows) > FLOAT_ROWS,
    }
