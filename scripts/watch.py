"""Rebuild the paper on every save: `python3 -m scripts.watch`, stopped with Ctrl-C.

A `snakemake` run spends over a second before TeX starts (start-up, the DAG, scheduling,
a process for the generation job). A process that stays up pays that once: it keeps the
validation and render cache in memory, so a save re-validates and re-renders only what it
affects (scripts.generate), and then runs pdflatex once. BibTeX and further passes run
only when the .aux shows that citations or cross-references moved or a bib file changed,
and then through latexmk as in the build, so the settled PDF is the one `snakemake` makes.
Problems print as file:line:col like everywhere else, and the last good PDF stays in
place until they are fixed.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import closing
from pathlib import Path

from scripts import compile as tex_compile
from scripts import configuration, generate, paths, sources
from scripts.errors import ProjectError
from scripts.problems import errors, report
from scripts.textio import read_json

WATCHED = (paths.FINDINGS, paths.BIB, paths.PAPER, paths.SCHEMAS, paths.CONFIG, paths.CODEBOOK)
SOURCE_SUFFIXES = {".yaml", ".bib", ".tex", ".j2", ".txt", ".json", ".lock"}


def is_source(_change: object, path: str) -> bool:
    """A change the paper depends on; editors' swap and backup files are not."""
    name = Path(path).name
    return Path(path).suffix in SOURCE_SUFFIXES and not name.startswith((".", "#")) and not name.endswith("~")


class Watcher:
    """One process's build state: the generation cache, kept between saves."""

    def __init__(self) -> None:
        self.cache = generate.Cache.load()

    def rebuild(self, settle: bool = False) -> str:
        """Validate, render what changed and update the PDF; a line saying what happened.

        settle: let latexmk decide what TeX needs (at start, when the hand-written files may
        have changed since the last build without this process seeing it).
        """
        started = time.monotonic()
        problems = sources.unsafe_sources()
        config, config_problems = configuration.check()
        problems += config_problems
        if errors(problems):
            report(problems)
            return f"not rebuilt: {len(errors(problems))} error(s); {paths.PAPER_PDF} is the last good PDF"
        outcome = generate.generate(config, generate.on_disk_ids(), self.cache)
        report(outcome.problems)
        if errors(outcome.problems):
            return f"not rebuilt: fix the error(s) above; {paths.PAPER_PDF} is the last good PDF"
        self.cache.save()
        bib_changed = any(path.parent == paths.BIBTEX_SOURCES for path in outcome.written)
        date = read_json(paths.REVISIONS_JSON)["current"]["date"]
        try:
            passes = tex_compile.recompile(
                paths.MAIN_TEX, paths.LATEX_OUT, paths.PAPER_PDF, paths.LATEXMK_LOG, date, bib_changed or settle
            )
        except ProjectError as error:
            print(error, file=sys.stderr)
            return f"not rebuilt: LaTeX failed; {paths.PAPER_PDF} is the last good PDF"
        tex_compile.publish(paths.LATEX_PDF, paths.PAPER_PDF)
        how = "one pdflatex pass" if passes == 1 else "latexmk"
        return f"PDF updated in {time.monotonic() - started:.2f} s ({len(outcome.rendered)} parts rendered, {how})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    import watchfiles  # imported here so that `--help` works before setup.sh has run

    watcher = Watcher()
    print(watcher.rebuild(settle=True), flush=True)
    ready = False
    # The first timeout comes once the watches are in place; only then is a save seen.
    saves = watchfiles.watch(
        *WATCHED, watch_filter=is_source, debounce=400, step=20, rust_timeout=100, yield_on_timeout=True
    )
    try:
        # closing(): Ctrl-C during a rebuild leaves the generator suspended; closing it stops
        # the watcher's thread, which would otherwise keep the process from exiting.
        with closing(saves):
            for changes in saves:
                if not changes:
                    if not ready:
                        print(f"watching {', '.join(map(str, WATCHED))} (Ctrl-C stops)", flush=True)
                    ready = True
                    continue
                here = Path.cwd().resolve()
                changed = sorted({Path(path).resolve().relative_to(here).as_posix() for _, path in changes})
                print(f"{', '.join(changed)} changed", flush=True)
                print(watcher.rebuild(), flush=True)
    except KeyboardInterrupt:
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
