"""Problems found in user input, and how they are reported.

Contributors fix their YAML and bib files from these messages alone, so every
problem carries the file, line, column and field it concerns, all problems are
collected before anything is printed, and a failing check ends with a short
summary and a non-zero exit instead of a Python traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn, TextIO

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        prefix = "" if self.severity == ERROR else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{self.message}"


class InputError(Exception):
    """Raised with every problem found, so a caller can print them all at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def report(problems: Iterable[Problem], stream: TextIO = sys.stderr, summary: bool = True) -> int:
    """Print problems sorted by place; return how many are errors."""
    problems = sorted(set(problems))
    for problem in problems:
        print(problem, file=stream)
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    if problems and summary:
        print(f"{n_errors} error(s), {n_warnings} warning(s)", file=stream)
    return n_errors


def fail(problems: Iterable[Problem]) -> NoReturn:
    report(problems)
    raise SystemExit(1)


def exit_on_errors(problems: Iterable[Problem]) -> None:
    """Report problems; exit non-zero when any is an error."""
    if report(problems):
        raise SystemExit(1)
