"""Shared test helpers: repository copies, real Snakemake runs, PDF text."""

from __future__ import annotations

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
