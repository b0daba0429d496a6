"""What the MkDocs seams share: this build's validated content and its generated pages."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import Abort

from .model import Directory
from .pages import GeneratedPage, all_pages
from .problems import InvalidData
from .read import Content, read
from .settings import Settings

SERVICES_ENV = "EARLYHELP_SERVICES"  # lets tests and benchmarks build from another data file
PATHWAYS_ENV = "EARLYHELP_PATHWAYS"


def services_path(config) -> Path:
    configured = os.environ.get(SERVICES_ENV)
    return Path(configured) if configured else Path(config.config_file_path).parent / "services.yaml"


def pathways_dir(config) -> Path:
    configured = os.environ.get(PATHWAYS_ENV)
    return Path(configured) if configured else Path(config.config_file_path).parent / "pathways"


_this_build: list = [None, None]  # [config, content]: read once per build, afresh for each `mkdocs serve` rebuild


def content_for(config) -> Content:
    """Validated services and pathways; stops the build, listing every problem in both, if any."""
    if _this_build[0] is not config:  # identity: `mkdocs serve` makes a new config for each rebuild
        try:
            content = read(services_path(config), pathways_dir(config), config.docs_dir)
        except InvalidData as error:
            raise Abort(f"{error}\nFix the file named on each line, then build again. "
                        "The field reference explains each field.") from None
        _this_build[:] = [config, content]
    return _this_build[1]


def directory_for(config) -> Directory:
    return content_for(config).directory


def settings_for(config) -> Settings:
    return Settings.from_values(config.site_url, config.extra)


def pages_for(config) -> dict[str, GeneratedPage]:
    content = content_for(config)
    return _pages(content, Path(config.docs_dir), settings_for(config))


@lru_cache(maxsize=1)  # keyed on this build's content object, so one rebuild never sees the last one's pages
def _pages(content: Content, docs_dir: Path, settings: Settings) -> dict[str, GeneratedPage]:
    return {page.src_uri: page for page in all_pages(content.directory, content.pathways, docs_dir, settings)}
