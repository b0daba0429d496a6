"""Hostile services.yaml text stays inert in a real browser, and every page runs under its CSP."""
import functools
import http.server
import threading

import pytest

from ..sitebuild import build, fixture_data, fixture_project, write_services
from .sweep import CSP_WATCH

pytestmark = pytest.mark.browser

HOSTILE = ('<script>window.__pwned = 1; alert("script")</script> <img src=x onerror="alert(\'img\')"> '
           '{{ 7*7 }} {% if true %}jinja{% endif %} [link](javascript:alert("link")) '
           '<a href="javascript:alert(\'raw\')">raw link</a> ![i](data:image/svg+xml,<svg onload=alert(1)>)')

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    data = fixture_data()
    bus = next(s for s in data["services"] if s["id"] == "youth-bus")
    bus["description"] = HOSTILE
    services = write_services(work / "hostile.yaml", data)
    result = build(fixture_project(work / "p"), services, work / "site")
    # javascript: and data: links are refused by the validator before anything is built...
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "2 problems found; nothing was built." in output
    assert "the link 'javascript:alert(\"link\"' is not a full https: address" in output
    assert "the link 'data:image/svg+xml,<svg' is not a full https: address" in output
    # ...so build the rest of the hostile text, which must then show as text.
    bus["description"] = HOSTILE.split(" [link]")[0] + ' <a href="javascript:alert(\'raw\')">raw link</a>'
    write_services(services, data)
    result = build(fixture_project(work / "p2"), services, work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(work / "site"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_hostile_description_shows_as_text_and_runs_nothing(browser, hostile_site):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_site}/services/youth-bus/")
    page.wait_for_load_state("networkidle")
    text = page.locator(".eh-description").inner_text()
    context_links = page.locator('.eh-description a[href^="javascript:"], .eh-description img')
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert '<script>window.__pwned = 1; alert("script")</script>' in text
    assert "{{ 7*7 }}" in text and "{% if true %}jinja{% endif %}" in text
    assert context_links.count() == 0
    context.close()


def test_hostile_service_found_through_search_shows_as_text_and_runs_nothing(browser, hostile_site):
    """Service pages are indexed from the data (earlyhelp/search.py), and the theme shows results as HTML.
    (Names and summaries cannot carry markup: the schema refuses < and > in them; descriptions can, escaped.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_site}/")
    page.locator(".md-search__input").click()
    # A word found only in the hostile description, which is indexed (the 'more' field) but never shown.
    page.locator(".md-search__input").press_sequentially("true", delay=30)
    result = page.locator('.md-search-result__item > a[href$="/services/youth-bus/"]').first
    result.wait_for(timeout=10_000)
    assert result.inner_text().startswith("Youth bus\nNo published number")  # the number, then the summary
    assert "pwned" not in result.inner_text() and "onerror" not in result.inner_text()
    assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    # The page has finished loading and painting: an injected onload/onerror handler would have run by now.
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done())))")
    assert dialogs == [] and page.evaluate("window.__pwned") is None
    context.close()


def test_every_page_runs_under_its_policy_without_violations(sweep, site_pages):
    """Each page carries one Content-Security-Policy and breaks none of it while it loads (the sweep, sweep.py)."""
    pages = {path: sweep["pages"][path] for path in site_pages}
    assert {path: r["policies"] for path, r in pages.items() if r["policies"] != 1} == {}
    assert all(isinstance(r["violations"], list) for r in pages.values()), "the violation listener did not run"
    assert {path: r["violations"] for path, r in pages.items() if r["violations"]} == {}


def test_search_and_theme_scripts_still_work_under_the_policy(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.goto(f"{site_url}/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("CAMHS", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item").count() >= 1
    assert page.evaluate("window.__csp") == []
    context.close()


def test_an_injected_inline_script_is_blocked(browser, site_url):
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.goto(f"{site_url}/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.appendChild(s); }")
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
    context.close()
