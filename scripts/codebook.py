"""The codebook: the audit's aspects, their lens and the rubric for each level.

Every findings file is checked against the codebook, and every table iterates
over it, so an aspect added here appears everywhere without a template change.
"""

from __future__ import annotations

from pathlib import Path

from scripts import paths
from scripts.problems import Problem, excerpt
from scripts.schema import load_valid


def check(path: Path = paths.CODEBOOK, schema: Path = paths.CODEBOOK_SCHEMA) -> tuple[dict, list[Problem]]:
    """Load the codebook and return it with every problem found."""
    source, problems = load_valid(path, schema)
    if source is None:
        return {}, problems
    codebook = source.data
    lens_ids = [lens["id"] for lens in codebook["lenses"]]
    seen: set[str] = set()
    for index, aspect in enumerate(codebook["aspects"]):
        if aspect["id"] in seen:
            problems.append(source.problem(("aspects", index, "id"), f"duplicate aspect id {excerpt(aspect['id'])}"))
        seen.add(aspect["id"])
        if aspect["lens"] not in lens_ids:
            allowed = ", ".join(lens_ids)
            message = f"{excerpt(aspect['lens'])} is not one of {allowed}"
            problems.append(source.problem(("aspects", index, "lens"), message))
    return codebook, problems
