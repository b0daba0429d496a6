"""What the MkDocs seams (hooks.py, macros.py) share: this build's project and its validated content."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort

from .generate import Project
from .model import Directory
from .problems import InvalidData
from .read import Content, read
from .settings import Settings


def project_for(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


_this_build: list = [None, None]  # [config, content]: read once per build, afresh for each `mkdocs serve` rebuild


def content_for(config) -> Content:
    """Validated services and pathways; stops the build, listing every problem in both, if any."""
    if _this_build[0] is not config:  # identity: `mkdocs serve` makes a new config for each rebuild
        project = project_for(config)
        try:
            content = read(project.services, project.pathways, project.docs)
        except InvalidData as error:
            raise Abort(f"{error}\nFix the file named on each line, then build again. "
                        "The field reference explains each field.") from None
        _this_build[:] = [config, content]
    return _this_build[1]


def directory_for(config) -> Directory:
    return content_for(config).directory


def settings_for(config) -> Settings:
    return Settings.from_values(config.site_url, config.extra)
