"""The validator: a deliberately broken file gets exactly these messages, every one in a single run."""
import re

from earlyhelp.cli import main
from earlyhelp.load import load, load_text
from earlyhelp.schemas import quickly_valid, services_schema, validator
from earlyhelp.validate import problems

from .conftest import FIXTURES, ROOT, TODAY

BROKEN_MESSAGES = [
    "tests/fixtures/broken.yaml:2:29: immediate_risk[1]: 'front-dor' is not the id of a service (did you mean 'front-door'?); expected the id of a service in this file",
    'tests/fixtures/broken.yaml:23:5: front-door → summary: missing required field \'summary\'; expected a \'summary:\' line, e.g. summary: "A bus staffed by several agencies that visits localities after school and in the evening."',
    "tests/fixtures/broken.yaml:26:5: front-door → summry: unknown field 'summry' (did you mean 'summary'?); expected one of: id, name, short_name, organisation, status, summary, description, levels, needs, ages, areas, location, access, how_to_access, consent, contacts, reach_via, waiting_time, languages, cultural_support, sos, review",
    "tests/fixtures/broken.yaml:37:9: front-door → contacts[0].phone: '0191 12' is not valid; expected a UK phone number written as dialled, e.g. '0191 498 0123', or an emergency number such as '999'",
    "tests/fixtures/broken.yaml:40:9: front-door → contacts[1].email: 'frontdoor@@example.org' is not valid; expected an email address such as 'team@example.org'",
    "tests/fixtures/broken.yaml:43:9: front-door → contacts[2].url: 'http://example.org/front-door' is not valid; expected a web address starting 'https://', e.g. 'https://example.org/service'",
    'tests/fixtures/broken.yaml:45:9: front-door → contacts[3]: this contact has phone and email; expected exactly one of phone, email or url per contact (add another contact for the next)',
    "tests/fixtures/broken.yaml:49:5: front-door → sos: 'no' is text, not true/false (older YAML reads it as a yes/no); expected true or false, in lower case",
    'tests/fixtures/broken.yaml:52:5: emergency → consent: missing required field \'consent\'; expected a \'consent:\' line, e.g. consent: "Early help needs the informed consent of whoever has parental responsibility."',
    "tests/fixtures/broken.yaml:52:5: emergency → id: the id 'emergency' is already used (line 4); expected a different id for each service",
    "tests/fixtures/broken.yaml:54:5: emergency → name (again): 'name' appears twice (first on line 53); expected each field once (YAML would silently keep only the last)",
    'tests/fixtures/broken.yaml:58:14: emergency → levels[0]: 5 is not an allowed value; expected one of: 1, 2, 3, 4',
    "tests/fixtures/broken.yaml:59:13: emergency → needs[0]: 'mental-helth' is not an allowed value (did you mean 'mental-health'?); expected one of: safeguarding, early-help-advice, mental-health, mental-health-crisis, domestic-abuse, exploitation-missing, offending, parenting, education, send-neurodiversity, poverty-housing, pregnancy-early-years, no-recourse-public-funds, young-people-activities, child-voice, substance-misuse, special-educational-needs",
    "tests/fixtures/broken.yaml:60:5: emergency → ages: ages go from 18 to 11; expected 'from' no greater than 'to'",
    "tests/fixtures/broken.yaml:61:5: emergency → areas: 'citywide' is listed with single areas; expected either citywide alone, or the areas",
    "tests/fixtures/broken.yaml:65:5: emergency → reach_via: 'nowhere' is not the id of another service; expected the id of a service in this file, e.g. 'icrt'",
    "tests/fixtures/broken.yaml:67:32: emergency → review.source_checked: '2026-13-01' is not valid; expected a date written YYYY-MM-DD, e.g. '2026-11-27'",
    "tests/fixtures/broken.yaml:69:5: Bad_Id → id: 'Bad_Id' is not in the right form; expected a short id of lower-case letters, digits and single hyphens, e.g. 'wear-here-4-you'",
    "tests/fixtures/broken.yaml:70:5: Bad_Id → name: '<script>alert(1)</script>' is not in the right form; expected plain text without <, >, { or } (no HTML or template code)",
    'tests/fixtures/broken.yaml:71:5: Bad_Id → organisation: 42 is a number, not text; expected text: put the value in quotes',
    "tests/fixtures/broken.yaml:73:5: Bad_Id → description: the link 'javascript:alert(1' is not a full https: address; expected links starting https:, mailto: or tel:",
    "tests/fixtures/broken.yaml:74:5: Bad_Id → levels: 2 is a number; expected a list (lines starting '- ', or [a, b])",
    "tests/fixtures/broken.yaml:81:5: Bad_Id → contacts: no contact details and no 'reach_via'; expected a team contact with its source, or 'reach_via: icrt' so the page says how to reach it",
    "tests/fixtures/broken.yaml:83:32: Bad_Id → review.source_checked: '2099-01-01' is in the future; expected the date of the check, on or before 2026-12-06",
]


def messages(path):
    return [str(p) for p in sorted(problems(load(path), TODAY))]


def test_broken_fixture_gets_exactly_these_messages(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert messages("tests/fixtures/broken.yaml") == BROKEN_MESSAGES


def test_valid_fixture_and_shipped_file_have_no_problems():
    assert messages(FIXTURES / "valid.yaml") == []
    assert messages(ROOT / "services.yaml") == []


def test_check_command_prints_every_problem_and_exits_1(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "tests/fixtures/broken.yaml", "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == BROKEN_MESSAGES + [f"{len(BROKEN_MESSAGES)} problems found."]


def test_check_command_github_format_annotates_the_line(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    main(["check", "tests/fixtures/broken.yaml", "--today", TODAY.isoformat(), "--format", "github"])
    out = capsys.readouterr().out
    assert ("::error file=tests/fixtures/broken.yaml,line=37,col=9::front-door → contacts[0].phone: '0191 12' "
            "is not valid;") in out


def test_check_command_passes_shipped_file(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0  # overdue reviews only warn, so this stays true as the shipped data ages
    assert re.search(r"^services.yaml: \d+ services, no problems.$", capsys.readouterr().out, re.M)


def check_text(text):
    return [p.detail for p in sorted(problems(load_text(text, "s.yaml"), TODAY))]


def test_top_level_must_be_the_right_shape():
    assert check_text("- a\n- b\n") == [
        "the top level of the file is a list; expected the fields 'immediate_risk:' and 'services:' at the top level"]
    assert check_text("services: []\nimmediate_risk: []\n") == [
        "services: the list is empty; expected at least 1 item",
        "immediate_risk: the list is empty; expected at least 1 item"]


def test_reserved_ids_and_missing_fields_name_the_entry():
    found = check_text("immediate_risk: [by-need]\nservices:\n  - id: by-need\n")
    assert ("by-need → id: the id 'by-need' would publish this service's page at /services/by-need/, the address of "
            "the Services by need page, and one would replace the other; expected another id, e.g. 'by-need-service'"
            in found)
    assert "by-need → name: missing required field 'name'; expected a 'name:' line, e.g. name: \"Wear Here 4 You bus\"" in found


def test_a_service_whose_page_would_replace_the_a_to_z_is_refused_at_its_line():
    """services/index.md is where the A to Z sits: a service with the id 'index' silently replaced it."""
    found = [str(p) for p in problems(load_text(b"immediate_risk: [icrt]\nservices:\n  - id: index\n", "s.yaml"))]
    assert ("s.yaml:3:5: index → id: the id 'index' would publish this service's page at /services/, the address of "
            "the Services A to Z page, and one would replace the other; expected another id, e.g. 'index-service'"
            in found)


def test_the_fast_validator_agrees_with_jsonschema_on_every_fixture(tmp_path):
    """jsonschema-rs only answers "valid?" first; if it ever said yes where jsonschema says no, a wrong entry
    would pass. Both must agree on the valid files, the broken one, and single-field breakages."""
    root = services_schema()
    cases = [load(FIXTURES / "valid.yaml").data, load(ROOT / "services.yaml").data, load(FIXTURES / "broken.yaml").data]
    for field, value in [("name", "<b>x</b>"), ("levels", [5]), ("ages", {"from": 3}), ("ages", {}),
                         ("contacts", [{"label": "x", "phone": "0191 498 00", "source": "s"}]),
                         ("contacts", [{"label": "x", "email": "not an address", "source": "s"}]),
                         ("contacts", [{"label": "x", "url": "http://example.org", "source": "s"}]),
                         ("review", {"owner": "x", "source_checked": "2026-02-30"}), ("needs", "safeguarding")]:
        data = load(FIXTURES / "valid.yaml").data
        data["services"][2][field] = value
        cases.append(data)
    for data in cases:
        slow = not any(True for _ in validator(root).iter_errors(data))
        assert quickly_valid(root, data) == slow, data.get("services", [None])[:3]
    assert sum(quickly_valid(root, data) for data in cases) == 2  # only the two valid files
