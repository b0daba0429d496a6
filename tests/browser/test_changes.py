"""The change history on a phone, from a site built with the fixture repository's history (tests/test_changes.py):
the SOS list's mark sits beside the number that moved, a service page says what changed, and the pages with
history pass axe in both colour schemes."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..test_changes import built_from, git, make_history
from .conftest import serving
from .test_accessibility import AXE, AXE_OPTIONS, report, wait_for_scheme

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def history_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("history-site")
    data = make_history(work / "data")
    git(work, "clone", "-q", str(data), str(work / "repo"))
    site, _ = built_from(work / "repo", work)
    with serving(site) as url:
        yield url


def test_the_moved_number_is_marked_beside_it_on_a_phone(browser, browser_context_args, history_url):
    context = browser.new_context(**browser_context_args, service_workers="block")
    try:
        page = context.new_page()
        page.goto(history_url + "/sos/")
        line = page.locator(".sos-urgent li", has=page.locator("a.sos-call", has_text="0191 498 0021"))
        mark = line.locator(".sos-new")
        expect(mark).to_have_text("New number since 29 November 2026")
        expect(mark).to_be_visible()
        number, badge = line.locator("a.sos-call").bounding_box(), mark.bounding_box()
        width = page.viewport_size["width"]
        assert badge["x"] >= 0 and badge["x"] + badge["width"] <= width  # on the screen, not cut off
        assert badge["y"] < number["y"] + number["height"] * 3  # on the number's line or just under it
        # Wherever ICRT's number is a call button (the box, its entry, the two situations), and the food bank's
        assert page.locator(".sos-new").count() == page.locator('a.sos-call[href="tel:+441914980021"]').count() + 1 == 5
        page.goto(history_url + "/services/icrt/")
        flag = page.locator(".eh-flag--changed").first
        expect(flag).to_have_text("Changed on 29 November 2026: Referrals number changed: 0191 498 0011 → "
                                  "0191 498 0021.")
        expect(flag).to_be_in_viewport()  # above the fold, before the contact details
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_history_pass_axe(browser, browser_context_args, history_url, scheme):
    context = browser.new_context(**browser_context_args, color_scheme=scheme, service_workers="block")
    try:
        page = context.new_page()
        failures = []
        for path in ("/changes/", "/services/icrt/", "/sos/"):
            page.goto(history_url + path)
            wait_for_scheme(page, scheme)
            results = AXE.run(page, options=AXE_OPTIONS)
            if results.violations_count:
                failures.append(report(f"{path} ({scheme})", results))
        assert not failures, "\n".join(failures)
    finally:
        context.close()
