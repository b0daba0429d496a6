"""What the MkDocs seams share: this build's validated content and its generated pages."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import Abort

from . import pathways as pathway_files
from .load import load
from .model import Directory, build
from .pages import GeneratedPage, all_pages
from .problems import InvalidData
from .validate import problems

SERVICES_ENV = "EARLYHELP_SERVICES"  # lets tests and benchmarks build from another data file
PATHWAYS_ENV = "EARLYHELP_PATHWAYS"


@dataclass(frozen=True, eq=False)
class Content:
    directory: Directory
    pathways: tuple
    docs_dir: Path

    @property
    def pages(self) -> dict[str, GeneratedPage]:
        return _pages(self)


def services_path(config) -> Path:
    configured = os.environ.get(SERVICES_ENV)
    return Path(configured) if configured else Path(config.config_file_path).parent / "services.yaml"


def pathways_dir(config) -> Path:
    configured = os.environ.get(PATHWAYS_ENV)
    return Path(configured) if configured else Path(config.config_file_path).parent / "pathways"


_this_build: list = [None, None]  # [config, content]: pages of one build need not re-stat the inputs each time


def content_for(config) -> Content:
    """Validated services and pathways; stops the build, listing every problem in both, if any."""
    if _this_build[0] is config:  # identity, not id(): `mkdocs serve` makes a new config for each rebuild
        return _this_build[1]
    services, folder = services_path(config), pathways_dir(config)
    inputs = [services, *sorted(folder.glob("*.yaml"))]
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p), 0, 0) for p in inputs)
    _this_build[:] = [config, _read(stamp, str(services), str(folder), config.docs_dir)]
    return _this_build[1]


def directory_for(config) -> Directory:
    return content_for(config).directory


@lru_cache(maxsize=2)
def _read(_stamp: tuple, services: str, folder: str, docs_dir: str) -> Content:  # re-read when any file changes
    loaded = load(services)
    found = list(problems(loaded))
    directory = build(loaded.data) if not found else None
    pathways, pathway_problems = pathway_files.read_all(Path(folder), directory, Path(docs_dir))
    found += pathway_problems
    if found:
        raise Abort(f"{InvalidData(found)}\nFix the file named on each line, then build again. "
                    "The field reference explains each field.") from None
    return Content(directory, tuple(pathways), Path(docs_dir))


@lru_cache(maxsize=2)
def _pages(content: Content) -> dict[str, GeneratedPage]:
    return {page.src_uri: page
            for page in all_pages(content.directory, content.pathways, content.docs_dir)}
