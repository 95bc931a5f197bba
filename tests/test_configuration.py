"""config.yaml as the Snakefile and check load it: schema defaults, overrides, window by name."""

from __future__ import annotations

from pathlib import Path

from scripts import configuration
from tests.helpers import SCHEMAS, copy_repository


def write_config(workdir: Path, text: str) -> Path:
    path = workdir / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """paper:
  title: T
  authors:
    - name: A
audit_window:
  end: "2025-08-31"
  start: "2018-01-01"
initiatives:
  - gpt
"""


def test_defaults_fill_what_the_file_leaves_out_and_overrides_win(tmp_path: Path, monkeypatch):
    workdir = copy_repository(tmp_path / "repo")
    monkeypatch.chdir(workdir)
    path = write_config(workdir, MINIMAL)
    settings, problems = configuration.check(path=path, schema=SCHEMAS / "config.schema.json")
    assert problems == []
    assert settings["build"] == {"evidence_lists": True, "arxiv_keep_comments": False}
    assert configuration.audit_window(settings) == ("2018-01-01", "2025-08-31")
    overridden, problems = configuration.check(
        {"build": {"evidence_lists": False}, "base": "v1"}, path=path, schema=SCHEMAS / "config.schema.json"
    )
    assert problems == []
    assert overridden["build"] == {"evidence_lists": False, "arxiv_keep_comments": False}
    assert overridden["base"] == "v1"


def test_command_line_values_take_the_type_the_schema_asks_for(tmp_path: Path, monkeypatch):
    """Snakemake hands `--config strict=true` over as the string "true" and nested values as strings."""
    workdir = copy_repository(tmp_path / "repo")
    monkeypatch.chdir(workdir)
    path = write_config(workdir, MINIMAL)
    overrides = {"strict": "true", "update_lock": "False", "verify": {"timeout_seconds": "2.5", "retries": "3"}}
    settings, problems = configuration.check(overrides, path=path, schema=SCHEMAS / "config.schema.json")
    assert problems == []
    assert (settings["strict"], settings["update_lock"]) == (True, False)
    assert (settings["verify"]["timeout_seconds"], settings["verify"]["retries"]) == (2.5, 3)
    _, problems = configuration.check({"strict": "maybe"}, path=path, schema=SCHEMAS / "config.schema.json")
    assert [(p.file, p.field) for p in problems] == [("--config", "strict")]
