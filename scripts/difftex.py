"""A PDF that shows what changed in the paper since an earlier revision.

The earlier revision is exported from git into a scratch folder and built there
with the same Snakemake workflow, so its generated tables exist. Both versions
are flattened into single files (every \\input inlined, the .bbl in place of
\\bibliography) and compared with latexdiff. Tables and figures are compared as
whole units: latexdiff's markup inside tabular rules breaks the table.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import gitrefs, paths
from scripts.errors import DiffError, GitError, TexError, entry_point
from scripts.tex import pdflatex
from scripts.textio import copy_file, read_json

INPUT = re.compile(r"\\input\{([^}]+)\}")
BIBLIOGRAPHY = re.compile(r"\\bibliography\{[^}]*\}")
WHOLE_UNITS = r"(?:picture|DIFnomarkup|tikzpicture|tabular|longtable)[\w\d*@]*"


def flatten(root: Path, depth: int = 0, tex: str | None = None) -> str:
    """main.tex of a built tree with every \\input inlined and the bibliography from its .bbl."""
    if tex is None:
        tex = (root / paths.MAIN_TEX).read_text(encoding="utf-8")
        tex = BIBLIOGRAPHY.sub(lambda _: _read_bbl(root), tex, count=1)
    if depth > 10:
        raise DiffError("\\input nesting deeper than 10 levels")

    def inline(match: re.Match) -> str:
        name = match.group(1).strip()
        for folder in (root / search_root for search_root in paths.TEX_SEARCH_ROOTS):
            candidate = folder / (name if name.endswith(".tex") else f"{name}.tex")
            if candidate.is_file():
                return flatten(root, depth + 1, candidate.read_text(encoding="utf-8"))
        raise DiffError(f"{name}: \\input file not found in {root}")

    return INPUT.sub(inline, tex)


def _read_bbl(root: Path) -> str:
    bbl = root / paths.LATEX_PDF.with_suffix(".bbl")
    if not bbl.exists():
        raise DiffError(f"{bbl} is missing; the build of that revision did not finish")
    return bbl.read_text(encoding="utf-8")


def build_revision(ref: str, folder: Path) -> Path:
    """Export ref and run the same workflow there; returns the built tree."""
    root = gitrefs.export(ref, folder / "tree")
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "all"],
        cwd=root,
        capture_output=True,
        text=True,
        errors="replace",
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise DiffError(f"building {ref} failed:\n{tail}")
    return root


def latexdiff(old: str, new: str, folder: Path) -> str:
    (folder / "old.tex").write_text(old, encoding="utf-8")
    (folder / "new.tex").write_text(new, encoding="utf-8")
    result = subprocess.run(
        ["latexdiff", "--encoding=utf8", f"--config=PICTUREENV={WHOLE_UNITS}", "old.tex", "new.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DiffError(f"latexdiff failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def compile_diff(tex: str, folder: Path, date: str, out: Path) -> None:
    """Typeset the marked-up paper; latexdiff's output may carry harmless errors, so only a missing PDF fails."""
    (folder / "diff.tex").write_text(tex, encoding="utf-8")
    try:
        pdflatex(folder, "diff.tex", date, runs=2, halt_on_error=False)
    except TexError as error:
        raise DiffError(f"the diff did not compile: {error}") from None
    copy_file(folder / "diff.pdf", out)


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git ref of the earlier revision, e.g. v1")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--revisions", type=Path, required=True, help="its current date fixes the PDF's timestamps")
    args = parser.parse_args(argv)
    date = read_json(args.revisions)["current"]["date"]
    try:
        gitrefs.resolve(args.base)
        with tempfile.TemporaryDirectory(prefix="latexdiff-") as scratch:
            folder = Path(scratch)
            old = flatten(build_revision(args.base, folder))
            new = flatten(Path("."))
            compile_diff(latexdiff(old, new, folder), folder, date, args.out)
    except (DiffError, GitError) as error:
        raise DiffError(f"diff against {args.base}: {error}") from None
    print(f"{args.out}: changes since {args.base}")


if __name__ == "__main__":
    main()
