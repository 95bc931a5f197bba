"""Extract tar archives without letting a member land outside the destination.

Releases extract two kinds of archive: `git archive` exports of earlier revisions
and our own arXiv tarball. Python added extraction filters in 3.11.4, but Debian 12
ships 3.11.2, where ``extractall(filter=...)`` is a TypeError. So every member is
checked here, on every interpreter, and the same rules hold everywhere: regular
files and folders only, relative names that stay inside the destination, no
owner or special mode bits taken from the archive.
"""

from __future__ import annotations

import copy
import os
import tarfile
from pathlib import Path, PurePosixPath

from scripts.errors import UnsafeArchive


def refusal(member: tarfile.TarInfo) -> str | None:
    """Why a member may not be extracted, or None when it is a plain file or folder."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or member.name.startswith(("/", "\\")):
        return "absolute path"
    if ".." in name.parts:
        return "path leaves the destination ('..')"
    if member.issym() or member.islnk():
        return "links are not extracted"
    if not (member.isfile() or member.isdir()):
        return "special files (devices, pipes) are not extracted"
    return None


def _plain(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """The member with ordinary permissions and the extracting user as owner."""
    plain = copy.copy(member)
    plain.mode = 0o755 if member.isdir() or member.mode & 0o100 else 0o644
    plain.uid, plain.gid = os.getuid(), os.getgid()
    plain.uname = plain.gname = ""
    return plain


def extract(tar: tarfile.TarFile, destination: Path) -> None:
    """Extract every member into destination, or nothing when any member is unsafe."""
    members = tar.getmembers()
    refused = [f"{m.name}: {reason}" for m in members if (reason := refusal(m))]
    if refused:
        raise UnsafeArchive("refusing to extract the archive: " + "; ".join(refused[:5]))
    destination.mkdir(parents=True, exist_ok=True)
    plain = [_plain(m) for m in members]
    if hasattr(tarfile, "data_filter"):
        tar.extractall(destination, members=plain, filter="data")
    else:
        tar.extractall(destination, members=plain)
