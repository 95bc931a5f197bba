"""The evidence explorer of the real build in Debian's Chromium: clicks, filters, links, requests, accessibility.

The site is served from the loopback address as a reader's browser would load it;
screenshots land in the repository's build/site-screenshots/ so a person can look.
Deselect with `-m "not browser"` on a machine without Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = [pytest.mark.browser, pytest.mark.tex]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "build" / "site-screenshots"
PAGES = ("index", "initiative/llama", "aspect/annotators", "documents", "revisions", "about")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def served_site(built_repo: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_repo / "build" / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium package is missing; ./setup.sh installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.base = served_site
    yield opened
    context.close()


def test_a_matrix_cell_opens_its_finding_and_evidence(page, built_repo: Path):
    page.goto(page.base + "index.html")
    page.get_by_role("link", name="Llama, Annotators:").click()
    page.wait_for_url("**/initiative/llama.html#annotators")
    finding = page.locator("section#annotators")
    assert finding.is_visible()
    assert finding.locator(".evidence q").count() >= 1
    record = json.loads((built_repo / "build" / "data" / "records" / "llama.json").read_text(encoding="utf-8"))
    level = next(f["disclosure"] for f in record["findings"] if f["aspect"] == "annotators")
    assert level in finding.locator("h3").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "initiative-llama-annotators.png"))


def test_filters_set_aside_lenses_access_types_and_levels(page):
    page.goto(page.base + "index.html")
    form = page.locator("#filters")
    assert form.is_visible()
    form.get_by_label("Lens").select_option("data-centric")
    assert not page.locator("th[data-lens=value-setting]").first.is_visible()
    assert page.locator("th[data-lens=data-centric]").first.is_visible()
    form.get_by_label("Access").select_option("open-weight")
    assert not page.locator("tr[data-access=proprietary]").first.is_visible()
    assert page.locator("tr[data-access=open-weight]").first.is_visible()
    form.get_by_label("Level").select_option("none")
    dimmed = page.locator("td.dimmed[data-lens=data-centric]")
    assert dimmed.count() > 0 and page.locator("td.dimmed[data-level=none]").count() == 0


def test_without_javascript_the_whole_matrix_reads_and_links(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "index.html")
    assert not page.locator("#filters").is_visible()
    assert page.locator("tbody tr").count() == 6 and page.locator("td.cell a").count() == 6 * 14
    context.close()


def test_every_page_loads_only_from_the_local_server_and_every_internal_link_resolves(page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    targets: set[str] = set()
    for name in PAGES:
        response = page.goto(page.base + name + ".html")
        assert response and response.ok, name
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        targets |= {href for href in hrefs if href.startswith(page.base)}
    assert requested and all(url.startswith(page.base) for url in requested), [
        url for url in requested if not url.startswith(page.base)
    ]
    for target in sorted(targets):
        address, _, fragment = target.partition("#")
        assert page.request.get(address).ok, target  # downloads too, which a navigation would save
        if fragment:
            page.goto(address)
            assert page.locator(f"[id='{fragment}']").count() == 1, target
    assert len(targets) > 100


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, name: str):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(page.base + name + ".html")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '-')}.png"), full_page=True)
