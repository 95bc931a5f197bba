"""The codebook: the audit's aspects, their lens and the rubric for each level.

Every findings file is checked against the codebook, and every table iterates
over it, so an aspect added here appears everywhere without a template change.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts import paths
from scripts.problems import InputError, Problem, exit_on_errors
from scripts.schema import schema_problems
from scripts.textio import write_json
from scripts.yamlsource import load as load_yaml


def check(path: Path = paths.CODEBOOK, schema: Path = paths.CODEBOOK_SCHEMA) -> tuple[dict, list[Problem]]:
    """Load the codebook and return it with every problem found."""
    try:
        source = load_yaml(path)
    except InputError as error:
        return {}, error.problems
    problems = schema_problems(source, schema)
    if problems:
        return {}, problems
    codebook = source.data
    lens_ids = [lens["id"] for lens in codebook["lenses"]]
    seen: set[str] = set()
    for index, aspect in enumerate(codebook["aspects"]):
        if aspect["id"] in seen:
            problems.append(source.problem(("aspects", index, "id"), f"duplicate aspect id {aspect['id']!r}"))
        seen.add(aspect["id"])
        if aspect["lens"] not in lens_ids:
            allowed = ", ".join(lens_ids)
            problems.append(source.problem(("aspects", index, "lens"), f"{aspect['lens']!r} is not one of {allowed}"))
    return codebook, problems


def aspects_by_id(codebook: dict) -> dict[str, dict]:
    return {aspect["id"]: aspect for aspect in codebook["aspects"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=Path, default=paths.CODEBOOK)
    parser.add_argument("--out", type=Path, default=paths.CODEBOOK_JSON)
    args = parser.parse_args(argv)
    codebook, problems = check(args.codebook)
    exit_on_errors(problems)
    write_json(args.out, codebook)


if __name__ == "__main__":
    main()
