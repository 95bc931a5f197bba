"""The few git operations releases need: export a ref, list release tags, check cleanliness.

Comparing with an earlier revision means building or reading the sources as they
were at a tag; `git archive` exports them into a scratch folder without touching
the working tree or the user's branches.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts import archives
from scripts.errors import GitError, UnsafeArchive

TAG = re.compile(r"^v(\d+)$")


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def resolve(ref: str) -> str:
    """The commit a ref names; an error that says so when it names nothing."""
    return git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()


def commit_or_unresolved(ref: str) -> str:
    """For Snakemake params: the ref's commit, so a moved ref reruns what compares with it."""
    try:
        return resolve(ref)
    except GitError:
        return "unresolved"


def ref_of_wildcard(refs: dict[str, str]) -> Callable[[Any], str]:
    """For Snakemake params: the git ref that a rule's {ref} wildcard (its file-name form) stands for."""
    return lambda wildcards: refs[wildcards.ref]


def commit_of_wildcard(refs: dict[str, str]) -> Callable[[Any], str]:
    """For Snakemake params: the commit of a rule's {ref}, so a moved ref reruns what compares with it."""
    return lambda wildcards: commit_or_unresolved(refs[wildcards.ref])


def export(ref: str, destination: Path) -> Path:
    """Write the tree of a ref into destination (created), as git archive gives it."""
    destination.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", ref], capture_output=True)
    if archive.returncode != 0:
        raise GitError(f"git archive {ref}: {archive.stderr.decode(errors='replace').strip()}")
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            archives.extract(tar, destination)
    except UnsafeArchive as error:
        raise GitError(f"{ref}: {error}") from None
    return destination


def release_tags() -> list[int]:
    """Version numbers of the v<N> tags, ascending."""
    numbers = [int(m.group(1)) for tag in git("tag", "--list", "v*").split() if (m := TAG.match(tag))]
    return sorted(numbers)


def dirty_paths() -> list[str]:
    """Tracked changes and untracked files that git does not ignore."""
    return [line[3:] for line in git("status", "--porcelain").splitlines() if line.strip()]


def source_files(root: Path) -> list[str]:
    """Files of the working tree that git tracks or would track (not ignored), relative to root."""
    if not (root / ".git").exists():
        message = f"{root} is not a git checkout; its source files are the ones git lists (git init && git add -A)"
        raise GitError(message)
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=root).split("\0")
    return [name for name in listed if name and (root / name).is_file()]


def copy_sources(root: Path, destination: Path) -> Path:
    """A copy of root's source files, without build outputs, Snakemake state or caches."""
    for name in source_files(root):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target, follow_symlinks=False)
    return destination


def file_name(ref: str) -> str:
    """A ref as part of a file name: v1 stays v1, origin/main becomes origin-main."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ref).strip("-") or "ref"
