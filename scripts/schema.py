"""JSON Schema validation that reports problems at YAML line and column.

The schemas under ``schemas/`` are also what editors use through the
``yaml-language-server`` modeline, so the build and the editor agree on what a
valid file is. jsonschema's own messages are kept except where a contributor
would have to know JSON Schema to understand them.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scripts.errors import InputError
from scripts.problems import Problem, excerpt
from scripts.yamlsource import YamlSource
from scripts.yamlsource import load as load_yaml


@cache
def load_schema(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# Keywords that only describe; they never make an instance invalid.
ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "default", "examples", "$defs"}
NUMBER = (int, float)
# A verdict: True valid, False invalid, None unsure (ask jsonschema).
Verdict = bool | None


def _is_type(name: str, value: Any) -> Verdict:
    if name == "integer" and isinstance(value, float):
        return None  # jsonschema counts 1.0 as an integer
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "integer": int,
        "number": NUMBER,
        "null": type(None),
    }
    if name not in kinds:
        return None
    return isinstance(value, kinds[name]) and (name == "boolean" or not isinstance(value, bool))


def _same(a: Any, b: Any) -> Verdict:
    """JSON equality as jsonschema means it (true is not 1; 1 and 1.0 are left to it)."""
    if isinstance(a, NUMBER) and isinstance(b, NUMBER) and type(a) is not type(b):
        return None if not isinstance(a, bool) and not isinstance(b, bool) else False
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return _all(_same(x, y) for x, y in zip(a, b, strict=True)) if len(a) == len(b) else False
    if isinstance(a, dict):
        return _all(_same(a[k], b[k]) for k in a) if a.keys() == b.keys() else False
    return a == b


def _all(verdicts: Iterable[Verdict]) -> Verdict:
    unsure = False
    for verdict in verdicts:
        if verdict is False:
            return False
        unsure = unsure or verdict is None
    return None if unsure else True


def _any(verdicts: Iterable[Verdict]) -> Verdict:
    unsure = False
    for verdict in verdicts:
        if verdict is True:
            return True
        unsure = unsure or verdict is None
    return None if unsure else False


def verdict(schema: Any, instance: Any) -> Verdict:
    """Whether instance is valid against schema, for the few keywords the project's schemas use.

    jsonschema takes 0.13 s to import and builds an error tree for every file, and nearly
    every file a build reads is valid. Only a True verdict is trusted (schema_problems then
    skips jsonschema); anything else asks jsonschema, which also words the messages. A keyword
    this does not know makes it unsure. tests/test_schema_fast.py checks with hypothesis
    that it never calls valid what jsonschema rejects.
    """
    return _compiled(schema, schema)(instance)


Check = Callable[[Any], Verdict]
# Each (sub)schema becomes a closure once: 600 findings files are checked against the same tree.
_COMPILED: dict[int, tuple[Any, Check]] = {}


def _compiled(schema: Any, root: Any) -> Check:
    known = _COMPILED.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    if isinstance(schema, bool):
        check: Check = (lambda _: True) if schema else (lambda _: False)
    elif not isinstance(schema, dict):
        check = lambda _: None  # noqa: E731
    else:
        checks = [
            _keyword(key, value, schema, root)
            for key, value in schema.items()
            if key not in ANNOTATIONS and key not in ("then", "else")
        ]
        check = _conjunction(checks)
    _COMPILED[id(schema)] = (schema, check)
    return check


def _conjunction(checks: list[Check]) -> Check:
    """All checks on one value: False at the first False, None when any is unsure."""
    return lambda instance: _all(map(operator.call, checks, repeat(instance)))


def _each(check: Check, values: Iterable[Any]) -> Verdict:
    return _all(map(check, values))


def _on(kind: type | tuple[type, ...], test: Check) -> Check:
    """A keyword that constrains one kind of value and passes every other kind."""
    return lambda instance: test(instance) if isinstance(instance, kind) and not isinstance(instance, bool) else True


def _keyword(key: str, value: Any, schema: dict, root: Any) -> Check:
    if key == "type":
        names = [value] if isinstance(value, str) else list(value)
        return lambda instance: _any(_is_type(name, instance) for name in names)
    if key == "enum":
        return lambda instance: _any(_same(option, instance) for option in value)
    if key == "const":
        return lambda instance: _same(value, instance)
    if key == "$ref":
        resolved: list[Check] = []  # resolved on first use: a schema may refer to itself

        def reference(instance: Any) -> Verdict:
            if not resolved:
                resolved.append(_reference(value, root))
            return resolved[0](instance)

        return reference
    if key == "allOf":
        subs = [_compiled(sub, root) for sub in value]
        return lambda instance: _all(sub(instance) for sub in subs)
    if key == "if":
        condition = _compiled(value, root)
        then, otherwise = _compiled(schema.get("then", True), root), _compiled(schema.get("else", True), root)

        def conditional(instance: Any) -> Verdict:
            holds = condition(instance)
            return None if holds is None else (then if holds else otherwise)(instance)

        return conditional
    if key == "properties":
        subs = [(name, _compiled(sub, root)) for name, sub in value.items()]

        return _on(dict, lambda instance: _all(sub(instance[name]) for name, sub in subs if name in instance))
    if key == "additionalProperties":
        if "patternProperties" in schema:
            return _on(dict, lambda _: None)
        listed, sub = set(schema.get("properties", {})), _compiled(value, root)
        return _on(dict, lambda instance: _each(sub, (item for name, item in instance.items() if name not in listed)))
    if key == "required":
        return _on(dict, lambda instance: all(name in instance for name in value))
    if key == "propertyNames":
        sub = _compiled(value, root)
        return _on(dict, lambda instance: _all(sub(name) for name in instance))
    if key == "items":
        sub = _compiled(value, root)
        return _on(list, lambda instance: _each(sub, instance))
    if key in ("minItems", "maxItems"):
        return _on(list, lambda instance: len(instance) >= value if key == "minItems" else len(instance) <= value)
    if key == "uniqueItems":
        return _on(list, lambda instance: True if not value else _unique(instance))
    if key in ("minLength", "maxLength"):
        return _on(str, lambda instance: len(instance) >= value if key == "minLength" else len(instance) <= value)
    if key == "pattern":
        pattern = re.compile(value)
        return _on(str, lambda instance: pattern.search(instance) is not None)
    if key in ("minimum", "maximum"):
        return _on(NUMBER, lambda instance: instance >= value if key == "minimum" else instance <= value)
    return lambda _: None  # a keyword this checker does not know: unsure


def _unique(items: list) -> Verdict:
    return len(set(items)) == len(items) if all(isinstance(x, str) for x in items) else None


def _reference(value: Any, root: Any) -> Check:
    if not isinstance(value, str) or not value.startswith("#/"):
        return lambda _: None
    target = root
    for step in value[2:].split("/"):
        if not isinstance(target, dict) or step not in target:
            return lambda _: None
        target = target[step]
    return _compiled(target, root)


@cache
def _validator(path: Path) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = load_schema(path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    """The specific errors behind allOf/if-then wrappers, which say little on their own."""
    if error.validator in {"allOf", "anyOf", "oneOf"} and error.context:
        leaves = []
        for sub in error.context:
            leaves.extend(_leaf_errors(sub))
        return leaves
    return [error]


def _message(error: ValidationError) -> tuple[str, bool, tuple]:
    """Message, whether it points at a key, and an extra path segment."""
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{excerpt(error.instance)} is not one of {allowed}", False, ()
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"missing required field {', '.join(map(repr, missing))}", False, ()
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in known]
        if unknown:
            allowed = ", ".join(sorted(known))
            return f"unknown field {excerpt(unknown[0])} (allowed: {allowed})", True, (unknown[0],)
    if error.validator == "minItems" and error.validator_value == 1:
        return "must not be empty", False, ()
    if error.validator == "minLength" and error.validator_value == 1:
        return "must not be empty", False, ()
    if error.validator == "type":
        return f"{excerpt(error.instance)} is not of type {error.validator_value}", False, ()
    if error.validator == "maxLength":
        return f"{len(error.instance):,} characters; at most {error.validator_value} fit here", False, ()
    if error.validator == "maxItems":
        return f"{len(error.instance)} items; at most {error.validator_value}", False, ()
    if error.validator == "pattern" and error.schema.get("description"):
        return f"{excerpt(error.instance)} is not valid: {error.schema['description']}", False, ()
    if error.validator == "pattern":
        return f"{excerpt(error.instance)} does not match the pattern {error.validator_value}", False, ()
    if error.validator == "uniqueItems":
        return "has repeated items", False, ()
    return error.message.replace(repr(error.instance), excerpt(error.instance)), False, ()


def schema_problems(source: YamlSource, schema_path: Path) -> list[Problem]:
    """Every schema violation in the file, each at its own line."""
    if verdict(load_schema(Path(schema_path)), source.data) is True:
        return []
    problems = []
    for top in _validator(Path(schema_path)).iter_errors(source.data):
        for error in _leaf_errors(top):
            message, at_key, extra = _message(error)
            path = tuple(error.absolute_path) + extra
            problems.append(source.problem(path, message, at_key=at_key))
    return sorted(set(problems))


def load_valid(path: Path, schema_path: Path) -> tuple[YamlSource | None, list[Problem]]:
    """A YAML file and its problems; no source when it cannot be parsed or breaks its schema."""
    try:
        source = load_yaml(path)
    except InputError as error:
        return None, error.problems
    problems = schema_problems(source, schema_path)
    return (None if problems else source), problems
