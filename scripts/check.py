"""Check every source file a contributor edits, in seconds and without TeX.

Runs the same validation as the build (config, codebook, revisions, both
bibliographies, every findings file, and the rules across files) but in one
process and without writing anything, then prints every problem as
file:line:col: field: message and a one-line summary.
"""

from __future__ import annotations

import argparse
import sys
import time

from scripts import bibliography, codebook, findings, paths, revisions, tidy
from scripts.problems import ERROR, InputError, Problem, report
from scripts.schema import schema_problems
from scripts.yamlsource import load as load_yaml


def check_config() -> tuple[dict, list[Problem]]:
    """config.yaml against its schema, plus a findings file for every listed initiative."""
    try:
        source = load_yaml(paths.CONFIG)
    except InputError as error:
        return {}, error.problems
    problems = schema_problems(source, paths.CONFIG_SCHEMA)
    if problems:
        return {}, problems
    for index, initiative in enumerate(source.data["initiatives"]):
        if not paths.findings_file(initiative).exists():
            message = f"{initiative!r} has no file {paths.findings_file(initiative)}"
            problems.append(source.problem(("initiatives", index), message))
    return source.data, problems


def run() -> tuple[list[Problem], int]:
    """Every problem in the repository's sources, and how many files were checked."""
    config, problems = check_config()
    book, book_problems = codebook.check(paths.CODEBOOK)
    _, revision_problems = revisions.check(paths.REVISIONS)
    problems += book_problems + revision_problems
    window = tuple(config["audit_window"].values()) if config else None
    index, bib_problems = bibliography.build_index(paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB, window)
    problems += bib_problems
    files = sorted(p for p in paths.FINDINGS.glob("*.yaml") if p != paths.CODEBOOK)
    loaded = []
    for path in files:
        source, file_problems = findings.check(path, book, index) if book else (None, [])
        problems += file_problems
        if source is not None and not file_problems:
            loaded.append(findings.to_records(source.data, book))
    if config and book and not [p for p in problems if p.severity == ERROR]:
        _, _, cross = tidy.join(loaded, config["initiatives"], [p.stem for p in files], index)
        problems += cross
    sources = [paths.CONFIG, paths.CODEBOOK, paths.REVISIONS, paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB]
    return problems, len(sources) + len(files)


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    started = time.monotonic()
    problems, n_files = run()
    n_errors = report(problems, sys.stdout, summary=False)
    seconds = time.monotonic() - started
    n_warnings = len(set(problems)) - n_errors
    verdict = "FAILED" if n_errors else "OK"
    print(f"check {verdict}: {n_errors} error(s), {n_warnings} warning(s) in {n_files} files ({seconds:.1f} s)")
    raise SystemExit(1 if n_errors else 0)


if __name__ == "__main__":
    main()
