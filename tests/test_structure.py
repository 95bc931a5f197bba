"""How the code is put together, where users would feel it: rules declare every input, errors never leak."""

from __future__ import annotations

import importlib
import re

import pytest

from scripts import dependencies, errors
from scripts.problems import Problem
from tests.helpers import REPO

# `check` is the exception by design: it reads the whole repository, as a contributor runs it.
RULE_COMMANDS = sorted(
    set(re.findall(r"python3 -m scripts\.(\w+)", "".join(p.read_text() for p in (REPO / "rules").glob("*.smk"))))
    - {"check"}
)


@pytest.mark.parametrize("module", RULE_COMMANDS)
def test_rule_commands_take_every_input_as_an_argument(module: str, capsys, monkeypatch, tmp_path):
    """Without arguments a rule's command stops at once: it never falls back to a default file."""
    monkeypatch.chdir(tmp_path)  # nothing to read here, should a default path remain
    with pytest.raises(SystemExit) as stop:
        importlib.import_module(f"scripts.{module}").main([])
    assert stop.value.code == 2, module
    assert "required" in capsys.readouterr().err, module


def test_rules_see_the_code_their_command_imports():
    code = dependencies.code_of("render")
    assert {"scripts/render.py", "scripts/views.py", "scripts/templates.py", "scripts/characters.py"} <= set(code)
    assert "scripts/compile.py" not in code and "scripts/bibliography.py" not in code
    assert dependencies.imported_modules("import scripts.tex\nfrom scripts import a, b\nfrom scripts.c import d\n") == {
        "tex",
        "a",
        "b",
        "c",
    }


def test_a_command_turns_project_errors_into_a_message_and_status_one(capsys):
    @errors.entry_point
    def failing(argv):
        raise errors.GitError("git rev-parse v9: unknown revision")

    @errors.entry_point
    def invalid(argv):
        raise errors.InputError([Problem("findings/x.yaml", 3, 5, "id", "is wrong")])

    for command, message in [
        (failing, "git rev-parse v9: unknown revision"),
        (invalid, "findings/x.yaml:3:5: id: is wrong"),
    ]:
        with pytest.raises(SystemExit) as stop:
            command([])
        assert stop.value.code == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
