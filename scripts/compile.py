"""Compile the paper with latexmk, and publish the compiled PDF where readers open it.

The full latexmk output goes to a log file; the terminal gets the first real
error with its file and line (scripts.tex), because the raw output of a failed
run is unreadable. Text that sticks out of the page fails the build like an
error: a reader would see it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from scripts import paths
from scripts.errors import TexError, entry_point
from scripts.tex import (
    latexmk_command,
    overfull_boxes,
    pdflatex_pass_command,
    summarise_failure,
    tex_environment,
    undefined_keys,
)
from scripts.textio import copy_file, read_json, write_text

# What TeX, BibTeX and latexmk keep between runs. A run killed while pdflatex wrote the .aux
# leaves it truncated, and the next run stops on it; so these go whenever the last run
# did not finish, which its missing stamp (compiled_by) tells. They go too when TeX's search
# paths changed: latexmk only watches the files it found last time, so a bib file now found
# elsewhere (build/bib/ instead of bib/) would never be read and the .bbl would stay stale.
TEX_STATE = (".aux", ".bbl", ".blg", ".fdb_latexmk", ".fls", ".out", ".log", ".toc")
SEARCH_VARIABLES = ("TEXINPUTS", "BIBINPUTS")


def search_setup(env: dict[str, str]) -> str:
    """The part of TeX's environment that decides which files it reads."""
    return "".join(f"{name}={env.get(name, '')}\n" for name in SEARCH_VARIABLES)


def clear_stale_state(main_tex: Path, outdir: Path, env: dict[str, str]) -> bool:
    """Remove the TeX state the last run left when it cannot be trusted; True when it was removed."""
    setup = outdir / "search-setup"
    trusted = compiled_by(outdir).exists() and setup.exists() and setup.read_text(encoding="utf-8") == search_setup(env)
    if not trusted:
        for suffix in TEX_STATE:
            (outdir / f"{main_tex.stem}{suffix}").unlink(missing_ok=True)
    return not trusted


def compile_paper(main_tex: Path, outdir: Path, pdf: Path, log: Path, source_date: str) -> None:
    """latexmk main_tex into outdir; TexError when TeX fails or text does not fit the page."""
    _run_tex(latexmk_command(main_tex, outdir), main_tex, outdir, pdf, log, source_date)


# \@writefile lines feed only a table of contents, which the paper does not print (see tex.py).
CONTENTS_LINE = re.compile(r"^\\@writefile\{(?:toc|lof|lot)\}.*\n?", re.M)


def _settled_state(outdir: Path, main_tex: Path) -> str:
    """What a further pass or BibTeX would read from the .aux: everything but contents lines."""
    aux = outdir / f"{main_tex.stem}.aux"
    return CONTENTS_LINE.sub("", aux.read_text(encoding="utf-8", errors="replace")) if aux.exists() else ""


def recompile(main_tex: Path, outdir: Path, pdf: Path, log: Path, source_date: str, bib_changed: bool) -> int:
    """Bring the PDF up to date with one pdflatex pass where that settles it; the passes it took.

    A pass settles the PDF when it leaves the .aux as it found it (no citation, label or page
    number moved) and the bib files did not change; otherwise latexmk finishes the job as the
    build does (BibTeX, further passes), so the PDF is the one `snakemake` would make.
    """
    env = tex_environment(source_date)
    if bib_changed or clear_stale_state(main_tex, outdir, env):
        compile_paper(main_tex, outdir, pdf, log, source_date)
        return 0
    before = _settled_state(outdir, main_tex)
    _run_tex(pdflatex_pass_command(main_tex, outdir), main_tex, outdir, pdf, log, source_date)
    if _settled_state(outdir, main_tex) == before:
        return 1
    compile_paper(main_tex, outdir, pdf, log, source_date)
    return 0


def _run_tex(command: list[str], main_tex: Path, outdir: Path, pdf: Path, log: Path, source_date: str) -> None:
    """Run latexmk or a pdflatex pass into outdir; TexError when TeX fails or text does not fit the page."""
    log.parent.mkdir(parents=True, exist_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)
    env = tex_environment(source_date)
    clear_stale_state(main_tex, outdir, env)
    compiled_by(outdir).unlink(missing_ok=True)
    write_text(outdir / "search-setup", search_setup(env))
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(command, env=env, stdout=stream, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    tex_log_path = outdir / f"{main_tex.stem}.log"
    tex_log = tex_log_path.read_text(encoding="utf-8", errors="replace") if tex_log_path.exists() else ""
    if result.returncode != 0 or not (outdir / f"{main_tex.stem}.pdf").exists():
        # latexmk remembers a failed run and refuses to retry until a source changes;
        # forgetting its state makes the next build try again after any fix.
        (outdir / f"{main_tex.stem}.fdb_latexmk").unlink(missing_ok=True)
        message = [f"LaTeX failed; full output in {log} and {tex_log_path}", summarise_failure(tex_log)]
        if pdf.exists():
            message.append(f"the previous {pdf} was left in place")
        raise TexError("\n".join(message))
    if undefined := undefined_keys(tex_log):
        print("warning: undefined citations or references: " + ", ".join(undefined), file=sys.stderr)
    if overfull := overfull_boxes(tex_log):
        (outdir / f"{main_tex.stem}.fdb_latexmk").unlink(missing_ok=True)
        raise TexError("LaTeX could not fit the text into the page:\n" + "\n".join(overfull))
    write_text(compiled_by(outdir), os.environ.get(paths.RUN_ID_VARIABLE, "") + "\n")


def compiled_by(outdir: Path) -> Path:
    """Marks outdir's TeX state as left by a finished compilation (it names the run)."""
    return outdir / "compiled-by-run"


def publish(built: Path, pdf: Path) -> None:
    """Copy the built PDF to where readers open it, atomically, so a viewer never sees half a file."""
    copy_file(built, pdf)
    print(f"The paper is at {pdf}")


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    latex = commands.add_parser("latex", help="compile the paper into --outdir")
    latex.add_argument("--main", type=Path, required=True)
    latex.add_argument("--outdir", type=Path, required=True)
    latex.add_argument("--pdf", type=Path, required=True, help="the published PDF, named when a failure keeps it")
    latex.add_argument("--log", type=Path, required=True)
    latex.add_argument("--revisions", type=Path, required=True, help="its current date fixes the PDF's timestamps")
    published = commands.add_parser("publish", help="copy the compiled PDF to where readers open it")
    published.add_argument("built", type=Path)
    published.add_argument("--pdf", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "publish":
        publish(args.built, args.pdf)
        return
    date = read_json(args.revisions)["current"]["date"]
    compile_paper(args.main, args.outdir, args.pdf, args.log, date)


if __name__ == "__main__":
    main()
