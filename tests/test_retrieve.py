"""Fetching and reading documents: every way a web server can disappoint ends as a status and a reason.

All requests go to a server on the loopback address (tests/loopback.py); a guard makes any
connection elsewhere fail the test.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from scripts import extract, retrieve
from tests.loopback import Route, Server

FAST = retrieve.FetchSettings(timeout_seconds=0.5, retries=1, backoff_seconds=0.05, max_megabytes=0.2)
PAGE = b"""<!doctype html><html><head><title>Model card</title><style>p {color: red}</style></head>
<body><header><nav><a href="/">Home</a> | <a href="/news">News</a> Menu text</nav></header>
<main><h1>Our values</h1><p>We train the model to be <em>helpful</em>, honest and harmless.</p>
<p>Annotators were paid fairly.</p><script>var hidden = "script text";</script></main>
<footer>Cookie settings. Copyright.</footer></body></html>"""


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to, or name lookup of, a host other than this machine fails the test."""
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else ""
        if host not in ("127.0.0.1", "::1"):
            pytest.fail(f"a request left the loopback address: {address!r}")
        return connect(self, address)

    resolve = socket.getaddrinfo

    def resolve_loopback(host: object, *args: object, **kwargs: object) -> list:
        if host not in ("127.0.0.1", "::1", "localhost"):
            pytest.fail(f"a host name outside this machine was looked up: {host!r}")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", resolve_loopback)


@pytest.fixture
def server() -> Server:
    with Server() as running:
        yield running


def fetch(server: Server, path: str, settings: retrieve.FetchSettings = FAST) -> retrieve.Retrieval:
    return retrieve.Fetcher(settings).get("doc", server.base + path)


def test_a_page_is_read_without_its_navigation_scripts_and_footer(server: Server):
    server.routes["/card"] = Route(body=PAGE)
    found = fetch(server, "/card")
    assert (found.status, found.kind, found.http_status) == (retrieve.OK, extract.HTML, 200)
    assert "We train the model to be helpful, honest and harmless." in found.text
    assert "Annotators were paid fairly." in found.text
    for chrome in ("Menu text", "Home", "Cookie", "script text", "color: red"):
        assert chrome not in found.text
    assert server.log == [("/card", retrieve.USER_AGENT)]


def test_redirects_are_followed_and_recorded(server: Server):
    server.routes["/old"] = Route(301, headers={"Location": "/middle"})
    server.routes["/middle"] = Route(302, headers={"Location": "/new"})
    server.routes["/new"] = Route(body=PAGE)
    found = fetch(server, "/old")
    assert found.status == retrieve.OK
    assert found.redirects == [server.base + "/old", server.base + "/middle"]
    assert found.final_url == server.base + "/new"


def test_a_missing_page_is_gone(server: Server):
    found = fetch(server, "/nothing")
    assert (found.status, found.http_status) == (retrieve.GONE, 404)
    assert "404" in found.reason


def test_a_slow_server_is_unreachable_after_the_retries(server: Server):
    server.routes["/slow"] = Route(body=PAGE, delay=2.0)
    started = time.monotonic()
    found = fetch(server, "/slow")
    assert found.status == retrieve.UNREACHABLE
    assert found.reason == "no answer within 0.5 s, 2 attempt(s)"
    assert server.requested("/slow") == 2
    assert time.monotonic() - started < 3


def test_a_failing_server_is_asked_again_with_back_off(server: Server):
    server.routes["/flaky"] = [Route(503, b"busy", "text/plain"), Route(body=PAGE)]
    found = fetch(server, "/flaky")
    assert found.status == retrieve.OK
    assert server.requested("/flaky") == 2


@pytest.mark.parametrize("chunked", [False, True], ids=["declared size", "streamed"])
def test_a_document_over_the_size_cap_is_not_read(server: Server, chunked: bool):
    server.routes["/big.pdf"] = Route(
        body=b"%PDF-1.5\n" + b"0" * 300_000, content_type="application/pdf", chunked=chunked
    )
    found = fetch(server, "/big.pdf")
    assert found.status == retrieve.UNREADABLE
    assert "larger than the cap of 0.2 MB" in found.reason
    assert found.text == ""


def test_a_response_that_is_not_a_document_is_unreadable(server: Server):
    server.routes["/logo"] = Route(body=b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    found = fetch(server, "/logo")
    assert (found.status, found.reason) == (retrieve.UNREADABLE, "content type image/png is not a document")


def test_a_refusing_site_is_unreachable_with_advice(server: Server):
    server.routes["/blocked"] = Route(403, b"no bots", "text/plain")
    found = fetch(server, "/blocked")
    assert found.status == retrieve.UNREACHABLE
    assert "documents_dir" in found.reason


def test_markdown_is_read_as_text_without_its_markup(server: Server):
    source = b"# Card\n\n**Intended use**: research on [alignment](https://example.org).\n\n"
    source += b"| a | b |\n|---|---|\n| x | y |\n"
    server.routes["/models/MODEL_CARD.md"] = Route(body=source, content_type="text/plain; charset=utf-8")
    found = fetch(server, "/models/MODEL_CARD.md")
    assert found.kind == extract.MARKDOWN
    assert "Intended use: research on alignment." in found.text
    assert "https://example.org" not in found.text


def test_a_host_that_cannot_be_reached_is_not_asked_again():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fetcher = retrieve.Fetcher(FAST)
    first = fetcher.get("a", f"http://127.0.0.1:{port}/a")
    started = time.monotonic()
    second = fetcher.get("b", f"http://127.0.0.1:{port}/b")
    assert (first.status, second.status) == (retrieve.UNREACHABLE, retrieve.UNREACHABLE)
    assert first.reason == "connection refused"
    assert f"127.0.0.1:{port} did not answer earlier in this run" in second.reason
    assert time.monotonic() - started < 0.05


def test_snapshots_are_read_by_their_suffix(tmp_path: Path):
    (tmp_path / "card.html").write_bytes(PAGE)
    (tmp_path / "notes.txt").write_text("Plain  text,\nas typed.", encoding="utf-8")
    html = retrieve.from_snapshot("card", retrieve.snapshot_of("card", tmp_path), FAST)
    text = retrieve.from_snapshot("notes", retrieve.snapshot_of("notes", tmp_path), FAST)
    assert (html.status, html.kind, html.source) == (retrieve.OK, extract.HTML, retrieve.SNAPSHOT)
    assert "Menu text" not in html.text
    assert text.text == "Plain  text,\nas typed."
    assert retrieve.snapshot_of("absent", tmp_path) is None


def test_arxiv_papers_are_fetched_as_pdf_and_github_files_as_raw_text():
    settings = retrieve.FetchSettings()
    assert retrieve.document_url({"eprint": "2203.02155", "url": "https://arxiv.org/abs/2203.02155"}, settings) == (
        "https://arxiv.org/pdf/2203.02155"
    )
    github = {"eprint": "", "url": "https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md"}
    assert (
        retrieve.document_url(github, settings)
        == "https://raw.githubusercontent.com/meta-llama/llama3/main/MODEL_CARD.md"
    )
