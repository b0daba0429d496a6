"""Shared fixtures for the real-browser tests (Debian's Chromium driven by Playwright).

The site is built once per session with ``mkdocs build --strict`` into a temporary folder and served from a
thread on 127.0.0.1, so no separate server has to be started and nothing is fetched from the network.
See /work/shared/testing/BROWSER.md for why Playwright's own browser download is never used.
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, strictly (any warning fails the build), into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve the built site on 127.0.0.1 (a free port) from a background thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
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
