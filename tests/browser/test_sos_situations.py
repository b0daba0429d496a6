"""The SOS list by situation, on a 390x844 phone: officers' words find the right situation, each number is a
tel: link that never wraps, the family's text holds only numbers a family can ring, and the page prints on one
A4 sheet."""
from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader


from .conftest import weekday_morning

pytestmark = pytest.mark.browser

SCREEN = {"width": 390, "height": 844}
# What officers type, and the situation that must come first. Abbreviations, slang, everyday phrases and
# misspellings: some are words in situations.yaml, the rest are found by the page's tolerance of slips and forms.
PHRASES = [
    ("DV", "domestic-abuse"), ("domestic", "domestic-abuse"), ("dv incident kids present", "domestic-abuse"),
    ("domestic violence", "domestic-abuse"), ("coercive control", "domestic-abuse"),
    ("mum hit by partner", "domestic-abuse"), ("domestik", "domestic-abuse"), ("domestc abuse", "domestic-abuse"),
    ("self-harm", "mental-health-crisis"), ("self harm", "mental-health-crisis"),
    ("suicidal teenager", "mental-health-crisis"), ("dad threatening suicide", "mental-health-crisis"),
    ("suicidle", "mental-health-crisis"), ("overdose", "mental-health-crisis"), ("Mental Health", "mental-health-crisis"),
    ("missing from home", "missing-exploitation"), ("misper", "missing-exploitation"),
    ("county lines", "missing-exploitation"), ("CSE", "missing-exploitation"), ("found with drugs", "missing-exploitation"),
    ("grooming", "missing-exploitation"), ("exploitaion", "missing-exploitation"),
    ("neglect", "child-at-risk-at-home"), ("messy house", "child-at-risk-at-home"),
    ("kids left home alone", "child-at-risk-at-home"), ("drunk mum with a baby", "child-at-risk-at-home"),
    ("three children alone at 1am", "child-at-risk-at-home"), ("bruises on a toddler", "child-at-risk-at-home"),
    ("child disclosed sexual abuse", "child-discloses-abuse"), ("sexual abuse", "child-discloses-abuse"),
    ("FGM", "child-discloses-abuse"), ("sexting", "child-discloses-abuse"),
    ("radicalisation", "missing-exploitation"), ("carrying a knife", "missing-exploitation"),
    ("took tablets", "mental-health-crisis"), ("cutting herself", "mental-health-crisis"),
    ("dad hit the kids", "child-at-risk-at-home"), ("smacked", "child-at-risk-at-home"), ("16 year old kicked out", "no-food-money-home"),
    ("arrested", "arrested-custody"), ("in custody", "arrested-custody"),
    ("lad arrested for shoplifting", "arrested-custody"),
    ("no food", "no-food-money-home"), ("food bank", "no-food-money-home"), ("homeless", "no-food-money-home"),
    ("homless", "no-food-money-home"), ("no electric on the meter", "no-food-money-home"),
    ("evicted", "no-food-money-home"),
    ("pregnant", "pregnancy-new-baby"), ("newborn baby", "pregnancy-new-baby"),
    ("no recourse", "no-recourse-public-funds"), ("NRPF", "no-recourse-public-funds"),
    ("asylum seeker family", "no-recourse-public-funds"),
    ("early help", "worried-not-urgent"), ("worried about neglect", "child-at-risk-at-home"),
]


@pytest.fixture
def screen(browser):
    contexts = []

    def new(**options):
        context = weekday_morning(browser.new_context(viewport=SCREEN, **options))
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def first_shown(page) -> str:
    return page.evaluate("""() => { const e = document.querySelector('.sos-sit:not([hidden]), .sos-item:not([hidden])');
                                   return e ? e.id : ''; }""")


def shown(page, selector) -> list[str]:
    return page.eval_on_selector_all(selector + ":not([hidden])", "els => els.map(e => e.id)")


def test_officers_words_find_the_right_situation_first(screen, site_url, directory):
    assert len(PHRASES) >= 30 and {s for _p, s in PHRASES} == {x.id for x in directory.situations}
    page = screen()
    page.goto(site_url + "/sos/")
    box = page.get_by_label("Search: what is happening, a service or an area")
    wrong = []
    for phrase, expected in PHRASES:
        box.fill("")
        box.press_sequentially(phrase, delay=5)
        if first_shown(page) != f"sit-{expected}":
            wrong.append((phrase, first_shown(page)))
    assert wrong == [], wrong
    # What the situation names comes with it, and the count says how much matched.
    box.fill("county lines")
    situation = next(x for x in directory.situations if x.id == "missing-exploitation")
    assert set(shown(page, ".sos-item")) >= {f"svc-{s.id}" for s in situation.services}
    expect(page.locator("#sos-count")).to_have_text(re.compile(r"^1 situation and \d+ services? match$"))
    expect(page.locator(".sos-urgent")).to_be_visible()  # 999 and the ICRT never search away
    expect(page.locator(".sos-index")).to_be_hidden()


def test_an_area_shows_its_own_and_the_citywide_services(screen, site_url, directory):
    page = screen()
    page.goto(site_url + "/sos/")
    page.get_by_label("Search: what is happening, a service or an area").press_sequentially("Washington", delay=5)
    expected = [f"svc-{s.id}" for s in directory.sos() if {"washington", "citywide"} & set(s.areas)]
    # Washington's own family hub, and what works citywide (locality early help gives no area in its sources)
    assert "svc-emergency-999" in expected and "svc-rainbow-family-hub" in expected
    assert sorted(shown(page, ".sos-item")) == sorted(expected) and shown(page, ".sos-sit") == []
    page.get_by_label("Search: what is happening, a service or an area").fill("DV Washington")
    assert first_shown(page) == "sit-domestic-abuse"
    page.get_by_label("Search: what is happening, a service or an area").fill("ICRT")
    assert first_shown(page) == "svc-icrt"  # a service's own name beats a mention in another's summary
    page.get_by_label("Search: what is happening, a service or an area").fill("zzqx")
    expect(page.locator("#sos-none")).to_be_visible()
    page.get_by_label("Search: what is happening, a service or an area").fill("")
    assert len(shown(page, ".sos-sit")) == len(directory.situations)  # the data's order again
    assert shown(page, ".sos-sit") == [f"sit-{x.id}" for x in directory.situations]


def test_the_page_is_shorter_and_each_service_is_described_once(screen, site_url, directory):
    page = screen()
    page.goto(site_url + "/sos/")
    height = page.evaluate("document.documentElement.scrollHeight")
    # 9,500 px with eight situations; ten now (neglect at home, a child's disclosure), and every number says
    # when it is answered and whether it is open now. Still one service entry each, and one tap to a situation.
    assert height <= 15_000, height
    ids = page.eval_on_selector_all(".sos-item", "els => els.map(e => e.dataset.id)")
    assert ids == [s.id for s in directory.sos()]  # once each
    # One tap from the index to a situation, whose first number is on the screen it lands on.
    page.get_by_role("link", name=directory.situations[-1].title, exact=True).click()
    number = page.locator(f"#sit-{directory.situations[-1].id} a.sos-call").first.bounding_box()
    assert 0 <= number["y"] and number["y"] + number["height"] <= SCREEN["height"]


def test_every_number_is_a_tel_link_that_never_wraps(screen, site_url):
    page = screen()
    page.goto(site_url + "/sos/")
    loose = page.evaluate(r"""() => {
        const found = [], walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        for (let n; (n = walk.nextNode());) {
            if (/\b(0\d{3} ?\d{3} ?\d{3,4}|0\d{3} \d{4}|116 123|111|999)\b/.test(n.textContent)
                && !n.parentElement.closest('a[href^="tel:"]')) found.push(n.textContent.trim());
        }
        return found; }""")
    assert [text for text in loose if re.search(r"\d{3} \d{3}|\b0\d{3} \d{4}\b", text)] == []
    lines = page.eval_on_selector_all("a.sos-call", "els => els.map(e => [e.textContent, e.getClientRects().length,"
                                      " e.getBoundingClientRect().height])")
    assert len(lines) > 20
    assert all(count == 1 and height < 60 for _text, count, height in lines), lines


def test_the_family_text_is_an_sms_link_with_a_copy_button(browser, site_url, directory):
    context = browser.new_context(viewport=SCREEN, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "/sos/")
    situation = page.locator("#sit-domestic-abuse")
    link = situation.locator("a.sos-sms")
    body = unquote(link.get_attribute("href").split("body=", 1)[1])
    assert link.get_attribute("href").startswith("sms:?&body=")
    assert "National Domestic Abuse Helpline (Refuge): 0808 2000 247" in body
    assert "0191 520 5560" not in body  # the professionals' line is the officer's, never the family's
    situation.get_by_role("button", name="Copy").click()
    expect(situation.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == body
    # Where no number for families is sourced, the situation says so and offers no text.
    poor = page.locator("#sit-no-recourse-public-funds")
    expect(poor.locator("a.sos-sms")).to_have_count(0)
    expect(poor).to_contain_text("No number a family can ring is published in the sources.")
    for sms in page.locator("a.sos-sms").all():
        text = unquote(sms.get_attribute("href").split("body=", 1)[1])
        for number in re.findall(r"\d[\d ]{2,}\d", text):
            assert number in {"999", "0808 2000 247", "0800 1111", "0808 800 5000", "116 123", "111"}, text
    context.close()


def test_without_javascript_every_situation_and_text_link_shows(browser, site_url, directory):
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/sos/")
    expect(page.locator(".sos-sit h3")).to_have_text([x.title for x in directory.situations])
    expect(page.locator(".sos-sit")).to_have_count(len(directory.situations))
    # Every situation with a line a family can ring offers the text, except where a text could put someone at
    # risk (a child's disclosure: the person named may read the family's phone)
    offered = [x for x in directory.situations if x.text_offered and any(l.phone.for_a_family_text for l in x.family_lines)]
    assert page.locator(".sos-sit a.sos-sms").count() == len(offered) >= len(directory.situations) - 4
    assert page.locator("#sit-child-discloses-abuse a.sos-sms").count() == 0
    expect(page.locator("button.sos-copy")).to_have_count(0)  # only where a script can copy
    expect(page.locator("#sos-filter")).to_be_hidden()
    context.close()


def test_the_pocket_card_prints_on_one_a4_sheet_with_situations_and_numbers(browser, site_url, directory):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "/sos/")
    page.get_by_label("Search: what is happening, a service or an area").fill("DV")  # a search never hides paper
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 2  # one sheet, both sides
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    for x in directory.situations:
        assert x.title.split(" (")[0][:25] in text, x.title
    for number in ("999", "0191 520 5560", "0191 520 5552", "0191 561 4084", "0808 2000 247", "0800 1111"):
        assert number in text, number
    context.close()
