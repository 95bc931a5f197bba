"""Safe extraction on every interpreter users have, Debian 12's 3.11.2 (no tarfile filters) included."""

from __future__ import annotations

import io
import stat
import tarfile
from pathlib import Path

import pytest

from scripts import archives
from scripts.errors import UnsafeArchive


def archive(*members: tarfile.TarInfo, content: bytes = b"text\n") -> tarfile.TarFile:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for member in members:
            if member.isfile():
                member.size = len(content)
                tar.addfile(member, io.BytesIO(content))
            else:
                tar.addfile(member)
    buffer.seek(0)
    return tarfile.open(fileobj=buffer)


def member(name: str, kind: bytes = tarfile.REGTYPE, mode: int = 0o644, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.linkname = kind, mode, link
    info.uid = info.gid = 4242
    return info


@pytest.fixture(params=["with data_filter", "without data_filter (Python < 3.11.4)"])
def interpreter(request, monkeypatch):
    if request.param.startswith("without"):
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
        monkeypatch.delattr(tarfile, "tar_filter", raising=False)
    return request.param


def test_plain_archive_extracts_with_ordinary_modes(tmp_path: Path, interpreter: str):
    tar = archive(
        member("paper", tarfile.DIRTYPE, 0o777),
        member("paper/main.tex", mode=0o4777),
        member("setup.sh", mode=0o755),
    )
    archives.extract(tar, tmp_path / "out")
    assert (tmp_path / "out" / "paper" / "main.tex").read_bytes() == b"text\n"
    assert stat.S_IMODE((tmp_path / "out" / "paper" / "main.tex").stat().st_mode) & 0o7022 == 0
    assert (tmp_path / "out" / "setup.sh").stat().st_mode & 0o100


@pytest.mark.parametrize(
    "hostile, reason",
    [
        (member("/tmp/escaped.txt"), "absolute path"),
        (member("../escaped.txt"), "leaves the destination"),
        (member("a/../../escaped.txt"), "leaves the destination"),
        (member("link", tarfile.SYMTYPE, link="/etc/passwd"), "links are not extracted"),
        (member("inside-link", tarfile.SYMTYPE, link="paper/main.tex"), "links are not extracted"),
        (member("hard", tarfile.LNKTYPE, link="/etc/passwd"), "links are not extracted"),
        (member("null", tarfile.CHRTYPE), "special files"),
        (member("pipe", tarfile.FIFOTYPE), "special files"),
    ],
)
def test_unsafe_members_are_refused_and_nothing_is_written(tmp_path: Path, interpreter: str, hostile, reason):
    tar = archive(member("paper/main.tex"), hostile)
    with pytest.raises(UnsafeArchive, match=reason):
        archives.extract(tar, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escaped.txt").exists()
