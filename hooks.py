"""MkDocs (and ProperDocs) hooks: run the build's two steps around the generator, so `mkdocs build` and each
`mkdocs serve` rebuild use today's data. Nothing here is needed for a safe site: for a generator that runs no
hooks, `python -m earlyhelp generate` before it and `python -m earlyhelp finish SITE` after it do the same."""
from pathlib import Path

from mkdocs.exceptions import Abort

from earlyhelp import InvalidData
from earlyhelp.finish import finish
from earlyhelp.generate import DOCS, THEME, Project, content_of, generate
from earlyhelp.settings import Settings

_serving = [False]


def project_for(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def content_for(config):
    """Validated services, situations and pathways; stops the build, listing every problem, if any."""
    try:
        return content_of(project_for(config))
    except InvalidData as error:
        raise Abort(f"{error}\nFix the file named on each line, then build again. "
                    "The field reference explains each field.") from None


def settings_for(config) -> Settings:
    return Settings.from_values(config.site_url, config.extra)


def on_startup(command, dirty):
    _serving[0] = command == "serve"  # its live-reload script needs a looser policy while previewing


def on_config(config):
    if not config.use_directory_urls:  # every generated link is written as folder/ (records' url)
        raise Abort("mkdocs.yml: use_directory_urls must stay true; the guide's links assume folder/ addresses")
    out = project_for(config).out
    docs, theme = (Path(folder or "").resolve() for folder in (config.docs_dir, config.theme.custom_dir))
    if docs != out / DOCS or theme != out / THEME:
        raise Abort(f"mkdocs.yml: docs_dir must be {out / DOCS} and theme.custom_dir {out / THEME}: the pages "
                    "and the immediate-danger banner are generated there")
    content_for(config)  # fails the build, listing every problem, before anything is written
    # Speed only (the same HTML without it): generated bodies skip Markdown's HTML parser. Added here, not in
    # mkdocs.yml, because MkDocs imports configured extensions before the project is on the import path.
    config.markdown_extensions.append("earlyhelp.markdown_pages")
    return config


def on_pre_build(config):
    try:
        generate(content_for(config), project_for(config), settings_for(config))
    except InvalidData as error:  # a generated page with a broken link, say: stop before anything is written
        raise Abort(f"{error}\nFix the template or data named on each line, then build again.") from None


def on_post_build(config):
    finish(config.site_dir, project_for(config), serving=_serving[0])
