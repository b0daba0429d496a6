"""Every built page in a real browser (phone size): the immediate-risk banner with 999 is on it, its tel: links
dial, it makes no request beyond 127.0.0.1 and logs no console error; every service in the A to Z opens.

One sweep visits every page once (the ``sweep`` fixture, in sweep.py) and the tests below each check one thing
in what it recorded, so a failure names the rule that broke and every page that broke it.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .sweep import BANNER

pytestmark = pytest.mark.browser

TEL = re.compile(r"tel:(\+\d+|\d+)")                 # tel:+441915205560 or tel:999, nothing else
SERVICE_PAGE = re.compile(r"/services/(?!by-)[^/]+/")  # /services/<id>/, not the by-need/level/area lists
LOCAL_HOST = "127.0.0.1"
HOSTLESS_SCHEMES = {"data", "blob", "about"}          # no network: inline SVG icons, worker blobs

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
def a_to_z_links(sweep, site_url) -> list[str]:
    """Paths of the service pages the A to Z (/services/) links to, as the browser resolved them."""
    hrefs = sweep["pages"]["/services/"]["links"]
    paths = {urlsplit(href).path for href in hrefs if urlsplit(href).netloc == urlsplit(site_url).netloc}
    return sorted(p for p in paths if SERVICE_PAGE.fullmatch(p))


def test_every_service_in_the_a_to_z_opens_with_its_h1(a_to_z_links, sweep):
    """Each service the A to Z links to was opened (HTTP 200) and shows one visible, non-empty h1."""
    assert a_to_z_links, "the A to Z (/services/) links to no service pages"
    problems = []
    for path in a_to_z_links:
        record = sweep["pages"].get(path)
        if record is None:
            problems.append(f"{path}: linked from the A to Z, but no such page was built")
        elif record["status"] != 200:
            problems.append(f"{path}: HTTP {record['status']}")
        elif len(record["h1"]) != 1 or not record["h1"][0]:
            problems.append(f"{path}: expected one visible, non-empty h1, found {record['h1']}")
    assert not problems, "\n".join(problems)


def test_a_to_z_links_every_service_page(a_to_z_links, site_pages):
    """No built service page is missing from the A to Z."""
    missing = sorted(set(p for p in site_pages if SERVICE_PAGE.fullmatch(p)) - set(a_to_z_links))
    assert not missing, f"service pages the A to Z does not link to: {missing}"


@pytest.mark.parametrize("query, service", [("Wear Here", "wear-here-4-you"), ("520 5560", "icrt"),
                                            ("trauma-informed", "play-therapy")])
def test_search_finds_a_service_by_name_number_or_a_word_of_its_description(browser, site_url, query, service):
    """Service pages are indexed from services.yaml (earlyhelp/search.py): the first result is the service."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query, delay=30)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=10_000)
    assert urlsplit(first.get_attribute("href")).path == f"/services/{service}/"
    context.close()


def test_no_page_downloads_the_search_index_until_search_is_opened(sweep):
    """assets/guide.js holds back Material's search index (about 30 KB compressed) on every page."""
    early = sorted({page for page, url in sweep["requests"] if "search_index.json" in url})
    assert early == [], f"pages that downloaded the search index as they loaded: {early}"
    assert len(sweep["pages"]) > 90


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_opening_search_downloads_the_index_once_and_finds_results(browser, site_url, viewports, size):
    context = browser.new_context(**viewports[size])
    page = context.new_page()
    index_requests = []
    page.on("request", lambda r: "search_index.json" in r.url and index_requests.append(r.url))
    page.goto(f"{site_url}/levels/2/")
    page.wait_for_load_state("networkidle")
    assert index_requests == []
    if size == "phone":  # the search icon in the header opens the search box
        page.locator('label.md-header__button[for="__search"]').click()
    else:
        page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Divert", delay=30)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=10_000)
    assert urlsplit(first.get_attribute("href")).path == "/services/divert/"
    assert len(index_requests) == 1
    context.close()


def test_full_theme_pages_register_the_offline_worker(browser, site_url):
    """guide.js registers sw.js, so level and pathway pages a reader visits are kept for use with no signal."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/levels/2/")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{site_url}/"
    context.close()
