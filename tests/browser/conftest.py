"""Shared fixtures for the real-browser tests (Debian's Chromium driven by Playwright).

The site is built once per session with ``mkdocs build --strict`` into a temporary folder and served from a
thread on 127.0.0.1, so no separate server has to be started and nothing is fetched from the network.
See /work/shared/testing/BROWSER.md for why Playwright's own browser download is never used.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from earlyhelp import read_directory
from earlyhelp.pages import all_pages
from earlyhelp.read import read

from ..sitebuild import shipped_day
from .moments import WEEKDAY_MORNING

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_INSTALL = "apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Viewports the accessibility and page tests run at. "phone" is Playwright's Pixel 5 descriptor (filled in by
# the ``viewports`` fixture because it needs the ``playwright`` object); "desktop" is a plain 1280x900 window.
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1, "is_mobile": False,
           "has_touch": False}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: runs in a real browser (Chromium at /usr/bin/chromium through Playwright)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, so ``-m "not browser"`` leaves them all out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def require_chromium() -> None:
    """Browser tests never skip silently: without Chromium they fail and say how to install it."""
    if os.path.exists(CHROMIUM):
        return
    where = "on CI" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "locally"
    pytest.fail(
        f"{CHROMIUM} is missing ({where}); the browser tests need Debian's Chromium. "
        f"Install it with: {CHROMIUM_INSTALL}",
        pytrace=False,
    )


# --- the built site ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_dir(shipped_site: Path) -> Path:
    """The shipped site, built once per test run (``mkdocs build --strict``) by tests/conftest.py."""
    return shipped_site


# axe-core, as bundled by axe-playwright-python, is served from this test-only path so that pages load it as a
# <script src>: Chromium then compiles it once (code cache) instead of on every page, as page.evaluate would.
AXE_PATH = "/__axe__/axe.min.js"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == AXE_PATH:
            from axe_playwright_python.base import AXE_FILE_PATH
            return str(AXE_FILE_PATH)
        return super().translate_path(path)

    def end_headers(self) -> None:
        # Like a real host, let the browser keep CSS, JS and images for a while (http.server sends no
        # Cache-Control, so Chromium would revalidate every asset on every page). Pages are never cached.
        if not self.path.split("?", 1)[0].endswith(("/", ".html")):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve the built site on 127.0.0.1 (a free port) from a background thread; yields the base URL."""
    with serving(site_dir) as url:
        yield url


@contextlib.contextmanager
def serving(site_dir: Path):
    """A built site served on 127.0.0.1 (a free port) from a background thread, for as long as the block runs."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """URL path of every built page (including 404.html), e.g. "/", "/services/icrt/", "/404.html"."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel == "index.html":
            pages.append("/")
        elif rel.endswith("/index.html"):
            pages.append("/" + rel[: -len("index.html")])
        else:
            pages.append("/" + rel)
    assert len(pages) > 1 and "/" in pages, f"suspiciously few pages built: {pages}"
    return pages


# --- the browser (overrides of pytest-playwright's fixtures) -----------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, playwright) -> dict:
    return {**browser_context_args, **playwright.devices["Pixel 5"]}   # phone by default


@pytest.fixture(scope="session")
def viewports(playwright) -> dict[str, dict]:
    """Context arguments for each size the site is checked at."""
    return {"phone": dict(playwright.devices["Pixel 5"]), "desktop": dict(DESKTOP)}


# --- waiting on the page ------------------------------------------------------------------------------------

CONDITION_WAIT_S = 30  # generous, for a loaded machine: a wait ends as soon as its condition holds


def wait_until(page, script: str, arg=None, timeout_s: float = CONDITION_WAIT_S) -> None:
    """Wait until a check evaluated in the page is truthy (a promise is awaited first).

    Playwright's wait_for_function compiles its predicate inside the page, which the site's own CSP (no
    'unsafe-eval') refuses at random; page.evaluate runs through the DevTools protocol, which the CSP does not
    govern. The check is polled once per animation frame, so no fixed sleep decides the outcome."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {script} ({arg!r})"
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")


# --- visiting many pages quickly ---------------------------------------------------------------------------

def _workers() -> int:
    """Parallel browsers for whole-site sweeps: one per core (at most 4); EH_BROWSER_WORKERS overrides."""
    return int(os.environ.get("EH_BROWSER_WORKERS") or 0) or max(1, min(4, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def visit_pages(site_url: str, browser_type_launch_args: dict):
    """``visit_pages(paths, context_args, visit, prepare=None) -> {path: result}``.

    Calls ``visit(page, path)`` for every path and returns what it returned, or the exception it raised. The
    paths are shared out among a few threads, each with its own Playwright and Chromium (Playwright objects
    must stay in the thread that made them), and each reusing ONE context and page for all its paths: a whole
    site sweep then costs roughly pages x time-per-page / cores. ``prepare(context)`` runs on each new context
    (routes, listeners). Every context gets ``base_url=site_url``, so visits can use paths such as "/services/".
    """
    from playwright.sync_api import sync_playwright

    def run(paths: list[str], context_args: dict, visit: Callable[[Any, str], Any],
            prepare: Callable[[Any], None] | None = None) -> dict[str, Any]:
        todo: queue.SimpleQueue[str] = queue.SimpleQueue()
        for path in paths:
            todo.put(path)
        results: dict[str, Any] = {}
        crashes: list[BaseException] = []

        def worker() -> None:
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(**browser_type_launch_args)
                    try:
                        context = browser.new_context(base_url=site_url, **context_args)
                        if prepare:
                            prepare(context)
                        page = context.new_page()
                        while True:
                            try:
                                path = todo.get_nowait()
                            except queue.Empty:
                                break
                            try:
                                results[path] = visit(page, path)
                            except Exception as error:  # noqa: BLE001 - reported per page by the caller
                                results[path] = error
                                page.close()            # a fresh tab, so one bad page cannot spoil the next
                                page = context.new_page()
                    finally:
                        browser.close()
            except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread below
                crashes.append(error)

        threads = [threading.Thread(target=worker, name=f"browser-{i}", daemon=True)
                   for i in range(min(_workers(), len(paths)) or 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if crashes:
            raise crashes[0]
        missing = [path for path in paths if path not in results]
        assert not missing, f"pages never visited: {missing}"
        return {path: results[path] for path in paths}

    return run


@pytest.fixture(scope="session")
def directory():
    """The shipped data as the session's site was built from it, on the same day (so with the same bank holidays)."""
    return read_directory(REPO_ROOT / "services.yaml", shipped_day())


def weekday_morning(context):
    context.clock.install(time=WEEKDAY_MORNING)
    return context


# --- which template each built page comes from (one page of each is enough for the costlier checks) ----------

def url_of(src_uri: str) -> str:
    """'services/icrt.md' -> '/services/icrt/', 'services/index.md' -> '/services/' (MkDocs' directory URLs)."""
    stem = src_uri.removesuffix(".md").removesuffix("index").strip("/")
    return f"/{stem}/" if stem else "/"


@pytest.fixture(scope="session")
def templates(site_pages) -> dict[str, str]:
    """The template of every built page: a generated page's own (earlyhelp/pages.py lists them all), else the
    theme's page template for hand-written pages, and the 404 page's."""
    content = read(REPO_ROOT / "services.yaml", REPO_ROOT / "pathways", REPO_ROOT / "docs")
    generated = {url_of(p.src_uri): p.theme_template or p.template
                 for p in all_pages(content.directory, content.pathways, REPO_ROOT / "docs")}
    return {path: "404" if path == "/404.html" else generated.get(path, "page") for path in site_pages}


def one_page_per_template(templates: dict[str, str]) -> list[str]:
    first: dict[str, str] = {}
    for path, template in templates.items():
        first.setdefault(template, path)
    return sorted(first.values())


# The sweep of every page (sweep.py) imports from this file, so it is registered here, last.
from .sweep import sweep  # noqa: E402, F401
