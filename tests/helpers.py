"""Shared test helpers: repository copies, real Snakemake runs, PDF text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts import gitrefs

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SCHEMAS = REPO / "schemas"


def copy_repository(destination: Path) -> Path:
    """The repository's sources, as git lists them: no build outputs, Snakemake state or caches."""
    return gitrefs.copy_sources(REPO, destination)


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(workdir: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=workdir, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def history_at_v1(destination: Path) -> Path:
    """A copy of the repository in a git history of its own whose one commit is revision v1,
    dated after every audited document was read (not yet tagged: a release tags it)."""
    workdir = copy_repository(destination)
    shutil.copy2(REPO / ".gitignore", workdir / ".gitignore")
    (workdir / "paper" / "revisions.yaml").write_text(
        'revisions:\n  - version: 1\n    date: "2026-11-30"\n    summary: First version.\n'
        "    changes:\n      - description: Initial release.\n",
        encoding="utf-8",
    )
    git(workdir, "init", "-q", "-b", "main")
    git(workdir, "add", "-A")
    git(workdir, "commit", "-q", "-m", "v1")
    return workdir


def clone_built(built: Path, destination: Path) -> Path:
    """A copy of an already built tree, Snakemake metadata and timestamps included."""
    shutil.copytree(built, destination, symlinks=True)
    return destination


def snakemake(workdir: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def pdf_text(pdf: Path) -> str:
    """Text of a PDF with line breaks, hyphenation and spacing normalised."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    joined = re.sub(r"-\n(?=[a-z])", "", raw)
    return " ".join(joined.split())


def jobs_planned(dry_run_output: str) -> dict[str, int]:
    """Rule name -> job count from the 'Job stats' table of a dry run."""
    counts = {}
    match = re.search(r"Job stats:\n(.*?)\n\s*\n", dry_run_output, re.S)
    if not match:
        return counts
    for line in match.group(1).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit() and parts[0] != "total":
            counts[parts[0]] = int(parts[1])
    return counts
