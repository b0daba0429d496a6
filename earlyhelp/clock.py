"""The one "today" of a run: the build, the check command and the tests all take it from here.

EARLYHELP_TODAY=YYYY-MM-DD fixes it (tests, reproducible builds, checking how the data will look on a given day);
otherwise it is the real date.
"""
from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "EARLYHELP_TODAY"


def today() -> dt.date:
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"{TODAY_ENV}={fixed!r} is not a date; expected YYYY-MM-DD, e.g. 2026-11-27") from None


def long_date(day: dt.date) -> str:
    """A date as pages and change notes write it: 5 January 2026."""
    return f"{day.day} {day:%B %Y}"
