"""What moved in the findings between a git ref and the working tree.

Readers of a revision want to know which codes changed, not which lines: the
changelog compares findings aspect by aspect (disclosure level, table cell,
finding text word by word, evidence) under the aspects' labels, and lists the
documents added to or removed from the audited bibliography by title.
"""

from __future__ import annotations

import argparse
import difflib
import tempfile
from pathlib import Path

from scripts import bibliography, gitrefs, paths
from scripts.errors import GitError, InputError, entry_point
from scripts.templates import render_file
from scripts.textio import write_text
from scripts.yamlsource import load as load_yaml


def read_findings(root: Path) -> dict[str, dict]:
    """Initiative id -> findings data, for the initiatives root's config.yaml lists.

    The config names the paper's initiatives at that revision; any other YAML in
    findings/ (the codebook lived there until v2) is not an initiative.
    """
    listed = load_yaml(root / paths.CONFIG).data.get("initiatives", [])
    found = {}
    for initiative in listed:
        try:
            data = load_yaml(root / paths.findings_file(initiative)).data
        except InputError:
            continue
        if isinstance(data, dict):
            found[initiative] = data
    return found


def read_documents(root: Path) -> dict[str, str]:
    """Audited document key -> its title as readers see it."""
    entries, _ = bibliography.load(root / paths.DOCUMENTATION_BIB)
    return {entry.key: bibliography.plain_text(entry.fields.get("title", entry.key)) for entry in entries}


def read_labels(root: Path) -> dict[str, str]:
    """Aspect id -> label, from the codebook of root; an unreadable codebook gives no labels."""
    try:
        data = load_yaml(root / paths.CODEBOOK).data
    except InputError:
        return {}
    aspects = data.get("aspects", []) if isinstance(data, dict) else []
    return {a["id"]: a.get("label", a["id"]) for a in aspects if isinstance(a, dict) and "id" in a}


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """The new text as runs of kept, deleted and inserted words (op: equal, delete, insert)."""
    old_words, new_words = old.split(), new.split()
    runs = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append({"op": "equal", "text": " ".join(new_words[j1:j2])})
            continue
        if i2 > i1:
            runs.append({"op": "delete", "text": " ".join(old_words[i1:i2])})
        if j2 > j1:
            runs.append({"op": "insert", "text": " ".join(new_words[j1:j2])})
    return runs


def _evidence(finding: dict) -> list[tuple[str, str, str]]:
    return [(e.get("doc", ""), e.get("locator", ""), e.get("quote", "")) for e in finding.get("evidence", [])]


def compare(
    old: dict[str, dict],
    new: dict[str, dict],
    old_docs: dict[str, str],
    new_docs: dict[str, str],
    labels: dict[str, str],
) -> dict:
    """The changes a reader of the new revision should know about, aspects named by their labels."""
    changes: dict = {
        "initiatives_added": [{"id": i, "name": new[i].get("name", i)} for i in sorted(new.keys() - old.keys())],
        "initiatives_removed": [{"id": i, "name": old[i].get("name", i)} for i in sorted(old.keys() - new.keys())],
        "disclosure": [],
        "release_disclosure": [],
        "short": [],
        "finding": [],
        "evidence_added": [],
        "evidence_removed": [],
        "documents_added": [{"key": k, "title": new_docs[k]} for k in sorted(new_docs.keys() - old_docs.keys())],
        "documents_removed": [{"key": k, "title": old_docs[k]} for k in sorted(old_docs.keys() - new_docs.keys())],
    }
    for initiative in sorted(old.keys() & new.keys()):
        name = new[initiative].get("name", initiative)
        old_aspects = old[initiative].get("aspects", {})
        new_aspects = new[initiative].get("aspects", {})
        for aspect in new_aspects:
            before, after = old_aspects.get(aspect, {}), new_aspects[aspect]
            where = {"initiative": name, "initiative_id": initiative, "aspect": labels.get(aspect, aspect)}
            where["aspect_id"] = aspect
            if before.get("disclosure") != after.get("disclosure"):
                changes["disclosure"].append(
                    {**where, "old": before.get("disclosure", "absent"), "new": after.get("disclosure", "absent")}
                )
            if before and before.get("short") != after.get("short"):
                changes["short"].append({**where, "old": before.get("short", ""), "new": after.get("short", "")})
            if before and " ".join(str(before.get("finding", "")).split()) != " ".join(
                str(after.get("finding", "")).split()
            ):
                words = word_diff(str(before.get("finding", "")), str(after.get("finding", "")))
                changes["finding"].append({**where, "words": words})
            _evidence_changes(changes, where, _evidence(before), _evidence(after))
            old_codes, new_codes = _release_codes(before), _release_codes(after)
            releases = [r for r in new[initiative].get("releases", []) if r in old_codes or r in new_codes]
            releases += [r for r in old_codes if r not in releases]
            for release in releases:
                old_code, new_code = old_codes.get(release, {}), new_codes.get(release, {})
                at = {**where, "release": release}
                if old_code.get("disclosure") != new_code.get("disclosure"):
                    old_level, new_level = old_code.get("disclosure", "uncoded"), new_code.get("disclosure", "uncoded")
                    changes["release_disclosure"].append({**at, "old": old_level, "new": new_level})
                _evidence_changes(changes, at, _evidence(old_code), _evidence(new_code))
    return changes


def _release_codes(finding: dict) -> dict[str, dict]:
    codes = finding.get("releases")
    return (
        {release: code for release, code in codes.items() if isinstance(code, dict)} if isinstance(codes, dict) else {}
    )


def _evidence_changes(changes: dict, where: dict, old_items: list[tuple], new_items: list[tuple]) -> None:
    """Evidence items added and removed at one place (an aspect, or one release of it)."""
    for doc, locator, quote in new_items:
        if (doc, locator, quote) not in old_items:
            changes["evidence_added"].append({**where, "doc": doc, "locator": locator, "quote": quote})
    for doc, locator, quote in old_items:
        if (doc, locator, quote) not in new_items:
            changes["evidence_removed"].append({**where, "doc": doc, "locator": locator, "quote": quote})


def is_empty(changes: dict) -> bool:
    return not any(changes[key] for key in changes if isinstance(changes[key], list))


def render(changes: dict, base: str, template: Path) -> str:
    """The changelog in the template's language (Markdown or LaTeX)."""
    return render_file(template, {"changes": changes, "base": base, "empty": is_empty(changes)})


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git ref to compare with, e.g. v1")
    parser.add_argument("--markdown", type=Path, required=True)
    parser.add_argument("--latex", type=Path, required=True)
    parser.add_argument("--markdown-template", type=Path, required=True)
    parser.add_argument("--latex-template", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        gitrefs.resolve(args.base)
        with tempfile.TemporaryDirectory(prefix="changelog-") as folder:
            old_root = gitrefs.export(args.base, Path(folder))
            old, old_docs = read_findings(old_root), read_documents(old_root)
    except GitError as error:
        raise GitError(f"changelog: cannot read {args.base!r}: {error}") from None
    changes = compare(old, read_findings(Path(".")), old_docs, read_documents(Path(".")), read_labels(Path(".")))
    write_text(args.markdown, render(changes, args.base, args.markdown_template))
    write_text(args.latex, render(changes, args.base, args.latex_template))
    print(
        f"{args.markdown}: {sum(len(v) for v in changes.values() if isinstance(v, list))} change(s) since {args.base}"
    )


if __name__ == "__main__":
    main()
