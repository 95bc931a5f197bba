# Decoding Alignment: findings YAML + bib -> generated LaTeX -> build/paper.pdf
# Wiring only; the logic lives in scripts/, one rules file per concern.
#
# `snakemake --lint` asks for a conda environment or container per rule. The build
# deliberately uses Debian's TeX Live and the pinned .venv (see setup.sh), so that
# advice is declined; everything else lint reports is kept clean.
import json
import os
import sys
import uuid
from pathlib import Path

from snakemake.utils import min_version, validate

min_version("9.0")

sys.path.insert(0, workflow.basedir)
from scripts import gitrefs, paths, revisions
from scripts.compile import publish_if_newer


configfile: "config.yaml"


envvars:
    "PATH",


validate(config, "schemas/config.schema.json")

# Rules call `python3 -m scripts.…`; this makes that the interpreter running Snakemake.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"

INITIATIVES = config["initiatives"]
CURRENT_VERSION = revisions.current_version(paths.REVISIONS)
# Releases compare with the previous release tag; diff and changelog with --config base=REF.
RELEASE_BASE = (
    f"v{CURRENT_VERSION - 1}" if CURRENT_VERSION and CURRENT_VERSION > 1 else None
)
BASE = config.get("base", RELEASE_BASE)
REFS = {gitrefs.file_name(ref): ref for ref in (BASE, RELEASE_BASE) if ref}


include: "rules/findings.smk"
include: "rules/tables.smk"
include: "rules/paper.smk"
include: "rules/release.smk"


rule all:
    default_target: True
    input:
        paths.LATEX_PDF,
        paths.FINDINGS_CSV,


onsuccess:
    if publish_if_newer(paths.LATEX_PDF, paths.PAPER_PDF):
        print(f"The paper is at {paths.PAPER_PDF}")
