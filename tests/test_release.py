"""Releases end to end in a temporary git repository: tag v1, revise, changelog, diff, release."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
from pathlib import Path

import pytest

from tests.helpers import copy_repository, git, history_at_v1, pdf_text, snakemake

pytestmark = pytest.mark.tex


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def released_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = history_at_v1(tmp_path_factory.mktemp("release") / "repo")
    result = snakemake(workdir, "--cores", "2", "release")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "git tag -a v1" in result.stdout + result.stderr
    git(workdir, "tag", "v1")
    return workdir


def test_v1_release_contains_the_verified_artefacts(released_v1: Path):
    release = released_v1 / "dist" / "v1"
    manifest = json.loads((release / "release.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"paper.pdf", "arxiv.tar.gz", "arxiv-comments.txt", "arxiv-verification.json"}
    for name, digest in manifest["files"].items():
        assert sha256(release / name) == digest
    assert sha256(release / "paper.pdf") == sha256(released_v1 / "build" / "paper.pdf")


def test_arxiv_tarball_is_what_arxiv_accepts(released_v1: Path):
    with tarfile.open(released_v1 / "dist" / "v1" / "arxiv.tar.gz") as tar:
        names = tar.getnames()
        readme = json.loads(tar.extractfile("00README.json").read())
        main_tex = tar.extractfile("main.tex").read().decode("utf-8")
    assert {
        "main.tex",
        "main.bbl",
        "00README.json",
        "anc/findings.csv",
        "anc/findings.json",
        "anc/documents.csv",
    } <= set(names)
    assert "generated/macros.tex" in names and "sections/introduction.tex" in names
    assert not [n for n in names if n.endswith((".bib", ".aux", ".log", ".pdf")) or "/." in f"/{n}"]
    assert readme["spec_version"] == 1 and readme["process"]["compiler"] == "pdflatex"
    assert readme["sources"] == [{"filename": "main.tex", "usage": "toplevel"}]
    assert "% Decoding Alignment" not in main_tex, "comments are stripped from hand-written sources"
    report = json.loads((released_v1 / "dist" / "v1" / "arxiv-verification.json").read_text(encoding="utf-8"))
    assert report["pages"] > 20


def test_release_refuses_to_overwrite(released_v1: Path):
    before = sha256(released_v1 / "dist" / "v1" / "release.json")
    result = snakemake(released_v1, "--cores", "2", "release")
    assert result.returncode != 0
    assert "dist/v1 is already released; releases are never overwritten" in result.stdout + result.stderr
    assert sha256(released_v1 / "dist" / "v1" / "release.json") == before


def test_release_needs_a_new_revision_entry_after_a_tag(released_v1: Path):
    (released_v1 / "README.md").write_text("changed after v1\n", encoding="utf-8")
    git(released_v1, "add", "README.md")
    git(released_v1, "commit", "-q", "-m", "after v1")
    result = snakemake(released_v1, "--cores", "2", "release")
    assert result.returncode != 0
    assert "v1 is already tagged; add a revision entry for v2" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def revised_v2(released_v1: Path) -> Path:
    workdir = released_v1
    findings = workdir / "findings" / "qwen.yaml"
    text = findings.read_text(encoding="utf-8")
    marker = "  annotator_demographics:\n    disclosure: none\n    short: "
    assert marker in text
    findings.write_text(text.replace(marker, marker + "Recoded in v2. "), encoding="utf-8")
    revisions = workdir / "paper" / "revisions.yaml"
    revisions.write_text(
        revisions.read_text(encoding="utf-8")
        + '  - version: 2\n    date: "2026-12-01"\n    summary: Corrections from readers.\n'
        + "    changes:\n      - description: Qwen annotator demographics reworded.\n        reported_by: A. Reader\n",
        encoding="utf-8",
    )
    git(workdir, "commit", "-q", "-am", "v2")
    return workdir


def test_changelog_names_the_changed_aspect(revised_v2: Path):
    result = snakemake(revised_v2, "--cores", "2", "changelog")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    changelog = (revised_v2 / "build" / "changelog-v1.md").read_text(encoding="utf-8")
    assert "Qwen, Annotator demographics" in changelog and "Recoded in v2." in changelog
    assert (revised_v2 / "build" / "changelog-v1.tex").exists()


def test_diff_pdf_shows_the_new_text(revised_v2: Path):
    result = snakemake(revised_v2, "--cores", "2", "diff")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "Recoded in v2." in pdf_text(revised_v2 / "build" / "diff-v1.pdf")


def test_v2_release_includes_diff_changelog_and_comments(revised_v2: Path):
    result = snakemake(revised_v2, "--cores", "2", "release")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    release = revised_v2 / "dist" / "v2"
    assert {"diff-v1.pdf", "changelog-v1.md", "changelog-v1.tex", "arxiv.tar.gz", "release.json"} <= {
        p.name for p in release.iterdir()
    }
    comments = (release / "arxiv-comments.txt").read_text(encoding="utf-8")
    assert "v2: Corrections from readers." in comments and "reported by A. Reader" in comments
    assert "Working paper v2, 2026-12-01" in pdf_text(release / "paper.pdf")

    again = snakemake(revised_v2, "--cores", "2", "release")
    assert again.returncode != 0
    assert "never overwritten" in again.stdout + again.stderr


def test_release_refuses_a_dirty_working_tree_before_building_anything(revised_v2: Path):
    section = revised_v2 / "paper" / "sections" / "conclusion.tex"
    section.write_text(section.read_text(encoding="utf-8") + "\nAn uncommitted sentence.\n", encoding="utf-8")
    (revised_v2 / "notes.txt").write_text("scratch", encoding="utf-8")
    try:
        result = snakemake(revised_v2, "--cores", "2", "release")
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "release refused:" in output
        assert "uncommitted changes: paper/sections/conclusion.tex, notes.txt" in output
        # The refusal stops the run: the paper is not rebuilt although keep-going is on in the profile.
        started = re.findall(r"^\s*(?:local)?rule (\w+):", output, re.M)
        assert started == [], started
    finally:
        git(revised_v2, "checkout", "paper/sections/conclusion.tex")
        (revised_v2 / "notes.txt").unlink()


def test_same_sources_give_a_byte_identical_pdf(tmp_path: Path):
    digests = []
    for name in ("first", "second"):
        workdir = copy_repository(tmp_path / name)
        result = snakemake(workdir, "--cores", "2")
        assert result.returncode == 0, result.stderr[-3000:]
        digests.append(sha256(workdir / "build" / "paper.pdf"))
    assert digests[0] == digests[1]
