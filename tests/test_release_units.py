"""Release building blocks that need no TeX: comment stripping, tarball rules, changelog diffing."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from scripts import arxiv, changelog, release
from tests.helpers import REPO


def test_strip_comments_keeps_escaped_percent_and_line_joining():
    tex = "% header\nText 50\\% done% trailing\n  % indented comment\n\\foo%\n\\\\% after a line break\n"
    assert arxiv.strip_comments(tex) == "Text 50\\% done%\n\\foo%\n\\\\%\n"


def test_check_rejects_what_arxiv_rejects():
    files = {
        "main.tex": b"\\input{/etc/hostname}",
        "main.bbl": b"",
        "00README.json": b"{}",
        "refs.bib": b"",
        ".hidden": b"",
        "my file.tex": b"",
    }
    problems = arxiv.check(files)
    assert any("main.tex: refers to a file by absolute path" in p for p in problems)
    assert any(p.startswith("refs.bib:") for p in problems)
    assert any(p.startswith(".hidden:") for p in problems)
    assert any(p.startswith("my file.tex:") for p in problems)
    assert arxiv.check({"main.tex": b"\\input{sections/a}", "main.bbl": b"", "00README.json": b"{}"}) == []


def test_tarball_is_byte_reproducible(tmp_path):
    files = {"main.tex": b"x", "anc/data.csv": b"a,b\n"}
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    arxiv.write_tarball(files, first, 1_700_000_000)
    arxiv.write_tarball(dict(reversed(files.items())), second, 1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(fileobj=io.BytesIO(first.read_bytes())) as tar:
        assert tar.getnames() == ["anc/data.csv", "main.tex"]
        assert {m.mtime for m in tar.getmembers()} == {1_700_000_000}


def test_comments_say_what_changed_in_a_replacement():
    aux = "\\@writefile{lof}{\\contentsline {figure}x}\\@writefile{lot}{\\contentsline {table}y}" * 2
    v1 = {"current": {"version": 1, "summary": "First.", "changes": []}}
    assert (
        arxiv.comments(v1, 30, aux)
        == "30 pages, 2 figures, 2 tables. Living survey; findings data in the ancillary files.\n"
    )
    changes = [
        {"description": "Added Mistral (Mistral 7B, Mistral Large 2).", "reported_by": "R"},
        {"description": "Recoded Qwen's annotator demographics."},
    ]
    v2 = {"current": {"version": 2, "summary": "Fixes.", "changes": changes}}
    assert arxiv.comments(v2, 31, aux).endswith(
        "v2: Fixes. Changes: Added Mistral (Mistral 7B, Mistral Large 2) (reported by R);"
        " Recoded Qwen's annotator demographics.\n"
    )


def test_changelog_reports_levels_cells_wording_evidence_and_documents():
    old = {
        "a": {
            "name": "A",
            "aspects": {"x": {"disclosure": "none", "short": "s", "finding": "No report names them.", "evidence": []}},
        },
        "gone": {"name": "Gone", "aspects": {}},
    }
    new = {
        "a": {
            "name": "A",
            "aspects": {
                "x": {
                    "disclosure": "partial",
                    "short": "t",
                    "finding": "The 2024 report names them.",
                    "evidence": [{"doc": "d", "locator": "§1", "quote": "q"}],
                }
            },
        },
        "b": {"name": "B", "aspects": {}},
    }
    documents = {"d0": "Old report"}
    labels = {"x": "Annotator demographics"}
    changes = changelog.compare(old, new, documents, {**documents, "d": "New card"}, labels)
    assert changes["initiatives_added"] == [{"id": "b", "name": "B"}]
    assert changes["initiatives_removed"] == [{"id": "gone", "name": "Gone"}]
    assert [(c["aspect"], c["old"], c["new"]) for c in changes["disclosure"]] == [
        ("Annotator demographics", "none", "partial")
    ]
    assert changes["short"][0]["new"] == "t"
    assert changes["evidence_added"][0]["doc"] == "d"
    assert changes["documents_added"] == [{"key": "d", "title": "New card"}]
    markdown = changelog.render(changes, "v1", REPO / "paper" / "templates" / "changelog.md.j2")
    assert "## Disclosure levels\n\n- A, Annotator demographics: none → partial\n" in markdown
    assert "annotator_demographics" not in markdown and "- New card (`d`)" in markdown
    assert "- A, Annotator demographics: ~~No~~ **The 2024** report names them." in markdown
    assert "## Initiatives added\n\n- B\n" in markdown and "- A, Annotator demographics: d, §1: “q”" in markdown
    latex = changelog.render(changes, "v1", REPO / "paper" / "templates" / "changelog.tex.j2")
    assert "[-No-] \\{+The 2024+\\} report names them." in latex and "\\emph{New card}" in latex
    unchanged = changelog.render(
        changelog.compare(old, old, {}, {}, labels), "v1", REPO / "paper" / "templates" / "changelog.md.j2"
    )
    assert unchanged == "# Findings changes since v1\n\nNo finding, evidence or audited document changed.\n"


def test_symlinked_build_folders_leave_the_tree_clean(tmp_path: Path):
    """A symlinked .venv or build must not make `release` refuse a clean tree."""
    shutil.copy2(REPO / ".gitignore", tmp_path / ".gitignore")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    for name in (".venv", "build", "dist"):
        (tmp_path / name).symlink_to(elsewhere)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=tmp_path, check=True, capture_output=True, text=True
    ).stdout
    assert status.split() == ["??", ".gitignore"]


def test_release_refuses_an_unreleased_draft(tmp_path: Path, monkeypatch):
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "revisions.yaml").write_text(
        'revisions:\n  - version: 1\n    date: "2026-11-29"\n    status: draft\n    summary: S.\n'
        "    changes:\n      - description: D.\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    refusals = release.preflight(1)
    assert any("v1 is an unreleased draft" in reason for reason in refusals), refusals
