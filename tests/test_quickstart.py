"""CI runs exactly what the README tells a new user to run."""

from __future__ import annotations

import re

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
