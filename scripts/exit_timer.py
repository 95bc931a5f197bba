"""Let a Snakemake run end when its last job ends, not up to a second later.

After every scheduling round, Snakemake 9's JobScheduler calls _schedule_reevalutation
(sic), which starts a threading.Timer of the job rate limiter's timespan (one second by
default, --max-jobs-per-timespan 100/1s) so that jobs held back by the limit get another
chance. The timer is an ordinary, non-daemon thread, and Python waits for those before it
exits: every run that executes a job idles for up to a second after its last job has
finished, about a third of a findings edit's wall time. The timer only matters while the
scheduler is running, so making it a daemon thread is safe.

The hook is guarded: it replaces the method only on the Snakemake version it was written
against, and tests/test_exit_timer.py fails when that version changes or the internal goes
away, so that the hook is revisited rather than silently kept or silently lost.
"""

from __future__ import annotations

import threading

# The Snakemake version whose scheduler this hook was read against (requirements.txt pins it).
PINNED_SNAKEMAKE = "9.27.1"
METHOD = "_schedule_reevalutation"


def _daemon_reevaluation(self, delay: float) -> None:
    timer = threading.Timer(delay, self._open_jobs.release)
    timer.daemon = True
    timer.start()


def install() -> bool:
    """Make the scheduler's re-evaluation timer a daemon thread; False when the guard declines."""
    import snakemake
    from snakemake.scheduling import job_scheduler

    if snakemake.__version__ != PINNED_SNAKEMAKE or not hasattr(job_scheduler.JobScheduler, METHOD):
        return False
    setattr(job_scheduler.JobScheduler, METHOD, _daemon_reevaluation)
    return True
