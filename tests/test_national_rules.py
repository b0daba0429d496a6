"""National rules (KCSIE allegations, information sharing, self-harm, the SEND route, feedback to a referrer and the
escalation stages) are each written once in rules/ and shown on the pages that need them.

Two kinds of check: the rule files say what the national documents say, citing them; and no built page, outside
a rendered rule block, words the rule differently or contradicts it (an allegation sent to the headteacher with
no exception, sharing made to depend on the family's agreement, "tell the family what you have done" with no
exception, a second copy of the escalation stages).
"""
import re

import pytest

from earlyhelp import read_directory, rules
from earlyhelp.render import rule_html

from .conftest import ROOT
from .test_rules import RULE_BLOCK, page_text, pages_where, rules_shown

# Sentences only a rule may state. Each is a contradiction, or a second wording, of one of the rules.
CONTRADICTIONS = {
    "allegations-about-staff": re.compile(r"\ballegations?\b[^.;]{0,150}\bhead ?teachers?\b", re.I),
    "information-sharing": re.compile(
        r"\bshar\w*\b[^.;]{0,80}\bwith (the )?(family|families|parents?|carers?)(['’]s?)? (agreement|consent)\b"
        r"|\bonly where (that|it) is lawful\b", re.I),
    "telling-parents": re.compile(r"\btell (the )?(family|parents?|carers?) what you have done\b", re.I),
    "school-escalation-stages": re.compile(r"\bStage\s+Who\s+1\b"),
    # A second self-harm route: self-harm sent straight to one CAMHS service, outside the one rule
    "self-harm": re.compile(r"\bself[- ]harm\w*\b[^.;]{0,100}\b(refer|send|goes?|go) (straight )?to (community|specialist) "
                            r"CAMHS\b", re.I),
    # Statutory SEND timescales other than the Code's 6 and 20 weeks
    "send-route": re.compile(r"\b(EHC|education, health and care)\b[^.;]{0,100}\bwithin (?!6 weeks|20 weeks)\d+ weeks\b",
                             re.I),
    # Feedback to a referrer promised on another timescale than one working day
    "referral-feedback": re.compile(r"\breferr\w*\b[^.;]{0,100}\bwithin (?!one\b|1\b)\w+ working days?\b", re.I),
    # Consent or a manager before a 999 call
    "when-to-call-999": re.compile(r"\b(consent|a manager)\b[^.;]{0,40}\bbefore (calling|you call|ringing) 999\b", re.I),
    # Early help without the family's agreement
    "consent-early-help": re.compile(r"\bearly help\b[^.;:—]{0,40}\b(can|may|will) (start|begin|go ahead)\b[^.;:—]{0,30}"
                                     r"\bwithout (the )?(family|parents?)(['’]s?)? (consent|agreement)\b", re.I),
}

NEW_RULES = ["allegations-about-staff", "information-sharing", "self-harm", "send-route", "referral-feedback"]

# Where each rule must be shown (built page paths); a reader deciding there needs the rule itself.
SHOWN_ON = {
    "allegations-about-staff": {"school-escalation-card/index.html", "levels/4/index.html"},
    "information-sharing": {"levels/1/index.html", "pathways/consent-withheld/2-1/index.html"},
    "self-harm": {"childrens-mental-health/index.html", "levels/4/index.html",
                  "pathways/which-camhs/1/index.html", "pathways/which-camhs/3/index.html",
                  "pathways/which-camhs/4-1/index.html", "pathways/which-camhs/4-2/index.html"},
    "send-route": {"pathways/school-concern/1-4/index.html"},
    "referral-feedback": {"referral-checklist/index.html", "levels/4/index.html",
                          "pathways/closure-step-down/2/index.html", "pathways/school-concern/1-1/index.html"},
    "school-escalation-stages": {"escalation/index.html", "school-escalation-card/index.html"},
    "telling-parents": {"pathways/which-camhs/3/index.html"},
}


def flat(rule_id: str) -> str:
    """A rule's Markdown on one line, so a check does not depend on where the file wraps."""
    return " ".join(rules.load(rule_id).body.split())


def contradictions(markup: str) -> dict[str, list[str]]:
    """What a page says, outside its rule blocks, that only a rule may say."""
    text = page_text(RULE_BLOCK.sub(" ", markup))
    found = {rule_id: [m.group(0) for m in pattern.finditer(text)] for rule_id, pattern in CONTRADICTIONS.items()}
    return {rule_id: hits for rule_id, hits in found.items() if hits}


def test_the_check_finds_each_old_wording_and_ignores_the_rules_themselves():
    old = ("<p>An allegation about a member of staff: tell the headteacher and contact the Designated Officer.</p>"
           "<p>Universal services need no referral. Share information with the family's agreement.</p>"
           "<p>Share personal information only where that is lawful.</p>"
           "<p>Then refer to CAMHS, tell the family what you have done, and agree who checks in.</p>"
           "<table><tr><th>Stage</th><th>Who</th></tr><tr><td>1</td><td>You</td></tr></table>"
           "<p>For self-harm, refer to specialist CAMHS.</p>"
           "<p>The council decides on an EHC needs assessment within 16 weeks.</p>"
           "<p>The referrer hears about the referral within five working days.</p>"
           "<p>Get consent before calling 999.</p>"
           "<p>Early help can start without the family's agreement.</p>")
    assert set(contradictions(old)) == set(CONTRADICTIONS)
    schedules = read_directory(ROOT / "services.yaml").schedules
    for rule_id in rules.ids():
        assert contradictions(str(rule_html(rule_id, schedules=schedules))) == {}, rule_id


def test_the_allegations_rule_names_the_chair_of_governors_and_all_four_tests():
    body = rules.load("allegations-about-staff").body
    tests = re.findall(r"^\d\. (.+?)(?=^\d\. |^$)", body, re.M | re.S)
    body = " ".join(body.split())
    assert "Keeping children safe in education 2025" in body and "1 September 2025" in body
    assert "Part four" in body and "Part one" in body
    assert "never goes to the headteacher" in body and "chair of governors" in body and "proprietor" in body
    assert len(tests) == 4
    tests = [" ".join(t.split()) for t in tests]
    assert "harmed a child, or may have harmed a child" in tests[0]
    assert "criminal offence" in tests[1]
    assert "risk of harm to children" in tests[2]
    assert "not be suitable to work with children" in tests[3]
    assert "to be confirmed by the partnership" in body


def test_the_information_sharing_rule_gives_the_lawful_bases_and_the_meeting_rule():
    body = flat("information-sharing")
    assert "Information sharing: advice for practitioners" in body and "May 2024" in body
    assert "Information Commissioner" in body and "14 September 2023" in body
    assert "not a barrier" in body and "do not need consent" in body
    assert "6(1)(e)" in body and "6(1)(c)" in body and "Schedule 1" in body and "paragraph 18" in body
    assert "Who convenes the meeting in Sunderland is to be confirmed by the partnership" in body
    assert "Tell the family that the meeting will be held" in body and "unless telling them" in body


def test_the_self_harm_rule_gives_the_first_steps_the_urgent_signs_and_one_route():
    body = flat("self-harm")
    assert "NG225" in body and "2022" in body and "1.1" in body and "1.3" in body
    assert "Do not promise to keep it secret" in body and "Check for injuries" in body
    assert "even if the child seems well" in body and "A&E" in body and "999" in body
    assert "**Community CAMHS**" in body and "**Specialist CAMHS (CYPS)**" in body and "**The ICRT**" in body


def test_the_send_rule_gives_the_legal_timescales_and_only_a_recorded_local_offer_address():
    body = flat("send-route")
    assert "January 2015" in body and "6 weeks" in body and "20 weeks" in body and "9.8" in body
    assert "**parent**" in body and "**young person**" in body and "**school**" in body
    assert "SENDIASS" in body
    research = (ROOT / "sources" / "research.md").read_text(encoding="utf-8")
    for url in re.findall(r"\]\((https?://[^)]+)\)", body):
        assert url.split("://", 1)[1] in research, f"{url} is not an address recorded in sources/research.md"


def test_the_referral_feedback_rule_cites_working_together():
    body = flat("referral-feedback")
    assert "one working day" in body.lower() and "Working together to safeguard children 2023" in body
    assert "to be confirmed by the partnership" in body


def test_the_escalation_stages_are_written_in_one_file_only():
    tables = [p.relative_to(ROOT).as_posix() for folder in ("rules", "docs", "pathways")
              for p in sorted((ROOT / folder).rglob("*")) if p.suffix in {".md", ".yaml"}
              and re.search(r"^\|\s*Stage\s*\|\s*Who\s*\|", p.read_text(encoding="utf-8"), re.M)]
    assert tables == ["rules/school-escalation-stages.md"]


@pytest.mark.parametrize("rule_id", NEW_RULES)
def test_each_new_rule_names_its_sources(rule_id):
    assert "*Sources:*" in rules.load(rule_id).body


def test_no_page_contradicts_a_national_rule(shipped_site):
    assert pages_where(shipped_site, contradictions) == {}, "state these with rule('ID') or `rules: [ID]` instead"


def test_each_rule_is_shown_where_readers_decide(shipped_site):
    shown = rules_shown(shipped_site)
    missing = {rule_id: sorted(pages - shown.get(rule_id, set())) for rule_id, pages in SHOWN_ON.items()}
    assert {rule_id: pages for rule_id, pages in missing.items() if pages} == {}
