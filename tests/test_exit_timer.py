"""The hook that ends a run with its last job still fits the pinned Snakemake."""

from __future__ import annotations

import inspect
import threading
import time

import snakemake
from snakemake.scheduling import job_scheduler

from scripts import exit_timer
from tests.helpers import REPO


def test_the_hook_is_written_for_the_pinned_snakemake():
    pins = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"snakemake=={exit_timer.PINNED_SNAKEMAKE}" in pins
    assert snakemake.__version__ == exit_timer.PINNED_SNAKEMAKE


def test_the_upstream_defect_is_still_there():
    """If Snakemake makes the timer a daemon (or drops it), this hook should go: this test says when."""
    module = inspect.getsource(job_scheduler)
    method = module.split(f"def {exit_timer.METHOD}(", 1)[1].split("\n    def ", 1)[0]
    assert "threading.Timer(" in method and "daemon" not in method


def test_installed_the_timer_no_longer_holds_the_process_open():
    assert exit_timer.install()
    method = getattr(job_scheduler.JobScheduler, exit_timer.METHOD)
    assert method is exit_timer._daemon_reevaluation

    class Scheduler:
        _open_jobs = threading.Semaphore(0)

    method(Scheduler(), 0.05)
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    assert timers and all(t.daemon for t in timers)
    time.sleep(0.2)
    assert Scheduler._open_jobs.acquire(blocking=False), "the timer still releases the scheduler"
