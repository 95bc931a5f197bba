"""JSON Schema validation that reports problems at YAML line and column.

The schemas under ``schemas/`` are also what editors use through the
``yaml-language-server`` modeline, so the build and the editor agree on what a
valid file is. jsonschema's own messages are kept except where a contributor
would have to know JSON Schema to understand them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from scripts.errors import InputError
from scripts.problems import Problem, excerpt
from scripts.yamlsource import YamlSource
from scripts.yamlsource import load as load_yaml


@cache
def load_schema(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@cache
def _validator(path: Path) -> Draft202012Validator:
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
