"""The revisions list: which arXiv version this is, when, and what changed.

The current version and date are read from here and nowhere else, so the title
page, the PDF timestamps and the revision history cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scripts import paths
from scripts.errors import InputError
from scripts.problems import Problem, excerpt
from scripts.yamlsource import load as load_yaml


def check(
    path: Path = paths.REVISIONS, schema: Path = paths.REVISIONS_SCHEMA, documents: dict | None = None
) -> tuple[list[dict], list[Problem]]:
    """Revisions oldest first, numbered 1, 2, … with dates that never go back.

    With the bibliography index as `documents`, also the provenance rule: the
    current revision cannot rest on a document read after its own date, so every
    audited document's urldate is at most that date.
    """
    from scripts.schema import load_valid  # jsonschema is slow to import; current_version needs none of it

    source, problems = load_valid(path, schema)
    if source is None:
        return [], problems
    revisions = [{"status": "released", **revision} for revision in source.data["revisions"]]
    previous_date = ""
    for index, revision in enumerate(revisions):
        where = ("revisions", index)
        if revision["version"] != index + 1:
            problems.append(
                source.problem(where + ("version",), f"expected version {index + 1} (versions count up from 1)")
            )
        if revision["status"] == "draft" and index != len(revisions) - 1:
            problems.append(source.problem(where + ("status",), "only the newest revision may be a draft"))
        try:
            dt.date.fromisoformat(revision["date"])
        except ValueError:
            problems.append(source.problem(where + ("date",), f"{excerpt(revision['date'])} is not a calendar date"))
            continue
        if revision["date"] < previous_date:
            problems.append(
                source.problem(where + ("date",), f"{revision['date']} is earlier than the previous revision")
            )
        previous_date = revision["date"]
    if documents and not problems:
        problems += read_after(revisions[-1], source.position(("revisions", len(revisions) - 1, "date")), documents)
    return revisions, problems


def read_after(current: dict, date_position: tuple[int, int], documents: dict) -> list[Problem]:
    """Audited documents whose access date is later than the current revision's date."""
    line, _ = date_position
    problems = []
    for key, entry in sorted(documents.items()):
        if entry["source"] == "documentation" and entry["urldate"] > current["date"]:
            message = (
                f"accessed {entry['urldate']}, after v{current['version']} of {current['date']}"
                f" ({paths.REVISIONS}:{line}); a revision cannot rest on a document read after its date"
            )
            problems.append(Problem(str(paths.DOCUMENTATION_BIB), entry["urldate_line"], 1, f"{key}.urldate", message))
    return problems


def current_version(path: Path = paths.REVISIONS) -> int | None:
    """The newest version number, or None when the file is unreadable (its rule reports why)."""
    try:
        entries = load_yaml(path).data.get("revisions", [])
        return max(int(entry["version"]) for entry in entries)
    except (InputError, AttributeError, KeyError, TypeError, ValueError):
        return None


def current_status(path: Path = paths.REVISIONS) -> str | None:
    """released or draft for the newest revision; None when the file is unreadable."""
    try:
        return load_yaml(path).data["revisions"][-1].get("status", "released")
    except (InputError, AttributeError, KeyError, IndexError, TypeError):
        return None
