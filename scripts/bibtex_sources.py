"""The bib files as BibTeX reads them: access dates and arXiv identifiers folded into the note.

The paper promises an access date for every online document and an identifier for every
arXiv paper, but plainnat (kept for its arXiv-compatible .bbl) prints neither urldate nor
eprint. The build therefore gives BibTeX copies of the bib files in which both are part
of the note; the sources stay as contributors write them.
"""

from __future__ import annotations

from scripts.bibliography import BibEntry


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
