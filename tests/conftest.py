import datetime as dt
from pathlib import Path

import pytest

from .sitebuild import build, copy_project, fixture_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 27)


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
    """The site built once from the shipped services.yaml and pathways; tests only read it."""
    return _built_site(tmp_path_factory, "shipped", copy_project, ROOT / "services.yaml")
