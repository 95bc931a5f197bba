"""The vocabulary code uses (levels, access types, lenses) is the one the schemas and codebook state."""

from __future__ import annotations

import json

from scripts import terms
from tests.helpers import REPO, SCHEMAS


def test_levels_and_access_types_are_the_findings_schema_enums():
    schema = json.loads((SCHEMAS / "findings.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["access"]["enum"]) == terms.ACCESS_TYPES
    assert tuple(schema["$defs"]["finding"]["properties"]["disclosure"]["enum"]) == terms.LEVELS


def test_lenses_are_the_codebook_schema_enum_and_the_codebook_order():
    schema = json.loads((SCHEMAS / "codebook.schema.json").read_text(encoding="utf-8"))
    lens_ids = schema["properties"]["lenses"]["items"]["properties"]["id"]["enum"]
    assert tuple(lens_ids) == terms.LENSES
    aspect_lens = schema["properties"]["aspects"]["items"]["properties"]["lens"]["enum"]
    assert tuple(aspect_lens) == terms.LENSES
    rubric = schema["properties"]["aspects"]["items"]["properties"]["rubric"]["required"]
    assert tuple(rubric) == terms.LEVELS
    codebook = (REPO / "codebook.yaml").read_text(encoding="utf-8")
    assert codebook.index("id: value-setting") < codebook.index("id: data-centric")
