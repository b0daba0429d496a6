"""situations.yaml: validated like services.yaml, with exact messages; the shipped file names only sourced numbers."""
import re

from earlyhelp import check, read_directory
from earlyhelp.situations import FILE

from .conftest import FIXTURES, ROOT, TODAY
from .sitebuild import fixture_data, write_services

BROKEN = FIXTURES / "situations-broken"
WHERE = "tests/fixtures/situations-broken/" + FILE
BROKEN_MESSAGES = [  # the schema's messages first; the cross-checks wait until the shape is right
    f"{WHERE}:5:5: helpline → phone: '0191 12' is not valid; expected a UK number as dialled, e.g. "
    "'0191 498 0123', or a short number such as '111'",
    f"{WHERE}:11:5: helpline → hour: unknown field 'hour' (did you mean 'hours'?); expected one of: id, name, who, "
    "phone, hours, note, source, to_confirm",
    f"{WHERE}:21:5: worried → family: missing required field 'family'; expected a 'family:' line, e.g. family: \"Ring the "
    "helpline, free, at any time.\"",
    f"{WHERE}:23:5: worried → words: 'DV' is text; expected a list of words or short phrases, e.g. [DV, domestic, "
    "domestic violence]",
]
CROSS_MESSAGES = [
    f"{WHERE}:7:5: helpline → id: the id 'helpline' is already used (line 3); expected a different id for each",
    f"{WHERE}:16:15: danger-at-home → officer[0]: 'icrtt' is not the id of a service in services.yaml or a line in "
    "this file (did you mean 'icrt'?); expected the id of a service in services.yaml or a line in this file",
    f"{WHERE}:18:20: danger-at-home → family_lines[0]: 'helpine' is not a line in this file (did you mean "
    "'helpline'?); expected the id of an entry under 'lines:'",
    f"{WHERE}:19:16: danger-at-home → services[0]: 'youth-bus' is not on the SOS list; expected a service with "
    "'sos: true' in services.yaml (set it on 'youth-bus', or leave it out)",
]


def test_a_broken_situations_file_gets_exactly_these_messages(monkeypatch):
    monkeypatch.chdir(ROOT)
    content, problems = check("tests/fixtures/situations-broken/services.yaml", today=TODAY)
    assert content is None
    assert [str(p) for p in problems] == BROKEN_MESSAGES


def test_once_the_shape_is_right_ids_are_checked_against_the_services(tmp_path):
    fixed = {"0191 12": "0191 498 0501", "    hour: Any time\n": "", "    words: DV\n": "    words: [DV]\n    family: Ask.\n"}
    text = (BROKEN / FILE).read_text()
    for wrong, right in fixed.items():
        text = text.replace(wrong, right)
    (tmp_path / FILE).write_text(text)
    (tmp_path / "services.yaml").write_text((BROKEN / "services.yaml").read_text())
    _content, problems = check(tmp_path / "services.yaml", today=TODAY)
    assert [str(p).replace(str(tmp_path / FILE), WHERE) for p in problems] == CROSS_MESSAGES


def test_situations_are_optional_and_read_in_order(tmp_path):
    assert [s.id for s in read_directory(FIXTURES / "valid.yaml", TODAY).situations] == ["danger-at-home", "not-urgent"]
    alone = write_services(tmp_path / "services.yaml", fixture_data())  # no situations.yaml beside it
    assert read_directory(alone, TODAY).situations == ()


def test_fixture_situations_use_only_drama_numbers():
    numbers = re.findall(r"phone: \"?([0-9 ]+)", (FIXTURES / FILE).read_text())
    assert numbers and all(re.fullmatch(r"0191 498 0\d{3}", n) for n in numbers), numbers


def test_shipped_situations_follow_the_issue_and_name_only_sourced_numbers():
    directory = read_directory(ROOT / "services.yaml")
    assert [s.id for s in directory.situations] == [
        "domestic-abuse", "child-at-risk-at-home", "child-discloses-abuse", "mental-health-crisis",
        "missing-exploitation", "arrested-custody", "no-food-money-home", "pregnancy-new-baby",
        "no-recourse-public-funds", "worried-not-urgent"]
    sources = "".join((ROOT / "sources" / name).read_text() for name in ("research.md", "inspection-letter.txt"))
    lines = {line.id: line for s in directory.situations for line in s.family_lines}
    assert {"domestic-abuse-helpline", "childline", "nspcc-helpline", "samaritans", "nhs-111-mental-health"} <= set(lines)
    for line in lines.values():
        assert line.phone.value in sources, f"{line.id}: {line.phone.value} is in no source"
        assert line.phone.source and line.phone.for_families
    for situation in directory.situations:
        assert situation.officer and situation.services and situation.do_now
        assert all(s.sos for s in situation.services)
    immediate = directory.by_id["emergency-999"]
    assert [c.value for c in immediate.family_phones] == ["999"]  # the one SOS number sourced as the public's
    assert not any(directory.by_id[i].family_phones for i in ("icrt", "emergency-duty-team", "early-help-advice"))


def test_situation_text_is_data_escaped_on_the_page(tmp_path):
    from earlyhelp import sos
    from earlyhelp.render import render
    text = (FIXTURES / FILE).read_text().replace("title: Danger at home", "title: 'Tea & \"chat\" {{ 7*7 }}'")
    (tmp_path / FILE).write_text(text)
    services = write_services(tmp_path / "services.yaml", fixture_data())
    content, problems = check(services, today=TODAY)
    assert content is None  # braces are refused: nothing from the data is ever read as a template
    assert [p.message for p in problems] == ["'Tea & \"chat\" {{ 7*7 }}' is not in the right form"]
    (tmp_path / FILE).write_text(text.replace(" {{ 7*7 }}", ""))
    directory = read_directory(services, TODAY)
    page = render("sos_list.html", directory=directory, root="../", **sos.page_values(directory, ""))
    assert "<h3 id=\"sit-danger-at-home-h\">Tea &amp; &#34;chat&#34;</h3>" in page
    assert 'data-words="Tea &amp; &#34;chat&#34;|DV|domestic|domestik"' in page


def test_the_worklist_asks_what_the_situations_leave_open():
    from earlyhelp import worklist
    from earlyhelp.settings import Settings
    found = worklist.questions(read_directory(ROOT / "services.yaml"), Settings())
    subjects = {q.subject for q in found if q.url == "sos/"}
    assert "SOS situation: Domestic abuse at home" in subjects and "National line: NSPCC helpline" in subjects
    fixture = worklist.questions(read_directory(FIXTURES / "valid.yaml", TODAY), Settings())
    assert [q.subject for q in fixture if q.url == "sos/"] == ["National line: Doubtful line"]
