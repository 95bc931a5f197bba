"""Ordinary mistakes meet one clear message, once, wherever they are made.

Config problems read the same through `snakemake`, `snakemake check` and
`python -m scripts.check`; the check and the build report the same problems; a
template error is printed once with its line; a findings file that is gone never
lets a stale paper through.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from scripts import configuration
from tests.helpers import clone_built, copy_repository, snakemake

PROBLEM = re.compile(r"^(?:warning: )?(\S+:\d+:\d+: .+)$")


def check(workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.check"], cwd=workdir, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def problem_lines(output: str) -> set[str]:
    return {m.group(1) for line in output.splitlines() if (m := PROBLEM.match(line.strip()))}


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CONFIG_MISTAKES = {
    "upper-case id": (
        ("  - qwen\n", "  - Qwen\n"),
        "config.yaml:{line}:5: initiatives[5]: 'Qwen' is not valid: use lower-case letters, digits and _",
    ),
    "YAML syntax": (("initiatives:\n", "initiatives:\n\t- x\n"), "config.yaml:{line}:1: YAML syntax:"),
    "missing findings file": (
        ("  - qwen\n", "  - qwen\n  - mistral\n"),
        "config.yaml:{line}:5: initiatives[6]: 'mistral' has no file findings/mistral.yaml",
    ),
}


@pytest.mark.parametrize("mistake", sorted(CONFIG_MISTAKES))
def test_config_problems_read_the_same_through_every_entry_point(tmp_path: Path, mistake: str):
    (old, new), expected = CONFIG_MISTAKES[mistake]
    workdir = copy_repository(tmp_path / "repo")
    config = workdir / "config.yaml"
    before = config.read_text(encoding="utf-8").splitlines()
    edit(config, old, new)
    after = config.read_text(encoding="utf-8").splitlines()
    line = next(number for number, row in enumerate(after, 1) if row not in before)
    for result in (
        snakemake(workdir, "--cores", "1"),
        snakemake(workdir, "--cores", "1", "check"),
        check(workdir),
    ):
        output = result.stdout + result.stderr
        assert result.returncode != 0
        wanted = expected.format(line=line)
        assert sum(wanted in row for row in output.splitlines()) == 1, output[-2000:]
        for noise in ("Traceback", "OrderedDict", "WorkflowError", "ValidationError", "tab indentation"):
            assert noise not in output, noise
    assert not (workdir / "build").exists()


def test_a_bad_command_line_override_names_the_command_line(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    result = snakemake(workdir, "--cores", "1", "--config", "build={'evidence_lists': 'sometimes'}")
    assert result.returncode != 0
    assert "--config: build.evidence_lists: 'sometimes' is not of type boolean" in result.stderr


def test_a_findings_file_deleted_after_a_build_fails_at_once(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    assert (workdir / "build" / "data" / "records" / "qwen.json").exists()
    (workdir / "findings" / "qwen.yaml").unlink()
    config_lines = (workdir / "config.yaml").read_text(encoding="utf-8").splitlines()
    line = config_lines.index("  - qwen") + 1
    for target in ([], ["arxiv"]):
        result = snakemake(workdir, "--cores", "2", *target)
        assert result.returncode != 0
        assert f"config.yaml:{line}:5: initiatives[5]: 'qwen' has no file findings/qwen.yaml" in result.stderr
        assert "Nothing to be done" not in result.stdout + result.stderr


@pytest.mark.tex
def test_the_tarball_ships_only_what_the_current_sources_generate(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    assert (workdir / "build" / "generated" / "sections" / "qwen.tex").exists()
    config = workdir / "config.yaml"
    configuration.set_initiatives([i for i in configuration.listed_initiatives(config) if i != "qwen"], config)
    (workdir / "findings" / "qwen.yaml").unlink()
    # Qwen's bib entries stay: an audited document that no finding cites is only a warning.
    result = snakemake(workdir, "--cores", "2", "arxiv")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    (tarball,) = (workdir / "dist").glob("v*/arxiv.tar.gz")
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
    assert "generated/sections/gpt.tex" in names
    assert "generated/sections/qwen.tex" not in names


WARNING_IN_QWEN_SHORT = ("Only Qwen2 mentions red teaming", "Only Qwen2 mentions red teaming 中文")


@pytest.mark.parametrize(
    "case",
    ["untypesettable character", "audit window keys swapped", "one error, one warning"],
)
def test_check_and_build_report_the_same_problems(tmp_path: Path, case: str):
    workdir = copy_repository(tmp_path / "repo")
    if case == "untypesettable character":
        short = next(
            line
            for line in (workdir / "findings" / "qwen.yaml").read_text(encoding="utf-8").splitlines()
            if line.startswith("    short: ") and not line.endswith(">-")
        )
        edit(workdir / "findings" / "qwen.yaml", short, short + " 中文")
    elif case == "audit window keys swapped":
        edit(
            workdir / "config.yaml",
            '  start: "2018-01-01"\n  end: "2025-08-31"\n',
            '  end: "2025-08-31"\n  start: "2018-01-01"\n',
        )
    else:
        edit(workdir / "findings" / "llama.yaml", "access: open-weight", "access: open-weights")
        short = next(
            line
            for line in (workdir / "findings" / "gpt.yaml").read_text(encoding="utf-8").splitlines()
            if line.startswith("    short: ") and not line.endswith(">-")
        )
        edit(workdir / "findings" / "gpt.yaml", short, short + " 😀")
    checked = check(workdir)
    built = snakemake(workdir, "--cores", "2", "generated")
    from_check = problem_lines(checked.stdout)
    from_build = problem_lines(built.stdout + built.stderr)
    assert from_check == from_build, (from_check, from_build)
    assert (checked.returncode == 0) == (built.returncode == 0)
    expected = {"untypesettable character": 1, "audit window keys swapped": 0, "one error, one warning": 2}[case]
    assert len(from_check) == expected, from_check
    if case != "audit window keys swapped":
        assert all(": warning: " in p or "open-weights" in p for p in from_check), from_check


@pytest.mark.tex
def test_a_misspelt_variable_inside_a_filter_is_reported_once_with_its_line(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "repo")
    template = workdir / "paper" / "templates" / "evidence-ledger.tex.j2"
    line = template.read_text(encoding="utf-8").splitlines().index("\\VAR{finding.finding|cite}") + 1
    edit(template, "\\VAR{finding.finding|cite}", "\\VAR{finding.findng|cite}")
    result = snakemake(workdir, "--cores", "2")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    message = f"paper/templates/evidence-ledger.tex.j2:{line}: template error: 'dict object' has no attribute"
    assert sum(message in row for row in output.splitlines()) == 1, output[-3000:]
    assert "Traceback" not in output and "StrictUndefined" not in output


def test_a_template_syntax_error_is_reported_once_at_its_line_not_as_an_offset(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    template = workdir / "paper" / "templates" / "initiatives-table.tex.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "\\VAR{ row.name ? }")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = snakemake(workdir, "--cores", "2", "generated")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    found = [row for row in output.splitlines() if "template error" in row]
    assert len(found) == 1, found
    assert found[0].startswith("paper/templates/initiatives-table.tex.j2:4: template error: unexpected char")
    assert not re.search(r" at \d+$", found[0])
    assert "Traceback" not in output


def test_check_refuses_a_revision_dated_before_its_documents_were_read(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    revisions = workdir / "paper" / "revisions.yaml"
    current = re.findall(r'date: "([\d-]+)"', revisions.read_text(encoding="utf-8"))[-1]
    edit(revisions, f'date: "{current}"', 'date: "2026-11-27"')
    result = check(workdir)
    assert result.returncode != 0
    late = [row for row in result.stdout.splitlines() if "after v2 of 2026-11-27" in row]
    expected = re.compile(r"bib/documentation\.bib:\d+:1: \w+\.urldate: accessed 2026-11-(?:2[89]|30)")
    assert late and all(expected.match(row) for row in late), late


def test_tex_state_from_other_search_paths_is_not_trusted(tmp_path: Path):
    """A .bbl made when BibTeX read other bib files must not survive into the next build."""
    from scripts import compile as compiling

    main_tex, outdir = Path("main.tex"), tmp_path
    env = {"TEXINPUTS": "paper:build:", "BIBINPUTS": "build/bib:"}

    def leave_state(setup: dict[str, str]) -> None:
        for suffix in (".aux", ".bbl", ".fdb_latexmk"):
            (outdir / f"main{suffix}").write_text("state", encoding="utf-8")
        compiling.compiled_by(outdir).write_text("run\n", encoding="utf-8")
        (outdir / "search-setup").write_text(compiling.search_setup(setup), encoding="utf-8")

    leave_state(env)
    assert not compiling.clear_stale_state(main_tex, outdir, env)
    assert (outdir / "main.bbl").exists()
    leave_state({**env, "BIBINPUTS": "bib:"})
    assert compiling.clear_stale_state(main_tex, outdir, env)
    assert not (outdir / "main.bbl").exists() and not (outdir / "main.fdb_latexmk").exists()
    leave_state(env)
    (outdir / "search-setup").unlink()  # a build from before the setup was recorded
    assert compiling.clear_stale_state(main_tex, outdir, env)
