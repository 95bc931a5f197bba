"""Getting an audited document's text: from a local snapshot, or from its URL.

Documentation sites move, block crawlers, hang and serve the wrong thing; a maintainer
running the verification on a train gets no network at all. Every one of those ends as a
Retrieval with a status and a reason a person can act on (`gone`: the server says the page
is not there; `unreachable`: no answer, or refused; `unreadable`: an answer that is not a
readable document), never as an exception. Redirects are recorded, so link rot shows.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from scripts import extract

OK, GONE, UNREACHABLE, UNREADABLE = "ok", "gone", "unreachable", "unreadable"
SNAPSHOT, URL = "snapshot", "url"
USER_AGENT = "decoding-alignment-verify/1 (quote verification of an audit; https://arxiv.org/abs/2508.16982)"
MAX_REDIRECTS = 10
RETRIED_STATUSES = (429, 500, 502, 503, 504)
CHUNK_BYTES = 64 * 1024
_GITHUB_BLOB = re.compile(r"^https://github\.com/([^/]+)/([^/]+)/blob/(.+)$")


@dataclass(frozen=True)
class FetchSettings:
    """How patient and how trusting a fetch is (config.yaml's `verify` section)."""

    timeout_seconds: float = 30.0
    retries: int = 2
    backoff_seconds: float = 1.0
    max_megabytes: float = 40.0
    arxiv_pdf: str = "https://arxiv.org/pdf/"

    @property
    def max_bytes(self) -> int:
        return int(self.max_megabytes * 1_000_000)


@dataclass
class Retrieval:
    """What obtaining one document gave: its status, where it came from and its text."""

    key: str
    source: str
    location: str
    status: str = OK
    reason: str = ""
    final_url: str = ""
    redirects: list[str] = field(default_factory=list)
    http_status: int | None = None
    kind: str | None = None
    text: str = ""
    retrieved_at: str = ""
    seconds: float = 0.0
    # The host could not be connected to at all (no name, refused, no route): not worth asking again.
    host_down: bool = False


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def document_url(entry: dict, settings: FetchSettings) -> str:
    """Where a document is fetched from: arXiv papers as their PDF, GitHub files as their raw text."""
    if entry.get("eprint"):
        return settings.arxiv_pdf + entry["eprint"]
    url = entry.get("url", "")
    blob = _GITHUB_BLOB.match(url)
    if blob:
        owner, repository, rest = blob.groups()
        return f"https://raw.githubusercontent.com/{owner}/{repository}/{rest.split('#')[0]}"
    return url


def snapshot_of(key: str, folder: Path) -> Path | None:
    """The snapshot file of a document in the snapshot folder, by its bib key and a known suffix."""
    for suffix in extract.KIND_OF_SUFFIX:
        path = folder / f"{key}{suffix}"
        if path.is_file():
            return path
    return None


def from_snapshot(key: str, path: Path, settings: FetchSettings) -> Retrieval:
    started = time.monotonic()
    found = Retrieval(key, SNAPSHOT, str(path), retrieved_at=now(), kind=extract.KIND_OF_SUFFIX[path.suffix])
    try:
        with open(path, "rb") as stream:
            body = stream.read(settings.max_bytes + 1)
    except OSError as error:
        return _failed(found, UNREADABLE, f"cannot read the snapshot: {error.strerror}", started)
    if len(body) > settings.max_bytes:
        return _failed(found, UNREADABLE, f"the snapshot is larger than {settings.max_megabytes:g} MB", started)
    return _with_text(found, body, extract.charset_of("", body), started)


def session(settings: FetchSettings):  # -> requests.Session; requests is imported only when fetching
    """One HTTP session for a run: kept connections, our User-Agent, retries with back-off."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff_seconds,
        status_forcelist=RETRIED_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    client = requests.Session()
    client.headers["User-Agent"] = USER_AGENT
    client.max_redirects = MAX_REDIRECTS
    adapter = HTTPAdapter(max_retries=retry)
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    return client


class Fetcher:
    """Fetches documents over one session, and gives up on a host that could not be reached.

    Offline, every name fails to resolve after the retries; remembering the hosts that did not
    answer keeps a run without network to a few seconds per host instead of per document.
    """

    def __init__(self, settings: FetchSettings):
        self.settings = settings
        self._client = None
        self._down: dict[str, str] = {}

    def get(self, key: str, url: str) -> Retrieval:
        host = urlsplit(url).netloc.lower()
        if host in self._down:
            found = Retrieval(key, URL, url, retrieved_at=now())
            return _failed(
                found, UNREACHABLE, f"{self._down[host]}; {host} did not answer earlier in this run", time.monotonic()
            )
        if self._client is None:
            self._client = session(self.settings)
        found = from_url(key, url, self._client, self.settings)
        if found.host_down and host:
            self._down[host] = found.reason
        return found


def from_url(key: str, url: str, client, settings: FetchSettings) -> Retrieval:
    """The document at url; any failure becomes a status and a reason."""
    import requests

    started = time.monotonic()
    found = Retrieval(key, URL, url, retrieved_at=now())
    if urlsplit(url).scheme not in ("http", "https"):
        return _failed(found, UNREACHABLE, "no http(s) URL to fetch; give a snapshot in documents_dir", started)
    try:
        with client.get(url, timeout=settings.timeout_seconds, stream=True) as response:
            found.redirects = [earlier.url for earlier in response.history]
            found.final_url, found.http_status = response.url, response.status_code
            if response.status_code in (404, 410):
                return _failed(found, GONE, f"HTTP {response.status_code}: the page is not there", started)
            if response.status_code >= 400:
                reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
                if response.status_code in (401, 403, 429):
                    reason += " (the site refuses this client; give a snapshot in documents_dir)"
                return _failed(found, UNREACHABLE, reason, started)
            body, refusal = _body(response, settings, started)
            if refusal:
                return _failed(found, UNREADABLE, refusal, started)
            content_type = response.headers.get("Content-Type", "")
            found.kind = extract.kind_of(content_type, urlsplit(found.final_url).path, body)
            if found.kind is None:
                return _failed(
                    found, UNREADABLE, f"content type {content_type or 'missing'} is not a document", started
                )
            return _with_text(found, body, extract.charset_of(content_type, body), started)
    except requests.exceptions.TooManyRedirects:
        return _failed(found, UNREACHABLE, f"more than {MAX_REDIRECTS} redirects", started)
    except requests.exceptions.RequestException as error:
        found.host_down = (
            isinstance(error, requests.exceptions.ConnectionError) and "read timed out" not in str(error).lower()
        )
        return _failed(found, UNREACHABLE, _why(error, settings), started)


def _body(response, settings: FetchSettings, started: float) -> tuple[bytes, str]:
    """The response's bytes, or why they were not all read: over the size cap, or too slow overall."""
    declared = response.headers.get("Content-Length", "")
    too_large = f"larger than the cap of {settings.max_megabytes:g} MB (verify.max_megabytes)"
    if declared.isdigit() and int(declared) > settings.max_bytes:
        return b"", f"{int(declared) / 1e6:.1f} MB, {too_large}"
    chunks, size = [], 0
    deadline = started + settings.timeout_seconds * (settings.retries + 2)
    for chunk in response.iter_content(CHUNK_BYTES):
        chunks.append(chunk)
        size += len(chunk)
        if size > settings.max_bytes:
            return b"", too_large
        if time.monotonic() > deadline:
            return b"", f"still downloading after {deadline - started:.0f} s"
    return b"".join(chunks), ""


def _why(error: Exception, settings: FetchSettings) -> str:
    """A one-line reason for a failed request, without the exception's nested reprs."""
    import requests

    if isinstance(error, requests.exceptions.Timeout) or "timed out" in str(error).lower():
        return f"no answer within {settings.timeout_seconds:g} s, {settings.retries + 1} attempt(s)"
    if isinstance(error, requests.exceptions.RetryError):
        return f"the server kept failing ({settings.retries + 1} attempts)"
    if isinstance(error, requests.exceptions.ConnectionError):
        text = str(error)
        if "Name or service not known" in text or "Temporary failure in name resolution" in text:
            return "the host name does not resolve: offline?"
        if "Connection refused" in text:
            return "connection refused"
        return "cannot connect: offline?"
    return type(error).__name__


def _with_text(found: Retrieval, body: bytes, charset: str, started: float) -> Retrieval:
    try:
        found.text = extract.text_of(found.kind or "", body, charset)
    except extract.ExtractionError as error:
        return _failed(found, UNREADABLE, str(error), started)
    if not found.text.strip():
        return _failed(
            found, UNREADABLE, "no text in the document (a scanned PDF or a page built by scripts?)", started
        )
    found.seconds = time.monotonic() - started
    return found


def _failed(found: Retrieval, status: str, reason: str, started: float) -> Retrieval:
    found.status, found.reason, found.seconds = status, reason, time.monotonic() - started
    return found
