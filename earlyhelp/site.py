"""What the MkDocs seams (hooks.py, macros.py) share: this build's project and its validated content."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort

from .generate import Project, content_of
from .model import Directory
from .problems import InvalidData
from .read import Content
from .settings import Settings


def project_for(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def content_for(config) -> Content:
    """Validated services and pathways; stops the build, listing every problem in both, if any."""
    try:
        return content_of(project_for(config))
    except InvalidData as error:
        raise Abort(f"{error}\nFix the file named on each line, then build again. "
                    "The field reference explains each field.") from None


def directory_for(config) -> Directory:
    return content_for(config).directory


def settings_for(config) -> Settings:
    return Settings.from_values(config.site_url, config.extra)
