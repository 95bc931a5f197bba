"""How long the build takes, next to the floors it cannot beat.

Runs on temporary copies of the repository, never on the working tree:

    .venv/bin/python benchmarks/build_speed.py              # about ten minutes
    .venv/bin/python benchmarks/build_speed.py --runs 1 --scales 6,60   # quicker

Floors: Snakemake's own start-up (a dry run of a one-rule workflow) and latexmk alone
on the already generated sources, cold and after a one-line change. Prints a Markdown
table (median seconds and ratio to the floor) and writes it as JSON to
build/bench/build_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts import configuration, gitrefs, paths  # noqa: E402
from scripts.tex import latexmk_command, tex_environment  # noqa: E402
from scripts.yamlsource import load as load_yaml  # noqa: E402

PYTHON = sys.executable


def run(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{(result.stdout + result.stderr)[-3000:]}")
    return elapsed


def snakemake(cwd: Path, *args: str) -> float:
    return run([PYTHON, "-m", "snakemake", "--cores", "2", *args], cwd)


def median(measure, runs: int) -> float:
    return statistics.median(measure() for _ in range(runs))


def toggle(path: Path, old: str, new: str) -> None:
    """Change one line back and forth, so every timed run has a real edit to rebuild."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1), encoding="utf-8")


def snakemake_floor(scratch: Path, runs: int) -> float:
    folder = scratch / "one-rule"
    folder.mkdir()
    (folder / "Snakefile").write_text(
        'rule one:\n    output:\n        "one.txt",\n    shell:\n        "touch {output}"\n'
    )
    run([PYTHON, "-m", "snakemake", "--cores", "1"], folder)
    return median(lambda: run([PYTHON, "-m", "snakemake", "--cores", "1", "-n"], folder), runs)


def latexmk_floors(repo: Path, runs: int) -> tuple[float, float]:
    """latexmk alone on the built tree: cold (no aux files) and after a one-line change."""
    env = tex_environment(load_yaml(repo / paths.REVISIONS).data["revisions"][-1]["date"])
    outdir = repo / "build" / "bench-latex"
    command = latexmk_command(paths.MAIN_TEX, outdir.relative_to(repo))

    def cold() -> float:
        shutil.rmtree(outdir, ignore_errors=True)
        return run(command, repo, env)

    cold_time = median(cold, runs)
    section = repo / paths.HANDWRITTEN_SECTIONS / "conclusion.tex"

    def one_line() -> float:
        toggle(section, "We audited the public", "We audited all public")
        return run(command, repo, env)

    return cold_time, median(one_line, runs)


def synthetic(repo: Path, count: int) -> None:
    """count initiatives made from the real ones under new ids, listed in config.yaml."""
    real = configuration.listed_initiatives(repo / paths.CONFIG)
    ids = []
    for index in range(count):
        template = real[index % len(real)]
        new_id = template if index < len(real) else f"{template}_{index:04d}"
        if new_id != template:
            text = (repo / paths.findings_file(template)).read_text(encoding="utf-8")
            text = text.replace(f"id: {template}\n", f"id: {new_id}\n", 1)
            (repo / paths.findings_file(new_id)).write_text(text, encoding="utf-8")
        ids.append(new_id)
    configuration.set_initiatives(ids, repo / paths.CONFIG)


def measure(runs: int, scales: list[int], full_build_scale: int) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        scratch = Path(folder)
        repo = gitrefs.copy_sources(REPO, scratch / "repo")
        startup = snakemake_floor(scratch, runs)

        def cold() -> float:
            shutil.rmtree(repo / "build", ignore_errors=True)
            shutil.rmtree(repo / ".snakemake", ignore_errors=True)
            return snakemake(repo)

        cold_time = median(cold, runs)
        noop = median(lambda: snakemake(repo), runs)
        llama = repo / paths.findings_file("llama")

        def findings_edit() -> float:
            toggle(llama, "no headcounts.", "no head counts.")
            return snakemake(repo)

        edit = median(findings_edit, runs)
        section = repo / paths.HANDWRITTEN_SECTIONS / "discussion.tex"

        def section_edit() -> float:
            toggle(section, "Whose judgements?", "Whose judgement?")
            return snakemake(repo)

        prose = median(section_edit, runs)
        latex_cold, latex_line = latexmk_floors(repo, runs)
        rows += [
            {"what": "snakemake -n, one-rule workflow (floor)", "seconds": startup, "floor": "self"},
            {"what": "latexmk alone, cold (floor)", "seconds": latex_cold, "floor": "self"},
            {"what": "latexmk alone, one-line change (floor)", "seconds": latex_line, "floor": "self"},
            {
                "what": "cold build",
                "seconds": cold_time,
                "floor": "latexmk cold + snakemake start-up",
                "floor_seconds": latex_cold + startup,
            },
            {"what": "no-op build", "seconds": noop, "floor": "snakemake start-up", "floor_seconds": startup},
            {
                "what": "edit one findings file (short text)",
                "seconds": edit,
                "floor": "latexmk one-line change",
                "floor_seconds": latex_line,
            },
            {
                "what": "edit one hand-written section",
                "seconds": prose,
                "floor": "latexmk one-line change",
                "floor_seconds": latex_line,
            },
        ]
        for count in scales:
            scaled = gitrefs.copy_sources(REPO, scratch / f"scale-{count}")
            synthetic(scaled, count)
            check = run([PYTHON, "-m", "scripts.check"], scaled)
            render = snakemake(scaled, "generated")
            rows += [
                {
                    "what": f"check, {count} initiatives",
                    "seconds": check,
                    "floor": "per initiative",
                    "floor_seconds": count,
                },
                {
                    "what": f"data + render (no TeX), {count} initiatives",
                    "seconds": render,
                    "floor": "per initiative",
                    "floor_seconds": count,
                },
            ]
            if count == full_build_scale:
                full = snakemake(scaled)
                rows.append(
                    {
                        "what": f"full build, {count} initiatives",
                        "seconds": full,
                        "floor": "per initiative",
                        "floor_seconds": count,
                    }
                )
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| measurement | median s | compared with | ratio |", "|---|---:|---|---:|"]
    for row in rows:
        floor = row.get("floor_seconds")
        if row["floor"] == "self":
            ratio = "floor"
        elif row["floor"] == "per initiative":
            ratio = f"{row['seconds'] / floor:.3f} s each"
        else:
            ratio = f"{row['seconds'] / floor:.2f}×"
        lines.append(f"| {row['what']} | {row['seconds']:.2f} | {row['floor']} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per measurement (median)")
    parser.add_argument("--scales", default="6,60,600", help="initiative counts for the scaling runs")
    parser.add_argument("--full-build-scale", type=int, default=60)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "build_speed.json")
    args = parser.parse_args(argv)
    rows = measure(args.runs, [int(n) for n in args.scales.split(",") if n], args.full_build_scale)
    machine = {"cores": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform}
    print(table(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine, "runs": args.runs, "rows": rows}, indent=2) + "\n")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
