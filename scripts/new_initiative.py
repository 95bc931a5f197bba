"""Start the findings file of a new initiative and add it to config.yaml.

The file lists every codebook aspect with its rubric as comments and TODO
placeholders in every field, so that it fails the check until each aspect is
really coded. An existing findings file is never overwritten.

    python -m scripts.new_initiative mistral --name Mistral --organization "Mistral AI" --access open-weight
"""

from __future__ import annotations

import argparse
import json
import re

from scripts import codebook, configuration, paths
from scripts.errors import ProjectError, entry_point
from scripts.terms import ACCESS_TYPES, LEVELS
from scripts.textio import write_text

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def scaffold(initiative: str, name: str, organization: str, access: str, releases: list[str], book: dict) -> str:
    """The text of the new findings file (YAML with the rubric as comments)."""
    quote = json.dumps  # a JSON string is a valid, safely quoted YAML scalar
    lines = [
        "# yaml-language-server: $schema=../schemas/findings.schema.json",
        f"# Audit findings for {name} ({organization}). Levels follow the rubric in {paths.CODEBOOK}.",
        "# Replace every TODO: `snakemake --cores 1 check` fails until all are gone. See CONTRIBUTING.md.",
        f"id: {initiative}",
        f"name: {quote(name)}",
        f"organization: {quote(organization)}",
        f"access: {access}",
        "releases:",
        *[f"  - {quote(release)}" for release in releases],
        "# Optional, for codes per release (CONTRIBUTING.md, Code single releases): which releases each",
        "# audited document documents, e.g.",
        "# documents:",
        "#   bibkey2024report: [First release]",
        "aspects:",
    ]
    for aspect in book["aspects"]:
        lines += [
            f"  # {aspect['label']} ({aspect['lens']}): {' '.join(aspect['definition'].split())}",
            *[f"  #   {level}: {' '.join(aspect['rubric'][level].split())}" for level in LEVELS],
            *[f"  #   rule: {' '.join(rule.split())}" for rule in aspect["decision_rules"]],
            f"  {aspect['id']}:",
            "    disclosure: TODO  # full, partial or none",
            "    short: TODO table cell, at most 15 words",
            "    finding: TODO a paragraph in your own words, citing documents as [@bibkey]",
            "    evidence:  # for full and partial; for none, replace with `note:` saying what you searched",
            "      - doc: TODO-bibkey",
            "        locator: TODO section, table, appendix or page",
            "        quote: TODO verbatim, at most 40 words",
            "    # releases:  # optional: this aspect for single releases, from their own documents",
            "    #   First release: {disclosure: ..., evidence: [...]}  # or note: for none",
        ]
    return "\n".join(lines) + "\n"


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("id", help="lower-case id, also the file name: findings/<id>.yaml")
    parser.add_argument("--name", required=True, help='name as the paper shows it, e.g. "Mistral"')
    parser.add_argument("--organization", required=True)
    parser.add_argument("--access", required=True, choices=ACCESS_TYPES)
    parser.add_argument("--release", action="append", dest="releases", help="a model release covered (repeatable)")
    args = parser.parse_args(argv)

    if not ID_PATTERN.match(args.id):
        raise ProjectError(
            f"new_initiative: {args.id!r} is not a valid id: use lower-case letters, digits and _ ,"
            " starting with a letter"
        )
    target = paths.findings_file(args.id)
    if target.exists():
        raise ProjectError(f"new_initiative: {target} already exists; edit it instead (nothing was changed)")
    book, problems = codebook.check(paths.CODEBOOK)
    if problems:
        raise ProjectError(f"new_initiative: {paths.CODEBOOK} has problems; run `snakemake --cores 1 check` first")
    listed = configuration.listed_initiatives()
    if args.id in listed:
        raise ProjectError(f"new_initiative: {args.id!r} is already listed in {paths.CONFIG}")
    releases = args.releases or ["TODO release name"]
    write_text(target, scaffold(args.id, args.name, args.organization, args.access, releases, book))
    configuration.set_initiatives([*listed, args.id])
    print(f"created {target} and added {args.id!r} to {paths.CONFIG}; fill in every TODO, then run the check")


if __name__ == "__main__":
    main()
