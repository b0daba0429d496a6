"""The one reader: services.yaml, situations.yaml beside it and the pathway files → load → validate → model.
No MkDocs import; the build, the check command and the tests all come through here."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import clock
from . import pathways as pathway_files
from . import rules as rule_files
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
    # The project's own data (services.yaml beside mkdocs.yml) must have its situations and pathways; any other
    # services file (a test's, a benchmark's) may go without: the SOS list then shows the services alone.
    expected = Path(services).name == "services.yaml" and (Path(services).parent / "mkdocs.yml").is_file()
    if situations_file.is_file():
        situations, situation_problems = situation_files.check(situations_file, directory)
        found += situation_problems
        if directory is not None and not situation_problems:
            directory = dataclasses.replace(directory, situations=situations)
    elif expected:
        found.append(Problem(str(situations_file), 1, 1, "", "the file is missing", f"{situations_file.name} beside "
                             f"{Path(services).name}: the situations the police SOS list is organised by"))
    chosen: list = []
    if pathways is not None and Path(pathways).is_dir():
        chosen, pathway_problems = pathway_files.read_all(Path(pathways), directory, Path(docs) if docs else None)
        found += pathway_problems
    elif pathways is not None and expected:
        found.append(Problem(str(pathways), 1, 1, "", "the folder of decision pathways is missing",
                             "a folder holding one '.yaml' file for each pathway (restore it from git)"))
    found += rule_files.problems()  # a rule file that cannot be shown: reported, not a traceback mid-build
    if directory is not None:
        found += rule_files.hours_problems(directory.schedules)
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
