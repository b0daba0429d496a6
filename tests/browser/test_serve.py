"""The editors' preview: ./scripts/serve rebuilds when services.yaml changes and the open page reloads itself,
with no CSP error (live reload is allowed while serving only; the built site keeps its strict policy)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import REPO_ROOT

SERVE_WAIT_MS = 180_000  # first build plus a rebuild, on a loaded machine; the test moves on the moment it can


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serving(tmp_path: Path):
    """./scripts/serve, unchanged, run in a copy of the project (so editing services.yaml touches no real file)."""
    project = tmp_path / "project"
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    for name in tracked.stdout.splitlines():
        if (REPO_ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, project / name)
    (project / ".venv").symlink_to(REPO_ROOT / ".venv")  # set up already: scripts/setup finds it satisfied
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARLYHELP_")}
    env["ADDRESS"] = f"127.0.0.1:{port}"
    server = subprocess.Popen(["bash", "scripts/serve"], cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_an_edit_to_services_yaml_shows_in_the_open_page(page, serving):
    project, url = serving
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _wait_for_server(page, url)
    page.goto(url + "/services/wear-here-4-you/")
    heading = page.locator("h1")
    expect(heading).to_have_text("Wear Here 4 You bus", timeout=SERVE_WAIT_MS)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "'unsafe-inline'" in policy.split("script-src", 1)[1].split(";")[0]  # the serve-only relaxation
    services = project / "services.yaml"
    text = services.read_text(encoding="utf-8")
    edited, count = re.subn(r"(?m)^    name: Wear Here 4 You bus$", "    name: Wear Here 4 You bus (edited)", text)
    assert count == 1
    services.write_text(edited, encoding="utf-8")
    expect(heading).to_have_text("Wear Here 4 You bus (edited)", timeout=SERVE_WAIT_MS)  # reloaded by itself
    assert violations == []


def _wait_for_server(page, url: str) -> None:
    """Poll until the first build is served (connection refused until then)."""
    for _ in range(SERVE_WAIT_MS // 500):
        try:
            response = page.request.get(url + "/", timeout=5_000)
            if response.ok:
                return
        except Exception:  # noqa: BLE001 - not listening yet
            pass
        page.wait_for_timeout(500)
    pytest.fail(f"./scripts/serve did not serve {url} within {SERVE_WAIT_MS // 1000} s")
