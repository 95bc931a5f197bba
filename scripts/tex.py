"""The TeX toolbox: how pdflatex and latexmk are run, confined, and how their logs are read.

Every TeX run of the project — the paper, the arXiv check, the diff, the tests —
takes its command line, search roots and environment from here: pdflatex with
no shell escape, kpathsea's paranoid file access (a findings value or a
hand-written section cannot read or write files outside the tree) and the
revision's date as SOURCE_DATE_EPOCH, so the PDF is reproducible. A failed
run is summarised as its first error with file and line, traced back to the
findings field when it is in a generated file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

from scripts import paths
from scripts.errors import TexError

FILE_LINE_ERROR = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+): (?P<message>.*)$")
UNDEFINED = re.compile(r"(?:LaTeX|Package natbib) Warning: (?:Citation|Reference) `([^']*)' on page \d+ undefined")


def source_date_epoch(source_date: str) -> int:
    """The revision's date as the timestamp TeX and the tarball write (midnight UTC)."""
    return int(dt.datetime.fromisoformat(source_date).replace(tzinfo=dt.UTC).timestamp())


def tex_environment(source_date: str, search_roots: tuple[Path, ...] = paths.TEX_SEARCH_ROOTS) -> dict[str, str]:
    """Environment for every TeX run: search paths, confinement, reproducible dates.

    With no search roots TeX reads only the folder it runs in, as arXiv compiles.
    """
    env = dict(os.environ)
    for variable in ("TEXINPUTS", "BIBINPUTS"):
        env.pop(variable, None)
    if search_roots:
        env["TEXINPUTS"] = "".join(f"{root}:" for root in search_roots)
        env["BIBINPUTS"] = f"{paths.BIBTEX_SOURCES}:"
    env.update(
        {
            "openin_any": "p",
            "openout_any": "p",
            "shell_escape": "f",
            "max_print_line": "10000",
            "SOURCE_DATE_EPOCH": str(source_date_epoch(source_date)),
            "FORCE_SOURCE_DATE": "1",
        }
    )
    return env


# latexmk reruns BibTeX, and then pdflatex, whenever the .aux file changes. Table-of-contents
# lines (\@writefile{toc}…) change with every edit of a heading or caption but feed nothing:
# the paper prints no table of contents. Leaving them out of latexmk's hash saves two passes.
AUX_IGNORE_CONTENTS_LINES = ("-e", "$hash_calc_ignore_pattern{'aux'} = '^\\\\\\@writefile\\{(?:toc|lof|lot)\\}';")
# How pdflatex runs for the build, whether latexmk starts it or the watch mode does.
PDFLATEX_OPTIONS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error")


def pdflatex_pass_command(main_tex: Path, outdir: Path) -> list[str]:
    """One pdflatex pass exactly as latexmk runs it for the build (the watch mode's fast path)."""
    return ["pdflatex", *PDFLATEX_OPTIONS, "-recorder", f"-output-directory={outdir}", str(main_tex)]


def latexmk_command(main_tex: Path, outdir: Path) -> list[str]:
    """latexmk as the build runs it: pdflatex and BibTeX until stable, stopping at the first error."""
    return [
        "latexmk",
        "-norc",
        *AUX_IGNORE_CONTENTS_LINES,
        "-pdf",
        *PDFLATEX_OPTIONS,
        f"-outdir={outdir}",
        str(main_tex),
    ]


SOURCE_MARKER = re.compile(r"^% source: (.+)$")


def generated_source(file: str, line: int) -> str | None:
    """For an error in a generated file: the findings file and field its text came from.

    Templates put a `% source:` comment before each block of findings text; the
    nearest one above the failing line names where to look.
    """
    path = Path(file)
    if paths.GENERATED not in path.parents or not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:line]
    for text in reversed(lines):
        if match := SOURCE_MARKER.match(text):
            return match.group(1)
    return None


def summarise_failure(tex_log: str, context_lines: int = 6) -> str:
    """The first error with file:line and the log lines after it, plus undefined keys."""
    lines = tex_log.splitlines()
    summary = []
    for index, line in enumerate(lines):
        match = FILE_LINE_ERROR.match(line)
        if match or line.startswith("! "):
            summary = [line]
            for following in lines[index + 1 : index + context_lines]:
                if not following.strip() or following.startswith("Here is how much"):
                    break
                summary.append(following)
            if match and (source := generated_source(match.group("file"), int(match.group("line")))):
                summary.append(f"this part of {match.group('file')} is generated from {source}")
            break
    if not summary:
        # Undefined keys matter only when no hard error stopped TeX before it could resolve them.
        undefined = undefined_keys(tex_log)
        if undefined:
            summary.append("undefined citations or references: " + ", ".join(undefined))
    return "\n".join(summary) or "no error message found in the TeX log"


# Overfull lines wider than this stick visibly into the margin; smaller ones do not show.
OVERFULL_LIMIT_PT = 3.0
LOG_TOKEN = re.compile(
    r"\((?P<file>(?:\.{0,2}/)?[\w./-]+\.(?:tex|sty|cls|cfg|def|fd|clo|bbl|aux|out|ldf|dfu))(?=[\s()]|$)"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<box>Overfull \\[hv]box \((?P<points>[\d.]+)pt too (?:wide|high)\)(?:[^\n]*?\bat lines? (?P<line>\d+))?)",
)


def overfull_boxes(tex_log: str, limit: float = OVERFULL_LIMIT_PT) -> list[str]:
    """Lines or pages TeX could not fit, by more than `limit` points, with the file they are in.

    TeX's log names a file when it opens it, `(name`, and closes it with `)`; tracking
    those parentheses tells which file an overfull box was set from. A box in a
    generated file is traced back to the findings file and field of its text.
    """
    stack: list[str | None] = []
    found = []
    for token in LOG_TOKEN.finditer(tex_log):
        if token.group("file"):
            stack.append(token.group("file").removeprefix("./"))
        elif token.group("open"):
            stack.append(None)
        elif token.group("close"):
            if stack:
                stack.pop()
        elif float(token.group("points")) > limit:
            file = next((name for name in reversed(stack) if name), "the paper")
            line = int(token.group("line")) if token.group("line") else 0
            where = f"{file}:{line}" if line else file
            what = "line" if "hbox" in token.group("box") else "page"
            message = f"{where}: {what} too {'wide' if what == 'line' else 'long'} by {token.group('points')}pt"
            if line and (source := generated_source(file, line)):
                message += f"; its text comes from {source}: shorten it or add spaces where it may break"
            found.append(message)
    return found


def undefined_keys(tex_log: str) -> list[str]:
    return sorted(set(UNDEFINED.findall(tex_log)))


def pdflatex(
    folder: Path,
    main_tex: str,
    source_date: str,
    runs: int = 2,
    halt_on_error: bool = True,
    search_roots: tuple[Path, ...] = (),
) -> str:
    """Run pdflatex on folder/main_tex `runs` times, as arXiv does; the final log.

    Raises TexError with the first error of the log when a run fails (or, with
    halt_on_error off, when it leaves no PDF). Output is not decoded: a log may
    hold bytes of any encoding.
    """
    command = ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode"]
    command += ["-halt-on-error"] if halt_on_error else []
    log_file = folder / Path(main_tex).with_suffix(".log")
    pdf_file = folder / Path(main_tex).with_suffix(".pdf")
    for run in range(1, runs + 1):
        result = subprocess.run(
            [*command, main_tex],
            cwd=folder,
            env=tex_environment(source_date, search_roots),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        if (halt_on_error and result.returncode != 0) or not pdf_file.exists():
            raise TexError(f"pdflatex run {run} of {main_tex} failed:\n{summarise_failure(log)}")
    return log
