"""config.yaml: loaded, checked and merged with command-line overrides in one place.

The Snakefile, ``snakemake check`` and ``python -m scripts.check`` all load the
configuration here, so a problem reads the same everywhere —
``config.yaml:LINE:COL: field: message`` — instead of Snakemake's schema dump, and
every rule that reads a setting (the audit window, the initiatives) reads it the
same way.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts import paths
from scripts.problems import Problem, excerpt
from scripts.schema import load_schema, load_valid, schema_problems
from scripts.textio import write_text
from scripts.yamlsource import YamlSource
from scripts.yamlsource import load as load_yaml

COMMAND_LINE = "--config"


def _with_defaults(schema: dict, data: Any) -> Any:
    """data with the schema's `default` values filled in where a key is absent."""
    if not (isinstance(data, dict) and schema.get("type") == "object"):
        return data
    filled = dict(data)
    for key, sub in schema.get("properties", {}).items():
        if key not in filled and "default" in sub:
            filled[key] = copy.deepcopy(sub["default"])
        if key in filled:
            filled[key] = _with_defaults(sub, filled[key])
    return filled


def _merge(base: dict, overrides: dict) -> dict:
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


TRUE, FALSE = ("true", "yes", "on"), ("false", "no", "off")


def _typed(schema: dict, value: Any) -> Any:
    """A command-line value in the type the schema asks for where it reads as one.

    Snakemake parses `--config strict=true` as the string "true" (it only knows True) and
    nested values as strings; a setting documented as `update_lock=true` must mean true.
    """
    kind = schema.get("type")
    if isinstance(value, dict) and kind == "object":
        properties = schema.get("properties", {})
        return {key: _typed(properties.get(key, {}), item) for key, item in value.items()}
    if not isinstance(value, str):
        return value
    if kind == "boolean" and value.lower() in TRUE + FALSE:
        return value.lower() in TRUE
    if kind in ("number", "integer"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if kind == "integer" and number.is_integer() else number
    return value


def _initiative_problems(source: YamlSource) -> list[Problem]:
    problems = []
    for index, initiative in enumerate(source.data["initiatives"]):
        where = ("initiatives", index)
        if not paths.findings_file(initiative).exists():
            message = f"{excerpt(initiative)} has no file {paths.findings_file(initiative)}"
            problems.append(source.problem(where, message))
    return problems


def check(
    overrides: dict | None = None, path: Path = paths.CONFIG, schema: Path = paths.CONFIG_SCHEMA
) -> tuple[dict, list[Problem]]:
    """The configuration (file, defaults, then overrides) and every problem in it.

    Overrides are what `snakemake --config key=value` passed; their problems are
    reported against the command line rather than a line of the file.
    """
    source, problems = load_valid(path, schema)
    if source is None:
        return {}, problems
    problems = _initiative_problems(source)
    schema_data = load_schema(Path(schema))
    data = _with_defaults(schema_data, source.data)
    if overrides:
        merged = YamlSource(COMMAND_LINE, _merge(data, _typed(schema_data, overrides)))
        override_problems = schema_problems(merged, schema)
        problems += [Problem(COMMAND_LINE, 0, 0, p.field, p.message, p.severity) for p in override_problems]
        data = merged.data
    return (data if not problems else {}), problems


def audit_window(config: dict) -> tuple[str, str]:
    """(start, end) of the audit window, by name: the order of keys in the file does not matter."""
    return config["audit_window"]["start"], config["audit_window"]["end"]


def update(change: Callable[[Any], None], path: Path = paths.CONFIG) -> None:
    """Apply change to config.yaml's data and write it back with its comments and layout.

    The one writer of config.yaml: the scaffold, the benchmark and the tests all
    edit it here, so the file keeps its hand-written comments whoever changes it.
    """
    from ruamel.yaml import YAML  # only the few commands that edit config.yaml pay for importing it

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    write_text(path, buffer.getvalue())


def set_initiatives(initiatives: list[str], path: Path = paths.CONFIG) -> None:
    """Make config.yaml list exactly these initiatives, in this order."""

    def replace(data: Any) -> None:
        listed = data["initiatives"]
        del listed[:]
        listed.extend(initiatives)

    update(replace, path)


def listed_initiatives(path: Path = paths.CONFIG) -> list[str]:
    """The initiative ids config.yaml lists, read without validating the rest of the file."""
    return list(load_yaml(path).data["initiatives"])
