"""What the MkDocs seams share: the one validated Directory for this build, and its generated pages."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import Abort

from . import InvalidData, read_directory
from .model import Directory
from .pages import GeneratedPage, all_pages

SERVICES_ENV = "EARLYHELP_SERVICES"  # lets tests and benchmarks build from another data file


def services_path(config) -> Path:
    configured = os.environ.get(SERVICES_ENV)
    return Path(configured) if configured else Path(config.config_file_path).parent / "services.yaml"


def directory_for(config) -> Directory:
    path = services_path(config)
    stat = path.stat() if path.exists() else None
    return _read(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=2)
def _read(path: str, _mtime: int, _size: int) -> Directory:  # keyed by mtime so `mkdocs serve` sees edits
    try:
        return read_directory(path)
    except InvalidData as err:
        raise Abort(f"{err}\nFix services.yaml, then build again. The field reference explains each field.") from None


@lru_cache(maxsize=2)
def generated_pages(directory: Directory) -> dict[str, GeneratedPage]:
    return {page.src_uri: page for page in all_pages(directory)}
