"""The codebook: the audit's aspects, their lens and the rubric for each level.

Every findings file is checked against the codebook, and every table iterates
over it, so an aspect added here appears everywhere without a template change.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts import paths
from scripts.errors import entry_point, raise_on_errors
from scripts.problems import Problem, excerpt
from scripts.schema import load_valid
from scripts.textio import write_json


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


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codebook", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    codebook, problems = check(args.codebook)
    raise_on_errors(problems)
    write_json(args.out, codebook)


if __name__ == "__main__":
    main()
