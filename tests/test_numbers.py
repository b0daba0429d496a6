"""The one rule for which number to show (earlyhelp/numbers.py) and the opening times it reads (hours.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest

from earlyhelp import hours, numbers, read_directory
from earlyhelp.model import Contact

from .conftest import FIXTURES, ROOT, TODAY

UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh, mm=0, zone=LONDON) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=zone)


@pytest.fixture(scope="module")
def shipped():
    return read_directory(ROOT / "services.yaml", TODAY)


@pytest.fixture(scope="module")
def fixture_dir():
    return read_directory(FIXTURES / "valid.yaml", TODAY)


# --- hours ---------------------------------------------------------------------------------------------------

def test_icrt_hours_from_both_sources_with_the_disputed_window_maybe(shipped):
    icrt, edt = shipped.schedules["icrt-hours"], shipped.schedules["icrt-closed"]
    cal = shipped.calendar
    expect = [  # (moment in Sunderland, ICRT, out of hours)
        (at(2027, 1, 12, 10), "open", "closed"),     # Tuesday morning
        (at(2027, 1, 12, 8, 29), "closed", "open"),  # a minute before opening
        (at(2027, 1, 12, 17, 5), "maybe", "maybe"),   # 5.00pm (TfC) or 5.15pm (NHS): sources disagree
        (at(2027, 1, 12, 17, 15), "closed", "open"),
        (at(2027, 1, 15, 16, 35), "maybe", "maybe"),  # Friday 4.30pm or 4.45pm
        (at(2027, 1, 15, 16, 50), "closed", "open"),  # Friday, after both closing times
        (at(2027, 1, 17, 2), "closed", "open"),       # Sunday night
        (at(2027, 5, 3, 11), "closed", "open"),       # Early May bank holiday, a Monday
        (at(2026, 12, 28, 11), "closed", "open"),     # Boxing Day, observed on the Monday
    ]
    for moment, day, night in expect:
        assert (hours.state(icrt, moment, cal), hours.state(edt, moment, cal)) == (day, night), moment


def test_sunderland_time_not_the_callers_and_the_clocks_changing(shipped):
    icrt, cal = shipped.schedules["icrt-hours"], shipped.calendar
    # 07:45 UTC on the Tuesday after the clocks go forward (Monday is Easter Monday) is 8.45am here: open
    assert hours.state(icrt, dt.datetime(2027, 3, 30, 7, 45, tzinfo=UTC), cal) == "open"
    assert hours.state(icrt, dt.datetime(2027, 3, 29, 7, 45, tzinfo=UTC), cal) == "closed"  # Easter Monday
    # ... and 07:45 UTC a week before it is 7.45am: closed
    assert hours.state(icrt, dt.datetime(2027, 3, 23, 7, 45, tzinfo=UTC), cal) == "closed"
    # 10am in Tokyo on a Tuesday is 1am in Sunderland
    assert hours.state(icrt, dt.datetime(2027, 1, 12, 10, tzinfo=ZoneInfo("Asia/Tokyo")), cal) == "closed"
    with pytest.raises(ValueError):
        hours.state(icrt, dt.datetime(2027, 1, 12, 10), cal)  # a moment without its zone is refused


def test_bank_holidays_come_from_the_library_for_this_year_and_the_next_two(shipped):
    cal = shipped.calendar
    assert (cal.first, cal.last) == (dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    assert {dt.date(2027, 3, 26), dt.date(2027, 3, 29), dt.date(2028, 8, 28)} <= cal.dates
    assert cal.holiday(dt.date(2027, 3, 30)) is False
    # Beyond what the build knows, a weekday may be a bank holiday: an office line "may be closed"
    assert cal.holiday(dt.date(2029, 1, 9)) is None
    assert hours.state(shipped.schedules["icrt-hours"], at(2029, 1, 9, 10), cal) == "maybe"
    assert hours.state(shipped.schedules["icrt-hours"], at(2029, 1, 9, 22), cal) == "closed"


def test_a_source_that_disagrees_on_a_24_hour_line_makes_the_other_hours_maybe(shipped):
    nspcc, cal = shipped.schedules["nspcc-helpline-hours"], shipped.calendar
    assert hours.state(nspcc, at(2027, 1, 12, 12), cal) == "open"   # both sources: open
    assert hours.state(nspcc, at(2027, 1, 12, 23), cal) == "maybe"  # one says 24 hours, the other 8am-10pm
    assert not nspcc.always and shipped.schedules["around-the-clock"].always


# --- the rule: every combination of confirmed or doubtful, and open, maybe, unknown or closed ----------------



def _contact(n: int, doubtful: bool, schedule) -> Contact:
    return Contact(f"Line {n}", "phone", f"0191 498 0{n:03d}", schedule, "Test", doubtful)


def _schedules(directory):
    always = directory.schedules["around-the-clock"]
    never = dataclasses.replace(always, id="never", readings=(hours.Reading("Never", "t", (), hours.BH_CLOSED),))
    maybe = dataclasses.replace(always, id="maybe", readings=(*always.readings, *never.readings))
    return {"open": always, "closed": never, "maybe": maybe, "unknown": None}


def test_every_combination_is_ordered_confirmed_first_then_answered_now(fixture_dir):
    schedules = _schedules(fixture_dir)
    moment = at(2027, 1, 12, 10)
    kinds = list(itertools.product([False, True], ["closed", "unknown", "maybe", "open"]))
    for order in (list(range(len(kinds))), list(reversed(range(len(kinds))))):
        pairs = [(f"owner {i}", _contact(i, kinds[i][0], schedules[kinds[i][1]])) for i in order]
        got = [(o.doubtful, hours.state(o.contact.schedule, moment, fixture_dir.calendar))
               for o in numbers.ranked(pairs, fixture_dir, moment)]
        assert got == [(False, "open"), (False, "maybe"), (False, "unknown"), (False, "closed"),
                       (True, "open"), (True, "maybe"), (True, "unknown"), (True, "closed")]
    # Without a moment (a page read without its script): confirmed first, 24-hour lines first, else as given
    pairs = [(f"owner {i}", _contact(i, kinds[i][0], schedules[kinds[i][1]])) for i in range(len(kinds))]
    static = [(o.doubtful, o.always, o.contact.value) for o in numbers.ranked(pairs, fixture_dir)]
    assert static == [(False, True, "0191 498 0003"), (False, False, "0191 498 0000"),
                      (False, False, "0191 498 0001"), (False, False, "0191 498 0002"),
                      (True, True, "0191 498 0007"), (True, False, "0191 498 0004"),
                      (True, False, "0191 498 0005"), (True, False, "0191 498 0006")]


def test_a_doubtful_number_is_never_a_button_and_an_urgent_route_leaves_it_out(fixture_dir):
    always = fixture_dir.schedules["around-the-clock"]
    pairs = [("a", _contact(1, True, always)), ("b", _contact(2, False, None))]
    offers = numbers.ranked(pairs, fixture_dir)
    assert [(o.contact.value, o.button) for o in offers] == [("0191 498 0002", True), ("0191 498 0001", False)]
    assert [o.contact.value for o in numbers.route(pairs, fixture_dir)] == ["0191 498 0002"]


def test_a_closed_line_names_who_to_ring_instead_from_the_schedules(shipped):
    icrt = numbers.for_service(shipped.by_id["icrt"], shipped)
    main = next(o for o in icrt if o.contact.value == "0191 520 5560")
    assert [(owner, c.value) for owner, c in main.instead] == [("Out of hours (EDT)", "0191 520 5552")]
    edt = numbers.for_service(shipped.by_id["emergency-duty-team"], shipped)
    assert edt[0].instead == ()


# --- what each situation offers first, at any hour ----------------------------------------------------------

def test_every_situation_has_an_answered_first_number_at_every_quarter_hour(shipped):
    start = dt.datetime(2027, 3, 22, tzinfo=LONDON)  # a whole week, the clocks changing on its Sunday
    moments = [start + dt.timedelta(minutes=15 * n) for n in range(7 * 96)] + [at(2027, 5, 3, 10)]
    for x in shipped.situations:
        for moment in moments:
            first = numbers.ranked(x.officer, shipped, moment)[0]
            assert not first.doubtful, (x.id, moment)
            assert first.state(shipped, moment) in ("open", "maybe"), (x.id, moment)
            local = moment.astimezone(LONDON)
            office = local.weekday() < 4 and (8 * 60 + 30) <= local.hour * 60 + local.minute < 17 * 60
            if office and local.date() != dt.date(2027, 5, 3):
                assert first.contact.value != "0191 520 5552", (x.id, moment)  # never out of hours first by day


def test_the_mental_health_situation_and_crisis_outcomes_offer_nhs_111_first(shipped):
    x = next(x for x in shipped.situations if x.id == "mental-health-crisis")
    assert numbers.ranked(x.officer, shipped)[0].contact.value == "111"
    assert numbers.ranked(x.officer, shipped, at(2027, 1, 12, 10))[0].contact.value == "111"


def test_the_check_refuses_a_route_nobody_answers_at_some_hour(tmp_path):
    from earlyhelp.read import check

    text = (ROOT / "situations.yaml").read_text(encoding="utf-8")
    services = tmp_path / "services.yaml"
    services.write_text((ROOT / "services.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "situations.yaml").write_text(
        text.replace("    officer: [icrt, emergency-duty-team]\n    family: A child can ring Childline; a worried",
                     "    officer: [icrt]\n    family: A child can ring Childline; a worried", 1), encoding="utf-8")
    _, found = check(services, today=TODAY)
    messages = [str(p) for p in found]
    assert len(messages) == 1 and re.search(
        r"situations\.yaml:\d+:5: missing-exploitation → officer: nobody answers these numbers on Monday from "
        r"midnight to 8\.30am; expected numbers that between them answer at every hour", messages[0]), messages


# --- every built page ----------------------------------------------------------------------------------------

TEL = re.compile(r'<a\b[^>]*href="tel:([^"]+)"[^>]*>(.*?)</a>', re.S)


def test_no_page_offers_a_doubtful_number_as_a_bare_call_button(shipped_site, shipped):
    doubtful = {c.href.removeprefix("tel:") for s in shipped.services for c in s.phones if c.to_confirm}
    doubtful |= {line.phone.href.removeprefix("tel:") for line in shipped.lines if line.phone.to_confirm}
    assert "+441915617007" in doubtful  # the TfC line the sources disagree on
    seen = 0
    for page in sorted(shipped_site.rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        for number, text in TEL.findall(markup):
            if number in doubtful:
                seen += 1
                assert "to be confirmed" in re.sub(r"<[^>]+>", "", text), (page, number, text)
        if 'class="eh-urgent"' in markup:
            banner = markup[markup.index('class="eh-urgent"'):markup.index("</section>", markup.index('class="eh-urgent"'))]
            assert not any(number in doubtful for number, _ in TEL.findall(banner)), page
    assert seen > 0  # the check above had something to check


def test_opening_times_are_written_once_in_the_schedules():
    """The ICRT's and the out-of-hours team's times appear in services.yaml's schedules and nowhere else that an
    editor writes: pages and rules read them from there."""
    times = re.compile(r"\b(8\.30 ?am|5\.00 ?pm|4\.30 ?pm|5\.15 ?pm|4\.45 ?pm|17:00|16:30|17:15|16:45)\b")
    services = (ROOT / "services.yaml").read_text(encoding="utf-8")
    outside = services[:services.index("schedules:")] + services[services.index("\nservices:"):]
    written = {"services.yaml (outside schedules)": outside,
               **{p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
                  for folder in ("docs", "rules", "pathways") for p in sorted((ROOT / folder).rglob("*"))
                  if p.suffix in (".md", ".yaml") and p.name != "editing.md"},  # the editors' guide has examples
               "situations.yaml": (ROOT / "situations.yaml").read_text(encoding="utf-8")}
    found = {name: times.findall(text) for name, text in written.items() if times.findall(text)}
    assert found == {}, found
