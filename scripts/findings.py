"""Validate one initiative's findings file and turn it into tidy records.

The JSON Schema checks the shape of a file; this module adds the rules that need
other files: aspects must match the codebook exactly, every cited document must
exist in the bibliographies, and the file name must be the initiative id. The
output (one JSON file per initiative) lets a change to one findings file rerun
only the parts of the paper that depend on that initiative.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts import citations, paths
from scripts.characters import FALLBACK, character_list, unsupported
from scripts.errors import InputError
from scripts.problems import WARNING, Problem, excerpt
from scripts.schema import schema_problems
from scripts.terms import ALL_RELEASES, LEVELS
from scripts.yamlsource import YamlSource
from scripts.yamlsource import load as load_yaml

MAX_SHORT_WORDS = 15
MAX_QUOTE_WORDS = 40
TEXT_FIELDS = ("short", "finding", "note")
# Scaffolded files start with TODO in every field; they must not pass until filled in.
TODO = "TODO"
# A range of releases ("Llama 1-2") reads as a hyphenated name; typeset ranges take an en dash.
HYPHENATED_RANGE = re.compile(r"\b[A-Z][\w.]* \d+(?:\.\d+)?-\d+(?:\.\d+)?\b")
# Quotes are text as a reader of the document sees it, not its Markdown or HTML source.
SOURCE_MARKUP = re.compile(r"\*\*|__|</?[a-z]+>|\]\(http")


def _words(text: str) -> int:
    return len(citations.CITATION.sub("", text).split())


def _untypesettable(source: YamlSource, path: tuple, text: str) -> list[Problem]:
    """A warning for characters the escape function replaces with its fallback."""
    unusable = unsupported(text)
    if not unusable:
        return []
    message = f"pdflatex cannot typeset {character_list(unusable)}; it prints as '{FALLBACK}'"
    return [source.problem(path, message, severity=WARNING)]


def _check_text(source: YamlSource, path: tuple, text: str, bibliography: dict) -> list[Problem]:
    problems = []
    if text.strip().upper().startswith(TODO):
        problems.append(source.problem(path, "still a TODO placeholder; replace it with the finding"))
    problems += _untypesettable(source, path, text)
    for fragment in citations.malformed(text):
        problems.append(source.problem(path, f"malformed citation {excerpt(fragment)}; write [@key] or [@key1; @key2]"))
    for key in citations.cited_keys(text):
        if key not in bibliography:
            problems.append(source.problem(path, f"cites [@{key}], which is in neither bib file"))
    if match := HYPHENATED_RANGE.search(text):
        fixed = match.group(0).replace("-", "\u2013")
        message = f"write the range {excerpt(match.group(0))} with an en dash: {fixed!r}"
        problems.append(source.problem(path, message, severity=WARNING))
    return problems


def cross_file_problems(source: YamlSource, codebook: dict, bibliography: dict) -> list[Problem]:
    """Rules that need the codebook, the bibliographies or the file name.

    Runs on whatever parts of the file are well-formed, so a contributor sees
    these problems together with any schema errors instead of one round later.
    """
    data = source.data if isinstance(source.data, dict) else {}
    problems = []
    expected_id = Path(source.file).stem
    if isinstance(data.get("id"), str) and data["id"] != expected_id:
        problems.append(source.problem(("id",), f"{excerpt(data['id'])} must equal the file name {expected_id!r}"))

    present = data.get("aspects") if isinstance(data.get("aspects"), dict) else {}
    known = [aspect["id"] for aspect in codebook["aspects"]]
    for aspect in present:
        if aspect not in known:
            problems.append(
                source.problem(
                    ("aspects", aspect), f"unknown aspect (codebook aspects: {', '.join(known)})", at_key=True
                )
            )
    missing = [aspect for aspect in known if aspect not in present]
    if missing and "aspects" in data:
        problems.append(source.problem(("aspects",), f"missing aspect(s) {', '.join(missing)}", at_key=True))

    for aspect, finding in present.items():
        if not isinstance(finding, dict):
            continue
        base = ("aspects", aspect)
        short = finding.get("short")
        if isinstance(short, str) and _words(short) > MAX_SHORT_WORDS:
            problems.append(
                source.problem(
                    base + ("short",), f"{_words(short)} words; a table cell holds at most {MAX_SHORT_WORDS}"
                )
            )
        for name in TEXT_FIELDS:
            if isinstance(finding.get(name), str):
                problems += _check_text(source, base + (name,), finding[name], bibliography)
        evidence = finding.get("evidence") if isinstance(finding.get("evidence"), list) else []
        first_index: dict[str, int] = {}
        for index, item in enumerate(evidence):
            if not isinstance(item, dict):
                continue
            problems += _check_evidence(source, base + ("evidence", index), item, bibliography)
            identity = json.dumps(item, sort_keys=True)
            if identity in first_index:
                message = f"repeats evidence[{first_index[identity]}]; remove one of the two"
                problems.append(source.problem(base + ("evidence", index), message))
            first_index.setdefault(identity, index)
    return problems + release_problems(source, bibliography)


def _listed(values: object) -> list[str]:
    return [value for value in values if isinstance(value, str)] if isinstance(values, list) else []


def release_problems(source: YamlSource, bibliography: dict) -> list[Problem]:
    """The rules of release codes: releases the initiative lists, evidence from documents of that
    release (the file's `documents` map), and an overall code at least as complete as any release's."""
    data = source.data if isinstance(source.data, dict) else {}
    releases = _listed(data.get("releases"))
    known = f"releases of this initiative: {', '.join(releases)}"
    documents = data.get("documents") if isinstance(data.get("documents"), dict) else {}
    problems = []
    if ALL_RELEASES in releases:
        message = f"{ALL_RELEASES!r} names the overall code in the data release; give the release another name"
        problems.append(source.problem(("releases", releases.index(ALL_RELEASES)), message))
    for key, listed in documents.items():
        if key not in bibliography or bibliography[key]["source"] != "documentation":
            problems.append(
                source.problem(("documents", key), f"{excerpt(key)} is not a key in bib/documentation.bib", at_key=True)
            )
        for index, release in enumerate(_listed(listed)):
            if release not in releases:
                problems.append(
                    source.problem(("documents", key, index), f"{excerpt(release)} is not one of the {known}")
                )
    aspects = data.get("aspects") if isinstance(data.get("aspects"), dict) else {}
    for aspect, finding in aspects.items():
        codes = finding.get("releases") if isinstance(finding, dict) else None
        if not isinstance(codes, dict):
            continue
        base = ("aspects", aspect, "releases")
        levels = []
        for release, code in codes.items():
            if release not in releases:
                problems.append(
                    source.problem(base + (release,), f"{excerpt(release)} is not one of the {known}", at_key=True)
                )
                continue
            if not isinstance(code, dict):
                continue
            for index, item in enumerate(code.get("evidence") if isinstance(code.get("evidence"), list) else []):
                if not isinstance(item, dict):
                    continue
                where = base + (release, "evidence", index)
                problems += _check_evidence(source, where, item, bibliography)
                doc = item.get("doc")
                if not isinstance(doc, str) or bibliography.get(doc, {}).get("source") != "documentation":
                    continue
                documented = _listed(documents.get(doc))
                if not documented:
                    message = f"{excerpt(doc)} has no entry under `documents`; say which releases it documents"
                    problems.append(source.problem(where + ("doc",), message))
                elif release not in documented:
                    message = f"{excerpt(doc)} documents {', '.join(documented)}, not {release} (see `documents`)"
                    problems.append(source.problem(where + ("doc",), message))
            if isinstance(code.get("note"), str):
                problems += _check_text(source, base + (release, "note"), code["note"], bibliography)
            if code.get("disclosure") in LEVELS:
                levels.append((release, code["disclosure"]))
        levels.sort(key=lambda coded: releases.index(coded[0]))
        problems += _pooling_problems(source, ("aspects", aspect), finding, levels)
    return problems


def _pooling_problems(source: YamlSource, base: tuple, finding: dict, levels: list[tuple[str, str]]) -> list[Problem]:
    """How the overall code relates to the release codes, as the rubric pools releases: disclosure in any
    release makes the overall code at least partial; full overall, with the latest release coded none or
    with no release coded full, needs the aspect's note to say why (a release in between, say).
    levels are in the order of the initiative's releases."""
    overall = finding.get("disclosure")
    if overall not in LEVELS or not levels:
        return []
    problems = []
    disclosed = [(release, level) for release, level in levels if level != "none"]
    if overall == "none" and disclosed:
        release, level = disclosed[0]
        message = f"none overall, but {release} is coded {level}; a release that discloses makes it at least partial"
        problems.append(source.problem(base + ("disclosure",), message))
    if finding.get("note") or overall != "full":
        return problems
    latest, level = levels[-1]
    if level == "none":
        message = (
            f"full overall, but the latest release coded, {latest}, is none; detail for earlier releases only is"
            " partial in the rubric, so say in the aspect's note why the pooled code is full"
        )
        problems.append(source.problem(base + ("disclosure",), message, severity=WARNING))
    elif all(level != "full" for _, level in levels):
        message = (
            "full overall, but no release coded here is full; code the release that earns it, or say which in the note"
        )
        problems.append(source.problem(base + ("disclosure",), message, severity=WARNING))
    return problems


def _check_evidence(source: YamlSource, where: tuple, item: dict, bibliography: dict) -> list[Problem]:
    problems = []
    doc, quote = item.get("doc"), item.get("quote")
    for name in ("locator", "quote"):
        value = item.get(name)
        if isinstance(value, str) and value.strip().upper().startswith(TODO):
            problems.append(source.problem(where + (name,), "still a TODO placeholder; fill in the evidence"))
        if isinstance(value, str):
            problems += _untypesettable(source, where + (name,), value)
    if isinstance(doc, str):
        if doc not in bibliography:
            problems.append(source.problem(where + ("doc",), f"{excerpt(doc)} is not a key in bib/documentation.bib"))
        elif bibliography[doc]["source"] != "documentation":
            message = f"{excerpt(doc)} is literature; evidence must cite an audited document"
            problems.append(source.problem(where + ("doc",), message))
    if isinstance(quote, str) and (markup := SOURCE_MARKUP.search(quote)):
        message = f"contains {excerpt(markup.group(0))}, markup of the document's source; quote the text as it reads"
        problems.append(source.problem(where + ("quote",), message))
    if isinstance(quote, str) and _words(quote) > MAX_QUOTE_WORDS:
        problems.append(
            source.problem(where + ("quote",), f"{_words(quote)} words; quotes hold at most {MAX_QUOTE_WORDS}")
        )
    return problems


def check(
    path: Path, codebook: dict, bibliography: dict, schema: Path = paths.FINDINGS_SCHEMA
) -> tuple[YamlSource | None, list[Problem]]:
    try:
        source = load_yaml(path)
    except InputError as error:
        return None, error.problems
    problems = schema_problems(source, schema) + cross_file_problems(source, codebook, bibliography)
    return source, sorted(set(problems))


# Documents that govern releases rather than describe one; they date a release only when nothing else does.
GOVERNING_TYPES = ("policy", "specification", "constitution", "guide")


def release_dates(data: dict, bibliography: dict) -> dict[str, str]:
    """Each release's date: the month of its earliest document about it alone, preferring reports,
    papers and cards to policies (a policy in force for several releases, or one issued for a product
    between releases, dates none of them)."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    for key, releases in (data.get("documents") or {}).items():
        entry = bibliography.get(key, {})
        if not entry.get("date"):
            continue
        rank = (entry.get("doctype") in GOVERNING_TYPES) * 2 + (len(releases) > 1)
        for release in releases:
            ranked.setdefault(release, []).append((rank, entry["date"]))
    dates = {}
    for release in data["releases"]:
        if release in ranked:
            best = min(rank for rank, _ in ranked[release])
            dates[release] = min(date for rank, date in ranked[release] if rank == best)
    return dates


def _evidence_items(items: list[dict]) -> list[dict]:
    return [{"doc": item["doc"], "locator": item["locator"], "quote": item["quote"]} for item in items]


def to_records(data: dict, codebook: dict, bibliography: dict | None = None) -> dict:
    """Initiative metadata plus one record per aspect, in codebook order; release codes, if any,
    inside each record in the order of the initiative's releases."""
    initiative = {key: data[key] for key in ("id", "name", "organization", "access", "releases")}
    dates = release_dates(data, bibliography or {})
    initiative["release_dates"] = dates
    records = []
    for aspect in codebook["aspects"]:
        finding = data["aspects"][aspect["id"]]
        codes = finding.get("releases", {})
        records.append(
            {
                "initiative": data["id"],
                "aspect": aspect["id"],
                "lens": aspect["lens"],
                "disclosure": finding["disclosure"],
                "short": finding["short"],
                "finding": finding["finding"],
                "evidence": _evidence_items(finding.get("evidence", [])),
                "note": finding.get("note", ""),
                "releases": [
                    {
                        "release": release,
                        "date": dates.get(release, ""),
                        "disclosure": codes[release]["disclosure"],
                        "evidence": _evidence_items(codes[release].get("evidence", [])),
                        "note": codes[release].get("note", ""),
                    }
                    for release in data["releases"]
                    if release in codes
                ],
            }
        )
    return {"initiative": initiative, "findings": records}
