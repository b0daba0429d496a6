"""One visit to every built page, shared by the tests that need every page: at phone size in the light scheme,
with service workers allowed (the offline worker's own requests are checked too). Each page is loaded once and
everything those tests check is recorded then: status, tel: links, h1s, article links, the banner, console errors,
the policy's violations, and axe's results."""
from __future__ import annotations

import pytest

from .axe_check import AXE, AXE_OPTIONS, wait_for_scheme

BANNER = "Child in immediate danger"
EVERY_PAGE = ("phone", "light")   # the size and scheme of the sweep, where axe checks every page
CSP_WATCH = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => " \
            "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))"

RECORD_JS = """() => ({
  tel: Array.from(document.querySelectorAll("a[href]"), a => a.getAttribute("href"))
            .filter(href => /^\\s*tel:/i.test(href)),
  h1: Array.from(document.querySelectorAll("h1"))
           .filter(h => h.checkVisibility()).map(h => h.textContent.trim()),
  links: Array.from(document.querySelectorAll("article a[href]"), a => a.href),   // resolved by the browser
  policies: document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]').length,
  violations: window.__csp,
})"""


@pytest.fixture(scope="session")
def sweep(visit_pages, site_pages, viewports):
    """{"pages": {path: record}, "requests": [(page it came from, url)]}; a record holds the page's HTTP status,
    tel: hrefs, visible h1s, article links, banner findings, console errors, Content-Security-Policy meta tags
    and violations (read before axe is injected), and axe's results."""
    requests: list[tuple[str | None, str]] = []
    current: dict[int, str] = {}   # the page each context is on, to say where a request came from

    def prepare(context):
        context.add_init_script(CSP_WATCH)
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
            page.wait_for_load_state("load")
            record = page.evaluate(RECORD_JS)
            banner = page.get_by_role("region", name=BANNER)
            banners = banner.count()
            record.update(
                status=response.status if response else None,
                banners=banners,
                banner_visible=banners == 1 and banner.is_visible(),
                banner_999=banners == 1 and banner.locator('a[href="tel:999"]').first.is_visible(),
            )
        finally:
            page.remove_listener("console", on_console)
            page.remove_listener("pageerror", on_pageerror)
        record["errors"] = errors
        wait_for_scheme(page, EVERY_PAGE[1])
        record["axe"] = AXE.run(page, options=AXE_OPTIONS)
        return record

    size, scheme = EVERY_PAGE
    pages = visit_pages(site_pages, {**viewports[size], "color_scheme": scheme}, visit, prepare=prepare)
    broken = {path: record for path, record in pages.items() if isinstance(record, Exception)}
    assert not broken, "pages that could not be visited:\n" + "\n".join(f"{p}: {e!r}" for p, e in broken.items())
    return {"pages": pages, "requests": requests}
