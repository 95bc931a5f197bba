"""Views shape the tidy data for templates; counts and lists follow the findings."""

from __future__ import annotations

import pytest

from scripts import documents_lock, english, figures, macros, render, views
from scripts.templates import render_file
from tests.helpers import REPO


def fixture_data(levels: dict[str, dict[str, str]]) -> dict:
    """Tidy data in memory, as the build's JSON files hold it."""
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
    data = {
        "codebook": codebook,
        "initiatives": initiatives,
        "findings": findings,
        "bibliography": {"d": {"source": "documentation", "doctype": "model card"}},
        "revisions": {"current": {"version": 2, "date": "2025-12-01", "status": "released"}, "revisions": []},
        "verification": documents_lock.summary({}, findings, audited=1),
    }
    data["settings"] = {"paper": {"title": "T", "authors": [{"name": "A"}]}, "audit_window": {"start": "s", "end": "e"}}
    return data


def only(data: dict, *names: str) -> dict:
    return {name: data[name] for name in names}


MATRIX = ("codebook", "initiatives", "findings")


def macro_values(data: dict) -> dict[str, object]:
    return {m["name"]: m["value"] for m in macros.macros_view(**data)["macros"]}


def test_counts_and_lists_per_aspect():
    args = fixture_data({"alpha": {"data_release": "none"}, "beta": {"data_release": "partial"}})
    values = macro_values(args)
    assert values["nInitiatives"] == 2
    assert values["nNoneDataRelease"] == 1 and values["listNoneDataRelease"] == "Alpha"
    assert values["nDisclosedDataRelease"] == 1
    assert values["listFullDataRelease"] == "no initiative"
    assert values["pctNone"] == 50


def test_macro_changes_when_a_disclosure_level_changes():
    before = macro_values(fixture_data({"alpha": {"data_release": "none"}}))
    after = macro_values(fixture_data({"alpha": {"data_release": "full"}}))
    assert before["nNoneDataRelease"] == 1 and after["nNoneDataRelease"] == 0
    assert after["nFullDataRelease"] == 1


def test_macro_names_are_letters_only():
    args = fixture_data({"llama_3": {"aspect_2b": "full"}})
    for name in macro_values(args):
        assert name.isalpha(), name


def test_rendered_macro_file_defines_every_macro_once():
    args = fixture_data({"alpha": {"data_release": "none"}, "beta": {"values_declared": "full"}})
    text = render_file(REPO / "paper" / "templates" / "macros.tex.j2", macros.macros_view(**args))
    names = [line.split("}")[0] for line in text.splitlines() if line.startswith("\\newcommand{")]
    assert len(names) == len(set(names))
    assert "\\newcommand{\\paperversion}{v2}" in text


def test_name_lists_read_as_prose():
    assert english.name_list([]) == "no initiative"
    assert english.name_list(["A"]) == "A"
    assert english.name_list(["A", "B", "C"]) == "A, B and C"
    assert english.plural("policy", 2) == "policies" and english.plural("model card", 1) == "model card"


def test_matrix_has_a_row_per_initiative_and_a_column_per_aspect():
    levels = {i: {"values_declared": "full", "annotators": "none", "data_release": "partial"} for i in "abcdefg"}
    args = fixture_data(levels)
    view = views.matrix_view(**only(args, *MATRIX))
    assert [row["initiative"]["id"] for row in view["rows"]] == list("abcdefg")
    assert all(len(row["cells"]) == 3 for row in view["rows"])
    text = render_file(REPO / "paper" / "templates" / "disclosure-matrix.tex.j2", view)
    body_rows = [line for line in text.splitlines() if line.count("\\hyperref[finding:") == 3]
    assert len(body_rows) == 7


def test_disclosure_bars_rank_aspects_and_split_access_types():
    levels = {
        "a": {"values_declared": "none", "annotators": "full"},
        "b": {"values_declared": "partial", "annotators": "full"},
        "c": {"values_declared": "full", "annotators": "none"},
    }
    data = fixture_data(levels)
    data["initiatives"][2]["access"] = "proprietary"
    view = figures.disclosure_bars_view(**only(data, *MATRIX))
    # annotators (2 full) ranks above values_declared (1 full, 1 partial) within the one lens.
    assert [row["aspect"]["id"] for row in view["rows"]] == ["annotators", "values_declared"]
    top = view["rows"][0]["bars"]
    assert [bar["group"] for bar in top] == ["proprietary", "open-weight"] and view["sizes"]["open-weight"] == 2
    open_weight = {s["level"]: (s["count"], s["width"]) for s in top[1]["segments"]}
    assert open_weight == {"full": (2, figures.BAR_WIDTH_CM)}
    shares = view["rows"][1]["bars"][1]["segments"]
    assert [s["level"] for s in shares] == ["partial", "none"] and shares[1]["x"] == shares[0]["width"]
    text = render.render_part("disclosure-bars", only(data, *MATRIX), {})
    assert "\\label{fig:disclosure-bars}" in text and "proprietary initiatives (1)" in text


def documents_fixture() -> dict:
    bibliography = {
        "a": {"key": "a", "date": "2023-07", "doctype": "paper", "url": "https://x.org/a", "title_text": "A"},
        "b": {"key": "b", "date": "2023-07", "doctype": "model card", "url": "https://x.org/b", "title_text": "B"},
        "c": {"key": "c", "date": "2023-08", "doctype": "paper", "url": "https://x.org/c", "title_text": "C"},
        "d": {"key": "d", "date": "2025-01", "doctype": "policy", "url": "https://x.org/d?q=1%20#f", "title_text": "D"},
    }
    initiatives = [
        {
            "id": "one",
            "name": "One",
            "organization": "O",
            "access": "proprietary",
            "releases": ["1"],
            "documents": ["a", "b", "c"],
        },
        {
            "id": "two",
            "name": "Two",
            "organization": "T",
            "access": "open-weight",
            "releases": ["2"],
            "documents": ["d"],
        },
    ]
    return {"bibliography": bibliography, "initiatives": initiatives}


def test_initiatives_table_gives_document_count_and_range():
    rows = views.initiatives_view(**documents_fixture())["rows"]
    assert [(r["n_documents"], r["first"], r["last"]) for r in rows] == [
        (3, "2023-07", "2023-08"),
        (1, "2025-01", "2025-01"),
    ]


def test_timeline_marks_never_touch_and_types_differ_by_shape():
    view = figures.timeline_view(**documents_fixture())
    first = view["rows"][0]["marks"]
    for index, mark in enumerate(first):
        for other in first[index + 1 :]:
            apart = abs(mark["x"] - other["x"]) >= figures.TIMELINE_MARK_CM or mark["y"] != other["y"]
            assert apart, (mark, other)
    assert first[0]["y"] == view["rows"][0]["y"] and first[1]["y"] != first[0]["y"]  # same month: stacked
    assert [d["name"] for d in view["doctypes"]] == ["model card", "paper", "policy"]
    assert len({d["shape"] for d in view["doctypes"]}) == 3
    lowest_first_row = min(m["y"] for m in first)
    highest_second_row = max(m["y"] for m in view["rows"][1]["marks"])
    assert highest_second_row < lowest_first_row and view["bottom"] < view["rows"][1]["y"]
    assert [y["label"] for y in view["years"]] == [2023, 2024, 2025, 2026] and view["early"] is None


def test_a_document_long_before_all_others_stands_apart_from_the_axis():
    data = documents_fixture()
    data["bibliography"]["e"] = {**data["bibliography"]["a"], "key": "e", "date": "2018-06"}
    data["initiatives"][1]["documents"] = ["e", "d"]
    view = figures.timeline_view(**data)
    assert view["years"][0]["label"] == 2023 and view["early"]["years"] == [2018]
    early = [m for m in view["rows"][1]["marks"] if m["x"] < 0]
    assert len(early) == 1 and early[0]["x"] == figures.TIMELINE_EARLY_CM


def test_documents_appendix_links_escape_url_specials():
    view = views.documents_view(**documents_fixture())
    text = render_file(REPO / "paper" / "templates" / "documents-appendix.tex.j2", view)
    assert r"\href{https://x.org/d?q=1\%20\#f}{D}" in text


def test_counts_per_lens_and_access_type():
    args = fixture_data({"alpha": {"data_release": "full"}, "beta": {"data_release": "none"}})
    values = macro_values(args)
    # The fixture puts every aspect in the value-setting lens and every initiative in open-weight.
    assert values["nFullValueSettingOpenWeight"] == 1 and values["nNoneValueSettingOpenWeight"] == 1
    assert values["nFullValueSettingProprietary"] == 0


def test_every_registered_part_has_its_template_and_known_data():
    for pattern, part in render.PARTS.items():
        assert (REPO / "paper" / "templates" / part.template).is_file(), pattern
        assert set(part.data) <= set(render.DATA), pattern
    assert render.resolve("sections/llama")[1] == {"initiative": "llama"}
    assert render.data_files("sections/llama")["record"] == "build/data/records/llama.json"
    assert "sections/llama" in render.part_names(["gpt", "llama"]) and "macros" in render.part_names([])


def test_a_part_renders_from_data_in_memory():
    data = fixture_data({"alpha": {"data_release": "none"}, "beta": {"data_release": "full"}})
    text = render.render_part("disclosure-matrix", only(data, *MATRIX), {})
    assert text.count("\\hyperref[finding:") == 2
    index = render.render_part("findings-sections", {}, {"order": ["beta", "alpha"]})
    assert index.index("sections/beta") < index.index("sections/alpha")


def two_lens_codebook() -> dict:
    aspect = {"definition": "d", "rubric": {"full": "f", "partial": "p", "none": "n"}, "decision_rules": ["r"]}
    return {
        "lenses": [
            {"id": "value-setting", "title": "Value-setting", "question": "?"},
            {"id": "data-centric", "title": "Data-centric", "question": "?"},
        ],
        "aspects": [
            {**aspect, "id": "annotators", "lens": "data-centric", "label": "Annotators"},
            {**aspect, "id": "values_declared", "lens": "value-setting", "label": "Declared values"},
            {**aspect, "id": "data_release", "lens": "data-centric", "label": "Data release"},
        ],
    }


def test_section_groups_findings_by_lens_and_counts_its_documents():
    def finding(aspect: str, level: str, docs: list[str], text: str = "f") -> dict:
        evidence = [{"doc": d, "locator": "§1", "quote": "q"} for d in docs]
        fields = {"short": "s", "finding": text, "evidence": evidence, "note": ""}
        return {"initiative": "one", "aspect": aspect, "disclosure": level, **fields}

    record = {
        "initiative": {"id": "one", "name": "One", "organization": "O", "access": "open-weight", "releases": ["1"]},
        "findings": [
            finding("annotators", "none", [], "Nothing found [@b]; see also [@ref]."),
            finding("values_declared", "full", ["a"]),
            finding("data_release", "partial", ["a", "c"]),
        ],
    }
    bibliography = documents_fixture()["bibliography"] | {"ref": {"source": "references", "date": "2020"}}
    for key in "abcd":
        bibliography[key]["source"] = "documentation"
    view = views.section_view(
        codebook=two_lens_codebook(),
        record=record,
        bibliography=bibliography,
        settings={"evidence_lists": True, "lead": ""},
    )
    assert [lens["id"] for lens in view["lenses"]] == ["value-setting", "data-centric"]
    assert [f["aspect"]["id"] for f in view["lenses"][1]["findings"]] == ["annotators", "data_release"]
    assert view["counts"] == {"full": 1, "partial": 1, "none": 1}
    # Documents quoted (a, c) or cited in text (b); the reference work is not an audited document.
    assert view["n_documents"] == 3 and view["document_types"] == ["model card", "paper"]


def test_codebook_tables_list_lenses_in_order_with_their_aspects():
    view = views.codebook_view(codebook=two_lens_codebook())
    assert [(lens["id"], [a["id"] for a in lens["aspects"]]) for lens in view["lenses"]] == [
        ("value-setting", ["values_declared"]),
        ("data-centric", ["annotators", "data_release"]),
    ]
    assert view["levels"] == ("full", "partial", "none")
    rules = render_file(REPO / "paper" / "templates" / "decision-rules.tex.j2", view)
    assert rules.index("Declared values") < rules.index("Annotators") < rules.index("Data release")


def test_lens_summaries_split_a_wide_lens_into_even_upright_tables():
    keys = ("initiatives", "findings", "codebook")
    narrow = fixture_data({"alpha": {f"a{n}": "full" for n in range(views.SUMMARY_COLUMNS)}})
    assert [t["parts"] for t in views.summaries_view(**only(narrow, *keys))["tables"]] == [1]
    wide = fixture_data({"alpha": {f"a{n}": "full" for n in range(9)}})
    tables = views.summaries_view(**only(wide, *keys))["tables"]
    assert [len(t["aspects"]) for t in tables] == [5, 4] and [t["part"] for t in tables] == [1, 2]
    assert [c["aspect"] for c in tables[1]["rows"][0]["cells"]] == [f"a{n}" for n in range(5, 9)]
    text = render.render_part("lens-summaries", only(wide, *keys), {})
    assert "\\label{tab:summary-value-setting}" in text and "\\label{tab:summary-value-setting-2}" in text
    assert "part 2 of 2" in text and "landscape" not in text


def test_revision_history_lists_newest_first_and_marks_drafts():
    revisions = [
        {"version": 1, "date": "2025-08-23", "status": "released", "summary": "First.", "changes": []},
        {
            "version": 2,
            "date": "2026-11-29",
            "status": "draft",
            "summary": "Second.",
            "changes": [{"description": "Recoded X", "reported_by": "R. Eader"}],
        },
    ]
    view = views.revisions_view(revisions={"current": revisions[-1], "revisions": revisions})
    text = render.render_part("revision-history", {"revisions": view}, {})
    assert text.index("v2 (2026-11-29, unreleased draft)") < text.index("v1 (2025-08-23)")
    assert "Recoded X (reported by R. Eader)" in text


def test_sections_index_follows_the_configured_order():
    view = views.sections_index_view(settings={"order": ["qwen", "gpt"]})
    assert view["sections"] == ["generated/sections/qwen", "generated/sections/gpt"]


def test_corpus_counts_documents_per_type_and_shared_ones_once():
    data = documents_fixture()
    data["initiatives"][1]["documents"] = ["a", "d"]  # "a" documents both initiatives
    view = views.corpus_view(**data)
    assert view["types"] == ["model card", "paper", "policy"]
    assert [(row["counts"], row["total"]) for row in view["rows"]] == [([1, 2, 0], 3), ([0, 1, 1], 2)]
    assert view["totals"] == [1, 2, 1] and view["total"] == 4
    text = render.render_part("corpus-table", data, {})
    assert "\\label{tab:corpus}" in text and " & -- & " in text


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"full": 5, "partial": 9, "none": 0}, "5 full and 9 partial, from"),
        ({"full": 0, "partial": 14, "none": 0}, "14 partial, from"),
        ({"full": 3, "partial": 7, "none": 4}, "3 full, 7 partial and 4 none, from"),
    ],
)
def test_an_initiatives_coding_line_names_only_the_levels_it_has(counts, expected):
    context = {
        "settings": {"lead": ""},
        "initiative": {"id": "one", "name": "One", "organization": "O", "access": "open-weight", "releases": ["1"]},
        "counts": counts,
        "n_documents": 2,
    }
    text = render_file(REPO / "paper" / "templates" / "initiative-section.tex.j2", context)
    assert expected in " ".join(text.split())


def test_past_a_page_of_initiatives_tables_become_longtables_and_the_timeline_a_count():
    from scripts import figures, views

    bibliography = {
        f"doc{n}": {"doctype": ("paper", "model card")[n % 2], "date": f"{2020 + n % 4}-0{1 + n % 9}"} for n in range(8)
    }
    codebook = {
        "lenses": [{"id": "value-setting", "title": "Value-setting"}],
        "aspects": [{"id": "a", "lens": "value-setting", "label": "A"}],
    }

    def initiatives(count: int) -> list[dict]:
        return [{"id": f"i{n}", "name": f"I{n}", "documents": [f"doc{n % 8}", "doc0"]} for n in range(count)]

    def findings(count: int) -> list[dict]:
        return [{"initiative": f"i{n}", "aspect": "a", "disclosure": "full"} for n in range(count)]

    few, many = views.FLOAT_ROWS, views.FLOAT_ROWS + 1
    assert not views.matrix_view(codebook=codebook, initiatives=initiatives(few), findings=findings(few))["long"]
    assert views.matrix_view(codebook=codebook, initiatives=initiatives(many), findings=findings(many))["long"]
    assert views.corpus_view(initiatives=initiatives(many), bibliography=bibliography)["long"]

    assert figures.timeline_view(initiatives=initiatives(figures.TIMELINE_MAX_ROWS), bibliography=bibliography)["rows"]
    summary = figures.timeline_view(initiatives=initiatives(100), bibliography=bibliography)["summary"]
    assert summary["n_documents"] == 8  # documents shared by initiatives count once
    assert summary["years"] == [2020, 2021, 2022, 2023]
    assert sum(row["total"] for row in summary["rows"]) == 8
    papers = next(row for row in summary["rows"] if row["doctype"] == "paper")
    assert [cell["count"] for cell in papers["cells"]] == [2, 0, 2, 0]


def test_generation_shared_across_worker_processes_writes_what_one_process_writes(tmp_path, monkeypatch):
    """Past generate.PARALLEL_FROM items the work is split over processes; the files must not change."""
    import os

    from benchmarks.build_speed import synthetic
    from scripts import configuration, generate
    from tests.helpers import copy_repository

    outputs = {}
    for parallel_from in (10_000, 2):
        workdir = copy_repository(tmp_path / f"from-{parallel_from}")
        synthetic(workdir, 12)
        monkeypatch.chdir(workdir)
        monkeypatch.setattr(generate, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
        config, problems = configuration.check()
        assert problems == []
        outcome = generate.generate(config, generate.on_disk_ids(), generate.Cache())
        assert [p for p in outcome.problems if p.severity == "error"] == []
        assert len(outcome.validated) == 12 and len(outcome.rendered) == len(generate.tex_parts(config["initiatives"]))
        outputs[parallel_from] = {path: path.read_bytes() for path in generate.output_files(config["initiatives"])}
    assert outputs[2] == outputs[10_000]


def test_a_template_error_met_in_a_worker_is_reported_with_its_line(tmp_path, monkeypatch):
    import os

    from benchmarks.build_speed import synthetic
    from scripts import configuration, generate
    from scripts.errors import InputError
    from tests.helpers import copy_repository

    workdir = copy_repository(tmp_path / "repo")
    synthetic(workdir, 8)
    template = workdir / "paper" / "templates" / "initiative-section.tex.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\\VAR{initiative.no_such_field}\n", encoding="utf-8")
    monkeypatch.chdir(workdir)
    monkeypatch.setattr(generate, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    config, _ = configuration.check()
    with pytest.raises(InputError) as raised:
        generate.generate(config, generate.on_disk_ids(), generate.Cache())
    assert [p.file for p in raised.value.problems] == ["paper/templates/initiative-section.tex.j2"]
    assert "no_such_field" in raised.value.problems[0].message
