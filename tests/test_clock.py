"""One clock for the build, the check command and the tests."""
import datetime as dt
import types

import pytest

from earlyhelp import clock, read_directory

from .conftest import FIXTURES, TODAY


def test_the_suite_runs_on_its_own_fixed_day():
    assert clock.today() == TODAY
    assert read_directory(FIXTURES / "valid.yaml").today == TODAY


class _SystemClock(dt.date):
    """Stands in for the system's date, so the test knows which day 'the real date' is."""

    @classmethod
    def today(cls):
        return cls(2031, 2, 3)


@pytest.mark.parametrize("setting", [None, "", "   "])
def test_without_the_setting_it_is_the_systems_date(monkeypatch, setting):
    monkeypatch.setattr(clock, "dt", types.SimpleNamespace(date=_SystemClock))
    if setting is None:
        monkeypatch.delenv(clock.TODAY_ENV)
    else:
        monkeypatch.setenv(clock.TODAY_ENV, setting)
    assert clock.today() == dt.date(2031, 2, 3)


def test_the_setting_wins_over_the_systems_date(monkeypatch):
    monkeypatch.setattr(clock, "dt", types.SimpleNamespace(date=_SystemClock))
    monkeypatch.setenv(clock.TODAY_ENV, " 2027-03-04 ")
    assert clock.today() == dt.date(2027, 3, 4)


def test_a_date_that_is_not_a_date_is_refused_with_the_fix(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "27/11/2026")
    with pytest.raises(ValueError, match=r"EARLYHELP_TODAY='27/11/2026' is not a date; expected YYYY-MM-DD"):
        clock.today()


def test_the_fixed_day_moves_review_dates(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2030-01-01")
    directory = read_directory(FIXTURES / "valid.yaml")
    assert directory.today == dt.date(2030, 1, 1)
    assert all(s.review_overdue(directory.today) for s in directory.services)
