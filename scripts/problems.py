"""Problems found in user input, and how they are reported.

Contributors fix their YAML and bib files from these messages alone, so every
problem carries the file, line, column and field it concerns, all problems are
collected before anything is printed, and a failing check ends with a short
summary and a non-zero exit instead of a Python traceback.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from scripts import paths

ERROR = "error"
WARNING = "warning"
# Worth knowing, nothing to fix: e.g. a document changed but every quote still verifies.
NOTICE = "notice"
# A message quotes a value only in part: a misplaced file (say, a link to a secrets file)
# must not be echoed whole into the terminal and the logs.
EXCERPT_CHARS = 60
# A field is a path of keys; one that reaches a release code's quote runs to about 90 characters.
FIELD_CHARS = 120
MESSAGE_CHARS = 300


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """repr() of a value, cut to a short excerpt that says how long the whole is."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else type(value).__name__
    return f"{text[:limit]}… ({size})"


def _clip(text: str, limit: int = MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… (message cut)"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        prefix = "" if self.severity == ERROR else f"{self.severity}: "
        field = f"{_clip(self.field, FIELD_CHARS)}: " if self.field else ""
        return f"{where}: {prefix}{field}{_clip(self.message)}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def report(problems: Iterable[Problem], stream: TextIO | None = None, summary: bool = True) -> int:
    """Print problems sorted by place (to stderr unless a stream is given); return how many are errors."""
    stream = stream or sys.stderr
    problems = sorted(set(problems))
    for problem in problems:
        print(problem, file=stream)
    n_errors = len(errors(problems))
    n_notices = len([p for p in problems if p.severity == NOTICE])
    n_warnings = len(problems) - n_errors - n_notices
    if problems and summary:
        notices = f", {n_notices} notice(s)" if n_notices else ""
        print(f"{n_errors} error(s), {n_warnings} warning(s){notices}", file=stream)
    return n_errors


def first_time(problems: list[Problem]) -> bool:
    """Whether no other job of this Snakemake run has reported these problems yet.

    A template error fails every job that renders the template (one per initiative);
    the first job to meet it reports it, the others fail quietly. Outside a run
    (no run id in the environment) every call reports.
    """
    run = os.environ.get(paths.RUN_ID_VARIABLE)
    if not run:
        return True
    folder = paths.REPORTED / run
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256("\n".join(map(str, problems)).encode("utf-8")).hexdigest()[:24]
    try:
        os.close(os.open(folder / digest, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
