"""The one reader: services.yaml, situations.yaml beside it and the pathway files → load → validate → model.
No MkDocs import; the build, the check command and the tests all come through here."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import clock
from . import pathways as pathway_files
from . import situations as situation_files
from .load import Loaded, load
from .model import Directory, build
from .problems import InvalidData, Problem
from .validate import problems, route_problems


@dataclass(frozen=True, eq=False)
class Content:
    directory: Directory
    pathways: tuple  # Pathway records, in order
    loaded: Loaded  # kept for positions: warnings point at a line too


def check(services: Path | str, pathways: Path | str | None = None, docs: Path | str | None = None,
          today: dt.date | None = None) -> tuple[Content | None, list[Problem]]:
    """(content, []) when everything is right, else (None, every problem, sorted). Pathways are checked
    against the services when these are right, and guidance pages named by outcomes against `docs`."""
    today = today or clock.today()
    loaded = load(services)
    found = list(problems(loaded, today))
    directory = None if found else build(loaded.data, today)
    if directory is not None:
        found += route_problems(loaded, directory)
    situations_file = situation_files.path_beside(services)
    if situations_file.is_file():  # optional: without it the SOS list shows the services alone
        situations, situation_problems = situation_files.check(situations_file, directory)
        found += situation_problems
        if directory is not None and not situation_problems:
            directory = dataclasses.replace(directory, situations=situations)
    chosen: list = []
    if pathways is not None and Path(pathways).is_dir():
        chosen, pathway_problems = pathway_files.read_all(Path(pathways), directory, Path(docs) if docs else None)
        found += pathway_problems
    if found:
        return None, sorted(found)
    return Content(directory, tuple(chosen), loaded), []


def read(services: Path | str, pathways: Path | str | None = None, docs: Path | str | None = None,
         today: dt.date | None = None) -> Content:
    """The validated content; raises InvalidData listing every problem if anything is wrong."""
    content, found = check(services, pathways, docs, today)
    if found:
        raise InvalidData(found)
    return content
