"""CITATION.cff is valid Citation File Format and names the paper config.yaml describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scripts import yamlsource
from tests.helpers import REPO

CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_file_is_valid_cff():
    result = validate(REPO / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_citation_file_is_refused(tmp_path: Path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((REPO / "CITATION.cff").read_text(encoding="utf-8").replace("type: dataset", "type: poem"))
    assert validate(broken).returncode != 0


def test_citation_agrees_with_config():
    citation = yamlsource.load(REPO / "CITATION.cff").data
    paper = yamlsource.load(REPO / "config.yaml").data["paper"]
    for entry in (citation, citation["preferred-citation"]):
        assert " ".join(entry["title"].split()) == " ".join(paper["title"].split())
        names = [f"{a['given-names']} {a['family-names']}" for a in entry["authors"]]
        assert names == [a["name"] for a in paper["authors"]]
    assert f"10.48550/arXiv.{paper['arxiv_id']}" in [i["value"] for i in citation["identifiers"]]
