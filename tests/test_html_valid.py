"""The built site is valid HTML by the Nu HTML Checker (vnu-jar from package.json, run with Java): no error on any
page, and none accepted. The finish step (earlyhelp/finish.py) removes the one invalid attribute the theme writes."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from earlyhelp.finish import valid_checkboxes

from .conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Checked in the same run as the site: proof that the checker ran, read the files and reports errors.
CANARY = ('<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body>'
          '<input type="checkbox" autocomplete="off"></body></html>')


@pytest.fixture(scope="session")
def vnu_messages(shipped_site, tmp_path_factory) -> list[dict]:
    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):   # never a skip: the check is part of the suite
        pytest.fail("The Nu HTML Checker needs Java and node_modules: run scripts/setup test "
                    "(apt-get install default-jre-headless; npm ci --ignore-scripts)", pytrace=False)
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html",
                             str(shipped_site), str(canary)], capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr[-2000:]   # 1: errors were found
    return json.loads(result.stderr)["messages"]


def where(message: dict, site) -> str:
    path = message.get("url", "").removeprefix("file:").replace(f"{site}/./", "").replace(f"{site}/", "")
    return f"{path}:{message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()}"


def test_every_page_is_valid_html(vnu_messages, shipped_site):
    pages = len(list(shipped_site.rglob("*.html")))
    assert pages > 50
    errors = [m for m in vnu_messages if m["type"] == "error" and not m.get("url", "").endswith("/canary.html")]
    assert errors == [], f"{len(errors)} Nu HTML Checker errors in {pages} pages:\n" + "\n".join(
        where(m, shipped_site) for m in errors[:40])


def test_the_checker_ran_and_reports_errors(vnu_messages):
    canary = [m["message"] for m in vnu_messages if m.get("url", "").endswith("/canary.html")]
    assert any("autocomplete" in m for m in canary), canary  # what the finish step removes from the site


def test_the_finish_step_drops_autocomplete_from_checkboxes_only():
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="search" autocomplete="off" name="q"><input autocomplete="off" type="checkbox">')
    assert valid_checkboxes(page) == ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
                                      '<input type="search" autocomplete="off" name="q"><input type="checkbox">')
