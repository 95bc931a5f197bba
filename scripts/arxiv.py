"""Build the arXiv submission tarball and prove that arXiv can compile it.

arXiv compiles with pdflatex and no BibTeX run of ours, so the tarball carries the
.bbl beside the main file, keeps TEXINPUTS-found files at the relative paths the
main file names (sections/…, generated/…), and ships the findings data as
ancillary files. The tarball is then extracted into an empty folder and compiled
there exactly as arXiv would; a release whose tarball fails that is not made.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from scripts import archives, paths
from scripts.errors import ReleaseError, TexError, UnsafeArchive, entry_point
from scripts.tex import pdflatex, source_date_epoch, undefined_keys
from scripts.textio import read_json, write_bytes, write_text

SAFE_NAME = re.compile(r"^[A-Za-z0-9_+\-.,=]+$")
ABSOLUTE_PATH = re.compile(r"\\(?:input|include|includegraphics|bibliography)\s*(?:\[[^\]]*\])?\{\s*/")
README_00 = {
    "process": {"compiler": "pdflatex"},
    "sources": [{"filename": "main.tex", "usage": "toplevel"}],
    "spec_version": 1,
}


def strip_comments(tex: str) -> str:
    """Drop LaTeX comments: whole comment lines vanish, inline ones keep their '%'.

    Keeping the '%' preserves its effect of joining lines, so the text typesets the same.
    """
    kept = []
    for line in tex.splitlines():
        match = re.search(r"(?<!\\)(?:\\\\)*%", line)
        if match is None:
            kept.append(line)
            continue
        code = line[: match.end()]
        if code.strip() == "%":
            continue
        kept.append(code)
    return "\n".join(kept) + "\n"


def collect(keep_comments: bool, generated: list[Path], built_pdf: Path, data: list[Path]) -> dict[str, bytes]:
    """Archive name -> content of every file the submission needs.

    Generated files are the ones the workflow lists for the current sources, never
    whatever build/generated/ holds: a section of an initiative since removed must
    not ship.
    """
    files: dict[str, bytes] = {}

    def handwritten(path: Path) -> bytes:
        text = path.read_text(encoding="utf-8")
        return (text if keep_comments else strip_comments(text)).encode("utf-8")

    # Each file keeps the name \input finds it by under TeX's search roots.
    for path in [paths.MAIN_TEX, paths.PREAMBLE, *sorted(paths.HANDWRITTEN_SECTIONS.rglob("*.tex"))]:
        files[f"{paths.tex_name(path)}.tex"] = handwritten(path)
    for path in sorted(generated):
        files[f"{paths.tex_name(path)}.tex"] = path.read_bytes()
    files["main.bbl"] = built_pdf.with_suffix(".bbl").read_bytes()
    for path in data:
        files[f"anc/{path.name}"] = path.read_bytes()
    files["00README.json"] = (json.dumps(README_00, indent=2) + "\n").encode("utf-8")
    return files


def check(files: dict[str, bytes]) -> list[str]:
    """Everything arXiv would reject or that would leak the build machine into the submission."""
    problems = []
    for name, content in files.items():
        for part in name.split("/"):
            if part.startswith(".") or not SAFE_NAME.match(part):
                problems.append(f"{name}: file names may use only a-z A-Z 0-9 _ + - . , = and may not be hidden")
        if name.endswith((".bib", ".aux", ".log", ".pdf")):
            problems.append(f"{name}: build products and .bib files do not belong in the submission")
        if name.endswith(".tex") and ABSOLUTE_PATH.search(content.decode("utf-8")):
            problems.append(f"{name}: refers to a file by absolute path")
    for needed in ("main.tex", "main.bbl", "00README.json"):
        if needed not in files:
            problems.append(f"{needed}: missing")
    return problems


def write_tarball(files: dict[str, bytes], out: Path, epoch: int) -> None:
    """A byte-reproducible .tar.gz: sorted names, fixed times, owners and modes."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), epoch, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[name]))
    compressed = io.BytesIO()
    with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=epoch, filename="") as gz:
        gz.write(buffer.getvalue())
    write_bytes(out, compressed.getvalue())


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def verify(tarball: Path, expected_pages: int, date: str) -> dict:
    """Compile the extracted tarball twice with pdflatex only, as arXiv does."""
    with tempfile.TemporaryDirectory(prefix="arxiv-verify-") as scratch:
        folder = Path(scratch)
        with tarfile.open(tarball) as tar:
            try:
                archives.extract(tar, folder)
            except UnsafeArchive as error:
                raise ReleaseError(str(error)) from None
        started = time.monotonic()
        try:
            log = pdflatex(folder, "main.tex", date, runs=2)
        except TexError as error:
            raise ReleaseError(f"the extracted tarball does not compile: {error}") from None
        seconds = time.monotonic() - started
        if undefined := undefined_keys(log):
            raise ReleaseError("undefined citations or references in the tarball build: " + ", ".join(undefined))
        pages = page_count(folder / "main.pdf")
        if pages != expected_pages:
            raise ReleaseError(f"the tarball compiles to {pages} pages, the paper has {expected_pages}")
        return {"pages": pages, "compile_seconds": round(seconds, 2)}


def comments(revisions: dict, pages: int, aux: str) -> str:
    """The arXiv Comments field: size of the paper and, for replacements, what changed."""
    figures = aux.count("{lof}{\\contentsline {figure}")
    tables = aux.count("{lot}{\\contentsline {table}")
    current = revisions["current"]
    text = f"{pages} pages, {figures} figures, {tables} tables. Living survey; findings data in the ancillary files."
    if current["version"] > 1:
        # Descriptions are sentences; inside the list their own full stops would read ".;".
        changes = "; ".join(
            " ".join(change["description"].split()).rstrip(".;, ")
            + (f" (reported by {change['reported_by']})" if change.get("reported_by") else "")
            for change in current["changes"]
        )
        text += f" v{current['version']}: {' '.join(current['summary'].split())} Changes: {changes}."
    return text + "\n"


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--comments", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--revisions", type=Path, required=True)
    parser.add_argument("--pdf", type=Path, required=True, help="the paper as the build compiled it, beside its .bbl")
    parser.add_argument("--keep-comments", action="store_true")
    parser.add_argument("--generated", type=Path, nargs="+", required=True, help="the generated .tex files")
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="ancillary findings files")
    args = parser.parse_args(argv)
    revisions = read_json(args.revisions)
    date = revisions["current"]["date"]
    files = collect(args.keep_comments, args.generated, args.pdf, args.data)
    if problems := check(files):
        raise ReleaseError("\n".join(problems))
    write_tarball(files, args.out, source_date_epoch(date))
    try:
        report = verify(args.out, page_count(args.pdf), date)
    except ReleaseError as error:
        args.out.unlink(missing_ok=True)
        raise ReleaseError(f"arXiv verification failed: {error}") from None
    report.update(files=sorted(files), bytes=args.out.stat().st_size)
    aux = args.pdf.with_suffix(".aux").read_text(encoding="utf-8", errors="replace")
    write_text(args.comments, comments(revisions, report["pages"], aux))
    write_text(args.report, json.dumps(report, indent=2) + "\n")
    print(
        f"{args.out}: {len(files)} files, {report['bytes']} bytes; compiled from the tarball in "
        f"{report['compile_seconds']} s to {report['pages']} pages"
    )


if __name__ == "__main__":
    main()
