"""Open now, on the phone: at fixed moments (Playwright's clock) and in several time zones, the SOS list, the banner
and a crisis outcome put first the number earlyhelp/numbers.py puts first at that moment, and say what is open.
The expected numbers come from the Python rule, so the page's script and the rule cannot drift apart."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from earlyhelp import numbers, read_directory

from .conftest import REPO_ROOT

pytestmark = pytest.mark.browser

UTC = ZoneInfo("UTC")
MOMENTS = {  # name: (the moment, the phone's own time zone)
    "tuesday-10am": (dt.datetime(2027, 1, 12, 10, 0, tzinfo=UTC), "Europe/London"),
    "friday-just-after-closing": (dt.datetime(2027, 1, 15, 16, 50, tzinfo=UTC), "Europe/London"),
    "sunday-2am": (dt.datetime(2027, 1, 17, 2, 0, tzinfo=UTC), "Europe/London"),
    "bank-holiday-monday-11am": (dt.datetime(2027, 5, 3, 10, 0, tzinfo=UTC), "Europe/London"),
    "clocks-go-forward-2.30am": (dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "Europe/London"),
    "tuesday-after-the-change-8.45am": (dt.datetime(2027, 3, 30, 7, 45, tzinfo=UTC), "Europe/London"),
    "phone-in-tokyo-tuesday-10am-uk": (dt.datetime(2027, 1, 12, 10, 0, tzinfo=UTC), "Asia/Tokyo"),
    "phone-in-new-york-sunday-2am-uk": (dt.datetime(2027, 1, 17, 2, 0, tzinfo=UTC), "America/New_York"),
}


@pytest.fixture(scope="module")
def directory():
    return read_directory(REPO_ROOT / "services.yaml")


def _open(browser, site_url, path, moment, zone):
    context = browser.new_context(timezone_id=zone, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.install(time=moment)
    page.goto(site_url.rstrip("/") + "/" + path)
    page.wait_for_function("document.querySelector('.eh-num__now:not([hidden])') !== null")
    return context, page


def _first_hrefs(page, selector):
    return page.eval_on_selector_all(selector, "uls => uls.map(ul => ul.querySelector('li a').getAttribute('href'))")


@pytest.mark.parametrize("name", list(MOMENTS))
def test_sos_situations_and_banner_put_the_line_answered_now_first(browser, site_url, directory, name):
    moment, zone = MOMENTS[name]
    context, page = _open(browser, site_url, "sos/", moment, zone)
    try:
        for x in directory.situations:
            first = numbers.ranked(x.officer, directory, moment)[0]
            got = _first_hrefs(page, f"#sit-{x.id} ul.sos-calls[data-live]")[0]
            assert got == first.contact.href, (name, x.id)
            assert first.state(directory, moment) in ("open", "maybe"), (name, x.id)
        pairs = [p for s in directory.immediate_risk for p in numbers.service_pairs(s, directory)]
        urgent = numbers.route(pairs, directory, moment)
        hrefs = page.eval_on_selector_all(".sos-urgent li > a:first-child", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs == [o.contact.href for o in urgent], name
    finally:
        context.close()


@pytest.mark.parametrize("name", ["tuesday-10am", "sunday-2am", "bank-holiday-monday-11am"])
def test_the_banner_on_a_guide_page_orders_its_numbers_the_same_way(browser, site_url, directory, name):
    moment, zone = MOMENTS[name]
    context, page = _open(browser, site_url, "levels/4/", moment, zone)
    try:
        pairs = [p for s in directory.immediate_risk for p in numbers.service_pairs(s, directory)]
        expected = [o.contact.href for o in numbers.route(pairs, directory, moment)]
        assert page.eval_on_selector_all(".eh-urgent li > a:first-child",
                                         "as => as.map(a => a.getAttribute('href'))") == expected
    finally:
        context.close()


def test_closed_and_open_marks_say_when_and_who_instead(browser, site_url):
    context, page = _open(browser, site_url, "sos/", *MOMENTS["sunday-2am"])
    try:
        icrt = page.locator(".sos-urgent li", has=page.locator('a[href="tel:+441915205560"]'))
        assert icrt.locator(".eh-num__now").inner_text() == \
            "Closed now, opens 8.30am Monday: ring Out of hours (EDT)"
        edt = page.locator(".sos-urgent li", has=page.locator('a[href="tel:+441915205552"]'))
        assert edt.locator(".eh-num__now").inner_text() == "Open now"
    finally:
        context.close()
    # Friday between the two published closing times: both lines may be closed, and the day line says who next
    context, page = _open(browser, site_url, "sos/", dt.datetime(2027, 1, 15, 16, 35, tzinfo=UTC), "Europe/London")
    try:
        icrt = page.locator(".sos-urgent li", has=page.locator('a[href="tel:+441915205560"]'))
        assert icrt.locator(".eh-num__now").inner_text() == \
            "May be closed now (the sources disagree): if no answer, ring Out of hours (EDT)"
    finally:
        context.close()


def test_a_crisis_outcome_offers_nhs_111_first_at_night_and_by_day(browser, site_url):
    for name in ("sunday-2am", "tuesday-10am"):
        context, page = _open(browser, site_url, "pathways/which-camhs/2/", *MOMENTS[name])
        try:
            assert _first_hrefs(page, "article ul.eh-calls[data-live]")[0] == "tel:111", name
        finally:
            context.close()


def test_an_overdose_outcome_offers_999_first_not_a_helpline(browser, site_url):
    context, page = _open(browser, site_url, "pathways/which-camhs/1/", *MOMENTS["sunday-2am"])
    try:
        assert _first_hrefs(page, "article ul.eh-calls[data-live]")[0] == "tel:999"
    finally:
        context.close()
