"""Opening times as data: when a line is answered, in Sunderland's time, on any day including bank holidays.

A schedule is written once in services.yaml (`schedules:`) and named by each contact it applies to. It keeps the
published words and their source, and one *reading* per source: the days and times that source gives. Where
sources disagree, a moment that one calls open and another closed is "maybe" (may be closed). A schedule can be
the other side of another ("when_closed: icrt-hours": open exactly when that one is closed, bank holidays too).

States: open, maybe, closed, and unknown for a contact whose hours no source publishes. No site code here: the
pages, the exports and the phone's script (open_now.js, fed by `table`) all read these records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

SUNDERLAND = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK = 7 * 24 * 60  # minutes
OPEN, MAYBE, CLOSED, UNKNOWN = "open", "maybe", "closed", "unknown"
# Bank holidays: closed all day, open all day, as on that weekday, or not said by the source.
BH_CLOSED, BH_OPEN, BH_AS_USUAL, BH_UNKNOWN = "closed", "open", "as-usual", "not-stated"
BANK_HOLIDAY_YEARS_AHEAD = 2  # written into each build: this year and the next two


@dataclass(frozen=True)
class Reading:
    """One source's account of the hours: open in `windows` (minutes from Monday 00:00, [start, end)), or, when
    `inverted`, open exactly when those windows and bank-holiday rule say closed (an out-of-hours line)."""
    words: str
    source: str
    windows: tuple[tuple[int, int], ...]
    bank_holidays: str  # BH_CLOSED, BH_OPEN, BH_AS_USUAL or BH_UNKNOWN (the source does not say)
    inverted: bool = False

    def is_open(self, week_minute: int, holiday: bool | None) -> bool | None:
        """None: the sources do not settle it (a bank holiday they say nothing of, or a day the build cannot
        tell is a bank holiday)."""
        usual = any(start <= week_minute < end for start, end in self.windows)
        if self.bank_holidays == BH_AS_USUAL or holiday is False:
            answer = usual
        else:
            on_holiday = {BH_OPEN: True, BH_CLOSED: False}.get(self.bank_holidays, None if usual else False)
            answer = on_holiday if holiday is True or usual == on_holiday else None
        return answer if answer is None or not self.inverted else not answer

    @property
    def open_windows(self) -> tuple[tuple[int, int], ...]:
        """The usual week's open windows (bank holidays aside)."""
        return complement(self.windows) if self.inverted else self.windows


@dataclass(frozen=True)
class Schedule:
    id: str
    words: str  # the published words
    source: str
    note: str
    readings: tuple[Reading, ...]  # the first is the source above; the others disagree with it
    covers: str = ""  # the id of the schedule this one is the other side of ("when_closed")

    @property
    def always(self) -> bool:
        """Answered at every hour of every day, by every source."""
        return all(r.open_windows == ((0, WEEK),) and r.bank_holidays in (BH_OPEN, BH_AS_USUAL)
                   for r in self.readings)

    @property
    def disputed(self) -> bool:
        return len(self.readings) > 1

    @property
    def other_readings(self) -> tuple[Reading, ...]:
        """The sources that disagree and word the hours differently: what pages add after the published words."""
        return tuple(r for r in self.readings[1:] if r.words != self.words)


@dataclass(frozen=True)
class BankHolidays:
    """England's bank holidays for the years the build knows; outside them, whether a day is one is unknown."""
    dates: frozenset[dt.date]
    first: dt.date
    last: dt.date

    def holiday(self, day: dt.date) -> bool | None:
        return (day in self.dates) if self.first <= day <= self.last else None


@lru_cache(maxsize=8)
def bank_holidays(from_year: int) -> BankHolidays:
    import holidays  # a well-kept calendar of UK bank holidays, read once per build

    years = range(from_year, from_year + BANK_HOLIDAY_YEARS_AHEAD + 1)
    england = holidays.UK(subdiv="ENG", years=years)
    return BankHolidays(frozenset(england), dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))


def local(moment: dt.datetime) -> dt.datetime:
    """Sunderland's wall-clock time for a moment (an aware datetime, in any zone)."""
    if moment.tzinfo is None:
        raise ValueError("a moment needs its time zone, e.g. datetime(..., tzinfo=ZoneInfo('UTC'))")
    return moment.astimezone(SUNDERLAND)


def state(schedule: Schedule | None, moment: dt.datetime, calendar: BankHolidays) -> str:
    """open, maybe, closed or unknown (no schedule) at this moment."""
    if schedule is None:
        return UNKNOWN
    when = local(moment)
    minute = when.weekday() * 24 * 60 + when.hour * 60 + when.minute
    answers = {r.is_open(minute, calendar.holiday(when.date())) for r in schedule.readings}
    return OPEN if answers == {True} else CLOSED if answers == {False} else MAYBE


def complement(windows: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out, at = [], 0
    for start, end in sorted(windows):
        if start > at:
            out.append((at, start))
        at = max(at, end)
    if at < WEEK:
        out.append((at, WEEK))
    return tuple(out)


def windows_of(rows: list[dict]) -> tuple[tuple[int, int], ...]:
    """services.yaml's `open:` rows ({days, opens, closes}) as week minutes, merged where they touch."""
    spans = sorted((DAYS.index(day) * 1440 + minutes(row["opens"]), DAYS.index(day) * 1440 + minutes(row["closes"]))
                   for row in rows for day in row["days"])
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def clock_words(minute_of_day: int) -> str:
    """8.30am, 5pm, midnight: as the guide writes times."""
    minute_of_day %= 1440
    if minute_of_day == 0:
        return "midnight"
    if minute_of_day == 720:
        return "noon"
    hour, mins = divmod(minute_of_day, 60)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}.{mins:02d}{suffix}" if mins else f"{hour}{suffix}"


def day_spans(windows: tuple[tuple[int, int], ...]) -> list[tuple[int, int, int]]:
    """(day, opens, closes) in minutes of that day, a window past midnight split at each midnight."""
    out = []
    for start, end in windows:
        while start < end:
            day, offset = divmod(start, 1440)
            stop = min(end, (day + 1) * 1440)
            out.append((day, offset, stop - day * 1440))
            start = stop
    return out


def table(schedules: dict[str, Schedule], calendar: BankHolidays) -> dict:
    """What the phone's script needs to work the state out offline, in Sunderland's time: each schedule's
    readings as week windows and bank-holiday rule, and the bank holidays the build knows."""
    code = {BH_CLOSED: "c", BH_OPEN: "o", BH_AS_USUAL: "u", BH_UNKNOWN: "?"}
    return {
        "s": {sid: [[[list(w) for w in r.windows], code[r.bank_holidays], int(r.inverted)] for r in s.readings]
              for sid, s in schedules.items()},
        "bh": sorted(d.isoformat() for d in calendar.dates if calendar.first <= d <= calendar.last),
        "from": calendar.first.isoformat(), "to": calendar.last.isoformat(),
    }


SHORT_DAYS = tuple(day.capitalize() for day in DAYS)  # Mon, Tue, ...


@lru_cache(maxsize=None)  # every page that shows a number asks for the same few schedules' words
def short_words(schedule: Schedule, covered_name: str = "") -> str:
    """The hours in a few words, made from the data itself (so never a second wording to keep in step):
    '24 hours', 'Mon–Thu 8.30am–5pm, Fri 8.30am–4.30pm (sources differ)', 'when the ICRT is closed'."""
    if schedule.always:
        return "24 hours"
    if schedule.covers:
        return f"when the {covered_name} is closed" if covered_name else "when the day line is closed"
    main = schedule.readings[0]
    if main.open_windows == ((0, WEEK),):
        return "24 hours (sources differ)"
    parts = [f"{_day_runs(days)} {clock_words(o)}–{clock_words(c)}" for (o, c), days in same_times(main.open_windows)]
    return ", ".join(parts) + (" (sources differ)" if schedule.disputed else "")


def same_times(windows: tuple[tuple[int, int], ...]) -> list[tuple[tuple[int, int], list[int]]]:
    """((opens, closes), the days open then), one entry per set of times, in the order of their first day: the
    week as a source writes it ("Mon–Thu 8.30am–5pm, Fri 8.30am–4.30pm") and as Open Referral UK lists it."""
    by_times: dict[tuple[int, int], list[int]] = {}
    for day, opens, closes in day_spans(windows):
        by_times.setdefault((opens, closes), []).append(day)
    return sorted(by_times.items(), key=lambda kv: kv[1][0])


def _day_runs(days: list[int]) -> str:
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(SHORT_DAYS[r[0]] + (f"–{SHORT_DAYS[r[-1]]}" if len(r) > 1 else "") for r in runs)
