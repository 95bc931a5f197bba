"""Everything before TeX in one process: validate the sources, write the tidy data, render every part.

A job per initiative and per part meant a findings edit started a dozen interpreters, each
mostly start-up and imports, and 600 initiatives meant 1,200 processes. Incrementality
lives here instead: a findings file is validated again only when it, the codebook, the
bibliography or the code changed, and a part is rendered again only when the data it
takes, its settings or the templates and code changed (hashes in build/cache/). An edit
to one initiative thus validates one file and renders the parts that show it. The watch
mode (scripts.watch) calls `generate` in a loop and keeps the cache in memory; `check`
calls `validate` and writes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import (
    bibliography,
    bibtex_sources,
    codebook,
    configuration,
    datapackage,
    documents_lock,
    findings,
    paths,
    render,
    revisions,
    tidy,
)
from scripts.dependencies import code_of
from scripts.errors import InputError, entry_point
from scripts.problems import Problem, errors, report
from scripts.templates import render_file
from scripts.textio import read_json, write_bytes

CACHE = paths.BUILD / "cache" / "generate.json"
# A hard link to every file generation wrote: Snakemake deletes a job's outputs before it runs
# it, and a part whose inputs did not change comes back from here instead of being rendered.
STORE = paths.BUILD / "cache" / "files"
# From this many findings files or parts to redo, one worker process per core shares the work.
PARALLEL_FROM = 48
# What the workers read; set before they fork, so nothing large is pickled on the way in.
_SHARED: dict[str, Any] = {}


def _map(function: Callable[[str], Any], items: list[str]) -> list[Any]:
    """function over items, in order; across the machine's cores when there are many items."""
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < PARALLEL_FROM or workers < 2:
        return [function(item) for item in items]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, items, chunksize=max(1, len(items) // (workers * 4)))


def digest(*parts: str | bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8") if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()


def code_digest() -> str:
    """The code and templates every output depends on: a change to any renders everything again."""
    files = [Path(name) for name in code_of("generate")]
    files += sorted(paths.TEMPLATES.glob("*.j2")) + sorted(paths.SCHEMAS.glob("*.json"))
    return digest(*(f"{path}\n".encode() + path.read_bytes() for path in files))


def kept(problems: list[Problem]) -> list[list]:
    """Problems as the cache file stores them."""
    return [list(vars(problem).values()) for problem in problems]


def restored(stored: list[list]) -> list[Problem]:
    return [Problem(*problem) for problem in stored]


def as_json(data: Any, indent: int | None = 2) -> str:
    """JSON as the data release prints it; indent=None for internal files (json's C encoder
    only serves compact output, and at 600 initiatives indenting the records took seconds)."""
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


@dataclass
class Sources:
    """Everything validation read and made, in memory: what the renderers take."""

    config: dict
    # The hash of the code, templates and schemas, read once per run (every cache key has it).
    code: str = ""
    codebook: dict = field(default_factory=dict)
    bibliography: dict = field(default_factory=dict)
    bibtex: dict[str, str] = field(default_factory=dict)
    revisions: dict = field(default_factory=dict)
    records: dict[str, dict] = field(default_factory=dict)
    initiatives: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    # How many of the quotes bib/documents.lock records as found in their sources.
    verification: dict = field(default_factory=dict)


@dataclass
class Cache:
    """What the last run validated and rendered, by the hash of what it read."""

    findings: dict[str, dict] = field(default_factory=dict)
    parts: dict[str, dict] = field(default_factory=dict)
    bibliography: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = CACHE) -> Cache:
        try:
            data = read_json(path)
            return cls(findings=data["findings"], parts=data["parts"], bibliography=data["bibliography"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path = CACHE) -> None:
        data = {"findings": self.findings, "parts": self.parts, "bibliography": self.bibliography}
        write_bytes(path, json.dumps(data).encode("utf-8"))


def _bibliography(
    window: tuple[str, str], code: str, cache: Cache | None
) -> tuple[dict, dict[str, str], list[Problem]]:
    """The index of both bib files, the files BibTeX reads, and their problems; parsed again
    only when a bib file, the organisations list, the audit window or the code changed."""
    bibs = (paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB)
    try:
        key = digest(code, *window, *(path.read_bytes() for path in (*bibs, paths.ORGANISATIONS)))
    except OSError:
        key = ""
    cached = cache.bibliography if cache else {}
    if key and cached.get("key") == key:
        return cached["index"], cached["bibtex"], restored(cached["problems"])
    index, problems = bibliography.build_index(*bibs, window)
    bibtex = {}
    for bib in bibs:
        entries, _ = bibliography.load(bib)
        bibtex[bib.name] = render_file(paths.BIBTEX_TEMPLATE, {"entries": bibtex_sources.for_bibtex(entries)})
    if cache is not None and key:
        cache.bibliography = {"key": key, "index": index, "bibtex": bibtex, "problems": kept(problems)}
    return index, bibtex, problems


def _check_file(initiative: str) -> tuple[dict | None, list[Problem]]:
    """One findings file's records (None when it has errors) and problems; runs in a worker."""
    book, index = _SHARED["codebook"], _SHARED["bibliography"]
    source, problems = findings.check(paths.findings_file(initiative), book, index)
    records = findings.to_records(source.data, book, index) if source is not None and not errors(problems) else None
    return records, problems


def _validate_findings(
    initiatives: list[str], book: dict, index: dict, context: str, cache: Cache | None
) -> dict[str, tuple[dict | None, list[Problem]]]:
    """Records and problems per findings file; from the cache when nothing a file depends on changed."""
    keys, results = {}, {}
    for initiative in initiatives:
        try:
            keys[initiative] = digest(context, paths.findings_file(initiative).read_bytes())
        except OSError:
            keys[initiative] = ""
        cached = cache.findings.get(initiative) if cache else None
        if keys[initiative] and cached and cached["key"] == keys[initiative]:
            results[initiative] = cached["records"], restored(cached["problems"])
    todo = [initiative for initiative in initiatives if initiative not in results]
    _SHARED.update(codebook=book, bibliography=index)
    for initiative, (records, problems) in zip(todo, _map(_check_file, todo), strict=True):
        results[initiative] = records, problems
        if cache is not None and keys[initiative]:
            cache.findings[initiative] = {"key": keys[initiative], "records": records, "problems": kept(problems)}
    return results


def validate(config: dict, on_disk: list[str], cache: Cache | None = None) -> tuple[Sources, list[Problem]]:
    """Every source checked, all problems at once; the records of every sound findings file.

    Findings files are checked even when a bib file has errors (an entry with a bad field
    is still indexed), so a contributor sees both at once; the rules across initiatives
    need every findings file sound.
    """
    sources = Sources(config, code=code_digest())
    sources.codebook, book_problems = codebook.check(paths.CODEBOOK)
    index, sources.bibtex, bib_problems = _bibliography(configuration.audit_window(config), sources.code, cache)
    sources.bibliography = index
    history, revision_problems = revisions.check(paths.REVISIONS, documents=None if errors(bib_problems) else index)
    if history:
        sources.revisions = {"current": history[-1], "revisions": history}
    lock, lock_problems = documents_lock.load(bibliography=index)
    problems = book_problems + revision_problems + bib_problems + lock_problems
    if errors(book_problems):
        return sources, problems
    context = digest(sources.code, as_json(sources.codebook), as_json(index))
    loaded, findings_problems = [], []
    checked = _validate_findings(config["initiatives"], sources.codebook, index, context, cache)
    for initiative in config["initiatives"]:
        records, file_problems = checked[initiative]
        findings_problems += file_problems
        if records is not None:
            loaded.append(records)
            sources.records[initiative] = records
    problems += findings_problems
    if not errors(findings_problems):
        sources.initiatives, sources.findings, join_problems = tidy.join(loaded, config["initiatives"], on_disk, index)
        problems += join_problems
        documents = tidy.documents_per_initiative(sources.findings, index)
        for initiative in sources.initiatives:
            initiative["documents"] = documents.get(initiative["id"], [])
        audited = sum(entry["source"] == "documentation" for entry in index.values())
        sources.verification = documents_lock.summary(lock, sources.findings, audited)
    return sources, sorted(set(problems))


def data_outputs(sources: Sources) -> dict[Path, str]:
    """The tidy data release and the bib files BibTeX reads, by path."""
    outputs = {
        paths.BIBLIOGRAPHY_JSON: as_json(sources.bibliography),
        paths.CODEBOOK_JSON: as_json(sources.codebook),
        paths.REVISIONS_JSON: as_json(sources.revisions),
        paths.FINDINGS_JSON: as_json(sources.findings),
        paths.INITIATIVES_JSON: as_json(sources.initiatives),
        paths.VERIFICATION_JSON: as_json(sources.verification),
        paths.DATA_README: tidy.data_readme(),
        paths.FINDINGS_CSV: tidy.csv_text(tidy.csv_rows(sources.findings), tidy.CSV_COLUMNS),
        paths.DOCUMENTS_CSV: tidy.csv_text(
            tidy.documents_table(sources.bibliography, sources.initiatives), list(tidy.DOCUMENT_COLUMNS)
        ),
        paths.DATA_PACKAGE: as_json(
            datapackage.descriptor(
                codebook=sources.codebook,
                initiatives=sources.initiatives,
                revisions=sources.revisions,
                paper=sources.config["paper"],
            )
        ),
    }
    for initiative, records in sources.records.items():
        outputs[paths.RECORDS / f"{initiative}.json"] = as_json(records, indent=None)
    for name, text in sources.bibtex.items():
        outputs[paths.BIBTEX_SOURCES / name] = text
    return outputs


def output_files(initiatives: list[str]) -> list[Path]:
    """Every file generation writes, for the rule's output list."""
    files = [
        paths.BIBLIOGRAPHY_JSON,
        paths.CODEBOOK_JSON,
        paths.REVISIONS_JSON,
        paths.FINDINGS_JSON,
        paths.INITIATIVES_JSON,
        paths.VERIFICATION_JSON,
        paths.DATA_README,
        paths.FINDINGS_CSV,
        paths.DOCUMENTS_CSV,
        paths.DATA_PACKAGE,
        paths.BIBTEX_SOURCES / paths.DOCUMENTATION_BIB.name,
        paths.BIBTEX_SOURCES / paths.REFERENCES_BIB.name,
    ]
    files += [paths.RECORDS / f"{initiative}.json" for initiative in initiatives]
    return files + tex_parts(initiatives)


def tex_parts(initiatives: list[str]) -> list[Path]:
    """The generated .tex files of these initiatives' paper (what the arXiv tarball ships)."""
    return [paths.GENERATED / f"{name}.tex" for name in render.part_names(initiatives)]


def per_initiative_folders() -> list[Path]:
    """The folders that hold one file per initiative: the records and each per-initiative part."""
    parts = [paths.GENERATED / Path(pattern).parent for pattern in render.PARTS if "{initiative}" in pattern]
    return [paths.RECORDS, *parts]


def declared_outputs(initiatives: list[str]) -> tuple[list[Path], list[Path]]:
    """What the rule declares: the shared files one by one, the per-initiative ones by folder.

    Snakemake records metadata for every output with a checksum of every input, so a file
    per initiative would make its bookkeeping grow with the square of the initiatives (at
    600 it took 106 s after a 15 s job); a folder per kind keeps the outputs few.
    """
    folders = per_initiative_folders()
    return [path for path in output_files(initiatives) if path.parent not in folders], folders


def remove_strays(initiatives: list[str]) -> None:
    """Files in the per-initiative folders for initiatives no longer listed: never built from."""
    expected = set(output_files(initiatives))
    for folder in per_initiative_folders():
        for path in folder.glob("*") if folder.exists() else []:
            if path.is_file() and path not in expected and not path.name.startswith("."):
                path.unlink()


def _restored(out: Path, sha: str) -> bool:
    """Whether out holds the content with this hash, bringing it back from the store if need be."""
    if _file_digest(out) == sha:
        return True
    kept = STORE / out
    if _file_digest(kept) != sha:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    try:
        os.link(kept, out)
    except OSError:
        write_bytes(out, kept.read_bytes())
    return True


def keep(paths_written: list[Path]) -> None:
    """Link each output into the store, so the next run can bring it back unchanged."""
    for path in paths_written:
        kept = STORE / path
        if kept.exists() and os.path.samefile(kept, path):
            continue
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.unlink(missing_ok=True)
        try:
            os.link(path, kept)
        except OSError:
            write_bytes(kept, path.read_bytes())


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def render_parts(sources: Sources, data_texts: dict[Path, str], cache: Cache | None) -> dict[Path, str]:
    """Each generated part whose view data, settings, templates or code changed since it was written."""
    data: dict[str, Any] = {
        render.DATA["codebook"]: sources.codebook,
        render.DATA["bibliography"]: sources.bibliography,
        render.DATA["findings"]: sources.findings,
        render.DATA["initiatives"]: sources.initiatives,
        render.DATA["revisions"]: sources.revisions,
        render.DATA["verification"]: sources.verification,
    }
    for initiative, records in sources.records.items():
        data[render.DATA["record"].format(initiative=initiative)] = records
    hashes = {str(path): digest(text) for path, text in data_texts.items()}
    code = sources.code
    keys = {}
    for name in render.part_names(sources.config["initiatives"]):
        settings = json.dumps(render.settings_of(name, sources.config), sort_keys=True)
        files = render.data_files(name)
        key = digest(code, name, settings, *(f"{k}={hashes[f]}" for k, f in files.items()))
        cached = cache.parts.get(name) if cache else None
        # The file's own hash too: a part deleted or edited by hand is rendered again.
        if not (cached and cached["key"] == key and _restored(paths.GENERATED / f"{name}.tex", cached["sha"])):
            keys[name] = key
    _SHARED.update(data=data, config=sources.config)
    rendered = {}
    for name, outcome in zip(keys, _map(_render_one, list(keys)), strict=True):
        if isinstance(outcome, InputError):
            raise outcome
        rendered[paths.GENERATED / f"{name}.tex"] = outcome
        if cache is not None:
            cache.parts[name] = {"key": keys[name], "sha": digest(outcome.encode("utf-8"))}
    return rendered


def _render_one(name: str) -> str | InputError:
    """One part's LaTeX, or the template problem (returned: it has to cross from a worker)."""
    data, config = _SHARED["data"], _SHARED["config"]
    try:
        files = render.data_files(name)
        return render.render_part(name, {k: data[f] for k, f in files.items()}, render.settings_of(name, config))
    except InputError as error:
        return error


def write_changed(outputs: dict[Path, str]) -> list[Path]:
    """Write the outputs whose content differs from the file; unchanged files keep their times."""
    written = []
    for path, text in outputs.items():
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        write_bytes(path, data)
        written.append(path)
    return written


@dataclass
class Outcome:
    problems: list[Problem]
    written: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    validated: list[str] = field(default_factory=list)

    def summary(self, config: dict) -> str:
        """One line that says how much of the work the hashes saved, naming a few parts."""
        n_parts = len(render.part_names(config["initiatives"]))
        shown = ", ".join(self.rendered) if len(self.rendered) <= 8 else f"{', '.join(self.rendered[:8])}, …"
        return (
            f"generated: {len(self.validated)} of {len(config['initiatives'])} findings files validated, "
            f"{len(self.rendered)} of {n_parts} parts rendered" + (f" ({shown})" if self.rendered else "")
        )


def generate(config: dict, on_disk: list[str], cache: Cache | None = None) -> Outcome:
    """Validate everything; when nothing is wrong, bring every output up to date. Nothing is written
    when a source has an error, so the last good outputs stay."""
    before = dict(cache.findings) if cache else {}
    sources, problems = validate(config, on_disk, cache)
    validated = [i for i in config["initiatives"] if not cache or cache.findings.get(i) is not before.get(i)]
    if errors(problems):
        return Outcome(problems, validated=validated)
    outputs = data_outputs(sources)
    parts = render_parts(sources, outputs, cache)
    written = write_changed({**outputs, **parts})
    remove_strays(config["initiatives"])
    keep(output_files(config["initiatives"]))
    rendered = [out.relative_to(paths.GENERATED).with_suffix("").as_posix() for out in parts]
    return Outcome(problems, written, rendered, validated)


def on_disk_ids() -> list[str]:
    return sorted(path.stem for path in paths.FINDINGS.glob("*.yaml"))


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True, help="JSON of the configuration, checked by the Snakefile")
    args = parser.parse_args(argv)
    config = json.loads(args.settings)
    cache = Cache.load()
    outcome = generate(config, on_disk_ids(), cache)
    if errors(outcome.problems):
        raise InputError(outcome.problems)
    report(outcome.problems)
    cache.save()
    print(outcome.summary(config))
    # Snakemake judges outputs by time: a part brought back from the store keeps the time it was
    # first written, and must read as newer than the source just edited, or the next run would
    # do this job again.
    for path in set(output_files(config["initiatives"])) - set(outcome.written):
        os.utime(path)
    for folder in per_initiative_folders():
        os.utime(folder)


if __name__ == "__main__":
    main()
