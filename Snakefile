# Decoding Alignment: findings YAML + bib -> generated LaTeX -> build/paper.pdf
# Wiring only; the logic lives in scripts/, one rules file per concern.
import json
import sys

from snakemake.utils import min_version, validate

min_version("9.0")

sys.path.insert(0, workflow.basedir)
from scripts import paths


configfile: "config.yaml"


validate(config, "schemas/config.schema.json")

PYTHON = sys.executable
INITIATIVES = config["initiatives"]


include: "rules/findings.smk"
include: "rules/tables.smk"
include: "rules/paper.smk"


rule all:
    default_target: True
    input:
        paths.PAPER_PDF,
