"""Compile the paper with latexmk and report failures briefly.

TeX runs as it would on arXiv (pdflatex, BibTeX, no shell escape) and is
additionally confined with kpathsea's paranoid file access, so a findings value
or a hand-written section cannot read or write files outside the tree. The
full latexmk output goes to a log file; the terminal gets the first real error
with its file and line, because the raw output of a failed run is unreadable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts import paths
from scripts.textio import read_json

FILE_LINE_ERROR = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+): (?P<message>.*)$")
UNDEFINED = re.compile(r"(?:LaTeX|Package natbib) Warning: (?:Citation|Reference) `([^']*)' on page \d+ undefined")


def tex_environment(source_date: str) -> dict[str, str]:
    """Environment for every TeX run: search paths, confinement, reproducible dates."""
    epoch = int(dt.datetime.fromisoformat(source_date).replace(tzinfo=dt.UTC).timestamp())
    env = dict(os.environ)
    env.update(
        {
            "TEXINPUTS": f"{paths.PAPER}:{paths.BUILD}:",
            "BIBINPUTS": f"{paths.BIB}:",
            "openin_any": "p",
            "openout_any": "p",
            "shell_escape": "f",
            "max_print_line": "10000",
            "SOURCE_DATE_EPOCH": str(epoch),
            "FORCE_SOURCE_DATE": "1",
        }
    )
    return env


def latexmk_command(main_tex: Path, outdir: Path) -> list[str]:
    return [
        "latexmk",
        "-norc",
        "-pdf",
        "-no-shell-escape",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        f"-outdir={outdir}",
        str(main_tex),
    ]


def summarise_failure(tex_log: str, context_lines: int = 6) -> str:
    """The first error with file:line and the log lines after it, plus undefined keys."""
    lines = tex_log.splitlines()
    summary = []
    for index, line in enumerate(lines):
        match = FILE_LINE_ERROR.match(line)
        if match or line.startswith("! "):
            summary = lines[index : index + context_lines]
            break
    undefined = sorted(set(UNDEFINED.findall(tex_log)))
    if undefined:
        summary.append("undefined citations or references: " + ", ".join(undefined))
    return "\n".join(summary) or "no error message found in the TeX log"


def compile_paper(main_tex: Path, outdir: Path, pdf: Path, log: Path, source_date: str) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            latexmk_command(main_tex, outdir),
            env=tex_environment(source_date),
            stdout=stream,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    tex_log_path = outdir / f"{main_tex.stem}.log"
    tex_log = tex_log_path.read_text(encoding="utf-8", errors="replace") if tex_log_path.exists() else ""
    if result.returncode != 0:
        # latexmk remembers a failed run and refuses to retry until a source changes;
        # forgetting its state makes the next build try again after any fix.
        (outdir / f"{main_tex.stem}.fdb_latexmk").unlink(missing_ok=True)
        print(f"LaTeX failed; full output in {log} and {tex_log_path}", file=sys.stderr)
        print(summarise_failure(tex_log), file=sys.stderr)
        if pdf.exists():
            print(f"the previous {pdf} was left in place", file=sys.stderr)
        return 1
    built = outdir / f"{main_tex.stem}.pdf"
    staging = pdf.with_name(f".{pdf.name}.tmp")
    shutil.copyfile(built, staging)
    os.replace(staging, pdf)
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--main", type=Path, default=paths.MAIN_TEX)
    parser.add_argument("--outdir", type=Path, default=paths.LATEX_OUT)
    parser.add_argument("--pdf", type=Path, default=paths.PAPER_PDF)
    parser.add_argument("--log", type=Path, default=paths.LOGS / "latexmk.log")
    parser.add_argument(
        "--revisions", type=Path, default=paths.REVISIONS_JSON, help="its current date fixes the PDF's timestamps"
    )
    args = parser.parse_args(argv)
    date = read_json(args.revisions)["current"]["date"]
    raise SystemExit(compile_paper(args.main, args.outdir, args.pdf, args.log, date))


if __name__ == "__main__":
    main()
