"""The one YAML loader: plain data plus the line and column of every node.

Contributors edit YAML by hand, and a message is only useful if it points at the
line to fix. The file is composed into nodes by libyaml (PyYAML's C parser, about
ten times faster than a pure-Python one, which matters at hundreds of files); this
module turns the nodes into plain dicts, lists and strings (what JSON Schema and
pandas expect) and keeps their positions in a side table keyed by the path to
each node. Plain scalars follow YAML 1.2's core schema, so `no` stays a string
and `1:20` is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from scripts.errors import InputError
from scripts.problems import Problem, excerpt
from scripts.sources import read_text

PathKey = tuple[str | int, ...]


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


# libyaml ships in PyYAML's wheels; the pure-Python loader gives the same result, slower.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, column: int, first_line: int):
        self.key, self.line, self.column, self.first_line = key, line, column, first_line


INT = re.compile(r"[-+]?[0-9]+")
FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _scalar(node: ScalarNode) -> Any:
    """YAML 1.2 core schema for plain scalars; quoted and block scalars are strings."""
    value = node.value
    if node.style:  # libyaml marks plain scalars with "", PyYAML's Python parser with None
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value in ("null", "Null", "NULL", "~", ""):
        return None
    if INT.fullmatch(value):
        return int(value)
    if FLOAT.fullmatch(value):
        return float(value)
    return value


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain(node: Node, path: PathKey, source: YamlSource, seen: set[int]) -> Any:
    """Plain data from composed nodes; a collection met twice came from an alias."""
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if id(node) in seen:
        # The composed node keeps where it was anchored; the alias sits in its parent.
        raise AliasError(*source.position(path[:-1]))
    seen.add(id(node))
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, ScalarNode) else str(key_node.value)
            if key in result:
                raise DuplicateKeyError(key, *_at(key_node), first_line[key])
            child = path + (key,)
            first_line[key] = _at(key_node)[0]
            source.key_positions[child] = _at(key_node)
            source.value_positions[child] = _at(value_node)
            result[key] = _plain(value_node, child, source, seen)
        return result
    items = []
    for index, item in enumerate(node.value):
        child = path + (index,)
        source.value_positions[child] = _at(item)
        items.append(_plain(item, child, source, seen))
    return items


def parse(text: str, file: str) -> YamlSource:
    """Parse YAML text; raise InputError with a file:line:col problem on a syntax error."""
    try:
        document = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise InputError([Problem(file, line, column, "", f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as error:
        line, column = _position_of(text, getattr(error, "position", None))
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        raise InputError([Problem(file, line, column, "", f"YAML syntax: {reason}")]) from None
    if document is None:
        raise InputError([Problem(file, 1, 1, "", "the file is empty")])
    source = YamlSource(file, None)
    source.value_positions[()] = _at(document)
    try:
        source.data = _plain(document, (), source, set())
    except AliasError as error:
        message = "YAML aliases (*name) are not allowed; write the value out"
        raise InputError([Problem(file, error.line, error.column, "", message)]) from None
    except DuplicateKeyError as error:
        message = f"duplicate key {excerpt(error.key)} (first on line {error.first_line})"
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


def load(path: Path | str) -> YamlSource:
    """Read and parse a YAML file; unreadable files become problems, not tracebacks."""
    return parse(read_text(path), str(path))
