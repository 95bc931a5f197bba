"""The project's one error hierarchy, and the one place errors become exit codes.

Library code raises; only a command's entry point (``entry_point``) prints and exits.
A user meets every failure as a message they can act on — a list of positioned
problems or one sentence — and never as a Python traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable

from scripts.problems import Problem, errors, first_time, report


class ProjectError(Exception):
    """A failure the user can act on; the message says what to do."""


class InputError(ProjectError):
    """Problems found in user input, all of them, so they are printed at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self) -> tuple:
        """Pickled with its problems, so it can come back from a worker process (scripts.generate)."""
        return (InputError, (self.problems,))


class GitError(ProjectError):
    """A git command failed or a ref names no commit."""


class UnsafeArchive(ProjectError):
    """An archive member that must not be extracted; the message names it."""


class TexError(ProjectError):
    """TeX could not make a PDF; the message is the first error from its log."""


class DiffError(ProjectError):
    """The revision diff could not be made."""


class ReleaseError(ProjectError):
    """A reason a release or an arXiv submission must not be made."""


def entry_point(main: Callable[[list[str] | None], None]) -> Callable[[list[str] | None], None]:
    """An entry point that turns the project's errors into a message and exit status 1.

    Problems are printed unless another job of the same Snakemake run already
    printed them (a template error fails every job that renders the template).
    """

    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> None:
        try:
            main(argv)
        except InputError as error:
            if first_time(error.problems):
                report(error.problems)
            raise SystemExit(1) from None
        except ProjectError as error:
            print(error, file=sys.stderr)
            raise SystemExit(1) from None

    return run


def raise_on_errors(problems: Iterable[Problem]) -> None:
    """Raise InputError when any problem is an error; otherwise print the warnings, if any."""
    problems = list(problems)
    if errors(problems):
        raise InputError(problems)
    report(problems)
