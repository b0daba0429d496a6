"""Open now, on the phone: at fixed moments (Playwright's clock) and in several time zones, the SOS list, the banner
and a crisis outcome put first the number earlyhelp/numbers.py puts first at that moment, and say what is open.
The expected numbers come from the Python rule, so the page's script and the rule cannot drift apart."""
from __future__ import annotations

import pytest

from earlyhelp import numbers

from . import moments

pytestmark = pytest.mark.browser

MOMENTS = {  # name: (the moment, the phone's own time zone)
    "tuesday-10am": (moments.WEEKDAY_MORNING, "Europe/London"),
    "friday-just-after-closing": (moments.FRIDAY_AFTER_CLOSING, "Europe/London"),
    "sunday-2am": (moments.SUNDAY_2AM, "Europe/London"),
    "bank-holiday-monday-11am": (moments.BANK_HOLIDAY_11AM, "Europe/London"),
    "clocks-go-forward-2.30am": (moments.CLOCKS_FORWARD_2_30AM, "Europe/London"),
    "tuesday-after-the-change-8.45am": (moments.TUESDAY_AFTER_THE_CHANGE_8_45AM, "Europe/London"),
    "phone-in-tokyo-tuesday-10am-uk": (moments.WEEKDAY_MORNING, "Asia/Tokyo"),
    "phone-in-new-york-sunday-2am-uk": (moments.SUNDAY_2AM, "America/New_York"),
}


def test_the_bank_holiday_moment_is_one_the_site_knows(directory):
    assert directory.calendar.holiday(moments.EARLY_MAY_BANK_HOLIDAY) is True


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
        urgent = numbers.route(numbers.immediate_risk_pairs(directory), directory, moment)
        hrefs = page.eval_on_selector_all(".sos-urgent li > a:first-child", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs == [o.contact.href for o in urgent], name
    finally:
        context.close()


@pytest.mark.parametrize("name", ["tuesday-10am", "sunday-2am", "bank-holiday-monday-11am"])
def test_the_banner_on_a_guide_page_orders_its_numbers_the_same_way(browser, site_url, directory, name):
    moment, zone = MOMENTS[name]
    context, page = _open(browser, site_url, "levels/4/", moment, zone)
    try:
        expected = [o.contact.href for o in numbers.route(numbers.immediate_risk_pairs(directory), directory, moment)]
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
    context, page = _open(browser, site_url, "sos/", moments.FRIDAY_BETWEEN_CLOSING_TIMES, "Europe/London")
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
