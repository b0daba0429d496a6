"""MkDocs hooks: the seam between MkDocs and the earlyhelp package. No logic lives here."""
from html import escape

from mkdocs.structure.files import File, InclusionLevel

from earlyhelp.site import directory_for, generated_pages


def on_config(config):
    directory = directory_for(config)  # fails the build, listing every problem, before anything is written
    config.extra["immediate_risk"] = [
        {"id": s.id, "name": s.name, "phone": s.phones[0].value, "href": s.phones[0].href, "hours": s.phones[0].hours}
        for s in directory.immediate_risk
    ]
    return config


def on_files(files, config):
    for src_uri in generated_pages(directory_for(config)):
        # Out of the navigation: with every page in it, the build would grow quadratically.
        files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = generated_pages(directory_for(config)).get(page.file.src_uri)
    if generated is None:
        return markdown
    # Material prints these into <title> and <meta> unescaped, so they are escaped here.
    page.meta["title"] = escape(generated.title)
    page.meta["description"] = escape(generated.description)
    if generated.theme_template:
        page.meta["template"] = generated.theme_template
    return ""


def on_page_content(html, page, config, files):
    directory = directory_for(config)
    generated = generated_pages(directory).get(page.file.src_uri)
    return html if generated is None else generated.html(directory)
