"""Figure views: the tidy data with the geometry TikZ draws it at, in centimetres.

Placing marks is arithmetic on data (which month, which stack level, how large a
cell must be for all rows to fit a page), so it is done and tested here; the
templates only draw what these views place.
"""

from __future__ import annotations

from collections.abc import Iterator

from scripts import views
from scripts.terms import ACCESS_TYPES, LEVELS

TIMELINE_WIDTH_CM = 13.0
TIMELINE_ROW_CM = 0.32
TIMELINE_GAP_CM = 0.3
# Marks closer than this (centre to centre) would touch; they go to another level of the row.
TIMELINE_MARK_CM = 0.24
# A document more than this many months before all others sits left of the axis, not on it.
TIMELINE_OUTLIER_MONTHS = 24
TIMELINE_EARLY_CM = -0.7
# TikZ plot marks, filled then open: types differ by shape, so the figure reads in greyscale.
TIMELINE_SHAPES = ("*", "square*", "triangle*", "diamond*", "pentagon*", "o", "square", "triangle", "diamond")
TIMELINE_SHAPES += ("pentagon", "star", "x", "+")
# Beyond this many initiatives a row each would run over several pages (600 rows are about
# five metres and exceed TeX's memory); the figure then counts documents by type and year,
# and documents.csv in the data release lists each with the initiatives that cite it.
TIMELINE_MAX_ROWS = 24


def _month(date: str) -> int:
    return int(date[:4]) * 12 + int(date[5:7]) - 1


def _levels() -> Iterator[int]:
    """0, +1, -1, +2, -2, …: marks that would touch go alternately above and below the line."""
    step = 0
    while True:
        yield step
        if step > 0:
            yield -step
        step += 1


def timeline_view(*, initiatives: list[dict], bibliography: dict) -> dict:
    """Documents as marks on a month axis, one row per initiative, spread so that no two touch.

    The axis spans the years the documents fall in, except for documents long before all
    others, which sit in a column left of the axis. Rows are spaced by how far their
    marks spread, so no row runs into its neighbour. Past TIMELINE_MAX_ROWS initiatives,
    a table of counts by type and year instead (timeline_summary).
    """
    if len(initiatives) > TIMELINE_MAX_ROWS:
        return {"summary": timeline_summary(initiatives, bibliography), "n_initiatives": len(initiatives)}
    months = sorted(_month(bibliography[k]["date"]) for i in initiatives for k in i["documents"])
    start = months[0] if months else _month("2020-01")
    while len(months) > 1 and months[1] - months[0] > TIMELINE_OUTLIER_MONTHS:
        months = months[1:]
        start = months[0]
    first_year, last_year = start // 12, (months[-1] // 12 + 1 if months else start // 12 + 1)
    span = (last_year - first_year) * 12
    doctypes = sorted({bibliography[k]["doctype"] for i in initiatives for k in i["documents"]})
    early_years: set[int] = set()
    rows, y, below_previous = [], 0.0, 0
    for initiative in initiatives:
        placed: dict[int, list[float]] = {}
        marks = []
        for key in sorted(initiative["documents"], key=lambda k: bibliography[k]["date"]):
            entry = bibliography[key]
            month = _month(entry["date"])
            if month < first_year * 12:
                x = TIMELINE_EARLY_CM
                early_years.add(month // 12)
            else:
                x = round(TIMELINE_WIDTH_CM * (month - first_year * 12 + 0.5) / span, 3)
            level = next(lv for lv in _levels() if all(abs(x - o) >= TIMELINE_MARK_CM for o in placed.get(lv, [])))
            placed.setdefault(level, []).append(x)
            marks.append({"x": x, "level": level, "shape": TIMELINE_SHAPES[doctypes.index(entry["doctype"])]})
        above = max(placed, default=0)
        below = -min(placed, default=0)
        if rows:
            y -= TIMELINE_GAP_CM + TIMELINE_ROW_CM * (below_previous + above + 1)
        for mark in marks:
            mark["y"] = round(y + TIMELINE_ROW_CM * mark.pop("level"), 3)
        rows.append({"initiative": initiative, "y": round(y, 3), "marks": marks})
        below_previous = below
    years = [
        {"label": year, "x": round(TIMELINE_WIDTH_CM * (year - first_year) * 12 / span, 3)}
        for year in range(first_year, last_year + 1)
    ]
    return {
        "summary": None,
        "rows": rows,
        "years": years,
        "early": {"x": TIMELINE_EARLY_CM, "years": sorted(early_years)} if early_years else None,
        "doctypes": [{"shape": TIMELINE_SHAPES[n], "name": t} for n, t in enumerate(doctypes)],
        "width": TIMELINE_WIDTH_CM,
        "bottom": round(y - TIMELINE_GAP_CM - TIMELINE_ROW_CM * below_previous, 3),
    }


def timeline_summary(initiatives: list[dict], bibliography: dict) -> dict:
    """The audited documents counted by type (rows) and year (columns), with a grey level per count.

    A document cited by several initiatives counts once: this is the corpus over time.
    """
    keys = {key for initiative in initiatives for key in initiative["documents"]}
    counts: dict[tuple[str, int], int] = {}
    for key in keys:
        cell = (bibliography[key]["doctype"], int(bibliography[key]["date"][:4]))
        counts[cell] = counts.get(cell, 0) + 1
    years = sorted({year for _, year in counts}) or [0]
    years = list(range(years[0], years[-1] + 1))
    most = max(counts.values(), default=1)
    rows = []
    for doctype in sorted({doctype for doctype, _ in counts}):
        cells = []
        for year in years:
            n = counts.get((doctype, year), 0)
            shade = round(10 + 60 * n / most) if n else 0
            cells.append({"count": n, "shade": shade, "light_text": shade > 45})
        rows.append({"doctype": doctype, "cells": cells, "total": sum(c["count"] for c in cells)})
    return {"years": years, "rows": rows, "n_documents": len(keys)}


BAR_WIDTH_CM = 8.5
BAR_HEIGHT_CM = 0.36
BAR_GAP_CM = 0.12
ROW_GAP_CM = 0.36
LENS_GAP_CM = 0.45


def disclosure_bars_view(*, codebook: dict, initiatives: list[dict], findings: list[dict]) -> dict:
    """Per aspect, the shares of full, partial and none among proprietary and among open-weight initiatives.

    Aspects are grouped by lens and, within a lens, ordered from most to least disclosed
    overall, so the figure reads as a ranking the matrix does not show.
    """
    access_of = {i["id"]: i["access"] for i in initiatives}
    groups = [a for a in ACCESS_TYPES if any(i["access"] == a for i in initiatives)]
    level = {(r["initiative"], r["aspect"]): r["disclosure"] for r in findings}
    rows, y = [], 0.0
    lens_rows = []
    for lens in views.lenses(codebook):

        def score(aspect: dict) -> tuple[int, int]:
            cells = [level[(i["id"], aspect["id"])] for i in initiatives]
            return (-(2 * cells.count("full") + cells.count("partial")), codebook["aspects"].index(aspect))

        top = y
        for aspect in sorted(lens["aspects"], key=score):
            bars = []
            for group in groups:
                members = [i["id"] for i in initiatives if access_of[i["id"]] == group]
                counts = views.level_counts([level[(m, aspect["id"])] for m in members])
                x, segments = 0.0, []
                for lv in LEVELS:
                    width = BAR_WIDTH_CM * counts[lv] / len(members)
                    if counts[lv]:
                        segments.append({"level": lv, "x": round(x, 3), "width": round(width, 3), "count": counts[lv]})
                    x += width
                bars.append({"group": group, "y": round(y, 3), "segments": segments})
                y -= BAR_HEIGHT_CM + BAR_GAP_CM
            rows.append(
                {"aspect": aspect, "bars": bars, "middle": round((bars[0]["y"] + bars[-1]["y"] + BAR_HEIGHT_CM) / 2, 3)}
            )
            y -= ROW_GAP_CM - BAR_GAP_CM
        lens_rows.append({"lens": lens, "top": round(top + BAR_HEIGHT_CM, 3), "bottom": round(y + ROW_GAP_CM, 3)})
        y -= LENS_GAP_CM
    return {
        "rows": rows,
        "lenses": lens_rows,
        "groups": groups,
        "width": BAR_WIDTH_CM,
        "height": BAR_HEIGHT_CM,
        "bottom": round(y, 3),
        "sizes": {g: sum(i["access"] == g for i in initiatives) for g in ACCESS_TYPES},
    }
