"""Reading contributors' source files: regular files inside the repository, of bounded size.

Findings, bibliographies, config, templates and prose come from pull requests. A
source that is a symlink to /etc/passwd or to a token would be echoed into error
messages and logs; one that links to /dev/zero would be read forever (its size is
0 to stat). So every source is checked before anything reads it, the repository
tree is checked as a whole before Snakemake plans a build (Snakemake checksums
inputs itself), and reads stop at the size limit whatever stat says.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scripts import paths
from scripts.errors import InputError
from scripts.problems import Problem

# Findings files are a few dozen kilobytes; anything this large is a mistake or an attack,
# and parsing it would take minutes and gigabytes.
MAX_BYTES = 2_000_000

TREES = (paths.FINDINGS, paths.BIB, paths.PAPER, paths.SCHEMAS)
FILES = (paths.CONFIG, paths.CODEBOOK)


def refusal(path: Path) -> str | None:
    """Why path may not be read as a source, or None when it is a regular file inside the repository."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "file not found"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "is a broken or looping symbolic link"
        if not target.is_relative_to(Path.cwd().resolve()):
            return "is a symbolic link to a file outside the repository; sources must be inside it"
        info = os.stat(target)
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, pipe or socket); sources must be ordinary files"
    return None


def unsafe_sources(trees: tuple[Path, ...] = TREES, files: tuple[Path, ...] = FILES) -> list[Problem]:
    """Every source path in the repository that may not be read, with the reason."""
    problems = []
    for path in files:
        reason = refusal(path)
        if reason and reason != "file not found":
            problems.append(Problem(str(path), 1, 1, "", reason))
    for tree in trees:
        for folder, folders, names in os.walk(tree):
            for name in sorted(folders + names):
                path = Path(folder) / name
                if path.is_symlink() or name in names:
                    reason = refusal(path)
                    if reason and not (reason == "is a folder, not a file" and name in folders):
                        problems.append(Problem(str(path), 1, 1, "", reason))
            # os.walk does not descend into symlinked folders; those inside the tree were checked above.
    return sorted(problems)


def read_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or an InputError saying why it may not be read."""
    file = str(path)
    reason = refusal(Path(path))
    if reason:
        raise InputError([Problem(file, 1, 1, "", reason)])
    with open(path, "rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        size = max(os.stat(path).st_size, len(raw))
        message = f"the file is {size / 1e6:.1f} MB; source files are limited to {limit / 1e6:.0f} MB"
        raise InputError([Problem(file, 1, 1, "", message)])
    return raw


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """A source file as UTF-8 text; a decoding error points at the line and column of the byte."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line, column = before.count(b"\n") + 1, error.start - (before.rfind(b"\n") + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise InputError([Problem(str(path), line, column, "", message)]) from None
