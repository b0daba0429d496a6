"""The moments the browser tests set the page's clock to. They are worked out from the day the shipped site was
built (the suite's fixed day, or the real day for a site CI publishes), in the year after it, so the bank
holidays the site carries (its build year and the next two) always cover them, whatever day the suite runs."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..sitebuild import shipped_day

UTC = ZoneInfo("UTC")
YEAR = shipped_day().year + 1
MONDAY, TUESDAY, SUNDAY = 0, 1, 6


def _nth(month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(YEAR, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last(month: int, weekday: int) -> dt.date:
    end = dt.date(YEAR + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return end - dt.timedelta(days=(end.weekday() - weekday) % 7)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), UTC)


_TUESDAY = _nth(1, TUESDAY, 2)  # the second Tuesday of January: no bank holiday falls that week
_CLOCKS_FORWARD = _last(3, SUNDAY)  # the UK's clocks go forward at 1am UTC on the last Sunday of March

# Pages put the line answered now first (assets/open-now.js), so a test that reads the order of numbers fixes
# the page's clock: a Tuesday morning, when the ICRT is open. test_open_now.py tries the others. (UTC is
# Sunderland's time in January.)
WEEKDAY_MORNING = _at(_TUESDAY, 10)
FRIDAY_BETWEEN_CLOSING_TIMES = _at(_TUESDAY + dt.timedelta(days=3), 16, 35)  # 4.30pm and 4.45pm disagree
FRIDAY_AFTER_CLOSING = _at(_TUESDAY + dt.timedelta(days=3), 16, 50)
SUNDAY_2AM = _at(_TUESDAY + dt.timedelta(days=5), 2)
EARLY_MAY_BANK_HOLIDAY = _nth(5, MONDAY, 1)
BANK_HOLIDAY_11AM = _at(EARLY_MAY_BANK_HOLIDAY, 10)  # British Summer Time
CLOCKS_FORWARD_2_30AM = _at(_CLOCKS_FORWARD, 1, 30)
TUESDAY_AFTER_THE_CHANGE_8_45AM = _at(_CLOCKS_FORWARD + dt.timedelta(days=2), 7, 45)
