"""End to end: real Snakemake, real pdflatex/latexmk/BibTeX, PDF read back with pdftotext."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from scripts import configuration, render, yamlsource
from tests.helpers import clone_built, copy_repository, jobs_planned, pdf_text, snakemake

pytestmark = pytest.mark.tex


def test_clean_build_produces_the_paper(built_repo: Path):
    pdf = built_repo / "build" / "paper.pdf"
    assert pdf.stat().st_size > 10_000
    text = pdf_text(pdf)
    config = yamlsource.load(built_repo / "config.yaml").data
    assert " ".join(config["paper"]["title"].split()) in text
    for initiative in config["initiatives"]:
        data = yamlsource.load(built_repo / "findings" / f"{initiative}.yaml").data
        assert f"{data['name']} ({data['organization']})" in text, initiative


def test_tidy_data_is_exported(built_repo: Path):
    data = built_repo / "build" / "data"
    assert (data / "findings.json").exists() and (data / "findings.csv").exists()
    # The data release resolves its own keys: every document evidence names has a row.
    with (data / "documents.csv").open(encoding="utf-8") as stream:
        documents = {row["key"]: row for row in csv.DictReader(stream)}
    with (data / "findings.csv").open(encoding="utf-8") as stream:
        cited = {key for row in csv.DictReader(stream) for key in row["evidence_docs"].split(";") if key}
    assert cited and cited <= set(documents)
    assert all(documents[key]["title"] and documents[key]["url"] for key in cited)


def test_no_undefined_citations_or_references(built_repo: Path):
    log = (built_repo / "build" / "latex" / "main.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined" not in log.lower()


def test_second_run_has_nothing_to_do(built_repo: Path):
    result = snakemake(built_repo, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Nothing to be done" in result.stdout + result.stderr


def test_editing_one_findings_file_reruns_only_what_depends_on_it(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    findings = workdir / "findings" / "llama.yaml"
    findings.write_text(
        findings.read_text(encoding="utf-8").replace("The first LLaMA release", "The original LLaMA release"),
        encoding="utf-8",
    )
    result = snakemake(workdir, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert jobs_planned(result.stdout).get("generated_sources") == 1
    untouched = workdir / "build" / "generated" / "sections" / "gpt.tex"
    before = untouched.read_bytes()

    rebuilt = snakemake(workdir, "--cores", "2")
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    # Inside the one generation job, only llama's file is validated again and only the parts
    # that show llama's findings are rendered again.
    summary = next(line for line in rebuilt.stdout.splitlines() if line.startswith("generated: "))
    listed = configuration.listed_initiatives(workdir / "config.yaml")
    n_parts = len(render.part_names(listed))
    assert summary.startswith(f"generated: 1 of {len(listed)} findings files validated, 7 of {n_parts} parts"), summary
    for part in ("macros", "disclosure-matrix", "release-change", "sections/llama", "ledger/llama"):
        assert part in summary
    assert untouched.read_bytes() == before
    assert "The original LLaMA release" in pdf_text(workdir / "build" / "paper.pdf")


def test_broken_findings_file_fails_before_tex_with_its_position(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    findings = workdir / "findings" / "llama.yaml"
    text = findings.read_text(encoding="utf-8")
    marker = "  annotators:\n    disclosure: partial"
    assert marker in text
    findings.write_text(text.replace(marker, "  annotators:\n    disclosure: some"), encoding="utf-8")
    line = next(
        i for i, row in enumerate(findings.read_text(encoding="utf-8").splitlines(), 1) if "disclosure: some" in row
    )

    result = snakemake(workdir, "--cores", "2")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"findings/llama.yaml:{line}:17: aspects.annotators.disclosure: 'some' is not one of full, partial, none"
        in output
    )
    assert "Traceback" not in output
    assert "localrule latex_pdf" not in output and "rule latex_pdf:" not in output
    assert not (workdir / "build" / "paper.pdf").exists()
    assert not (workdir / "build" / "latex").exists()


def test_latex_special_characters_in_findings_compile_and_read_back(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    findings = workdir / "findings" / "qwen.yaml"
    hostile = r"Odd 50% & $5 #1 a_b {x} ~ ^ \input{/etc/hostname} \end{document} ≥ α done."
    marker = "Only Qwen2 mentions red teaming"
    text = findings.read_text(encoding="utf-8")
    assert marker in text
    findings.write_text(text.replace(marker, f"{hostile} {marker}", 1), encoding="utf-8")

    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = pdf_text(workdir / "build" / "paper.pdf")
    assert hostile in pdf
    # \input{/etc/hostname} must print as text, not pull the file in: the text right after
    # it in the PDF is the rest of the hostile string, and the hostname appears no more
    # often than in the paper without it.
    hostname = Path("/etc/hostname").read_text().strip()
    after = pdf.split(r"\input{/etc/hostname}", 1)[1]
    assert after.startswith(r" \end{document}"), after[:80]
    assert pdf.count(hostname) == pdf_text(built_repo / "build" / "paper.pdf").count(hostname)


def test_tex_cannot_read_files_outside_the_tree(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    section = workdir / "paper" / "sections" / "methodology.tex"
    section.write_text(section.read_text(encoding="utf-8") + "\n\\input{/etc/hostname}\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode != 0
    assert "LaTeX failed" in result.stderr
    assert "/etc/hostname" in result.stderr


HOSTILE = r"Odd 50% & $5 #1 a_b {x} ~ ^ \input{/etc/hostname} ≥ α"
GENERATED_WITH_EVERY_INITIATIVE = [
    "macros.tex",
    "disclosure-matrix.tex",
    "corpus-table.tex",
    "evidence-ledger.tex",
    "lens-summaries.tex",
    "initiatives-table.tex",
    "documents-timeline.tex",
    "documents-appendix.tex",
    "findings-sections.tex",
]


def add_initiative(workdir: Path, initiative: str, name: str, template: str = "gemma") -> None:
    """A new findings file made from an existing one, with hostile text in every text field."""
    data = yamlsource.load(workdir / "findings" / f"{template}.yaml").data
    data.update(id=initiative, name=name, organization="Mistral AI & Co. 100%", releases=["Mistral_7B", "Large #2"])
    data.pop("documents", None)  # coded overall only: the template's release codes name its own releases
    for finding in data["aspects"].values():
        finding.pop("releases", None)
        finding["short"] = HOSTILE
        finding["finding"] = f"{HOSTILE} {finding['finding']}"
        for item in finding.get("evidence", []):
            item["locator"] = f"§1 {{x}} 50% {item['locator']}"
    (workdir / "findings" / f"{initiative}.yaml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    config = workdir / "config.yaml"
    configuration.set_initiatives([*configuration.listed_initiatives(config), initiative], config)


def test_a_seventh_initiative_appears_everywhere_without_template_changes(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    add_initiative(workdir, "mistral", "Mistral")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    generated = workdir / "build" / "generated"
    for name in GENERATED_WITH_EVERY_INITIATIVE:
        assert "mistral" in (generated / name).read_text(encoding="utf-8").lower(), name
    assert (generated / "sections" / "mistral.tex").exists()
    assert "\\newcommand{\\nInitiatives}{7}" in (generated / "macros.tex").read_text(encoding="utf-8")

    text = pdf_text(workdir / "build" / "paper.pdf")
    assert "Mistral (Mistral AI & Co. 100%)" in text
    # Each finding paragraph reads back verbatim; narrow table cells wrap, so they are checked in the .tex.
    assert text.count(HOSTILE) >= 14
    assert "Mistral_7B, Large #2" in text
    log = (workdir / "build" / "latex" / "main.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined" not in log.lower()


def test_each_section_counts_its_documents_as_table_1_does(built_repo: Path):
    generated = built_repo / "build" / "generated"
    table = (generated / "initiatives-table.tex").read_text(encoding="utf-8")
    for section in sorted((generated / "sections").glob("*.tex")):
        in_section = re.search(r"from the (\d+) audited documents", section.read_text(encoding="utf-8"))
        in_table = re.search(rf"\[sec:initiative:{section.stem}\].*? & (\d+) & [\d-]+--", table)
        assert in_section and in_table, section.stem
        assert in_section.group(1) == in_table.group(1), section.stem


def test_data_release_is_a_valid_frictionless_package(built_repo: Path, tmp_path: Path):
    import frictionless

    package = built_repo / "build" / "data" / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {task.name for task in report.tasks} == {"findings", "documents", "initiatives"}
    # The schema is not decoration: a document type outside the vocabulary fails at its cell.
    copy = shutil.copytree(built_repo / "build" / "data", tmp_path / "data")
    documents = copy / "documents.csv"
    documents.write_text(documents.read_text(encoding="utf-8").replace(",paper,", ",poem,", 1), encoding="utf-8")
    broken = frictionless.validate(str(copy / "datapackage.json"))
    assert not broken.valid
    assert ["type", "constraint-error"] in broken.flatten(["fieldName", "type"])


def test_forty_initiatives_build_with_tables_that_break_across_pages_and_a_counted_timeline(tmp_path: Path):
    from benchmarks.build_speed import synthetic

    workdir = copy_repository(tmp_path / "repo")
    synthetic(workdir, 40)
    result = snakemake(workdir, "--cores", "2", "paper_pdf")
    assert result.returncode == 0, result.stderr[-3000:]
    text = pdf_text(workdir / "build" / "paper.pdf")
    assert "Audited documents by type and year of publication, for all 40 initiatives" in text
    assert text.count("(continued)") >= 2  # the disclosure matrix and the corpus table go on over pages
    assert "40 initiatives" in text and "40initiatives" not in text  # counts above ten keep their space
