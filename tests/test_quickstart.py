"""CI runs exactly what the README tells a new user to run."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO


def quickstart_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart:begin -->\s*```sh\n(.*?)```\s*<!-- quickstart:end -->", readme, re.S)
    assert block, "README.md lost its quick start block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def ci_commands() -> list[str]:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_quickstart_has_two_commands():
    assert len(quickstart_commands()) == 2


def test_ci_runs_the_readme_commands_in_order():
    ci = ci_commands()
    positions = []
    for command in quickstart_commands():
        matches = [i for i, line in enumerate(ci) if line == command or line.startswith(f"{command} ||")]
        assert matches, f".ci/run does not run {command!r}"
        positions.append(matches[0])
    assert positions == sorted(positions)


def test_setup_script_is_what_the_readme_runs():
    assert quickstart_commands()[0] == "./setup.sh"
    assert (REPO / "setup.sh").stat().st_mode & 0o111


def fake_checkout(tmp_path: Path, pytest_exit: int) -> Path:
    """.ci/run beside stand-ins for setup.sh, the venv's python and the Debian-python stage."""
    root = tmp_path / "checkout"
    (root / ".ci").mkdir(parents=True)
    (root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy2(REPO / ".ci" / "run", root / ".ci" / "run")
    stand_ins = {
        "setup.sh": "exit 0",
        ".venv/bin/python": f"echo pytest-ran; exit {pytest_exit}",
        ".ci/debian-python": "echo debian-python-ran",
    }
    for name, body in stand_ins.items():
        (root / name).write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
        (root / name).chmod(0o755)
    return root


@pytest.mark.parametrize("pytest_exit, passes", [(0, True), (1, False), (5, False)])
def test_ci_fails_when_pytest_fails_or_collects_nothing(tmp_path: Path, pytest_exit: int, passes: bool):
    root = fake_checkout(tmp_path, pytest_exit)
    result = subprocess.run(["bash", ".ci/run"], cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    assert "pytest-ran" in result.stdout
    assert ("debian-python-ran" in result.stdout) is passes


def test_ci_runs_the_suite_again_with_debian_python_as_a_non_root_user():
    ci = ci_commands()
    assert ".ci/debian-python" in ci
    script = (REPO / ".ci" / "debian-python").read_text(encoding="utf-8")
    assert "python=/usr/bin/python3" in script and "runuser -u" in script
    assert 'PYTHON="$python" ./setup.sh' in script and ".venv/bin/python -m pytest" in script


def test_hosted_ci_runs_the_ci_script():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any(re.fullmatch(r"(bash )?\.ci/run", command.strip()) for command in steps), steps


def setup_without_tex(tmp_path: Path, debian: bool) -> subprocess.CompletedProcess:
    """setup.sh on a machine without TeX, as a user who cannot install packages."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy2(REPO / "setup.sh", root / "setup.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "cat", "dirname", "grep", "tr", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    fakes = {"id": "echo 1000"}
    if debian:
        # Everything installed but texlive-pictures and latexdiff.
        fakes["dpkg-query"] = 'case "$3" in texlive-pictures|latexdiff) exit 1;; esac; printf "install ok installed"'
        fakes["apt-get"] = "exit 100"
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return subprocess.run(
        [shutil.which("bash"), "setup.sh"],
        cwd=root,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("debian", [True, False])
def test_setup_without_tex_or_root_says_one_thing_and_stops(tmp_path: Path, debian: bool):
    result = setup_without_tex(tmp_path, debian)
    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "then run ./setup.sh again" in message and "continuing" not in message
    assert "TikZ" in message and "pdflscape" in message and "microtype" in message
    if debian:
        assert "not root and sudo is not available" in message
        assert "sudo apt-get install texlive-pictures latexdiff\n" in message
    else:
        assert "not a Debian-based system" in message


def test_release_tags_publish_the_evidence_explorer_on_pages():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8"))
    pages = workflow["jobs"]["pages"]
    assert pages["if"] == "startsWith(github.ref, 'refs/tags/v')"
    uploads = [step for step in pages["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "build/site"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in pages["steps"])
