"""The evidence explorer built from in-memory fixture data: safe text, resolvable links (no browser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts import documents_lock, findings, html, quotes, site, tidy
from scripts.render import DATA
from tests.helpers import FIXTURES, SCHEMAS

CONFIG = {"paper": {"title": "A Survey: Of Things", "authors": [{"name": "A. Author"}], "arxiv_id": "2508.16982"}}


def fixture_site(tmp_path: Path, codebook: dict, bibliography: dict, finding: str | None = None) -> Path:
    source, problems = findings.check(
        FIXTURES / "findings" / "alpha.yaml", codebook, bibliography, SCHEMAS / "findings.schema.json"
    )
    assert problems == []
    record = findings.to_records(source.data, codebook)
    if finding is not None:
        record["findings"][0]["finding"] = finding
    initiative = {
        **record["initiative"],
        "documents": tidy.documents_per_initiative(record["findings"], bibliography)["alpha"],
    }
    revision = {"version": 1, "date": "2026-01-01", "summary": "First.", "changes": [{"description": "Initial."}]}
    data = {
        DATA["codebook"]: codebook,
        DATA["initiatives"]: [initiative],
        DATA["findings"]: record["findings"],
        DATA["bibliography"]: bibliography,
        DATA["revisions"]: {"current": revision, "revisions": [revision]},
        DATA["verification"]: documents_lock.summary({}, record["findings"], audited=len(bibliography)),
        DATA["record"].format(initiative="alpha"): record,
    }
    download = tmp_path / "findings.csv"
    download.write_text("initiative\n", encoding="utf-8")
    out = tmp_path / "site"
    assert site.build(out, data, CONFIG, {"findings.csv": download}) == 4 + 1 + len(
        codebook["aspects"]
    )  # index, documents, revisions, about
    return out


class Links(HTMLParser):
    """Every link target and element id of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name):
                self.targets.append(values[name])


def parsed(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_hostile_text_shows_as_text_and_citations_become_links(tmp_path, fixture_codebook, fixture_bibliography):
    key = next(iter(fixture_bibliography))
    out = fixture_site(
        tmp_path, fixture_codebook, fixture_bibliography, f'<script>alert(1)</script> "quoted" & [@{key}]'
    )
    page = (out / "initiative" / "alpha.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; &amp;" in page
    assert f'href="../documents.html#{html.document_anchor(key)}"' in page


def test_every_internal_link_and_anchor_resolves_and_nothing_comes_from_another_host(
    tmp_path, fixture_codebook, fixture_bibliography
):
    out = fixture_site(tmp_path, fixture_codebook, fixture_bibliography)
    pages = {page: parsed(page) for page in out.rglob("*.html")}
    checked = 0
    for page, links in pages.items():
        for target in links.targets:
            if target.startswith(("http://", "https://")):
                continue  # links out to the audited documents; checked by the page's own tag below
            path, _, fragment = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page.resolve()
            assert resolved.is_file(), (page, target)
            if fragment:
                assert fragment in pages[resolved].ids, (page, target)
            checked += 1
    assert checked > 50
    assets = re.compile(r'<(?:link|script|img)[^>]+(?:href|src)="https?://')
    assert not [page for page in pages if assets.search(page.read_text(encoding="utf-8"))]


def test_each_code_has_a_permalink_on_its_initiatives_page(tmp_path, fixture_codebook, fixture_bibliography):
    out = fixture_site(tmp_path, fixture_codebook, fixture_bibliography)
    cells = [t for t in parsed(out / "index.html").targets if t.startswith("initiative/alpha.html#")]
    assert cells == [f"initiative/alpha.html#{a['id']}" for a in fixture_codebook["aspects"]]
    ids = parsed(out / "initiative" / "alpha.html").ids
    assert {a["id"] for a in fixture_codebook["aspects"]} <= ids


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x"])
def test_only_http_links_reach_a_page(url):
    with pytest.raises(ValueError):
        html.safe_url(url)


def test_references_that_would_read_alike_get_letters():
    bibliography = {
        "meta2023b": {"key": "meta2023b", "author": "{Meta}", "year": "2023", "date": "2023-07"},
        "meta2023a": {"key": "meta2023a", "author": "{Meta}", "year": "2023", "date": "2023-02"},
        "ouyang2022": {"key": "ouyang2022", "author": "Long Ouyang and Jeff Wu and others", "year": "2022"},
    }
    assert html.reference_labels(bibliography) == {
        "meta2023a": "Meta 2023a",
        "meta2023b": "Meta 2023b",
        "ouyang2022": "Ouyang et al. 2022",
    }


@pytest.mark.parametrize(
    ("lock", "expected"),
    [
        ({}, "no such check has been recorded yet"),
        (
            {"a": {"verified_on": "2026-11-30", "quotes_verified": [quotes.fingerprint("one")]}},
            "Its last run, on 2026-11-30, read 1 of the 4 audited documents and found 1 of the 2 quotes drawn "
            "from them verbatim; the other 1 of the 3 quotes are checked as copies of their documents are added.",
        ),
    ],
)
def test_the_about_page_says_how_many_quotes_were_verified(lock: dict, expected: str):
    findings = [{"evidence": [{"doc": "a", "quote": "one"}, {"doc": "a", "quote": "two"}, {"doc": "b", "quote": "x"}]}]
    revision = {"version": 1, "date": "2026-01-01", "summary": "First.", "changes": [{"description": "Initial."}]}
    data = {
        DATA["revisions"]: {"current": revision, "revisions": [revision]},
        DATA["verification"]: documents_lock.summary(lock, findings, audited=4),
    }
    text = re.sub(r"<[^>]+>", "", site.render_page("about", data, CONFIG, []))
    assert expected in " ".join(text.split())
