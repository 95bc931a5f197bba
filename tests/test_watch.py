"""The watch mode: a save updates the PDF, a mistake keeps the last good one, and the result is the build's."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import clone_built, pdf_text, snakemake

pytestmark = pytest.mark.tex


class Watch:
    """`python3 -m scripts.watch` in a tree, its output read line by line as it comes."""

    def __init__(self, workdir: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.watch"],
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 180) -> list[str]:
        """Lines up to and including the first that starts with start."""
        got = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line starting {start!r}; saw:\n" + "\n".join(self.seen[-30:])) from None
            got.append(line)
            self.seen.append(line)
            if line.startswith(start):
                return got

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return "\n".join(self.seen + rest)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_updates_the_pdf_a_mistake_keeps_it_and_the_result_is_what_snakemake_builds(
    built_repo: Path, tmp_path: Path
):
    workdir = clone_built(built_repo, tmp_path / "watched")
    watch = Watch(workdir)
    try:
        watch.wait_for("watching ")
        llama = workdir / "findings" / "llama.yaml"
        pdf = workdir / "build" / "paper.pdf"

        edit(llama, "The first LLaMA release", "The original LLaMA release")
        updated = watch.wait_for("PDF updated")[-1]
        assert "one pdflatex pass" in updated, updated
        assert "The original LLaMA release" in pdf_text(pdf)

        good = pdf.read_bytes()
        edit(llama, "  annotators:\n    disclosure: partial", "  annotators:\n    disclosure: some")
        lines = watch.wait_for("not rebuilt")
        rows = llama.read_text(encoding="utf-8").splitlines()
        line = next(n for n, row in enumerate(rows, 1) if "disclosure: some" in row)
        message = "aspects.annotators.disclosure: 'some' is not one of full, partial, none"
        wanted = f"findings/llama.yaml:{line}:17: {message}"
        assert sum(wanted in row for row in lines) == 1, lines
        assert pdf.read_bytes() == good

        edit(llama, "  annotators:\n    disclosure: some", "  annotators:\n    disclosure: partial")
        watch.wait_for("PDF updated")
    finally:
        output = watch.stop()
    assert "Traceback" not in output

    # The same sources built by Snakemake in another tree give the same bytes.
    reference = clone_built(built_repo, tmp_path / "built")
    edit(reference / "findings" / "llama.yaml", "The first LLaMA release", "The original LLaMA release")
    result = snakemake(reference, "--cores", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (reference / "build" / "paper.pdf").read_bytes() == pdf.read_bytes()


def test_ctrl_c_during_a_rebuild_stops_the_watch_mode(built_repo: Path, tmp_path: Path):
    workdir = clone_built(built_repo, tmp_path / "watched")
    watch = Watch(workdir)
    watch.wait_for("watching ")
    edit(workdir / "findings" / "llama.yaml", "The first LLaMA release", "The original LLaMA release")
    watch.wait_for("findings/llama.yaml changed")
    output = watch.stop()  # raises if the process is still there after 30 s
    assert output.splitlines()[-1] == "stopped"
    assert "Traceback" not in output
