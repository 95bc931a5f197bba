"""The revisions list decides the version and date everything else shows."""

from __future__ import annotations

from pathlib import Path

from scripts import revisions
from tests.helpers import REPO, SCHEMAS

VALID = """revisions:
  - version: 1
    date: "2025-08-23"
    summary: First version.
    changes:
      - description: Initial release.
  - version: 2
    date: "2025-12-01"
    summary: Corrections from readers.
    changes:
      - description: Llama annotators recoded.
        reported_by: A. Reader
"""


def check(tmp_path: Path, text: str) -> tuple[list[dict], list[str]]:
    path = tmp_path / "revisions.yaml"
    path.write_text(text, encoding="utf-8")
    found, problems = revisions.check(path, SCHEMAS / "revisions.schema.json")
    return found, [str(p).removeprefix(f"{path}:") for p in problems]


def test_repository_revisions_are_valid():
    found, problems = revisions.check(REPO / "paper" / "revisions.yaml", SCHEMAS / "revisions.schema.json")
    assert problems == [] and found[0]["version"] == 1


def test_current_is_the_last_entry(tmp_path):
    found, problems = check(tmp_path, VALID)
    assert problems == []
    assert found[-1]["version"] == 2 and found[-1]["changes"][0]["reported_by"] == "A. Reader"


def test_versions_must_count_up_from_one(tmp_path):
    _, problems = check(tmp_path, VALID.replace("version: 2", "version: 3"))
    assert problems == ["7:14: revisions[1].version: expected version 2 (versions count up from 1)"]


def test_dates_must_not_go_back(tmp_path):
    _, problems = check(tmp_path, VALID.replace('"2025-12-01"', '"2025-01-01"'))
    assert problems == ["8:11: revisions[1].date: 2025-01-01 is earlier than the previous revision"]


def test_impossible_dates_are_rejected(tmp_path):
    _, problems = check(tmp_path, VALID.replace('"2025-12-01"', '"2025-02-30"'))
    assert problems == ["8:11: revisions[1].date: '2025-02-30' is not a calendar date"]
