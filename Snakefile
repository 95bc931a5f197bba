# Decoding Alignment: findings YAML + bib -> generated LaTeX -> build/paper.pdf
# Wiring only; the logic lives in scripts/, one rules file per concern.
#
# `snakemake --lint` asks for a conda environment or container per rule. The build
# deliberately uses Debian's TeX Live and the pinned .venv (see setup.sh), so that
# advice is declined; everything else lint reports is kept clean.
import json
import os
import sys
from pathlib import Path

from snakemake.utils import min_version, validate

min_version("9.0")

sys.path.insert(0, workflow.basedir)
from scripts import paths


configfile: "config.yaml"


envvars:
    "PATH",


validate(config, "schemas/config.schema.json")

# Rules call `python3 -m scripts.…`; this makes that the interpreter running Snakemake.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"

INITIATIVES = config["initiatives"]


include: "rules/findings.smk"
include: "rules/tables.smk"
include: "rules/paper.smk"


rule all:
    default_target: True
    input:
        paths.PAPER_PDF,
