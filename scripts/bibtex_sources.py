"""The bib files as BibTeX reads them: access dates and arXiv identifiers folded into the note.

The paper promises an access date for every online document and an identifier for every
arXiv paper, but plainnat (kept for its arXiv-compatible .bbl) prints neither urldate nor
eprint. The build therefore gives BibTeX copies of the bib files in which both are part
of the note; the sources stay as contributors write them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts.bibliography import BibEntry, load
from scripts.errors import InputError, entry_point
from scripts.templates import render_file
from scripts.textio import write_text


def note_of(entry: BibEntry) -> str:
    """The entry's note, followed by its arXiv identifier and access date where it has them."""
    parts = [entry.fields["note"].rstrip(". ")] if entry.fields.get("note") else []
    if entry.fields.get("eprint"):
        parts.append(f"arXiv:{entry.fields['eprint']}")
    if entry.fields.get("urldate"):
        parts.append(f"Accessed {entry.fields['urldate']}")
    return ". ".join(parts)


def for_bibtex(entries: list[BibEntry]) -> list[dict]:
    """Each entry's type, key and fields in source order, with the combined note."""
    shaped = []
    for entry in entries:
        fields = [(name, value) for name, value in entry.fields.items() if name != "note"]
        if note := note_of(entry):
            fields.append(("note", note))
        shaped.append({"type": entry.entry_type, "key": entry.key, "fields": fields})
    return shaped


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a bib file of bib/")
    parser.add_argument("--template", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    entries, problems = load(args.source)
    if problems:
        raise InputError(problems)
    write_text(args.out, render_file(args.template, {"entries": for_bibtex(entries)}))


if __name__ == "__main__":
    main()
