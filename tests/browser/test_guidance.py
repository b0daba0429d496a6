"""Threshold guide and pathways in a real browser: JavaScript off, few taps on a phone, clean printing."""
import io
import re
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PATHWAYS = ["which-camhs", "school-concern", "consent-withheld", "closure-step-down"]


@pytest.fixture
def no_js_page(browser, playwright, site_url):
    context = browser.new_context(**playwright.devices["Pixel 5"], java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("pathway", PATHWAYS)
def test_every_route_walks_to_an_outcome_with_javascript_off(no_js_page, site_url, pathway):
    page, start = no_js_page, f"{site_url}/pathways/{pathway}/"
    pending, outcomes, steps = [start], set(), 0
    while pending:
        url = pending.pop()
        assert page.goto(url).status == 200, url
        answers = page.locator(".eh-answers a")
        if answers.count():
            steps += 1
            exit_link = page.get_by_role("link", name="A child is in immediate danger: what to do now")
            assert exit_link.count() == 1, url
            hrefs = [urljoin(url, answers.nth(i).get_attribute("href")) for i in range(answers.count())]
            assert len(hrefs) >= 2, url
            # Tap the first answer for real, then come back the way a user would.
            answers.first.click()
            assert page.url == hrefs[0]
            if url != start:
                page.get_by_role("link", name="Back", exact=True).click()
                assert page.url == url
            pending += hrefs
        else:
            outcomes.add(page.url)
            assert page.locator("h1").inner_text()
            assert page.get_by_role("heading", name="Who to contact").count() == 1
            assert page.locator(".eh-trail li").count() >= 1, url  # the answers that led here
            assert page.locator('a[href^="tel:"]').count() >= 1, url
            page.get_by_role("link", name="Start again").click()
            assert page.url == start
    assert steps >= 1 and len(outcomes) >= 3


def test_immediate_risk_exit_shows_999(no_js_page, site_url):
    no_js_page.goto(f"{site_url}/pathways/which-camhs/")
    no_js_page.get_by_role("link", name="A child is in immediate danger: what to do now").click()
    content = no_js_page.locator("article")
    assert content.get_by_role("link", name="999").count() >= 1


def tap(page, name):
    """Tap a link in the page's content (the navigation drawer holds links of the same names)."""
    page.locator("article").get_by_role("link", name=name).first.click()


def test_mental_health_worry_to_camhs_route_in_four_taps(no_js_page, site_url):
    page = no_js_page
    page.goto(f"{site_url}/")
    tap(page, "Worried about a child's mental health: community or specialist CAMHS?")
    tap(page, "No, but I am worried about their mental health")
    tap(page, re.compile("^Worries, anxiety, low mood"))  # three taps
    article = page.locator("article").inner_text()
    assert "Community CAMHS is the likely route" in article
    assert "no self-referrals" in article and "Who refers" in article
    assert "39 weeks" in article and "While the child waits" in article
    assert page.locator('article a[href="tel:+441912831656"]').count() >= 1


def test_school_dsl_finds_escalation_route_in_one_tap_and_no_other_areas_timescales(no_js_page, site_url):
    page = no_js_page
    page.goto(f"{site_url}/")
    tap(page, "school escalation card")  # one tap
    article = page.locator("article").inner_text()
    assert "If you disagree with a decision" in article
    # Another area's timescales are a labelled example on the escalation page, never the card's content.
    assert "Sunderland's timescales for each stage are to be confirmed by the partnership" in article
    assert "working days" not in article
    assert "0191 520 5560" in article  # the ICRT, from services.yaml


def test_printing_a_level_page_leaves_navigation_out(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/levels/2/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    context.close()
    assert "Level 2: early help" in text and "Consent" in text
    assert "Child in immediate danger" in text  # the immediate-risk route stays on paper
    for nav_only in ("Field reference", "Open data", "Table of contents", "Search"):
        assert nav_only not in text
