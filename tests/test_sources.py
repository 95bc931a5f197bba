"""Sources are regular files inside the repository; nothing else is read, echoed or hung on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import findings, sources
from scripts.errors import InputError
from scripts.problems import Problem, excerpt
from tests.helpers import SCHEMAS, copy_repository, snakemake

SECRET = "token-3f9c2a7e1b5d4c8f9a0b6e2d7c1f4a8b"


@pytest.fixture
def secret_outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(f"id: {SECRET}\nname: {SECRET}\n" + "padding: x\n" * 50, encoding="utf-8")
    return secret


def run_check(workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.check"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def logs_text(workdir: Path) -> str:
    logs = workdir / "build" / "logs"
    return "".join(p.read_text(errors="replace") for p in logs.rglob("*") if p.is_file()) if logs.exists() else ""


@pytest.mark.parametrize("where", ["findings/extra.yaml", "findings/qwen.yaml", "bib/references.bib", "config.yaml"])
def test_a_link_to_a_file_outside_the_repository_is_refused_without_echoing_it(
    tmp_path: Path, secret_outside: Path, where: str
):
    workdir = copy_repository(tmp_path / "repo")
    link = workdir / where
    link.unlink(missing_ok=True)
    link.symlink_to(secret_outside)
    for result in (run_check(workdir), snakemake(workdir, "--cores", "1", timeout=120)):
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert f"{where}:1:1: is a symbolic link to a file outside the repository" in output
        assert SECRET not in output and "Traceback" not in output
    assert SECRET not in logs_text(workdir)
    assert not (workdir / "build" / "latex").exists()


def test_a_link_inside_the_repository_is_fine(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    (workdir / "findings" / "qwen.yaml").rename(workdir / "qwen-real.yaml")
    (workdir / "findings" / "qwen.yaml").symlink_to(Path("..") / "qwen-real.yaml")
    result = run_check(workdir)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_fails_at_once(tmp_path: Path, device: str):
    workdir = copy_repository(tmp_path / "repo")
    qwen = workdir / "findings" / "qwen.yaml"
    qwen.unlink()
    qwen.symlink_to(device)
    result = snakemake(workdir, "--cores", "1", "check", timeout=60)
    assert result.returncode != 0
    assert "findings/qwen.yaml:1:1: is a symbolic link to a file outside the repository" in result.stderr


def test_a_pipe_in_place_of_a_source_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    os.mkfifo(workdir / "findings" / "pipe.yaml")
    result = run_check(workdir)
    assert result.returncode != 0
    assert "findings/pipe.yaml:1:1: is not a regular file (a device, pipe or socket)" in result.stdout


def test_the_size_limit_holds_while_reading(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(InputError) as raised:
        sources.read_bytes(path, limit=1000)
    assert "limited to" in raised.value.problems[0].message
    assert sources.read_bytes(path, limit=5000) == b"x" * 5000


def test_messages_quote_only_an_excerpt_of_a_value(tmp_path: Path, fixture_codebook, fixture_bibliography):
    path = tmp_path / "findings" / "alpha.yaml"
    path.parent.mkdir()
    path.write_text(f"{SECRET} " * 200, encoding="utf-8")
    _, problems = findings.check(path, fixture_codebook, fixture_bibliography, SCHEMAS / "findings.schema.json")
    text = "\n".join(map(str, problems))
    assert "is not of type object" in text
    assert text.count(SECRET) <= 1 and len(text) < 300
    assert excerpt("a" * 1000).endswith("(1,000 characters)")
    assert len(str(Problem("f", 1, 1, "x" * 500, "y" * 5000))) < 500
