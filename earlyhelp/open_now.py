"""assets/open-now.js: the phone's "open now", written at build time with the schedules and bank holidays in it,
so it works from the cached page with no signal and needs no second request for data."""
from __future__ import annotations

import json
from pathlib import Path

from .hours import table
from .model import Directory

ASSET = "assets/open-now.js"
SOURCE = Path(__file__).with_name("open_now.js")
MARK = "/*TABLE*/null"


def script(directory: Directory) -> str:
    data = json.dumps(table(directory.schedules, directory.calendar), separators=(",", ":"), sort_keys=True)
    return SOURCE.read_text(encoding="utf-8").replace(MARK, data, 1)
