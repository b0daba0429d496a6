"""Every built page in a real browser (phone size): the immediate-risk banner with 999 is on it, its tel: links
dial, it makes no request beyond 127.0.0.1 and logs no console error; every service in the A to Z opens.

One sweep visits every page once (the ``sweep`` fixture) and the tests below each check one thing in what it
recorded, so a failure names the rule that broke and every page that broke it.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

TEL = re.compile(r"tel:(\+\d+|\d+)")                 # tel:+441915205560 or tel:999, nothing else
SERVICE_PAGE = re.compile(r"/services/(?!by-)[^/]+/")  # /services/<id>/, not the by-need/level/area lists
BANNER = "Child in immediate danger"
LOCAL_HOST = "127.0.0.1"
HOSTLESS_SCHEMES = {"data", "blob", "about"}          # no network: inline SVG icons, worker blobs

RECORD_JS = """() => ({
  tel: Array.from(document.querySelectorAll("a[href]"), a => a.getAttribute("href"))
            .filter(href => /^\\s*tel:/i.test(href)),
  h1: Array.from(document.querySelectorAll("h1"))
           .filter(h => h.checkVisibility()).map(h => h.textContent.trim()),
})"""


@pytest.fixture(scope="module")
def sweep(visit_pages, site_pages, viewports):
    """Visit every page once at phone size, with service workers allowed (the offline worker's own requests are
    checked too). Returns {"pages": {path: record or exception}, "requests": [(page, url)], "errors": [...]}."""
    requests: list[tuple[str | None, str]] = []
    current: dict[int, str] = {}   # the page each context is on, to say where a request came from

    def prepare(context):
        context.on("request", lambda request: requests.append((current.get(id(context)), request.url)))

    def visit(page, path):
        current[id(page.context)] = path
        errors: list[str] = []
        on_console = lambda msg: msg.type == "error" and errors.append(  # noqa: E731
            f"console error: {msg.text} ({msg.location.get('url', '')}:{msg.location.get('lineNumber', '')})")
        on_pageerror = lambda error: errors.append(f"uncaught exception: {error}")  # noqa: E731
        page.on("console", on_console)
        page.on("pageerror", on_pageerror)
        try:
            response = page.goto(path)
            record = page.evaluate(RECORD_JS)
            banner = page.get_by_role("region", name=BANNER)
            record.update(
                status=response.status if response else None,
                banners=banner.count(),
                banner_visible=banner.count() == 1 and banner.is_visible(),
                banner_999=banner.count() == 1 and banner.locator('a[href="tel:999"]').first.is_visible(),
            )
        finally:
            page.remove_listener("console", on_console)
            page.remove_listener("pageerror", on_pageerror)
        record["errors"] = errors
        return record

    pages = visit_pages(site_pages, {**viewports["phone"], "color_scheme": "light"}, visit, prepare=prepare)
    broken = {path: record for path, record in pages.items() if isinstance(record, Exception)}
    assert not broken, "pages that could not be visited:\n" + "\n".join(f"{p}: {e!r}" for p, e in broken.items())
    return {"pages": pages, "requests": requests}


def test_every_page_opens(sweep):
    bad = {path: r["status"] for path, r in sweep["pages"].items() if r["status"] != 200}
    assert not bad, f"pages not served with HTTP 200: {bad}"


def test_immediate_risk_banner_with_999_on_every_page(sweep):
    """Role region named "Child in immediate danger", visible, with a visible tel:999 link, on every page."""
    problems = []
    for path, r in sweep["pages"].items():
        if r["banners"] != 1:
            problems.append(f"{path}: {r['banners']} regions named {BANNER!r} (expected exactly 1)")
        elif not r["banner_visible"]:
            problems.append(f"{path}: the {BANNER!r} region is not visible")
        elif not r["banner_999"]:
            problems.append(f"{path}: the {BANNER!r} region has no visible tel:999 link")
    assert not problems, "\n".join(problems)


def test_tel_links_are_diallable(sweep):
    """Every tel: href is tel: then + and digits, or just digits (tel:999): no spaces, dashes or letters."""
    bad = [f"{path}: {href!r}" for path, r in sweep["pages"].items() for href in r["tel"] if not TEL.fullmatch(href)]
    assert not bad, "tel: links a phone may not dial:\n" + "\n".join(bad)
    assert any(r["tel"] for r in sweep["pages"].values()), "no tel: links anywhere: is the sweep looking?"


def test_no_request_leaves_127_0_0_1(sweep):
    """Nothing is fetched from any other host: no CDN, web font, analytics or API call (offline, private)."""
    outside = sorted({f"{url}  (from {page})" for page, url in sweep["requests"]
                      if not (urlsplit(url).scheme in HOSTLESS_SCHEMES or urlsplit(url).hostname == LOCAL_HOST)})
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    assert len(sweep["requests"]) >= len(sweep["pages"]), "fewer requests than pages: is the listener working?"


def test_no_console_errors(sweep):
    errors = [f"{path}: {error}" for path, r in sweep["pages"].items() for error in r["errors"]]
    assert not errors, "\n".join(errors)


@pytest.fixture(scope="module")
def a_to_z_links(browser, site_url, browser_context_args) -> list[str]:
    """Paths of the service pages the A to Z links to, as the browser resolves them."""
    context = browser.new_context(**browser_context_args, service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/services/")
        hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    finally:
        context.close()
    paths = {urlsplit(href).path for href in hrefs if urlsplit(href).netloc == urlsplit(site_url).netloc}
    return sorted(p for p in paths if SERVICE_PAGE.fullmatch(p))


def test_every_service_in_the_a_to_z_opens_with_its_h1(a_to_z_links, sweep, browser, site_url,
                                                        browser_context_args):
    assert a_to_z_links, "the A to Z (/services/) links to no service pages"
    problems, unbuilt = [], []
    for path in a_to_z_links:
        record = sweep["pages"].get(path)
        if record is None:
            unbuilt.append(path)
        elif record["status"] != 200:
            problems.append(f"{path}: HTTP {record['status']}")
        elif len(record["h1"]) != 1 or not record["h1"][0]:
            problems.append(f"{path}: expected one visible, non-empty h1, found {record['h1']}")
    if unbuilt:   # linked, but not a page of the build: open it anyway, to report what the reader would get
        context = browser.new_context(**browser_context_args, service_workers="block")
        try:
            page = context.new_page()
            for path in unbuilt:
                response = page.goto(urljoin(site_url, path))
                problems.append(f"{path}: linked from the A to Z but not built (HTTP {response and response.status})")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_a_to_z_links_every_service_page(a_to_z_links, site_pages):
    """No built service page is missing from the A to Z."""
    missing = sorted(set(p for p in site_pages if SERVICE_PAGE.fullmatch(p)) - set(a_to_z_links))
    assert not missing, f"service pages the A to Z does not link to: {missing}"
