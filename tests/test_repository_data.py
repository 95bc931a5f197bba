"""The repository's own codebook, bib and findings validate cleanly (no TeX needed)."""

from __future__ import annotations

import pytest

from scripts import bibliography, codebook, findings, tidy, yamlsource
from tests.helpers import REPO, SCHEMAS

CONFIG = yamlsource.load(REPO / "config.yaml").data


@pytest.fixture(scope="module")
def repo_codebook() -> dict:
    loaded, problems = codebook.check(REPO / "codebook.yaml", SCHEMAS / "codebook.schema.json")
    assert [str(p) for p in problems] == []
    return loaded


@pytest.fixture(scope="module")
def repo_bibliography() -> dict:
    index, problems = bibliography.build_index(REPO / "bib" / "documentation.bib", REPO / "bib" / "references.bib")
    assert [str(p) for p in problems] == []
    return index


def test_codebook_has_both_lenses(repo_codebook):
    lenses = {aspect["lens"] for aspect in repo_codebook["aspects"]}
    assert lenses == {"value-setting", "data-centric"}


def test_every_configured_initiative_validates_without_warnings(repo_codebook, repo_bibliography):
    loaded = []
    for initiative in CONFIG["initiatives"]:
        source, problems = findings.check(
            REPO / "findings" / f"{initiative}.yaml", repo_codebook, repo_bibliography, SCHEMAS / "findings.schema.json"
        )
        assert [str(p) for p in problems] == []
        loaded.append(findings.to_records(source.data, repo_codebook))
    on_disk = sorted(p.stem for p in (REPO / "findings").glob("*.yaml") if p.stem != "codebook")
    _, records, problems = tidy.join(loaded, CONFIG["initiatives"], on_disk, repo_bibliography)
    assert [str(p) for p in problems] == []
    assert len(records) == len(CONFIG["initiatives"]) * len(repo_codebook["aspects"])


def test_llama_is_complete_and_evidenced(repo_codebook, repo_bibliography):
    source, _ = findings.check(
        REPO / "findings" / "llama.yaml", repo_codebook, repo_bibliography, SCHEMAS / "findings.schema.json"
    )
    for aspect in repo_codebook["aspects"]:
        finding = source.data["aspects"][aspect["id"]]
        assert finding["evidence"] or finding["disclosure"] == "none", aspect["id"]
