"""Render the generated parts of the paper from the tidy data through templates.

Each view gathers exactly the data one template needs, so each generated file is
its own Snakemake rule with its own inputs: editing one initiative's findings
re-renders that initiative's section without touching the others. Views shape
data (lookups, counts); all LaTeX lives in the templates.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from scripts import paths
from scripts.codebook import LEVELS
from scripts.latex import environment
from scripts.textio import read_json, write_text

View = Callable[[argparse.Namespace], dict]


def _lenses(codebook: dict) -> list[dict]:
    """Lenses in codebook order, each with its aspects."""
    return [
        {**lens, "aspects": [a for a in codebook["aspects"] if a["lens"] == lens["id"]]} for lens in codebook["lenses"]
    ]


def matrix_view(args: argparse.Namespace) -> dict:
    codebook = read_json(args.codebook)
    initiatives = read_json(args.initiatives)
    level = {(r["initiative"], r["aspect"]): r["disclosure"] for r in read_json(args.findings)}
    aspects = [a for lens in _lenses(codebook) for a in lens["aspects"]]
    rows = []
    for initiative in initiatives:
        cells = [level[(initiative["id"], aspect["id"])] for aspect in aspects]
        rows.append({"initiative": initiative, "cells": cells, "full": cells.count("full")})
    column_full = [sum(row["cells"][i] == "full" for row in rows) for i in range(len(aspects))]
    return {"lenses": _lenses(codebook), "aspects": aspects, "rows": rows, "column_full": column_full, "levels": LEVELS}


def section_view(args: argparse.Namespace) -> dict:
    codebook = read_json(args.codebook)
    data = read_json(args.record)
    bibliography = read_json(args.bibliography)
    by_aspect = {r["aspect"]: r for r in data["findings"]}
    lenses = [
        {**lens, "findings": [{**by_aspect[a["id"]], "aspect": a} for a in lens["aspects"]]}
        for lens in _lenses(codebook)
    ]
    counts = Counter(r["disclosure"] for r in data["findings"])
    documents = sorted({item["doc"] for r in data["findings"] for item in r["evidence"]})
    return {
        "settings": json.loads(args.settings),
        "initiative": data["initiative"],
        "lenses": lenses,
        "counts": {level: counts.get(level, 0) for level in LEVELS},
        "n_documents": len(documents),
        "document_types": sorted({bibliography[d]["doctype"] for d in documents}),
    }


def macros_view(args: argparse.Namespace) -> dict:
    settings = json.loads(args.settings)
    initiatives = read_json(args.initiatives)
    codebook = read_json(args.codebook)
    bibliography = read_json(args.bibliography)
    access = Counter(i["access"] for i in initiatives)
    documents = {key for key, entry in bibliography.items() if entry["source"] == "documentation"}
    return {
        "settings": settings,
        "counts": {
            "Initiatives": len(initiatives),
            "Aspects": len(codebook["aspects"]),
            "Documents": len(documents),
            "Proprietary": access.get("proprietary", 0),
            "OpenWeight": access.get("open-weight", 0),
        },
    }


def sections_index_view(args: argparse.Namespace) -> dict:
    return {
        "sections": [
            paths.generated_section(i).relative_to(paths.BUILD).with_suffix("").as_posix()
            for i in args.order.split(",")
            if i
        ]
    }


VIEWS: dict[str, View] = {
    "matrix": matrix_view,
    "section": section_view,
    "macros": macros_view,
    "sections-index": sections_index_view,
}


def render(template: str, context: dict, templates: Path = paths.TEMPLATES) -> str:
    return environment(templates).get_template(template).render(**context)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("view", choices=sorted(VIEWS))
    parser.add_argument("--template", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--codebook", type=Path, default=paths.CODEBOOK_JSON)
    parser.add_argument("--bibliography", type=Path, default=paths.BIBLIOGRAPHY_JSON)
    parser.add_argument("--findings", type=Path, default=paths.FINDINGS_JSON)
    parser.add_argument("--initiatives", type=Path, default=paths.INITIATIVES_JSON)
    parser.add_argument("--record", type=Path)
    parser.add_argument("--settings", default="{}", help="JSON of the config values the template prints")
    parser.add_argument("--order", default="")
    args = parser.parse_args(argv)
    template = Path(args.template)
    context = VIEWS[args.view](args)
    write_text(args.out, render(template.name, context, template.parent))


if __name__ == "__main__":
    main()
