"""Hostile and broken input: clear errors, literal text, no escape from the tree, nothing lost."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from scripts import bibliography, findings, yamlsource
from scripts.problems import ERROR, WARNING
from tests.helpers import FIXTURES, SCHEMAS, clone_built, copy_repository, pdf_text, snakemake

VALID = (FIXTURES / "findings" / "alpha.yaml").read_text(encoding="utf-8")


def problems_in(tmp_path: Path, content: str | bytes, codebook: dict, index: dict, name: str = "alpha.yaml"):
    path = tmp_path / "findings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    _, problems = findings.check(path, codebook, index, SCHEMAS / "findings.schema.json")
    return problems


BROKEN_YAML = {
    "tab indentation": ("id: alpha\naspects:\n\tvalues_declared: {}\n", 3),
    "bad indentation": ("id: alpha\nname: A\n  organization: B\n", 3),
    "unclosed quote": ('id: alpha\nname: "Alpha\norganization: B\n', 4),
    "duplicate key": ("id: alpha\nname: A\nname: B\n", 3),
    "alias bomb": (
        "id: alpha\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_YAML))
def test_broken_yaml_gives_a_positioned_error(tmp_path, fixture_codebook, fixture_bibliography, case):
    text, line = BROKEN_YAML[case]
    problems = problems_in(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert len(problems) == 1 and problems[0].severity == ERROR
    assert problems[0].line == line and problems[0].column >= 1, str(problems[0])


def test_not_utf8_points_at_the_byte(tmp_path, fixture_codebook, fixture_bibliography):
    problems = problems_in(
        tmp_path, "id: alpha\nname: Caf\xe9\n".encode("latin-1"), fixture_codebook, fixture_bibliography
    )
    assert [str(p).split("alpha.yaml:")[1] for p in problems] == [
        "2:10: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_empty_and_top_level_list(tmp_path, fixture_codebook, fixture_bibliography):
    assert [p.message for p in problems_in(tmp_path, "", fixture_codebook, fixture_bibliography)] == [
        "the file is empty"
    ]
    problems = problems_in(tmp_path, "- a\n- b\n", fixture_codebook, fixture_bibliography)
    assert [(p.line, p.message) for p in problems] == [(1, "['a', 'b'] is not of type object")]


def test_huge_file_is_refused_without_reading_it(tmp_path, fixture_codebook, fixture_bibliography):
    path = tmp_path / "findings" / "alpha.yaml"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as stream:
        stream.write("id: alpha\nname: " + "x" * 50_000_000 + "\n")
    _, problems = findings.check(path, fixture_codebook, fixture_bibliography, SCHEMAS / "findings.schema.json")
    assert [p.message for p in problems] == ["the file is 50.0 MB; source files are limited to 2 MB"]


def test_every_kind_of_schema_violation_is_reported_together(tmp_path, fixture_codebook, fixture_bibliography):
    long_quote = " ".join(["w"] * 41)
    text = (
        VALID.replace("id: alpha", "id: beta")
        .replace("releases: [Acme-1]", "releases: Acme-1\ncolour: red")
        .replace("    disclosure: partial", "    disclosure: most")
        .replace("we align Acme-1 to be helpful and harmless", long_quote)
        .replace("- doc: acme2024report\n        locator: §4.2", "- doc: missing2024\n        locator: §4.2")
        .replace("No alignment data is released.", "No alignment data [@acme2024report is released.")
        .replace("  data_release:", "  data_reuse:")
    )
    messages = [f"{p.field}: {p.message}" for p in problems_in(tmp_path, text, fixture_codebook, fixture_bibliography)]
    expected = [
        "id: 'beta' must equal the file name 'alpha'",
        "releases: 'Acme-1' is not of type array",
        "colour: unknown field 'colour'",
        "aspects.annotators.disclosure: 'most' is not one of full, partial, none",
        "aspects.values_declared.evidence[0].quote: 41 words; quotes hold at most 40",
        "aspects.annotators.evidence[0].doc: 'missing2024' is not a key in bib/documentation.bib",
        "aspects.data_reuse.finding: malformed citation",
        "aspects.data_reuse: unknown aspect",
        "aspects: missing aspect(s) data_release",
    ]
    for fragment in expected:
        assert any(message.startswith(fragment) for message in messages), (fragment, messages)


@pytest.mark.parametrize(
    "value, message",
    [
        (r"\write18{rm -rf ~}", "LaTeX command \\write is not allowed"),
        (r"\csname input\endcsname", "LaTeX command \\csname is not allowed"),
        (r"^^5cinput{/etc/hostname}", "'^^' character escapes are not allowed"),
        (r"\immediate\openout", "LaTeX command \\immediate is not allowed"),
        ("Research & Development", "'&' must be written \\& in bib fields"),
        ("50% done", "'%' must be written \\% in bib fields"),
        ("Модель 😀", "pdflatex cannot typeset"),
        (r"\textbf{Model} Card", "LaTeX command \\textbf is not allowed"),
        ("Long title " * 500, "characters; at most 300 fit here"),
    ],
)
def test_bib_fields_that_could_run_code_or_crash_tex_are_errors(tmp_path, value, message):
    text = (FIXTURES / "bib" / "documentation.bib").read_text(encoding="utf-8").replace("Acme-1 Model Card", value)
    path = tmp_path / "documentation.bib"
    path.write_text(text, encoding="utf-8")
    _, problems = bibliography.build_index(path, FIXTURES / "bib" / "references.bib")
    assert any(message in p.message and p.field == "acme2024card.title" and p.line == 14 for p in problems), problems


def test_identical_evidence_items_are_an_error(tmp_path, fixture_codebook, fixture_bibliography):
    data = yamlsource.parse(VALID, "alpha.yaml").data
    evidence = data["aspects"]["annotators"]["evidence"]
    evidence.append(dict(evidence[0]))
    problems = problems_in(tmp_path, json.dumps(data), fixture_codebook, fixture_bibliography)
    assert [(p.field, p.message) for p in problems] == [
        (f"aspects.annotators.evidence[{len(evidence) - 1}]", "repeats evidence[0]; remove one of the two")
    ]


def test_findings_text_has_length_limits(tmp_path, fixture_codebook, fixture_bibliography):
    data = yamlsource.parse(VALID, "alpha.yaml").data
    data["aspects"]["annotators"]["finding"] = "word " * 1000
    data["name"] = "N" * 100
    problems = problems_in(tmp_path, json.dumps(data), fixture_codebook, fixture_bibliography)
    assert {(p.field, p.message) for p in problems} == {
        ("aspects.annotators.finding", "5,000 characters; at most 2000 fit here"),
        ("name", "100 characters; at most 40 fit here"),
    }


@pytest.mark.tex
def test_text_that_cannot_fit_the_page_fails_the_build_naming_its_source(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    before = (workdir / "build" / "paper.pdf").read_bytes()
    qwen = workdir / "findings" / "qwen.yaml"
    marker = "Only Qwen2 mentions red teaming"
    qwen.write_text(qwen.read_text(encoding="utf-8").replace(marker, f"{'x' * 150} {marker}", 1), encoding="utf-8")
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode != 0
    assert "LaTeX could not fit the text into the page" in result.stderr
    assert re.search(
        r"build/generated/ledger/qwen\.tex:\d+: line too wide by [\d.]+pt; its text comes from "
        r"findings/qwen\.yaml, aspects\.red_teaming",
        result.stderr,
    ), result.stderr[-2000:]
    assert (workdir / "build" / "paper.pdf").read_bytes() == before


def test_unsupported_characters_warn_with_file_and_field(tmp_path, fixture_codebook, fixture_bibliography):
    text = VALID.replace("Not released.", "Not released 中文 😀.")
    problems = problems_in(tmp_path, text, fixture_codebook, fixture_bibliography)
    assert [(p.severity, p.field) for p in problems] == [(WARNING, "aspects.data_release.short")]
    assert "U+4E2D" in problems[0].message and "prints as '?'" in problems[0].message


INJECTIONS = [
    r"\input{/etc/hostname}",
    r"\include{/etc/passwd}",
    r"\openin5=/etc/hostname",
    r"\write18{touch /tmp/pwned}",
    r"\immediate\write16{boom}",
    r"\catcode`\@=11",
    r"^^5cinput{/etc/hostname}",
    r"\csname input\endcsname{/etc/hostname}",
    r"unbalanced } { braces {{",
    r"\end{document}",
]
UNICODE = "Ελληνικά Кириллица עברית العربية 中文 😀 e\u0301 naïve “quoted” ‘single’ – — ≥ α ✓ Łódź"


def inject(workdir: Path, texts: list[str]) -> None:
    """Put each text into the short, finding, note, locator and quote fields of Qwen's findings."""
    path = workdir / "findings" / "qwen.yaml"
    data = yamlsource.load(path).data
    aspects = list(data["aspects"].values())
    for aspect, text in zip(aspects, texts, strict=False):
        aspect["finding"] = f"{text} {aspect['finding']}"
        for item in aspect.get("evidence", [])[:1]:
            item["locator"] = f"{text} {item['locator']}"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.tex
def test_latex_injection_renders_literally_and_reads_nothing(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    inject(workdir, INJECTIONS)
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    text = pdf_text(workdir / "build" / "paper.pdf")
    for injection in INJECTIONS:
        expected = injection.replace("`", "‘")
        assert expected in text, injection
    hostname = Path("/etc/hostname").read_text().strip()
    assert f"{INJECTIONS[0]} {hostname}" not in text
    assert not Path("/tmp/pwned").exists()


@pytest.mark.tex
def test_unicode_renders_or_falls_back_with_a_warning(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    inject(workdir, [UNICODE])
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "findings/qwen.yaml" in result.stdout + result.stderr and "prints as '?'" in result.stdout + result.stderr
    text = pdf_text(workdir / "build" / "paper.pdf")
    for kept in ("naïve", "“quoted”", "‘single’", "–", "—", "≥", "α", "Łódź", "é"):
        assert kept in text, kept
    assert "Ελληνικά" not in text and "?" in text


@pytest.mark.tex
def test_handwritten_tex_cannot_write_outside_the_tree(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    target = Path(f"/tmp/escape-{uuid.uuid4().hex}.tex")
    section = workdir / "paper" / "sections" / "conclusion.tex"
    section.write_text(
        section.read_text(encoding="utf-8")
        + f"\n\\newwrite\\leak\\immediate\\openout\\leak={target}"
        + "\\immediate\\write\\leak{x}\\immediate\\closeout\\leak\n",
        encoding="utf-8",
    )
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode != 0
    assert not target.exists()


def source_digest(workdir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(
        p for folder in ("findings", "bib", "paper") for p in (workdir / folder).rglob("*") if p.is_file()
    ):
        digest.update(path.relative_to(workdir).as_posix().encode() + path.read_bytes())
    digest.update((workdir / "config.yaml").read_bytes())
    return digest.hexdigest()


@pytest.mark.tex
def test_no_target_modifies_the_sources(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    before = source_digest(workdir)
    for target in (["--cores", "2"], ["--cores", "1", "check"], ["--cores", "2", "arxiv"]):
        result = snakemake(workdir, *target)
        assert result.returncode == 0, (target, result.stderr[-2000:])
    assert source_digest(workdir) == before


@pytest.mark.tex
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_resumes_to_the_same_pdf(built_repo: Path, tmp_path: Path, sig: signal.Signals):
    workdir = copy_repository(tmp_path / "repo")
    process = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (workdir / "build" / "generated" / "macros.tex").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        # Snakemake 9.27 can deadlock in its own signal handler when SIGTERM lands while
        # it imports a module; what matters here is that the next run recovers.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    reference = (built_repo / "build" / "paper.pdf").read_bytes()
    assert hashlib.sha256((workdir / "build" / "paper.pdf").read_bytes()).digest() == hashlib.sha256(reference).digest()


@pytest.mark.tex
def test_a_run_stopped_between_compiling_and_publishing_publishes_next_time(built_repo: Path, tmp_path: Path):
    # A run interrupted after TeX finished leaves build/latex/main.pdf but no build/paper.pdf;
    # the next run has nothing to compile and must still give the reader the paper.
    workdir = clone_built(built_repo, tmp_path / "repo")
    (workdir / "build" / "paper.pdf").unlink()
    result = snakemake(workdir, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "The paper is at build/paper.pdf" in result.stdout + result.stderr
    assert (workdir / "build" / "paper.pdf").read_bytes() == (built_repo / "build" / "paper.pdf").read_bytes()
