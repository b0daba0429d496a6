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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The site built once from the synthetic fixture data; tests only read it."""
    work = tmp_path_factory.mktemp("fixture")
    result = build(fixture_project(work / "project"), FIXTURES / "valid.yaml", work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The site built once from the shipped services.yaml and pathways; tests only read it."""
    work = tmp_path_factory.mktemp("shipped")
    result = build(copy_project(work / "project"), ROOT / "services.yaml", work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"
