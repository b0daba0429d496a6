"""The built site is valid HTML by the Nu HTML Checker (vnu-jar from package.json, run with Java).

Errors the theme alone could fix are accepted only through tests/html_checker_filter.toml, each with its reason."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest

from .conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FILTER = ROOT / "tests" / "html_checker_filter.toml"


def accepted() -> list[dict]:
    return tomllib.loads(FILTER.read_text(encoding="utf-8"))["accepted"]


def matches(entry: dict, message: dict) -> bool:
    return bool(re.search(entry["message"], message["message"]) and re.search(entry["extract"], message["extract"]))


@pytest.fixture(scope="session")
def vnu_messages(shipped_site) -> list[dict]:
    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):   # never a skip: the check is part of the suite
        pytest.fail("The Nu HTML Checker needs Java and node_modules: run scripts/setup test "
                    "(apt-get install default-jre-headless; npm ci --ignore-scripts)", pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html",
                             str(shipped_site)], capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr[-2000:]   # 1: errors were found
    return json.loads(result.stderr)["messages"]


def where(message: dict, site) -> str:
    path = message.get("url", "").removeprefix("file:").replace(f"{site}/./", "").replace(f"{site}/", "")
    return f"{path}:{message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()}"


def test_every_page_is_valid_html(vnu_messages, shipped_site):
    pages = len(list(shipped_site.rglob("*.html")))
    assert pages > 50
    errors = [m for m in vnu_messages if m["type"] == "error" and not any(matches(e, m) for e in accepted())]
    assert errors == [], f"{len(errors)} Nu HTML Checker errors in {pages} pages:\n" + "\n".join(
        where(m, shipped_site) for m in errors[:40])


def test_every_accepted_error_still_occurs_and_says_why(vnu_messages):
    for entry in accepted():
        assert len(entry["reason"].split()) >= 20, f"say why this is accepted: {entry['message']}"
        assert any(matches(entry, m) for m in vnu_messages), (
            f"no longer reported, remove it from {FILTER.name}: {entry['message']}")

