"""Figure views: the tidy data with the geometry TikZ draws it at, in centimetres.

Placing marks is arithmetic on data (which month, which stack level, how large a
cell must be for all rows to fit a page), so it is done and tested here; the
templates only draw what these views place.
"""

from __future__ import annotations

from collections import Counter

from scripts import views
from scripts.terms import ACCESS_TYPES, LEVELS

TIMELINE_WIDTH_CM = 12.0
TIMELINE_STACK_CM = 0.3
TIMELINE_GAP_CM = 0.45


def _stack_offset(index: int) -> int:
    """0, +1, -1, +2, -2, …: marks in the same period alternate above and below the line."""
    return (index + 1) // 2 * (1 if index % 2 else -1)


def timeline_view(*, initiatives: list[dict], bibliography: dict) -> dict:
    """Documents as marks on a month axis, one row per initiative, stacked where they coincide.

    Rows are spaced by how high their stacks reach, so no stack runs into its neighbour.
    """
    dates = [bibliography[k]["date"] for i in initiatives for k in i["documents"]]
    first_year = int(min(dates)[:4]) if dates else 2020
    last_year = int(max(dates)[:4]) + 1 if dates else 2021
    months = (last_year - first_year) * 12
    doctypes = sorted({bibliography[k]["doctype"] for i in initiatives for k in i["documents"]})
    rows, y, below_previous = [], 0.0, 0
    for initiative in initiatives:
        marks, taken = [], Counter()
        for key in initiative["documents"]:
            entry = bibliography[key]
            month = (int(entry["date"][:4]) - first_year) * 12 + int(entry["date"][5:7]) - 1
            slot = month // 3
            marks.append(
                {
                    "x": round(TIMELINE_WIDTH_CM * (month + 0.5) / months, 3),
                    "level": _stack_offset(taken[slot]),
                    "type": doctypes.index(entry["doctype"]) + 1,
                }
            )
            taken[slot] += 1
        above = max((m["level"] for m in marks), default=0)
        below = -min((m["level"] for m in marks), default=0)
        if rows:
            y -= TIMELINE_GAP_CM + TIMELINE_STACK_CM * (below_previous + above)
        for mark in marks:
            mark["dy"] = round(TIMELINE_STACK_CM * mark.pop("level"), 3)
        rows.append({"initiative": initiative, "y": round(y, 3), "marks": marks})
        below_previous = below
    years = [
        {"label": year, "x": round(TIMELINE_WIDTH_CM * (year - first_year) * 12 / months, 3)}
        for year in range(first_year, last_year + 1)
    ]
    return {
        "rows": rows,
        "years": years,
        "doctypes": [{"number": n, "name": t} for n, t in enumerate(doctypes, 1)],
        "width": TIMELINE_WIDTH_CM,
        "bottom": round(y - TIMELINE_GAP_CM - TIMELINE_STACK_CM * below_previous, 3),
    }


BAR_WIDTH_CM = 8.5
BAR_HEIGHT_CM = 0.3
BAR_GAP_CM = 0.12
ROW_GAP_CM = 0.3
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
