import datetime as dt
import os
from pathlib import Path

import pytest

from earlyhelp.clock import TODAY_ENV

from .sitebuild import PUBLISH_ENV, build, copy_project, fixture_project, published_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The suite's one clock: the package, and every build and check the tests start, read it from the environment,
# so the fixture dates (2026-01-01 recent, 2025-06-30 overdue) mean the same on any real day.
TODAY = dt.date(2026, 12, 6)
os.environ[TODAY_ENV] = TODAY.isoformat()


@pytest.fixture
def fixtures():
    return FIXTURES


def _built_site(tmp_path_factory, name: str, make_project, services: Path) -> Path:
    work = tmp_path_factory.mktemp(name)
    result = build(make_project(work / "project"), services, work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The site built once from the synthetic fixture data; tests only read it."""
    return _built_site(tmp_path_factory, "fixture", fixture_project, FIXTURES / "valid.yaml")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The site built once from the shipped services.yaml and pathways; tests only read it.

    With EARLYHELP_SITE=DIR (CI's test job) it is built into DIR as it is published, on the real date, and CI
    publishes that folder once every test has passed: what goes live is exactly what the tests checked."""
    site = published_site()
    if site is None:
        return _built_site(tmp_path_factory, "shipped", copy_project, ROOT / "services.yaml")
    assert not site.exists() or not any(site.iterdir()), f"{PUBLISH_ENV}={site} must name an empty or new folder"
    result = build(copy_project(tmp_path_factory.mktemp("shipped") / "project"), ROOT / "services.yaml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
