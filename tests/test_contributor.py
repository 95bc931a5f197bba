"""What a contributor meets: the fast check, the scaffold, and readable TeX errors."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import yamlsource
from tests.helpers import clone_built, copy_repository, pdf_text, snakemake

PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def run_module(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=workdir, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def test_check_passes_on_the_repository(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    result = snakemake(workdir, "--cores", "1", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"check OK: 0 error\(s\), 0 warning\(s\) in \d+ files", result.stdout)


def test_check_reports_every_error_with_its_position_and_fails(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    llama = workdir / "findings" / "llama.yaml"
    llama.write_text(llama.read_text(encoding="utf-8").replace("access: open-weight", "access: open-weights"))
    bib = workdir / "bib" / "documentation.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("urldate = {2026-11-26}", "urldate = {yesterday}", 1))
    result = snakemake(workdir, "--cores", "1", "check")
    assert result.returncode != 0
    problems = [m.groupdict() for line in result.stdout.splitlines() if (m := PROBLEM_LINE.match(line))]
    assert {p["file"] for p in problems} == {"findings/llama.yaml", "bib/documentation.bib"}
    assert any(
        p["field"] == "access" and "'open-weights' is not one of proprietary, open-weight" in p["message"]
        for p in problems
    )
    assert "check FAILED: 2 error(s), 0 warning(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


SCAFFOLD = [
    "scripts.new_initiative",
    "mistral",
    "--name",
    "Mistral",
    "--organization",
    "Mistral AI",
    "--access",
    "open-weight",
]


@pytest.mark.tex
def test_scaffold_round_trip(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    created = run_module(workdir, *SCAFFOLD, "--release", "Mistral 7B")
    assert created.returncode == 0, created.stderr
    config = yamlsource.load(workdir / "config.yaml").data
    assert config["initiatives"][-1] == "mistral"
    assert "# Settings of the paper and its build." in (workdir / "config.yaml").read_text(encoding="utf-8")

    unfilled = run_module(workdir, "scripts.check")
    assert unfilled.returncode == 1
    assert "findings/mistral.yaml" in unfilled.stdout and "still a TODO placeholder" in unfilled.stdout

    # The contributor fills every aspect in (here: borrowing Gemma's coded findings).
    scaffold = yamlsource.load(workdir / "findings" / "mistral.yaml").data
    gemma = yamlsource.load(workdir / "findings" / "gemma.yaml").data
    # Only the overall codes: a contributor who codes no single release still passes.
    overall = {
        aspect: {k: v for k, v in finding.items() if k != "releases"} for aspect, finding in gemma["aspects"].items()
    }
    filled = {**scaffold, "aspects": overall}
    assert set(scaffold["aspects"]) == set(gemma["aspects"])
    (workdir / "findings" / "mistral.yaml").write_text(json.dumps(filled), encoding="utf-8")
    assert run_module(workdir, "scripts.check").returncode == 0

    built = snakemake(workdir, "--cores", "2")
    assert built.returncode == 0, built.stderr[-3000:]
    text = pdf_text(workdir / "build" / "paper.pdf")
    assert "Mistral (Mistral AI)" in text and "Mistral 7B" in text


def test_scaffold_refuses_to_overwrite(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    existing = workdir / "findings" / "llama.yaml"
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    config_before = (workdir / "config.yaml").read_bytes()
    result = run_module(
        workdir, "scripts.new_initiative", "llama", "--name", "L", "--organization", "M", "--access", "open-weight"
    )
    assert result.returncode == 1
    assert "findings/llama.yaml already exists" in result.stderr
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before
    assert (workdir / "config.yaml").read_bytes() == config_before


@pytest.mark.tex
def test_broken_handwritten_tex_gives_a_short_summary_and_keeps_the_pdf(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    before = hashlib.sha256((workdir / "build" / "paper.pdf").read_bytes()).hexdigest()
    section = workdir / "paper" / "sections" / "methodology.tex"
    lines = section.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "An \\undefinedmacro{} here.")
    section.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode != 0
    assert "paper/sections/methodology.tex:6: Undefined control sequence." in result.stderr
    assert "the previous build/paper.pdf was left in place" in result.stderr
    assert hashlib.sha256((workdir / "build" / "paper.pdf").read_bytes()).hexdigest() == before


@pytest.mark.tex
def test_tex_error_in_generated_text_is_traced_to_its_findings_file(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    template = workdir / "paper" / "templates" / "evidence-ledger.tex.j2"
    text = template.read_text(encoding="utf-8")
    broken = text.replace(
        "\\VAR{finding.finding|cite}\n",
        '\\VAR{finding.finding|cite}\\BLOCK{if finding.aspect.id == "annotators"} \\brokenmacro\\BLOCK{endif}\n',
    )
    assert broken != text
    template.write_text(broken, encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode != 0
    assert re.search(r"build/generated/ledger/gpt\.tex:\d+: Undefined control sequence\.", result.stderr)
    assert "is generated from findings/gpt.yaml, aspects.annotators" in result.stderr


@pytest.mark.tex
def test_template_error_names_the_template_line(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    template = workdir / "paper" / "templates" / "initiatives-table.tex.j2"
    text = template.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "row.n_documents" in row)
    template.write_text(text.replace("row.n_documents", "row.n_documentz"), encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"paper/templates/initiatives-table.tex.j2:{line}: template error: 'dict object' has no attribute 'n_documentz'"
        in output
    )
    assert "Traceback" not in output


PAPER_MESSAGE = "The paper is at build/paper.pdf"


@pytest.mark.tex
def test_the_paper_message_appears_only_when_the_run_wrote_the_paper(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    for target in (["check"], [], ["generated"]):
        result = snakemake(workdir, "--cores", "2", *target)
        assert result.returncode == 0, result.stderr[-2000:]
        assert PAPER_MESSAGE not in result.stdout + result.stderr, target
    section = workdir / "paper" / "sections" / "conclusion.tex"
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert PAPER_MESSAGE in result.stdout + result.stderr
    # No job may take the running build's own lock for one left by a killed run.
    assert "Removed the directory lock" not in result.stdout + result.stderr
    assert "One more sentence." in pdf_text(workdir / "build" / "paper.pdf")


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    locks = workdir / ".snakemake" / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    (locks / "0.input.lock").write_text("findings/qwen.yaml\n", encoding="utf-8")
    (locks / "0.output.lock").write_text("build/latex/main.pdf\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "1", "--forcerun", "latex_pdf")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Removed the directory lock left by an interrupted run." in result.stderr
    assert not locks.exists() or not any(locks.iterdir())


def test_a_lock_held_by_a_running_snakemake_is_kept(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    locks = workdir / ".snakemake" / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    (locks / "0.output.lock").write_text("build/latex/main.pdf\n", encoding="utf-8")
    # A stand-in for another Snakemake run in the same directory: its command line names snakemake.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "snakemake"], cwd=workdir, stdin=subprocess.DEVNULL
    )
    try:
        result = snakemake(workdir, "--cores", "1", "--forcerun", "latex_pdf")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert "Directory cannot be locked" in result.stdout + result.stderr
    assert (locks / "0.output.lock").exists()


@pytest.mark.tex
def test_a_tex_state_left_by_a_killed_run_does_not_wedge_the_build(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    latex = workdir / "build" / "latex"
    # pdflatex was killed while writing the .aux: the file ends in the middle of a line.
    aux = latex / "main.aux"
    truncated = "\\@writefile{toc}{\\contentsline {section}{\\numberline {"
    aux.write_text(aux.read_text(encoding="utf-8") + truncated, encoding="utf-8")
    (latex / "compiled-by-run").unlink()
    section = workdir / "paper" / "sections" / "conclusion.tex"
    section.write_text(section.read_text(encoding="utf-8") + "\nA sentence after the crash.\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "A sentence after the crash." in pdf_text(workdir / "build" / "paper.pdf")
