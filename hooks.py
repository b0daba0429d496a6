"""MkDocs hooks: the seam between MkDocs and the earlyhelp package. No logic lives here."""
from html import escape
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from earlyhelp import csp, exports, offline, search, worklist
from earlyhelp.pages import open_questions
from earlyhelp.site import content_for, pages_for, settings_for


def on_startup(command, dirty):
    csp.allow_live_reload(command == "serve")  # the preview's live reload; `mkdocs build` keeps the strict policy


def on_config(config):
    if not config.use_directory_urls:  # every generated link is written as folder/ (records' url)
        raise Abort("mkdocs.yml: use_directory_urls must stay true; the guide's links assume folder/ addresses")
    directory = content_for(config).directory  # fails the build, listing every problem, before anything is written
    config.extra["immediate_risk"] = [
        # The first confirmed number: one marked to_confirm is never the banner's (the validator keeps one).
        {"id": s.id, "name": s.short_name, "phone": s.urgent_phones[0].value, "href": s.urgent_phones[0].href,
         "hours": s.urgent_phones[0].hours}
        for s in directory.immediate_risk
    ]
    return config


def on_files(files, config):
    for src_uri in pages_for(config):
        # Out of the navigation: with every page in it, the build would grow quadratically.
        files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = pages_for(config).get(page.file.src_uri)
    if generated is None:
        return markdown
    # Material prints these into <title> and <meta> unescaped, so they are escaped here.
    page.meta["title"] = escape(generated.title)
    page.meta["description"] = escape(generated.description)
    if generated.theme_template:
        page.meta["template"] = generated.theme_template
    if not generated.searchable:
        page.meta["search"] = {"exclude": True}
    return ""


def on_page_content(html, page, config, files):
    generated = pages_for(config).get(page.file.src_uri)
    settings = settings_for(config)  # "Report a correction" links only once a real repository is set
    repository = settings.repository if settings.repository_ready else ""
    return html if generated is None else generated.html(content_for(config).directory, repository=repository)


def on_post_page(output, page, config):
    return csp.with_policy(output)


def on_post_template(output, template_name, config):
    return csp.with_policy(output) if template_name.endswith(".html") else output  # 404.html


@event_priority(-100)  # after the search plugin has written its index, which this adds the services to
def on_post_build(config):
    search.add_service_entries(config.site_dir, content_for(config).directory)
    exports.write(content_for(config).directory, config.site_dir)  # open data: services.json, .csv, oruk/
    content = content_for(config)
    worklist.write_csv(config.site_dir, open_questions(content.directory, settings_for(config), content.pathways,
                                                       Path(config.docs_dir)))
    # The SOS list's icons, QR code and service worker (sw.js), which pre-caches pages scanned from the built site.
    offline.write_offline_files(config.site_dir, config.site_url or "", content_for(config).directory.today)
