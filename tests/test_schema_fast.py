"""The fast schema path never calls valid what jsonschema rejects, and real files take it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from scripts.schema import verdict
from scripts.yamlsource import load as load_yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = {path.name.split(".")[0]: json.loads(path.read_text()) for path in (REPO / "schemas").glob("*.json")}
REAL = {
    "config": [REPO / "config.yaml"],
    "codebook": [REPO / "codebook.yaml"],
    "revisions": [REPO / "paper" / "revisions.yaml"],
    "findings": sorted((REPO / "findings").glob("*.yaml")),
}


def _names(schema: Any) -> set[str]:
    """Every property name and enum value a schema mentions: the words random documents are made of."""
    found: set[str] = set()
    if isinstance(schema, dict):
        found.update(schema.get("properties", {}))
        found.update(v for v in schema.get("enum", []) if isinstance(v, str))
        for value in schema.values():
            found |= _names(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _names(value)
    return found


WORDS = sorted(set().union(*map(_names, SCHEMAS.values())) | {"", "x", "TODO", "llama", "[@key]", "a" * 200})
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.sampled_from(WORDS)
    | st.text(max_size=12)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(WORDS), inner, max_size=5),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, prefix + (index,))
    return found


def _replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@st.composite
def mutated(draw, name: str) -> Any:
    """A real file of this kind with one to three parts replaced by random values."""
    document = load_yaml(draw(st.sampled_from(REAL[name]))).data
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        document = _replace(document, path, draw(values))
    return document


def _rejected(name: str, instance: Any) -> bool:
    return any(Draft202012Validator(SCHEMAS[name]).iter_errors(instance))


@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_file_takes_the_fast_path(name: str):
    for path in REAL[name]:
        assert verdict(SCHEMAS[name], load_yaml(path).data) is True, path


@pytest.mark.parametrize("name", sorted(REAL))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_path_never_accepts_what_jsonschema_rejects(name: str, data):
    instance = data.draw(mutated(name) | values)
    if verdict(SCHEMAS[name], instance) is True:
        assert not _rejected(name, instance), instance


@settings(max_examples=300, deadline=None)
@given(instance=values)
def test_small_schemas_with_tricky_equality_agree(instance):
    """true is not 1, 1.0 may be an integer, unique items: the corners where Python and JSON differ."""
    for schema in (
        {"enum": [1, "a", None]},
        {"const": True},
        {"type": "integer"},
        {"type": ["string", "null"], "minLength": 2},
        {"type": "array", "uniqueItems": True},
        {"if": {"required": ["a"]}, "then": {"properties": {"a": {"const": 0}}}, "else": {"maxProperties": 1}},
    ):
        if verdict(schema, instance) is True:
            assert not any(Draft202012Validator(schema).iter_errors(instance)), (schema, instance)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_schemas_are_valid_json_schema(name: str):
    Draft202012Validator.check_schema(SCHEMAS[name])
