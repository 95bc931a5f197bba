"""Figure views: the tidy data with the geometry TikZ draws it at, in centimetres.

Placing marks is arithmetic on data (which month, which stack level, how large a
cell must be for all rows to fit a page), so it is done and tested here; the
templates only draw what these views place.
"""

from __future__ import annotations

from collections import Counter

from scripts import views

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


MATRIX_HEIGHT_CM = 17.0


def matrix_figure_view(*, codebook: dict, initiatives: list[dict], findings: list[dict]) -> dict:
    """The matrix view with cell geometry: cells shrink so any number of rows fits a page."""
    context = views.matrix_view(codebook=codebook, initiatives=initiatives, findings=findings)
    cell = round(min(0.55, MATRIX_HEIGHT_CM / max(len(context["rows"]), 1)), 3)
    columns, x = [], 0.0
    for lens_index, lens in enumerate(context["lenses"]):
        if lens_index:
            x += cell / 2
        for aspect in lens["aspects"]:
            columns.append({"aspect": aspect, "x": round(x, 3)})
            x += cell
    return {**context, "columns": columns, "cell": cell, "right": round(x, 3)}
