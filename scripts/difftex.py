"""A PDF that shows what changed in the paper since an earlier revision.

The earlier revision is exported from git into a scratch folder and built there
with the same Snakemake workflow. Three kinds of change are then marked, each
by the tool that can see it:

- Prose: both versions are flattened into single files (every \\input inlined,
  the .bbl in place of \\bibliography) with every generated macro replaced by
  its value in that version, so "six" -> "seven" is a word change, and
  latexdiff compares the words.
- Tables and figures: every generated part that holds one is rendered again by
  today's template and view from the earlier revision's tidy data, so the two
  renderings differ exactly where the data does; scripts.tablediff marks the
  changed cells, rows and drawing commands, and the marked part replaces the
  part in both flattened files, so latexdiff leaves it alone.
- Overview: a summary page at the front lists the changed codes, initiatives,
  documents, tables and figures with links to their pages.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import changelog, gitrefs, paths, render, tablediff, views
from scripts.errors import DiffError, GitError, TexError, entry_point
from scripts.templates import render_file
from scripts.tex import pdflatex
from scripts.textio import copy_file, read_json

INPUT = re.compile(r"\\input\{([^}]+)\}")
BIBLIOGRAPHY = re.compile(r"\\bibliography\{[^}]*\}")
DEFINITION = re.compile(r"\\newcommand\{\\([A-Za-z]+)\}\{")
WHOLE_UNITS = r"(?:picture|DIFnomarkup|tikzpicture|tabular|longtable)[\w\d*@]*"
# Counting macros of the preamble take generated numbers as arguments; once those are
# expanded, latexdiff may wrap the whole call as one changed word.
SAFE_COMMANDS = "numword,Numword,countOf,CountOf,nounCount,nounShare,shareOf,disclosure"
BEGIN_DOCUMENT = "\\begin{document}"
MAKETITLE = "\\maketitle"


def definitions(root: Path) -> dict[str, str]:
    """Name -> body of every macro the build generated for this tree."""
    tex = (root / paths.GENERATED / "macros.tex").read_text(encoding="utf-8")
    found = {}
    for match in DEFINITION.finditer(tex):
        end = tablediff.braced(tex, match.end() - 1)
        found[match.group(1)] = tex[match.end() : end - 1]
    return found


def expand_macros(tex: str, macros: dict[str, str]) -> str:
    """The document body with every generated macro replaced by its value; the preamble untouched."""
    if not macros or BEGIN_DOCUMENT not in tex:
        return tex
    preamble, body = tex.split(BEGIN_DOCUMENT, 1)
    call = re.compile(r"\\(" + "|".join(sorted(macros, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\})?")
    for _ in range(5):  # values may use other generated macros
        expanded = call.sub(lambda match: macros[match.group(1)], body)
        if expanded == body:
            break
        body = expanded
    return preamble + BEGIN_DOCUMENT + body


def settle_run_in_headings(tex: str) -> str:
    """Each \\paragraph heading followed by \\leavevmode, which typesets it where it stands.

    A run-in heading is set only when its paragraph's first word is, so a first word
    that latexdiff marked as deleted would turn the heading red too; starting the
    paragraph right after the heading changes nothing else on the page.
    """
    out, position = [], 0
    for match in re.finditer(r"\\paragraph\*?(?=\{)", tex):
        if match.start() < position:
            continue
        end = tablediff.braced(tex, match.end())
        out += [tex[position:end], "\\leavevmode{}"]
        position = end
    return "".join(out) + tex[position:]


def flatten(root: Path, parts: dict[str, str] | None = None, depth: int = 0, tex: str | None = None) -> str:
    """main.tex of a built tree with every \\input inlined and the bibliography from its .bbl.

    parts replaces generated parts by name (e.g. "disclosure-matrix"): the marked tables
    and figures that both versions of the diff share.
    """
    parts = parts or {}
    if tex is None:
        tex = (root / paths.MAIN_TEX).read_text(encoding="utf-8")
        tex = BIBLIOGRAPHY.sub(lambda _: _read_bbl(root), tex, count=1)
    if depth > 10:
        raise DiffError("\\input nesting deeper than 10 levels")

    def inline(match: re.Match) -> str:
        name = match.group(1).strip().removesuffix(".tex")
        generated = name.removeprefix(f"{paths.GENERATED.name}/")
        if name != generated and generated in parts:
            return flatten(root, parts, depth + 1, parts[generated])
        for folder in (root / search_root for search_root in paths.TEX_SEARCH_ROOTS):
            candidate = folder / f"{name}.tex"
            if candidate.is_file():
                return flatten(root, parts, depth + 1, candidate.read_text(encoding="utf-8"))
        raise DiffError(f"{name}: \\input file not found in {root}")

    return INPUT.sub(inline, tex)


def _read_bbl(root: Path) -> str:
    bbl = root / paths.LATEX_PDF.with_suffix(".bbl")
    if not bbl.exists():
        raise DiffError(f"{bbl} is missing; the build of that revision did not finish")
    return bbl.read_text(encoding="utf-8")


def generated_parts(root: Path) -> dict[str, str]:
    """Name (path under build/generated without .tex) -> text of each generated part of a built tree."""
    folder = root / paths.GENERATED
    return {
        path.relative_to(folder).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.tex"))
    }


def earlier_rendering(name: str, old_root: Path) -> str:
    """The part as today's template and view draw the earlier revision's data.

    Data of an older revision may not fit today's views (a field added since); the
    part the older build wrote stands in then, and "" for a part it did not have.
    """
    try:
        part, _ = render.resolve(name)
        if part.settings is None:
            data = {key: read_json(old_root / path) for key, path in render.data_files(name).items()}
            return render.render_part(name, data, {})
    except Exception:  # noqa: BLE001 - any failure means the old data does not fit; fall back
        pass
    old = old_root / paths.GENERATED / f"{name}.tex"
    return old.read_text(encoding="utf-8") if old.exists() else ""


def marked_parts(old_root: Path, new_root: Path, base: str) -> tuple[dict[str, str], list[dict]]:
    """Every table and figure part marked against the earlier revision, and each changed table or figure."""
    marked, changed = {}, []
    for name, new in generated_parts(new_root).items():
        if not tablediff.is_table_or_figure(new):
            continue
        marked[name], tables = tablediff.mark_part(earlier_rendering(name, old_root), new, base)
        changed += [
            {
                "part": name,
                "label": table.label.split(":") if table.label else [],
                "changes": tablediff.describe(table.changes),
            }
            for table in tables
        ]
    return marked, changed


def summary_view(*, changes: dict, parts: list[dict], base: str, old: dict, new: dict, tables: dict) -> dict:
    """What the summary page at the front of the diff states; counts come from the changelog's comparison.

    tables gives, per aspect id, the label of the summary table that shows its cells.
    """
    changes = {**changes, "short": [{**c, "table": tables.get(c["aspect_id"], [])} for c in changes["short"]]}
    counts = [
        ("initiatives added", len(changes["initiatives_added"])),
        ("initiatives removed", len(changes["initiatives_removed"])),
        ("disclosure codes changed", len(changes["disclosure"])),
        ("table cells (short findings) changed", len(changes["short"])),
        ("findings reworded", len(changes["finding"])),
        ("evidence items added to initiatives of both versions", len(changes["evidence_added"])),
        ("evidence items removed from them", len(changes["evidence_removed"])),
        ("audited documents added", len(changes["documents_added"])),
        ("audited documents removed", len(changes["documents_removed"])),
        ("tables and figures with marked changes", len(parts)),
    ]
    return {"base": base, "old": old, "new": new, "counts": counts, "changes": changes, "parts": parts}


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
        [
            "latexdiff",
            "--encoding=utf8",
            f"--config=PICTUREENV={WHOLE_UNITS}",
            f"--append-safecmd={SAFE_COMMANDS}",
            "old.tex",
            "new.tex",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DiffError(f"latexdiff failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def compile_diff(tex: str, folder: Path, date: str, out: Path) -> None:
    """Typeset the marked-up paper; latexdiff's output may carry harmless errors, so only a missing PDF fails.

    Three runs: the summary page's page references settle only after the pages behind
    them have been laid out with the references of the run before.
    """
    (folder / "diff.tex").write_text(tex, encoding="utf-8")
    try:
        pdflatex(folder, "diff.tex", date, runs=3, halt_on_error=False)
    except TexError as error:
        raise DiffError(f"the diff did not compile: {error}") from None
    copy_file(folder / "diff.pdf", out)


def annotate(diff: str, summary: str, preamble: str) -> str:
    """latexdiff's output with the cell-marking macros defined and the summary page after the title."""
    diff = diff.replace(BEGIN_DOCUMENT, preamble + BEGIN_DOCUMENT, 1)
    if MAKETITLE in diff:
        return diff.replace(MAKETITLE, MAKETITLE + "\n" + summary, 1)
    return diff.replace(BEGIN_DOCUMENT, BEGIN_DOCUMENT + "\n" + summary, 1)


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git ref of the earlier revision, e.g. v1")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--revisions", type=Path, required=True, help="its current date fixes the PDF's timestamps")
    parser.add_argument("--summary-template", type=Path, required=True)
    parser.add_argument("--preamble", type=Path, required=True, help="LaTeX that defines the cell-marking macros")
    args = parser.parse_args(argv)
    new_revision = read_json(args.revisions)["current"]
    here = Path(".")
    try:
        gitrefs.resolve(args.base)
        with tempfile.TemporaryDirectory(prefix="latexdiff-") as scratch:
            folder = Path(scratch)
            old_root = build_revision(args.base, folder)
            parts, changed_parts = marked_parts(old_root, here, args.base)
            old = settle_run_in_headings(expand_macros(flatten(old_root, parts), definitions(old_root)))
            new = settle_run_in_headings(expand_macros(flatten(here, parts), definitions(here)))
            changes = changelog.compare(
                changelog.read_findings(old_root),
                changelog.read_findings(here),
                changelog.read_documents(old_root),
                changelog.read_documents(here),
                changelog.read_labels(here),
            )
            old_revision = read_json(old_root / paths.REVISIONS_JSON)["current"]
            # In the order a reader meets them.
            changed_parts.sort(key=lambda part: new.find(f"\\label{{{':'.join(part['label'])}}}"))
            summaries = views.summaries_view(
                initiatives=read_json(paths.INITIATIVES_JSON),
                findings=read_json(paths.FINDINGS_JSON),
                codebook=read_json(paths.CODEBOOK_JSON),
            )
            tables = {a["id"]: ["tab", t["label"]] for t in summaries["tables"] for a in t["aspects"]}
            view = summary_view(
                changes=changes, parts=changed_parts, base=args.base, old=old_revision, new=new_revision, tables=tables
            )
            summary = render_file(args.summary_template, view)
            marked = annotate(latexdiff(old, new, folder), summary, render_file(args.preamble, {}))
            compile_diff(marked, folder, new_revision["date"], args.out)
    except (DiffError, GitError) as error:
        raise DiffError(f"diff against {args.base}: {error}") from None
    print(f"{args.out}: changes since {args.base}")


if __name__ == "__main__":
    main()
