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

from scripts import bibliography, codebook, configuration, findings, paths, revisions, sources, tidy
from scripts.problems import Problem, errors, report


def run() -> tuple[list[Problem], int]:
    """Every problem the build reports, and how many files were read.

    Each stage calls the very function its rule runs, so check and build cannot
    disagree about a file. Config and sources come first, as in the Snakefile, which
    stops on them. Unlike the build, check goes on to the findings files when a bib
    file has errors (an entry with a bad field is still indexed), so a contributor
    sees both at once; the rules across initiatives need every findings file sound.
    """
    problems = sources.unsafe_sources()
    config, config_problems = configuration.check()
    problems += config_problems
    read = [paths.CONFIG]
    if errors(problems):
        return problems, len(read)
    book, book_problems = codebook.check(paths.CODEBOOK)
    window = configuration.audit_window(config)
    index, bib_problems = bibliography.build_index(paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB, window)
    _, revision_problems = revisions.check(paths.REVISIONS, documents=None if errors(bib_problems) else index)
    problems += book_problems + revision_problems + bib_problems
    read += [paths.CODEBOOK, paths.REVISIONS, paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB]
    if errors(book_problems):
        return problems, len(read)
    loaded, findings_problems = [], []
    for initiative in config["initiatives"]:
        source, file_problems = findings.check(paths.findings_file(initiative), book, index)
        read.append(paths.findings_file(initiative))
        findings_problems += file_problems
        if source is not None and not errors(file_problems):
            loaded.append(findings.to_records(source.data, book))
    problems += findings_problems
    if not errors(findings_problems):
        on_disk = [p.stem for p in paths.FINDINGS.glob("*.yaml")]
        problems += tidy.join(loaded, config["initiatives"], on_disk, index)[2]
    return problems, len(read)


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
