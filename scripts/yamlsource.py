"""The one YAML loader: plain data plus the line and column of every node.

Contributors edit YAML by hand, and a message is only useful if it points at the
line to fix. ruamel.yaml keeps node positions; this module turns its round-trip
objects into plain dicts, lists and strings (what JSON Schema and pandas expect)
and keeps the positions in a side table keyed by the path to each node.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from scripts.problems import InputError, Problem

PathKey = tuple[str | int, ...]

# Findings files are a few dozen kilobytes; anything this large is a mistake or an attack,
# and parsing it would take minutes and gigabytes.
MAX_BYTES = 2_000_000


class AliasError(Exception):
    """A YAML alias (*name): not needed in these files, and the way to build "billion laughs"."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


@dataclass
class YamlSource:
    """A parsed YAML file; positions are 1-based (line, column)."""

    file: str
    data: Any
    value_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathKey, at_key: bool = False) -> tuple[int, int]:
        """Position of the node at path, or of its closest recorded ancestor."""
        table = self.key_positions if at_key else self.value_positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.value_positions:
                return self.value_positions[probe]
            probe = probe[:-1]
        return self.value_positions.get((), (1, 1))

    def problem(self, path: PathKey, message: str, at_key: bool = False, severity: str = "error") -> Problem:
        line, column = self.position(path, at_key)
        return Problem(self.file, line, column, field_name(path), message, severity)


def field_name(path: PathKey) -> str:
    """Dotted field path as contributors read it: aspects.annotators.evidence[0].doc"""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _plain(node: Any, path: PathKey, source: YamlSource, seen: set[int] | None = None) -> Any:
    """Plain data from ruamel's objects; a container met twice came from an alias."""
    if seen is None:
        seen = set()
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if id(node) in seen:
            line, column = source.position(path[:-1] if path else path)
            raise AliasError(line, column)
        seen.add(id(node))
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            child = path + (str(key),)
            key_line, key_col, value_line, value_col = node.lc.data[key]
            source.key_positions[child] = (key_line + 1, key_col + 1)
            source.value_positions[child] = (value_line + 1, value_col + 1)
            result[str(key)] = _plain(value, child, source, seen)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, value in enumerate(node):
            child = path + (index,)
            line, col = node.lc.data[index]
            source.value_positions[child] = (line + 1, col + 1)
            result.append(_plain(value, child, source, seen))
        return result
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()[:10] if not isinstance(node, dt.datetime) else node.isoformat()
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def parse(text: str, file: str) -> YamlSource:
    """Parse YAML text; raise InputError with a file:line:col problem on a syntax error."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise InputError([Problem(file, line, column, "", f"YAML syntax: {message}")]) from None
    except YAMLError as error:
        line, column = _position_of(text, getattr(error, "position", None))
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        raise InputError([Problem(file, line, column, "", f"YAML syntax: {reason}")]) from None
    source = YamlSource(file, None)
    source.value_positions[()] = (1, 1)
    try:
        source.data = _plain(document, (), source)
    except AliasError as error:
        message = "YAML aliases (*name) are not allowed; write the value out"
        raise InputError([Problem(file, error.line, error.column, "", message)]) from None
    except RecursionError:
        raise InputError([Problem(file, 1, 1, "", "nesting is too deep")]) from None
    if source.data is None:
        raise InputError([Problem(file, 1, 1, "", "the file is empty")])
    return source


def _position_of(text: str, offset: int | None) -> tuple[int, int]:
    if offset is None:
        return 1, 1
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def read_source(path: Path | str) -> str:
    """A contributor's text file as str, or an InputError saying precisely why not."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            message = f"the file is {size / 1e6:.1f} MB; source files are limited to {MAX_BYTES / 1e6:.0f} MB"
            raise InputError([Problem(file, 1, 1, "", message)])
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(file, 1, 1, "", "file not found")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line, column = before.count(b"\n") + 1, error.start - (before.rfind(b"\n") + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise InputError([Problem(file, line, column, "", message)]) from None


def load(path: Path | str) -> YamlSource:
    """Read and parse a YAML file; unreadable files become problems, not tracebacks."""
    return parse(read_source(path), str(path))
