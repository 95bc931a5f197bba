"""`snakemake verify` end to end, against a web server on the loopback address.

A copy of the repository has every audited document's URL pointed at tests/loopback.Server,
which serves each document's quotes: the InstructGPT paper as a two-column PDF made by
pdflatex (ligatures, hyphenation), with one quote altered (near) and one left out (missing);
a page with navigation chrome and every typographic difference; a redirect, a 404, a slow
answer, an oversized one and one of the wrong content type. One document comes from a
snapshot folder only. All other traffic goes to a trap proxy that must stay empty.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts import configuration, documents_lock
from tests.helpers import copy_repository, pdf_text
from tests.loopback import Route, Server, Trap

pytestmark = pytest.mark.tex

PDF_DOC = "ouyang2022instructgpt"
CHROME_DOC = "anthropic2023claudesconstitution"
REDIRECTED = "openai2024introducingmodelspec"
GONE_DOC = "openai2024rbr"
SLOW_DOC = "openai2023gpt4blog"
LARGE_DOC = "openai2024o1systemcard"
WRONG_TYPE_DOC = "openai2025collectivealignment"
SNAPSHOT_DOC = "meta2024llama3card"
DRIFT_KEPT = "openai2024deliberativeblog"
DRIFT_LOST = "anthropic2024character"
PROBLEM = re.compile(r"^(\S+?):(\d+):(\d+): (?:(warning|notice): )?([^:]+): (.*)$")


def quotes_by_document(workdir: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((workdir / "findings").glob("*.yaml")):
        for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["aspects"].values():
            codes = [finding, *finding.get("releases", {}).values()]
            for item in (item for code in codes for item in code.get("evidence", [])):
                found.setdefault(item["doc"], []).append(item["quote"])
    return found


def eprints(workdir: Path) -> dict[str, str]:
    text = (workdir / "bib" / "documentation.bib").read_text(encoding="utf-8")
    return dict(re.findall(r"@\w+\{(\w+),[^@]*?eprint = \{([^}]+)\}", text))


def point_urls_at(workdir: Path, base: str) -> None:
    """Every documentation entry's url at base/doc/<key> (arXiv papers go through verify.arxiv_pdf)."""
    bib = workdir / "bib" / "documentation.bib"
    entries = re.split(r"(?=^@)", bib.read_text(encoding="utf-8"), flags=re.M)
    rewritten = []
    for entry in entries:
        key = re.match(r"@\w+\{(\w+),", entry)
        rewritten.append(re.sub(r"url = \{[^}]*\}", f"url = {{{base}/doc/{key.group(1)}}}", entry) if key else entry)
    bib.write_text("".join(rewritten), encoding="utf-8")


def page(paragraphs: list[str], chrome: str = "") -> bytes:
    body = "".join(f"<p>{text}</p>\n" for text in paragraphs)
    return (
        f"<!doctype html><html><head><title>t</title></head><body><nav>{chrome} Home | Research</nav>"
        f"<main>{body}</main><footer>Cookie settings</footer></body></html>"
    ).encode()


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def typeset_differently(quote: str) -> str:
    """The quote as a page may encode it: curly apostrophes and quotes, a ligature glyph, soft hyphens
    in long words, no-break spaces and Unicode hyphens (html-escaped)."""
    text = html_escape(quote).replace("'", "\u2019")
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    text = text.replace("fi", "\ufb01", 1)
    text = re.sub(r"\b(\w{5})(\w{4,})\b", "\\1&shy;\\2", text)
    text = text.replace(" ", "\u00a0", 2)
    return re.sub(r"(?<=[a-z])-(?=[a-z])", "\u2010", text)


def wrapped_with_hyphens(text: str, width: int = 30) -> str:
    """Text broken into short lines, long words split with a hyphen at the line end, as a PDF copy reads."""
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and len(word) > 6:
            lines.append(f"{line} {word[:3]}-".strip())
            line = word[3:]
        elif len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line]) + "\n"


def latex_pdf(paragraphs: list[str], folder: Path) -> bytes:
    """A two-column PDF of the paragraphs made by pdflatex, with hyphenation encouraged."""

    def tex(text: str) -> str:
        text = re.sub(r"([%&$#_{}])", r"\\\1", text.replace("\\", ""))
        return re.sub(r'"([^"]*)"', r"``\1''", text)

    body = "\n\n".join(
        f"Paragraph {i} of the official findings. {tex(p)} Afterwards more text." for i, p in enumerate(paragraphs)
    )
    source = (
        "\\documentclass[twocolumn]{article}\\usepackage[T1]{fontenc}\\usepackage{lmodern}"
        "\\usepackage[paperwidth=11cm,paperheight=18cm,margin=0.8cm]{geometry}\\hyphenpenalty=-1000"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    (folder / "paper.tex").write_text(source, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "paper.tex"], cwd=folder, capture_output=True, check=True)
    return (folder / "paper.pdf").read_bytes()


def altered(quote: str) -> str:
    """The quote with its longest word swapped for another of about its length: a typical near miss."""
    words = quote.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    words[longest] = "conspicuously"
    return " ".join(words)


def verify(workdir: Path, trap: Trap, *config: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **trap.proxy_environment()}
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "verify", "--config", *config],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def output(result: subprocess.CompletedProcess) -> str:
    """What a run printed: the job's messages reach Snakemake's stdout through tee, its own go to stderr."""
    return result.stdout + result.stderr


def problems(output: str) -> list[tuple[str, int, str | None, str, str]]:
    """(file, line, severity, field, message) of every problem line printed."""
    found = []
    for line in output.splitlines():
        match = PROBLEM.match(line)
        if match:
            file, number, _, severity, field, message = match.groups()
            found.append((file, int(number), severity, field, message))
    return found


def line_of_entry(workdir: Path, key: str) -> int:
    text = (workdir / "bib" / "documentation.bib").read_text(encoding="utf-8")
    return text[: text.index(f"{{{key},")].count("\n") + 1


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The repository copy, its loopback server, the trap and the snapshot folder, all running."""
    root = tmp_path_factory.mktemp("verify")
    workdir = copy_repository(root / "repo")
    with Server() as server, Trap() as trap:
        by_doc = quotes_by_document(workdir)
        point_urls_at(workdir, server.base)

        def settings(data: dict) -> None:
            data["verify"] = {
                "timeout_seconds": 1,
                "retries": 1,
                "backoff_seconds": 0.05,
                "max_megabytes": 1,
                "arxiv_pdf": f"{server.base}/arxiv/",
            }

        configuration.update(settings, workdir / "config.yaml")
        arxiv = eprints(workdir)

        def path_of(key: str) -> str:
            """Where verify asks for a document: arXiv papers by eprint (verify.arxiv_pdf), others by url."""
            return f"/arxiv/{arxiv[key]}" if key in arxiv else f"/doc/{key}"

        # Quoted once each (a quote may back an aspect and a release code both): one near, one missing.
        paper = sorted((q for q in by_doc[PDF_DOC] if by_doc[PDF_DOC].count(q) == 1), key=len)
        near_quote, missing_quote = paper[-2], paper[-1]
        served = [altered(q) if q == near_quote else q for q in by_doc[PDF_DOC] if q != missing_quote]
        for key, quotes in by_doc.items():
            server.routes[f"/doc/{key}"] = Route(body=page([html_escape(q) for q in quotes]))
        for key, eprint in arxiv.items():
            server.routes[f"/arxiv/{eprint}"] = Route(
                body="\n\n".join(by_doc.get(key, [])).encode(), content_type="text/plain"
            )
        pdf_folder = root / "pdf"
        pdf_folder.mkdir()
        server.routes[path_of(PDF_DOC)] = Route(body=latex_pdf(served, pdf_folder), content_type="application/pdf")
        server.routes[path_of(CHROME_DOC)] = Route(
            body=page([typeset_differently(q) for q in by_doc[CHROME_DOC]], "Menu")
        )
        server.routes[path_of(REDIRECTED)] = Route(302, headers={"Location": f"/moved/{REDIRECTED}"})
        server.routes[f"/moved/{REDIRECTED}"] = Route(body=page(by_doc[REDIRECTED]))
        del server.routes[path_of(GONE_DOC)]
        server.routes[path_of(SLOW_DOC)] = Route(body=page(by_doc[SLOW_DOC]), delay=3)
        server.routes[path_of(LARGE_DOC)] = Route(body=b"%PDF-1.5\n" + b"0" * 1_500_000, content_type="application/pdf")
        server.routes[path_of(WRONG_TYPE_DOC)] = Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png")
        del server.routes[path_of(SNAPSHOT_DOC)]
        snapshots = root / "snapshots"
        snapshots.mkdir()
        (snapshots / f"{SNAPSHOT_DOC}.txt").write_text(
            wrapped_with_hyphens(" Filler. ".join(by_doc[SNAPSHOT_DOC])), encoding="utf-8"
        )
        yield {
            "workdir": workdir,
            "server": server,
            "trap": trap,
            "snapshots": snapshots,
            "by_doc": by_doc,
            "near": near_quote,
            "missing": missing_quote,
            "pdf": pdf_folder / "paper.pdf",
            "path_of": path_of,
        }


@pytest.fixture(scope="module")
def first_run(site: dict) -> dict:
    result = verify(site["workdir"], site["trap"], f"documents_dir={site['snapshots']}", "update_lock=true")
    report = json.loads((site["workdir"] / "build" / "verify" / "report.json").read_text(encoding="utf-8"))
    return {"result": result, "report": report, "documents": {d["key"]: d for d in report["documents"]}}


def statuses(document: dict) -> list[str]:
    return [quote["status"] for quote in document["quotes"]]


def test_the_pdf_fixture_has_two_columns_and_hyphenated_line_breaks(site: dict):
    layout = subprocess.run(["pdftotext", "-layout", str(site["pdf"]), "-"], capture_output=True, text=True).stdout
    assert re.search(r"[a-z]-\s*$", layout, re.M), "no word is broken at a line end"
    assert re.search(r"\S {3,}\S", layout), "not two columns"


def test_every_quote_is_found_through_pdf_html_and_text_differences(site: dict, first_run: dict):
    documents, by_doc = first_run["documents"], site["by_doc"]
    paper = {q["quote"]: q["status"] for q in documents[PDF_DOC]["quotes"]}
    assert paper.pop(site["near"]) == "near"
    assert paper.pop(site["missing"]) == "missing"
    assert set(paper.values()) == {"verified"}
    assert documents[PDF_DOC]["kind"] == "pdf"
    assert set(statuses(documents[CHROME_DOC])) == {"verified"}
    assert (documents[SNAPSHOT_DOC]["source"], set(statuses(documents[SNAPSHOT_DOC]))) == ("snapshot", {"verified"})
    special = {PDF_DOC, GONE_DOC, SLOW_DOC, LARGE_DOC, WRONG_TYPE_DOC}
    for key, document in documents.items():
        if key not in special and by_doc.get(key):
            assert set(statuses(document)) == {"verified"}, key


def test_each_failure_is_reported_at_its_place_with_its_reason(site: dict, first_run: dict):
    workdir, result, documents = site["workdir"], first_run["result"], first_run["documents"]
    assert result.returncode == 1, output(result)[-3000:]
    printed = problems(output(result))
    bib = "bib/documentation.bib"
    assert (bib, line_of_entry(workdir, GONE_DOC), None, GONE_DOC) in [p[:4] for p in printed]
    assert documents[GONE_DOC]["status"] == "gone" and documents[GONE_DOC]["http_status"] == 404
    assert documents[SLOW_DOC]["status"] == "unreachable"
    assert documents[SLOW_DOC]["reason"] == "no answer within 1 s, 2 attempt(s)"
    assert (bib, line_of_entry(workdir, SLOW_DOC), "warning", SLOW_DOC) in [p[:4] for p in printed]
    assert (
        documents[LARGE_DOC]["status"] == "unreadable"
        and "larger than the cap of 1 MB" in documents[LARGE_DOC]["reason"]
    )
    assert documents[WRONG_TYPE_DOC]["reason"] == "content type image/png is not a document"
    assert documents[REDIRECTED]["redirects"] == [site["server"].base + site["path_of"](REDIRECTED)]
    assert documents[REDIRECTED]["final_url"] == f"{site['server'].base}/moved/{REDIRECTED}"
    quotes = [p for p in printed if p[3].endswith(".quote")]
    near = [p for p in quotes if p[2] == "warning"]
    missing = [p for p in quotes if p[2] is None]
    assert len(near) == 1 and len(missing) == 1, quotes
    assert re.search(
        rf"^near \([\d.]+\) in {PDF_DOC}, p\. [12]: the document has “conspicuously” for “\w+”$", near[0][4]
    )
    assert missing[0][4].startswith(f"not found in {PDF_DOC}; closest passage")
    for file, line, *_ in (near[0], missing[0]):
        lines = (workdir / file).read_text(encoding="utf-8").splitlines()
        assert "quote:" in lines[line - 1]
    written = " ".join(
        (workdir / missing[0][0]).read_text(encoding="utf-8").splitlines()[missing[0][1] - 1 : missing[0][1] + 3]
    )
    assert " ".join(site["missing"].split()[:4]) in written


def test_no_request_left_the_loopback_server_and_snapshots_are_not_fetched(site: dict, first_run: dict):
    assert site["trap"].log == []
    assert site["server"].requested(site["path_of"](SNAPSHOT_DOC)) == 0
    user_agents = {agent for _, agent in site["server"].log}
    assert len(user_agents) == 1 and user_agents.pop().startswith("decoding-alignment-verify/")


def test_the_lock_records_what_was_read_and_the_paper_counts_from_it(site: dict, first_run: dict):
    workdir = site["workdir"]
    lock = json.loads((workdir / "bib" / "documents.lock").read_text(encoding="utf-8"))["documents"]
    documents = first_run["documents"]
    assert set(lock) == {key for key, d in documents.items() if d["status"] == "ok"}
    assert lock[SNAPSHOT_DOC]["resolved"] == f"{SNAPSHOT_DOC}.txt"
    assert lock[REDIRECTED]["resolved"] == f"{site['server'].base}/moved/{REDIRECTED}"
    assert len(lock[PDF_DOC]["quotes_verified"]) == len(set(site["by_doc"][PDF_DOC])) - 2
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "generated"], cwd=workdir, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, output(result)[-3000:]
    macros = (workdir / "build" / "generated" / "macros.tex").read_text(encoding="utf-8")
    verified = sum(statuses(d).count("verified") for d in documents.values())
    checked = sum(len(d["quotes"]) for d in documents.values() if d["status"] == "ok")
    assert f"\\newcommand{{\\nQuotesVerified}}{{{verified}}}" in macros
    assert f"\\numword{{{verified}}} of the \\numword{{{checked}}} quotes drawn from them verbatim" in macros


@pytest.fixture(scope="module")
def second_run(site: dict, first_run: dict) -> dict:
    """The documents changed after the lock: chrome only, an added paragraph, a lost quote, a moved page."""
    server, by_doc, workdir, path_of = site["server"], site["by_doc"], site["workdir"], site["path_of"]
    server.routes[path_of(CHROME_DOC)] = Route(
        body=page([typeset_differently(q) for q in by_doc[CHROME_DOC]], "New menu")
    )
    server.routes[path_of(DRIFT_KEPT)] = Route(body=page([*by_doc[DRIFT_KEPT], "A paragraph added since."]))
    server.routes[path_of(DRIFT_LOST)] = Route(body=page(by_doc[DRIFT_LOST][1:]))
    server.routes[path_of(REDIRECTED)] = Route(
        302, headers={"Location": f"http://localhost:{server.port}/new/{REDIRECTED}"}
    )
    server.routes[f"/new/{REDIRECTED}"] = Route(body=page(by_doc[REDIRECTED]))
    lock_before = (workdir / "bib" / "documents.lock").read_bytes()
    result = verify(workdir, site["trap"], f"documents_dir={site['snapshots']}", "strict=true")
    return {"result": result, "lock_before": lock_before}


def test_drift_and_moved_links_are_reported_against_the_lock(site: dict, second_run: dict):
    workdir, result = site["workdir"], second_run["result"]
    printed = problems(output(result))
    at = {(p[3], p[2]): p for p in printed if p[0] == "bib/documentation.bib"}
    assert "every quote is still found" in at[DRIFT_KEPT, "notice"][4]
    assert "1 quote(s) verified then are not found now" in at[DRIFT_LOST, None][4]
    assert at[REDIRECTED, "notice"][4].startswith(
        f"link moved: resolves to http://localhost:{site['server'].port}/new/"
    )
    assert not [p for p in printed if p[3] == CHROME_DOC], "a change of navigation is not a change of the document"
    assert (SLOW_DOC, None) in at, "strict=true makes an unreachable document an error"
    assert (workdir / "bib" / "documents.lock").read_bytes() == second_run["lock_before"], (
        "only update_lock writes the lock"
    )
    assert site["trap"].log == []


def test_offline_every_document_is_unreachable_and_only_strict_fails(tmp_path: Path):
    workdir = copy_repository(tmp_path / "repo")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{probe.getsockname()[1]}"
    point_urls_at(workdir, base)
    configuration.update(lambda data: data.update(verify={"arxiv_pdf": f"{base}/arxiv/"}), workdir / "config.yaml")
    with Trap() as trap:
        relaxed = verify(workdir, trap, "strict=false")
        strict = verify(workdir, trap, "strict=true")
        assert trap.log == []
    assert relaxed.returncode == 0, output(relaxed)[-3000:]
    assert strict.returncode == 1
    assert "Traceback" not in output(relaxed) + output(strict)
    unreachable = [p for p in problems(output(relaxed)) if "unreachable" in p[4]]
    assert unreachable and all(p[2] == "warning" for p in unreachable)
    assert not [p for p in problems(output(relaxed)) if p[2] is None]
    assert re.search(r"verify: 0 of (\d+) quotes verified, 0 near, 0 missing, \1 unchecked", output(relaxed))


def test_the_paper_states_what_the_committed_lock_verified(built_repo: Path):
    data = built_repo / "build" / "data"
    lock, problems = documents_lock.load(built_repo / "bib" / "documents.lock")
    assert problems == []
    findings = json.loads((data / "findings.json").read_text(encoding="utf-8"))
    audited = sum(e["source"] == "documentation" for e in json.loads((data / "bibliography.json").read_text()).values())
    summary = documents_lock.summary(lock, findings, audited)
    assert json.loads((data / "verification.json").read_text(encoding="utf-8")) == summary
    text = pdf_text(built_repo / "build" / "paper.pdf")
    if not summary["last_verified_on"]:
        assert "no such check has been recorded yet" in text
        return
    words = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

    def numword(n: int) -> str:  # the preamble's \numword: words up to ten, digits above
        return words[n] if n <= 10 else str(n)

    verified = (
        f"all {numword(summary['quotes_checked'])}"
        if summary["quotes_verified"] == summary["quotes_checked"]
        else f"{numword(summary['quotes_verified'])} of the {numword(summary['quotes_checked'])}"
    )
    assert (
        f"Its last run, on {summary['last_verified_on']}, read {numword(summary['documents_verified'])} of the "
        f"{numword(summary['documents'])} audited documents and found {verified} quotes drawn from them verbatim"
    ) in text
