"""The phone's "open now" (earlyhelp/open_now.js) and the build (earlyhelp/hours.py) are one rule written twice:
the script must work offline, in the page. Here the script built from the shipped schedules is run in Node and
asked the state of every schedule every five minutes through Christmas and New Year, the weeks the clocks
change, the Early May bank holiday and a Christmas past the years whose bank holidays the build knows; each
answer must be Python's."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest

from earlyhelp import hours, open_now, read_directory

from .conftest import ROOT, TODAY

UTC = ZoneInfo("UTC")
RUNNER = ROOT / "tests" / "open_now_rule.js"
STEP = dt.timedelta(minutes=5)
SPANS = [  # (first day, days), in UTC
    (dt.date(2026, 12, 21), 17),   # Christmas, Boxing Day, New Year (and the days they are observed on)
    (dt.date(2027, 3, 25), 7),     # the clocks go forward on Sunday 28 March 2027
    (dt.date(2027, 4, 29), 7),     # the Early May bank holiday, Monday 3 May 2027
    (dt.date(2027, 10, 28), 7),    # the clocks go back on Sunday 31 October 2027
    (dt.date(2029, 12, 22), 7),    # past the bank holidays the build knows
]


def moments() -> list[dt.datetime]:
    found = []
    for first, days in SPANS:
        at = dt.datetime.combine(first, dt.time(), UTC)
        while at < dt.datetime.combine(first + dt.timedelta(days=days), dt.time(), UTC):
            found.append(at)
            at += STEP
    return found


def test_the_phones_open_now_gives_the_builds_state_at_every_moment():
    node = shutil.which("node")
    if not node:  # never a skip
        pytest.fail("this test runs open-now.js in Node: run scripts/setup test", pytrace=False)
    directory = read_directory(ROOT / "services.yaml", TODAY)
    asked = moments()
    request = {"script": open_now.script(directory), "moments": [int(m.timestamp() * 1000) for m in asked]}
    run = subprocess.run([node, str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    script = json.loads(run.stdout)
    assert sorted(script) == sorted(directory.schedules)
    differ = [f"{sid} at {m.astimezone(hours.SUNDERLAND):%a %d %b %Y %H:%M %Z}: script {said!r}, build {want!r}"
              for sid, schedule in directory.schedules.items()
              for m, said in zip(asked, script[sid])
              if said != (want := hours.state(schedule, m, directory.calendar))]
    assert not differ, f"{len(differ)} answers differ:\n" + "\n".join(differ[:20])
    seen = {said for answers in script.values() for said in answers}
    assert seen == {"open", "maybe", "closed"}, seen  # every state is met, so the comparison means something
