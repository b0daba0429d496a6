"""Sunderland early help guide: services.yaml in, validated records and generated pages out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .model import Directory
from .problems import InvalidData, Problem
from .read import Content, check, read

__all__ = ["Content", "Directory", "InvalidData", "Problem", "check", "read", "read_directory"]


def read_directory(path: Path | str, today: dt.date | None = None) -> Directory:
    """Only the services (no pathways); raises InvalidData listing every problem if they are not right."""
    return read(path, today=today).directory
