"""The SOS list on an emulated Pixel 5: numbers, filter, no-JavaScript, offline, a new build, budget, install."""
from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from earlyhelp import numbers
from earlyhelp.render import long_date

from ..sitebuild import build, fixture_data, fixture_project, write_services
from .conftest import wait_until, weekday_morning
from .moments import WEEKDAY_MORNING

pytestmark = pytest.mark.browser

BUDGET = 20 * 1024  # gzip bytes: the page and everything it loads


@pytest.fixture
def phone(browser, browser_context_args):
    """A fresh phone for each test (its own service worker and caches), with extra context options."""
    contexts = []

    def new(**options):
        context = browser.new_context(**{**browser_context_args, **options})
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()


def open_and_save(context, url: str):
    """Visit a page and wait until the service worker controls it: the first visit an officer makes."""
    page = context.new_page()
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    return page


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def wait_until_saved(page, path: str) -> None:
    wait_until(page, "path => caches.match(new URL(path, location.origin).href).then(Boolean)", path)


def full_entries(page):
    return page.locator(".sos-services .sos-item")


def numbers_shown(service, directory):
    """A service's own numbers, or the confirmed ones of the service it is reached through, in the one rule's
    order at the pages' fixed clock."""
    return [o.contact for o in numbers.for_service(service, directory, WEEKDAY_MORNING)]


# --- numbers -------------------------------------------------------------------------------------------------

def test_every_sos_service_appears_with_a_working_tel_link(phone, site_url, directory):
    page = weekday_morning(phone()).new_page()
    page.goto(site_url + "/sos/")
    assert directory.sos(), "the shipped data has no SOS services"
    for service in directory.sos():
        entry = page.locator(f'.sos-services .sos-item[data-id="{service.id}"]')
        expect(entry).to_be_visible()
        expect(entry.locator(".sos-name")).to_have_text(service.name)
        calls = entry.locator("ul.sos-calls").first.locator("a.sos-call, a.eh-num__tbc")
        expected = numbers_shown(service, directory)
        assert expected, f"{service.id} has no number to call"
        assert calls.count() == len(expected)
        for link, contact in zip(calls.all(), expected):
            assert link.get_attribute("href") == contact.href
            assert re.fullmatch(r"tel:(\+44\d{10}|\d{3})", contact.href)
            # A number still to be confirmed carries its warning inside its own link
            expect(link).to_have_text(contact.value + (" (number to be confirmed)" if contact.to_confirm else ""))
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (service.id, box)  # a thumb-sized target
            link.click(trial=True)  # visible, enabled and not covered by anything (e.g. the sticky filter)
        expect(entry.locator(".sos-checked")).to_contain_text(
            f"Not yet confirmed by the service: from public pages checked {long_date(service.source_checked)}")


def test_immediate_risk_numbers_are_at_the_top(phone, site_url, directory):
    page = weekday_morning(phone()).new_page()
    page.goto(site_url + "/sos/")
    urgent = page.locator(".sos-urgent")
    expect(urgent.locator("h2")).to_have_text("Child in immediate danger?")
    hrefs = [a.get_attribute("href") for a in urgent.locator("a.sos-call").all()]
    route = numbers.route(numbers.immediate_risk_pairs(directory), directory, WEEKDAY_MORNING)
    assert hrefs == [o.contact.href for o in route]  # never a doubtful one
    expect(urgent.locator(".eh-num__now").first).to_have_text("Open now")  # 999, and then the ICRT on a Tuesday
    assert hrefs[0] == "tel:999"
    assert urgent.locator("a.sos-call").first.bounding_box()["y"] < page.viewport_size["height"]  # no scrolling


# --- filter --------------------------------------------------------------------------------------------------

def visible_ids(page) -> set[str]:
    return {item.get_attribute("data-id") for item in full_entries(page).all() if item.is_visible()}


def test_filter_narrows_the_list_as_the_officer_types(phone, site_url, directory):
    page = phone().new_page()
    page.goto(site_url + "/sos/")
    everyone = {s.id for s in directory.sos()}
    assert visible_ids(page) == everyone
    box = page.get_by_label("Search: what is happening, a service or an area")
    target = next(s for s in directory.sos() if s not in directory.immediate_risk)

    box.press_sequentially(target.name.lower(), delay=10)
    assert target.id in visible_ids(page) and visible_ids(page) < everyone
    assert full_entries(page).locator("visible=true").first.get_attribute("data-id") == target.id
    expect(page.locator("#sos-count")).to_contain_text("match")
    expect(page.locator(".sos-urgent")).to_be_visible()  # 999 and the front door never filter away

    need = next(n for n, label in directory.labels.needs.items()
                if 0 < len([s for s in directory.sos() if n in s.needs]) < len(everyone))
    box.fill("")
    box.press_sequentially(directory.labels.needs[need], delay=10)
    assert {s.id for s in directory.sos() if need in s.needs} <= visible_ids(page) < everyone

    box.fill("")
    box.press_sequentially("zzqx", delay=10)
    assert visible_ids(page) == set()
    expect(page.locator("#sos-none")).to_be_visible()
    expect(page.locator(".sos-sit").first).to_be_hidden()

    box.fill("")
    box.press("Backspace")  # an input event with the box empty
    assert visible_ids(page) == everyone
    expect(page.locator("#sos-none")).to_be_hidden()


def test_filter_matches_areas(phone, site_url, directory):
    page = phone().new_page()
    page.goto(site_url + "/sos/")
    area_key = next(s.areas[0] for s in directory.sos() if s.areas)  # many have no area a source states
    label = directory.labels.areas[area_key]
    page.get_by_label("Search: what is happening, a service or an area").press_sequentially(label, delay=10)
    expected = {s.id for s in directory.sos() if area_key in s.areas}
    assert expected and expected <= visible_ids(page)


def test_without_javascript_the_whole_list_shows(phone, site_url, directory):
    page = phone(java_script_enabled=False).new_page()
    page.goto(site_url + "/sos/")
    expect(page.locator(".sos-sit h3")).to_have_text([x.title for x in directory.situations])
    expect(full_entries(page)).to_have_count(len(directory.sos()))
    assert visible_ids(page) == {s.id for s in directory.sos()}
    expect(page.locator("#sos-filter")).to_be_hidden()  # a box that could not filter is not shown


# --- offline -------------------------------------------------------------------------------------------------

def test_after_one_visit_the_list_opens_offline_with_its_date(phone, site_url, directory):
    context = phone()
    page = open_and_save(context, site_url + "/sos/")
    expect(page.locator("#eh-offline")).to_have_count(0)  # online: no notice
    context.set_offline(True)
    page.reload()
    notice = page.locator("#eh-offline")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"Offline — list as of {long_date(directory.today)}")
    assert visible_ids(page) == {s.id for s in directory.sos()}
    expect(page.locator(".sos-urgent a.sos-call").first).to_have_attribute("href", "tel:999")
    expect(page.locator("a.sos-sms").first).to_have_attribute("href", re.compile(r"^sms:\?&body="))  # no signal needed
    page.get_by_label("Search: what is happening, a service or an area").press_sequentially("zzqx", delay=10)  # sos.js came from cache
    expect(page.locator("#sos-none")).to_be_visible()

    # The control: without the worker the same reload fails, so the worker is what served the page.
    control = phone(service_workers="block").new_page()
    control.goto(site_url + "/sos/")
    control.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        control.reload()


def test_level_and_pathway_pages_open_offline_after_a_visit_to_the_list(phone, site_url, site_pages):
    saved = [p for p in site_pages if p.startswith(("/levels/", "/pathways/"))]
    assert "/levels/" in saved and "/pathways/" in saved, saved
    context = phone()
    page = open_and_save(context, site_url + "/sos/")
    for path in ("/levels/", saved[-1]):
        wait_until_saved(page, path)
    context.set_offline(True)
    for path in ("/levels/", saved[-1]):
        page.goto(site_url + path)
        expect(page.locator("#eh-offline")).to_be_visible()
        expect(page.locator("h1").first).to_be_visible()
        assert page.evaluate("""[...document.styleSheets].some(sheet =>
            sheet.href && sheet.href.includes('/assets/stylesheets/main.') && sheet.cssRules.length > 0)"""), (
            "Material's CSS was not saved with the page")
    page.goto(site_url + "/about/")  # not kept offline: says so, and points to the list
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_role("link", name="Open the SOS list")).to_be_visible()


def test_every_page_the_list_links_to_opens_offline_after_one_visit(phone, site_url, directory):
    context = phone()
    page = open_and_save(context, site_url + "/sos/")
    linked = page.evaluate("""() => [...new Set([...document.querySelectorAll('a[href]')]
        .map(a => new URL(a.href)).filter(u => u.origin === location.origin && u.pathname.endsWith('/')
        && u.pathname !== location.pathname).map(u => u.pathname))]""")
    assert "/" in linked and {f"/{s.url}" for s in directory.sos()} <= set(linked), linked
    for path in linked:
        wait_until_saved(page, path)
    context.set_offline(True)
    for path in linked:
        page.goto(site_url + path)
        expect(page.locator("#eh-offline")).to_be_visible()  # says it is a saved copy, and when it was saved
        expect(page.get_by_role("heading", name="You are offline")).to_have_count(0)


def test_worker_never_saves_or_answers_for_another_site(phone, site_url):
    context = phone(bypass_csp=True)  # the site's CSP would stop the page itself from asking another origin
    page = open_and_save(context, site_url + "/sos/")
    other_origin = site_url.replace("127.0.0.1", "localhost")  # same server, another origin
    answered = []
    context.on("response", lambda r: answered.append(r) if r.url.startswith(other_origin) else None)
    page.evaluate("url => fetch(url, {mode: 'no-cors'}).then(() => true)", other_origin + "/assets/sos.js")
    assert answered and not any(r.from_service_worker for r in answered)
    keys = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        return urls;
    }""")
    assert keys and all(url.startswith(site_url + "/") for url in keys), keys


# --- a new build ---------------------------------------------------------------------------------------------

class _SwitchableHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        self.directory = str(self.server.root)  # read on every request, so the test can deploy a new build
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def two_builds(tmp_path):
    """The fixture data built twice, the second time with a changed summary: two deployments of the site."""
    data = fixture_data()
    sites = []
    for n, summary in enumerate(("The first summary.", "The second summary.")):
        data["services"][1]["summary"] = summary
        services = write_services(tmp_path / f"services-{n}.yaml", data)
        result = build(fixture_project(tmp_path / f"project-{n}"), services, tmp_path / f"site-{n}")
        assert result.returncode == 0, result.stderr
        sites.append(tmp_path / f"site-{n}")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SwitchableHandler, directory="."))
    server.daemon_threads = True
    server.root = sites[0]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}", sites
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def worker_cache_name(site: Path) -> str:
    return re.search(r'"cache": "([^"]+)"', (site / "sw.js").read_text()).group(1)


def worker_state(page) -> dict:
    """What the browser holds, for a failure message: the caches and each worker's state."""
    return page.evaluate("""async () => {
        const r = await navigator.serviceWorker.getRegistration();
        const w = (worker) => worker && worker.state;
        return {caches: await caches.keys(), active: w(r.active), waiting: w(r.waiting), installing: w(r.installing)};
    }""")


def test_a_new_build_replaces_the_old_cache(phone, two_builds):
    server, base, (first, second) = two_builds
    old, new = worker_cache_name(first), worker_cache_name(second)
    assert old != new  # different content, different cache
    context = phone()
    page = open_and_save(context, base + "/sos/")
    assert cache_names(page) == [old]

    server.root = second  # deploy the new build
    replaced = "name => caches.keys().then(k => k.length === 1 && k[0] === name)"
    # Each visit with signal checks sw.js (the page asks too: sos.js). An install that fails on a loaded machine
    # is retried on the officer's next visit, so the test allows three visits, not one lucky one.
    for _visit in range(3):
        page.reload()
        try:
            wait_until(page, replaced, new, timeout_s=20)
            break
        except AssertionError:
            continue
    assert page.evaluate(replaced, new), f"after three visits: {worker_state(page)}"
    context.set_offline(True)
    page.reload()
    expect(page.locator("#eh-offline")).to_be_visible()
    expect(page.locator('.sos-services [data-id="icrt"] .sos-for')).to_have_text("The second summary.")


# --- budget and install --------------------------------------------------------------------------------------

def test_page_and_everything_it_loads_stay_within_the_budget(phone, site_url):
    context = phone()
    page = context.new_page()
    loaded = []
    page.on("response", lambda r: loaded.append(r))  # the page's own requests: document, script, icon, ...
    worker = []
    context.on("response", lambda r: worker.append(r) if r.url == site_url + "/sw.js" else None)
    page.goto(site_url + "/sos/", wait_until="load")
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    responses = loaded + worker[:1]
    sizes = {r.url.removeprefix(site_url): len(gzip.compress(r.body())) for r in responses}
    assert "/sos/" in sizes and "/assets/sos.js" in sizes and "/sw.js" in sizes, sizes
    assert all(url.startswith("/") for url in sizes), "the page loaded something from another site"
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_list_installs_as_an_app(browser_type, browser_type_launch_args, playwright, site_url, tmp_path):
    device = {k: v for k, v in playwright.devices["Pixel 5"].items() if k != "default_browser_type"}
    # Not incognito: Chromium never offers to install from an incognito (default Playwright) context.
    context = browser_type.launch_persistent_context(tmp_path / "profile", **browser_type_launch_args, **device)
    try:
        page = open_and_save(context, site_url + "/sos/")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == site_url + "/assets/sos.webmanifest" and manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
