# Decoding Alignment: findings YAML + bib -> generated LaTeX -> build/paper.pdf
# Wiring only; the logic lives in scripts/, one rules file per concern.
#
# `snakemake --lint` asks for a conda environment or container per rule. The build
# deliberately uses Debian's TeX Live and the pinned .venv (see setup.sh), so that
# advice is declined; everything else lint reports is kept clean.
import json
import os
import shutil
import sys
import uuid
from pathlib import Path

from snakemake.utils import min_version

min_version("9.0")

sys.path.insert(0, workflow.basedir)
from scripts import (
    configuration,
    exit_timer,
    generate,
    gitrefs,
    paths,
    revisions,
    sources,
    stale_locks,
)
from scripts.dependencies import code_of
from scripts.problems import report as report_problems


envvars:
    "PATH",


# Every source is checked before Snakemake reads any of it (it checksums inputs itself), and
# config.yaml is loaded by the project's loader, so each problem reads file:line:col: field.
SETTINGS, PROBLEMS = configuration.check(overrides=dict(config))
PROBLEMS = sources.unsafe_sources() + PROBLEMS
if PROBLEMS:
    report_problems(PROBLEMS)
    sys.exit(1)
config.clear()
config.update(SETTINGS)

exit_timer.install()

if stale_locks.clear():
    print("Removed the directory lock left by an interrupted run.", file=sys.stderr)

# Rules call `python3 -m scripts.…`; this makes that the interpreter running Snakemake.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
# Jobs of one run share this id, so a problem every job meets (a template error) is printed once.
os.environ[paths.RUN_ID_VARIABLE] = uuid.uuid4().hex

INITIATIVES = config["initiatives"]
CURRENT_VERSION = revisions.current_version(paths.REVISIONS)
# Releases compare with the previous release tag; diff and changelog with --config base=REF.
RELEASE_BASE = (
    f"v{CURRENT_VERSION - 1}" if CURRENT_VERSION and CURRENT_VERSION > 1 else None
)
BASE = config.get("base", RELEASE_BASE)
REFS = {gitrefs.file_name(ref): ref for ref in (BASE, RELEASE_BASE) if ref}


include: "rules/generate.smk"
include: "rules/paper.smk"
include: "rules/release.smk"
include: "rules/site.smk"
include: "rules/verify.smk"


rule all:
    default_target: True
    input:
        paths.PAPER_PDF,
        paths.FINDINGS_CSV,
        paths.DOCUMENTS_CSV,
        paths.DATA_PACKAGE,
        paths.SITE,


onstart:
    shutil.rmtree(paths.REPORTED, ignore_errors=True)
    if not BASE and {"changelog", "diff"} & set(workflow.dag_settings.targets):
        print(
            "no base to compare with: pass --config base=<git ref> (e.g. base=v1)",
            file=sys.stderr,
        )
        sys.exit(1)
    if "release" in workflow.dag_settings.targets:
        from scripts import release

        refusals = release.preflight(revisions.current_version(paths.REVISIONS))
        if refusals:
            print("release refused:\n  " + "\n  ".join(refusals), file=sys.stderr)
            sys.exit(1)
