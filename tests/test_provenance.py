"""Honest provenance: what the team read on public pages is never shown as what a service confirmed, a doubtful
number is never an emergency button, unknown ages and areas are said to be unknown, and every open question is on
the confirmation worklist."""
import csv
import html
import io
import re

from earlyhelp import read_directory
from earlyhelp.cli import main
from earlyhelp.load import load_text
from earlyhelp.validate import problems

from .conftest import ROOT, TODAY
from .sitebuild import fixture_data, write_services

DOUBTFUL = "tel:+441915617007"  # the TfC general line the partnership site quotes: sources disagree


def text(page) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_every_service_says_who_checked_it_where_a_reader_meets_it(shipped_site):
    directory = read_directory(ROOT / "services.yaml")
    az = text(shipped_site / "services" / "index.html")
    sos = text(shipped_site / "sos" / "index.html")
    for s in directory.services:
        page = text(shipped_site / "services" / s.id / "index.html")
        said = "Confirmed by the service" if s.confirmed else "Not yet confirmed by the service: compiled from public pages"
        assert said in page, s.id
        assert ("Not yet confirmed" in page) != s.confirmed, s.id
        assert "Last reviewed" not in page and "Checked 27 November" not in page
    assert az.count("Not yet confirmed by the service") == sum(not s.confirmed for s in directory.services)
    assert "Checked 27 November" not in sos and "Details last checked" not in sos
    assert sos.count("Not yet confirmed by the service") >= len(directory.sos())


def test_no_shipped_entry_claims_a_confirmation_nobody_gave():
    # Every entry was compiled from public pages; a service confirming one is recorded as review.confirmed.
    assert not any(s.confirmed for s in read_directory(ROOT / "services.yaml").services)


def test_a_doubtful_number_is_never_an_emergency_button(shipped_site):
    sos = (shipped_site / "sos" / "index.html").read_text(encoding="utf-8")
    urgent = sos[sos.index('<section class="sos-urgent"'):sos.index("</section>")]
    assert DOUBTFUL not in urgent and "Other numbers, still to be confirmed" in urgent
    for page in shipped_site.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        if 'class="eh-urgent"' in markup:
            banner = markup[markup.index('class="eh-urgent"'):]
            assert DOUBTFUL not in banner[:banner.index("</div>")], page


def test_the_validator_rejects_an_urgent_route_with_only_doubtful_numbers(tmp_path):
    data = fixture_data()
    for contact in data["services"][1]["contacts"]:
        contact["to_confirm"] = True
    path = write_services(tmp_path / "doubtful.yaml", data)
    found = [str(p) for p in problems(load_text(path.read_text(), "services.yaml"), TODAY)]
    assert found == ["services.yaml:3:3: immediate_risk[1]: every phone number of 'icrt' is marked to_confirm; "
                     "expected a service with at least one confirmed phone number (no 'to_confirm: true')"], found


def test_unknown_ages_and_areas_are_said_to_be_unknown(shipped_site):
    directory = read_directory(ROOT / "services.yaml")
    unstated = [s for s in directory.services if s.ages_from is None]
    assert {"link-school", "divert", "play-therapy"} <= {s.id for s in unstated}  # no source gives their ages
    assert directory.by_id["community-camhs"].ages_from == 0  # the NHS page says 0-18
    for s in unstated:
        assert "ages not stated in the sources" in text(shipped_site / "services" / s.id / "index.html"), s.id
    hubs = text(shipped_site / "services" / "community-hubs" / "index.html")
    assert "Areas Not stated in the sources" in hubs


def test_ages_come_as_a_pair_or_not_at_all():
    data = fixture_data()
    data["services"][1]["ages"] = {"from": 3}
    found = [p.detail for p in problems(load_text(write_services_text(data), "services.yaml"), TODAY)]
    assert found == ["icrt → ages.from: 'from' is given without 'to'; expected both 'from' and 'to', or neither"], found


def write_services_text(data) -> str:
    import yaml
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_every_page_says_it_is_a_draft_until_adopted(shipped_site):
    pages = list(shipped_site.rglob("*.html"))
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        if "<article" in markup or "sos-foot" in markup:
            assert "<strong>Draft.</strong> Compiled from public pages; not yet confirmed or adopted by the" in markup, page
    home = text(shipped_site / "index.html")
    assert "© Sunderland Safeguarding" not in home and "Copyright" not in home


def worklist_rows(site) -> list[dict]:
    raw = (site / "confirmation-worklist.csv").read_text(encoding="utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(raw)))


def test_the_worklist_lists_every_open_question_on_a_page_and_in_a_spreadsheet(shipped_site, capsys):
    rows = worklist_rows(shipped_site)
    page = text(shipped_site / "confirmation-worklist" / "index.html")
    assert f"{len(rows)} questions, grouped by who can answer" in page
    directory = read_directory(ROOT / "services.yaml")
    asked = {(r["subject"], r["question"]) for r in rows}
    for s in directory.services:
        assert any(subject == s.name and q.startswith("Are all the details") for subject, q in asked), s.id
    assert any("0191 561 7007" in q for _, q in asked)  # the number sources disagree on
    assert any(subject == "Site setting: extra.adopted_by" for subject, _ in asked)
    assert any(subject == "The rule in rules/school-escalation-stages.md" for subject, _ in asked)
    assert any(subject == "Opening times: icrt-hours" and "5.15pm" in q for subject, q in asked)  # sources disagree
    for r in rows:
        assert r["question"] in page and r["answer"] == ""
    assert main(["check", str(ROOT / "services.yaml"), "--pathways", str(ROOT / "pathways"),
                 "--docs", str(ROOT / "docs"), "--today", TODAY.isoformat()]) == 0
    assert f"{len(rows)} open questions on the confirmation worklist." in capsys.readouterr().out


def test_the_worklist_shrinks_as_questions_are_answered(tmp_path):
    from earlyhelp.settings import Settings
    from earlyhelp.worklist import questions
    data = fixture_data()
    before = questions(read_directory(write_services(tmp_path / "a.yaml", data), TODAY), Settings())
    night = next(e for e in data["services"] if e["id"] == "emergency-duty-team")
    night["review"]["confirmed"] = {"on": "2026-01-05", "by": "Emergency duty team manager"}
    after = questions(read_directory(write_services(tmp_path / "b.yaml", data), TODAY),
                      Settings(site_url="https://example.org/", repository="https://github.com/o/r", adopted_by="X"))
    assert len(before) - len(after) == 4  # one confirmation and three settings
    assert not any(q.subject == night["name"] and q.question.startswith("Are all") for q in after)
