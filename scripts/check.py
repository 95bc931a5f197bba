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

from scripts import configuration, generate, paths, sources
from scripts.problems import Problem, errors, report


def run() -> tuple[list[Problem], int]:
    """Every problem the build reports, and how many files were read.

    The build's own validation (scripts.generate.validate), so check and build cannot
    disagree about a file; config and sources come first, as in the Snakefile.
    """
    problems = sources.unsafe_sources()
    config, config_problems = configuration.check()
    problems += config_problems
    if errors(problems):
        return problems, 1
    _, found = generate.validate(config, generate.on_disk_ids())
    files = [paths.CONFIG, paths.CODEBOOK, paths.REVISIONS, paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB]
    return problems + found, len(files) + len(config["initiatives"])


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
