"""bib/documents.lock: what the last verification found, per audited document.

A quote true when a document was read silently stops being findable when the page is
rewritten. The lock keeps, for every document verified, the hash of its normalised text,
the date, where it resolved to and the fingerprints of the quotes found verbatim; the
next verification compares with it (drift, moved pages), and the paper and the site
count verified quotes from it. Only `snakemake verify --config update_lock=true` writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

from scripts import paths, quotes
from scripts.problems import Problem, excerpt
from scripts.schema import load_valid
from scripts.textio import write_text

ABOUT = (
    "Written by `snakemake verify --config update_lock=true`; do not edit. Per audited document: where its"
    " text came from, the hash of that text after normalisation, the day it was verified and the"
    " fingerprints of the quotes found in it verbatim (scripts/quotes.py)."
)


def load(path: Path = paths.DOCUMENTS_LOCK, bibliography: dict | None = None) -> tuple[dict, list[Problem]]:
    """The lock's documents by bib key ({} when there is no lock yet) and its problems."""
    if not path.exists():
        return {}, []
    source, problems = load_valid(path, paths.DOCUMENTS_LOCK_SCHEMA)
    if source is None:
        return {}, problems
    documents = dict(source.data["documents"])
    for key in list(documents) if bibliography is not None else ():
        if bibliography.get(key, {}).get("source") != "documentation":
            del documents[key]
            message = f"{excerpt(key)} is not in bib/documentation.bib; the next update of the lock drops it"
            problems.append(source.problem(("documents", key), message, at_key=True, severity="warning"))
    return documents, problems


def write(documents: dict[str, dict], path: Path = paths.DOCUMENTS_LOCK) -> None:
    """The lock as sorted, indented JSON, so that a change to it reads as a small diff."""
    ordered = {key: documents[key] for key in sorted(documents)}
    write_text(path, json.dumps({"about": ABOUT, "documents": ordered}, indent=2, ensure_ascii=False) + "\n")


def summary(documents: dict[str, dict], findings: list[dict], audited: int) -> dict:
    """How many of today's evidence quotes the lock records as found verbatim, and since when.

    A quote counts only if its fingerprint is in its own document's entry: a quote edited
    after the last verification is not counted until it is verified again.
    """
    items = [item for record in findings for item in record["evidence"]]
    items += [item for record in findings for code in record.get("releases", []) for item in code["evidence"]]
    checked = [item for item in items if item["doc"] in documents]
    verified = [
        item for item in checked if quotes.fingerprint(item["quote"]) in documents[item["doc"]]["quotes_verified"]
    ]
    dates = [entry["verified_on"] for entry in documents.values()]
    return {
        "quotes": len(items),
        "quotes_checked": len(checked),
        "quotes_verified": len(verified),
        "documents": audited,
        "documents_verified": len(documents),
        "last_verified_on": max(dates) if dates else None,
    }
