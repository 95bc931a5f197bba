from __future__ import annotations

from pathlib import Path

import pytest

from scripts import bibliography, codebook
from tests.helpers import FIXTURES, SCHEMAS, copy_repository, snakemake


@pytest.fixture(scope="session")
def fixture_codebook() -> dict:
    loaded, problems = codebook.check(FIXTURES / "codebook.yaml", SCHEMAS / "codebook.schema.json")
    assert problems == []
    return loaded


@pytest.fixture(scope="session")
def fixture_bibliography() -> dict:
    index, problems = bibliography.build_index(
        FIXTURES / "bib" / "documentation.bib", FIXTURES / "bib" / "references.bib"
    )
    assert problems == []
    return index


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built once from scratch with real Snakemake and TeX."""
    workdir = copy_repository(tmp_path_factory.mktemp("built") / "repo")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir
