"""`snakemake verify`: every evidence quote looked up in its document's current text.

The audit promises a verbatim quote at a stated place for every code, and the documents
change under it. This command obtains each audited document (a snapshot from
documents_dir, else its URL), extracts and normalises its text, looks for each quote in
it, compares with bib/documents.lock (moved pages, changed text) and writes
build/verify/report.md and report.json. Problems print like any other input problem,
at the quote's line in its findings file or the entry's line in the bib file:

- a quote not found, a document gone (404/410) or unreadable, or a changed document
  that lost a quote the lock had verified: errors (exit status 1);
- a quote found only approximately (near) or a document that could not be reached
  (offline, refused, timed out): warnings, errors with strict=true for unreachable;
- a document changed with every quote still found, or redirected elsewhere: notices.

Only update_lock=true writes the lock. Nothing here runs in the default build.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from scripts import documents_lock, generate, paths, quotes, retrieve
from scripts.errors import InputError, ProjectError, entry_point
from scripts.problems import ERROR, NOTICE, WARNING, Problem, errors, report
from scripts.templates import render_file
from scripts.textio import write_json, write_text
from scripts.yamlsource import YamlSource
from scripts.yamlsource import load as load_yaml


@dataclass(frozen=True)
class Quote:
    """One evidence quote and where it is written."""

    initiative: str
    aspect: str
    doc: str
    locator: str
    text: str
    file: str
    line: int
    column: int
    field: str


@dataclass
class QuoteResult:
    quote: Quote
    status: str
    score: float
    passage: str
    context: str
    verified_before: bool
    page: int | None = None


def evidence_quotes(initiatives: list[str]) -> list[Quote]:
    """Every evidence quote of the findings files, with its file, line and column."""
    found = []
    for initiative in initiatives:
        source: YamlSource = load_yaml(paths.findings_file(initiative))
        for aspect, finding in source.data["aspects"].items():
            places = [(("aspects", aspect), finding)]
            places += [
                (("aspects", aspect, "releases", release), code)
                for release, code in finding.get("releases", {}).items()
            ]
            for base, coded in places:
                for index, item in enumerate(coded.get("evidence", [])):
                    line, column = source.position((*base, "evidence", index, "quote"))
                    field = ".".join(map(str, base)) + f".evidence[{index}].quote"
                    doc, locator, text = item["doc"], item["locator"], item["quote"]
                    found.append(Quote(initiative, aspect, doc, locator, text, source.file, line, column, field))
    return found


def settings_of(config: dict) -> retrieve.FetchSettings:
    options = config.get("verify", {})
    known = retrieve.FetchSettings.__dataclass_fields__
    return retrieve.FetchSettings(**{key: value for key, value in options.items() if key in known})


def obtain(entry: dict, folder: Path | None, fetcher: retrieve.Fetcher) -> retrieve.Retrieval:
    """The document from its snapshot when documents_dir has one, else from its URL."""
    snapshot = retrieve.snapshot_of(entry["key"], folder) if folder else None
    if snapshot:
        return retrieve.from_snapshot(entry["key"], snapshot, fetcher.settings)
    return fetcher.get(entry["key"], retrieve.document_url(entry, fetcher.settings))


def _same_place(a: str, b: str) -> bool:
    """Whether two URLs name the same page, whatever the scheme, a trailing slash or a fragment."""
    first, second = urlsplit(a), urlsplit(b)
    return (first.netloc.lower(), first.path.rstrip("/"), first.query) == (
        second.netloc.lower(),
        second.path.rstrip("/"),
        second.query,
    )


def resolved(found: retrieve.Retrieval) -> str:
    """What the lock records as where the text came from: the final URL, or the snapshot's file name."""
    return Path(found.location).name if found.source == retrieve.SNAPSHOT else found.final_url


@dataclass
class DocumentResult:
    entry: dict
    found: retrieve.Retrieval
    sha256: str
    quotes: list[QuoteResult]
    drift: bool
    moved: str
    # Obtaining, extracting and looking up every quote: what a document costs a run.
    seconds: float = 0.0


def check_document(
    entry: dict, found: retrieve.Retrieval, items: list[Quote], locked: dict | None, near_score: float
) -> DocumentResult:
    """One document's quotes looked up, and its text and address compared with the lock."""
    document = quotes.prepare(found.text if found.status == retrieve.OK else "")
    sha = quotes.digest(document.compared) if document.compared else ""
    verified_before = set(locked["quotes_verified"]) if locked else set()
    results = []
    for item in items:
        if found.status != retrieve.OK:
            results.append(QuoteResult(item, "unchecked", 0.0, "", "", False))
            continue
        fingerprint = quotes.fingerprint(item.text)
        match = quotes.find(quotes.normalise(item.text), document, near_score)
        before = fingerprint in verified_before
        results.append(QuoteResult(item, match.status, match.score, match.passage, match.context, before, match.page))
    drift = bool(locked and sha and locked["text_sha256"] != sha)
    moved = ""
    if found.source == retrieve.URL and found.final_url:
        if locked and locked["source"] == retrieve.URL and not _same_place(locked["resolved"], found.final_url):
            moved = f"resolves to {found.final_url}, not {locked['resolved']} as when verified"
        elif found.redirects and urlsplit(found.final_url).netloc != urlsplit(found.location).netloc:
            moved = f"redirected to another site: {found.final_url}"
    return DocumentResult(entry, found, sha, results, drift, moved)


def problems_of(result: DocumentResult, strict: bool) -> list[Problem]:
    """The document's problems at its bib entry, and each quote's at its line in the findings."""
    entry, found = result.entry, result.found
    at_entry = (str(paths.DOCUMENTATION_BIB), entry["line"], 1, entry["key"])
    problems = []
    if found.status == retrieve.UNREACHABLE:
        problems.append(Problem(*at_entry, f"unreachable: {found.reason}", ERROR if strict else WARNING))
    elif found.status != retrieve.OK:
        problems.append(Problem(*at_entry, f"{found.status}: {found.reason} ({found.location})"))
    if result.moved:
        problems.append(Problem(*at_entry, f"link moved: {result.moved}", NOTICE))
    lost = [r for r in result.quotes if r.verified_before and r.status != quotes.VERIFIED]
    if result.drift:
        message = "content drift: the text changed since it was verified"
        if lost:
            problems.append(Problem(*at_entry, f"{message}, and {len(lost)} quote(s) verified then are not found now"))
        else:
            problems.append(Problem(*at_entry, f"{message}; every quote is still found", NOTICE))
    for outcome in result.quotes:
        quote = outcome.quote
        at_quote = (quote.file, quote.line, quote.column, quote.field)
        page = f", p. {outcome.page}" if outcome.page else ""
        if outcome.status == quotes.NEAR:
            differences = quotes.differences(quotes.readable(quote.text), outcome.passage)
            changes = "; ".join(f"“{theirs}” for “{ours}”" for ours, theirs in differences)
            message = f"near ({outcome.score:g}) in {quote.doc}{page}: the document has {changes}"
            problems.append(Problem(*at_quote, message, WARNING))
        elif outcome.status == quotes.MISSING:
            best = f"; closest passage ({outcome.score:g}{page}): “{outcome.passage[:120]}”" if outcome.passage else ""
            problems.append(Problem(*at_quote, f"not found in {quote.doc}{best}"))
    return problems


def report_data(results: list[DocumentResult], started_at: str, seconds: float) -> dict:
    """What report.json holds (and report.md shows): per document, then per quote."""
    documents = []
    for result in results:
        found = result.found
        documents.append(
            {
                "key": result.entry["key"],
                "title": result.entry.get("title_text", ""),
                "status": found.status,
                "reason": found.reason,
                "source": found.source,
                "requested": found.location if found.source == retrieve.URL else Path(found.location).name,
                "final_url": found.final_url,
                "redirects": found.redirects,
                "http_status": found.http_status,
                "kind": found.kind,
                "content_sha256": result.sha256,
                "retrieved_at": found.retrieved_at,
                "seconds": round(result.seconds, 3),
                "retrieval_seconds": round(found.seconds, 3),
                "drift": result.drift,
                "moved": result.moved,
                "quotes": [
                    {
                        "initiative": r.quote.initiative,
                        "aspect": r.quote.aspect,
                        "locator": r.quote.locator,
                        "quote": r.quote.text,
                        "where": f"{r.quote.file}:{r.quote.line}:{r.quote.column}",
                        "status": r.status,
                        "score": r.score,
                        "passage": r.passage,
                        "context": r.context,
                        "verified_before": r.verified_before,
                        "page": r.page,
                    }
                    for r in result.quotes
                ],
            }
        )
    statuses = Counter(q["status"] for d in documents for q in d["quotes"])
    return {
        "started_at": started_at,
        "seconds": round(seconds, 1),
        "documents": documents,
        "counts": {
            "documents": len(documents),
            "documents_by_status": dict(Counter(d["status"] for d in documents)),
            "quotes": sum(statuses.values()),
            "quotes_by_status": dict(statuses),
        },
    }


def updated_lock(lock: dict, results: list[DocumentResult], keys: set[str], today: str) -> dict:
    """The lock after this run: documents read now recorded afresh, unread ones kept, removed ones dropped."""
    updated = {key: entry for key, entry in lock.items() if key in keys}
    for result in results:
        if result.found.status != retrieve.OK:
            continue
        updated[result.entry["key"]] = {
            "source": result.found.source,
            "resolved": resolved(result.found),
            "text_sha256": result.sha256,
            "verified_on": today,
            "quotes_verified": sorted(
                {quotes.fingerprint(r.quote.text) for r in result.quotes if r.status == quotes.VERIFIED}
            ),
        }
    return updated


def verify(config: dict, log=print) -> tuple[dict, list[Problem]]:
    """Verify every audited document; write the reports (and the lock when asked). Returns the report and problems."""
    sources, problems = generate.validate(config, generate.on_disk_ids())
    lock, lock_problems = documents_lock.load(bibliography=sources.bibliography)
    if errors(problems + lock_problems):
        raise InputError(problems + lock_problems)
    folder = Path(config["documents_dir"]).expanduser() if config.get("documents_dir") else None
    if folder is not None and not folder.is_dir():
        raise ProjectError(f"documents_dir: {folder} is not a folder")
    entries = [e for e in sources.bibliography.values() if e["source"] == "documentation"]
    by_doc: dict[str, list[Quote]] = {}
    for item in evidence_quotes(config["initiatives"]):
        by_doc.setdefault(item.doc, []).append(item)
    started_at, started = retrieve.now(), time.monotonic()
    fetcher = retrieve.Fetcher(settings_of(config))
    results, found_problems = [], []
    near_score = config.get("verify", {}).get("near_score", quotes.NEAR_SCORE)
    for entry in entries:
        began = time.monotonic()
        found = obtain(entry, folder, fetcher)
        result = check_document(entry, found, by_doc.get(entry["key"], []), lock.get(entry["key"]), near_score)
        result.seconds = time.monotonic() - began
        results.append(result)
        found_problems += problems_of(result, config.get("strict", False))
        counts = Counter(r.status for r in result.quotes)
        tally = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no quotes"
        status = found.status if found.status == retrieve.OK else f"{found.status} ({found.reason})"
        log(f"verify: {entry['key']}: {found.source} {status}; {tally} [{result.seconds:.2f} s]")
    data = report_data(results, started_at, time.monotonic() - started)
    write_json(paths.VERIFY_REPORT_JSON, data)
    write_text(paths.VERIFY_REPORT_MD, render_file(paths.VERIFY_TEMPLATE, data))
    if config.get("update_lock"):
        today = date.today().isoformat()
        documents_lock.write(updated_lock(lock, results, {e["key"] for e in entries}, today))
        log(f"verify: wrote {paths.DOCUMENTS_LOCK}")
    return data, found_problems


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True, help="the build's configuration as JSON")
    config = json.loads(parser.parse_args(argv).settings)
    data, problems = verify(config)
    n_errors = report(problems)
    counts = data["counts"]
    by_status = counts["quotes_by_status"]
    print(
        f"verify: {by_status.get(quotes.VERIFIED, 0)} of {counts['quotes']} quotes verified, "
        f"{by_status.get(quotes.NEAR, 0)} near, {by_status.get(quotes.MISSING, 0)} missing, "
        f"{by_status.get('unchecked', 0)} unchecked; {counts['documents']} documents "
        f"({', '.join(f'{n} {s}' for s, n in sorted(counts['documents_by_status'].items()))}) "
        f"in {data['seconds']:g} s; report: {paths.VERIFY_REPORT_MD}"
    )
    if n_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
