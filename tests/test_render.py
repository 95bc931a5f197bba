"""Views shape the tidy data for templates; counts and lists follow the findings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scripts import render
from tests.helpers import REPO


def fixture_data(tmp_path: Path, levels: dict[str, dict[str, str]]) -> argparse.Namespace:
    aspects = sorted({aspect for by_aspect in levels.values() for aspect in by_aspect})
    codebook = {
        "lenses": [{"id": "value-setting", "title": "Value-setting", "question": "?"}],
        "aspects": [{"id": a, "lens": "value-setting", "label": a, "definition": "d", "rubric": {}} for a in aspects],
    }
    initiatives = [
        {"id": i, "name": i.capitalize(), "organization": "Org", "access": "open-weight", "releases": ["1"]}
        for i in levels
    ]
    findings = [
        {
            "initiative": i,
            "aspect": a,
            "lens": "value-setting",
            "disclosure": level,
            "short": "s",
            "finding": "f",
            "evidence": [],
            "note": "",
        }
        for i, by_aspect in levels.items()
        for a, level in by_aspect.items()
    ]
    files = {
        "codebook": codebook,
        "initiatives": initiatives,
        "findings": findings,
        "bibliography": {"d": {"source": "documentation", "doctype": "model card"}},
        "revisions": {"current": {"version": 2, "date": "2025-12-01"}, "revisions": []},
    }
    for name, data in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    settings = {"paper": {"title": "T", "authors": [{"name": "A"}]}, "audit_window": {"start": "s", "end": "e"}}
    return argparse.Namespace(**{name: tmp_path / f"{name}.json" for name in files}, settings=json.dumps(settings))


def macro_values(args: argparse.Namespace) -> dict[str, object]:
    return {m["name"]: m["value"] for m in render.macros_view(args)["macros"]}


def test_counts_and_lists_per_aspect(tmp_path):
    args = fixture_data(tmp_path, {"alpha": {"data_release": "none"}, "beta": {"data_release": "partial"}})
    values = macro_values(args)
    assert values["nInitiatives"] == 2
    assert values["nNoneDataRelease"] == 1 and values["listNoneDataRelease"] == "Alpha"
    assert values["nDisclosedDataRelease"] == 1
    assert values["listFullDataRelease"] == "no initiative"
    assert values["pctNone"] == 50


def test_macro_changes_when_a_disclosure_level_changes(tmp_path):
    before = macro_values(fixture_data(tmp_path, {"alpha": {"data_release": "none"}}))
    after = macro_values(fixture_data(tmp_path, {"alpha": {"data_release": "full"}}))
    assert before["nNoneDataRelease"] == 1 and after["nNoneDataRelease"] == 0
    assert after["nFullDataRelease"] == 1


def test_macro_names_are_letters_only(tmp_path):
    args = fixture_data(tmp_path, {"llama_3": {"aspect_2b": "full"}})
    for name in macro_values(args):
        assert name.isalpha(), name


def test_rendered_macro_file_defines_every_macro_once(tmp_path):
    args = fixture_data(tmp_path, {"alpha": {"data_release": "none"}, "beta": {"values_declared": "full"}})
    text = render.render("macros.tex.j2", render.macros_view(args), REPO / "paper" / "templates")
    names = [line.split("}")[0] for line in text.splitlines() if line.startswith("\\newcommand{")]
    assert len(names) == len(set(names))
    assert "\\newcommand{\\paperversion}{v2}" in text


def test_name_lists_read_as_prose():
    assert render.name_list([]) == "no initiative"
    assert render.name_list(["A"]) == "A"
    assert render.name_list(["A", "B", "C"]) == "A, B and C"
    assert render.plural("policy", 2) == "policies" and render.plural("model card", 1) == "model card"
