"""Sunderland early help guide: services.yaml in, validated records and generated pages out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .load import load
from .model import Directory, build
from .problems import InvalidData, Problem
from .validate import problems

__all__ = ["Directory", "InvalidData", "Problem", "read_directory"]


def read_directory(path: Path | str, today: dt.date | None = None) -> Directory:
    """Load, validate and model services.yaml; raise InvalidData listing every problem if it is not right."""
    loaded = load(path)
    found = list(problems(loaded, today))
    if found:
        raise InvalidData(found)
    return build(loaded.data, today)
