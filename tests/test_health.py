"""Freshness: the Data health page, the check command's overdue warnings, and the correction links."""
import html
import re
import shutil

import pytest

from earlyhelp import read_directory
from earlyhelp.cli import main
from earlyhelp.health import health
from earlyhelp.model import build
from earlyhelp.render import render
from earlyhelp.settings import PLACEHOLDER_REPOSITORY, Settings

from .conftest import FIXTURES, TODAY
from .sitebuild import fixture_data



def test_health_lists_overdue_unconfirmed_unreachable_and_missing():
    found = health(read_directory(FIXTURES / "valid.yaml", TODAY))
    assert [s.id for s in found.overdue] == ["youth-bus"]  # reviewed 2020-01-01
    assert [s.id for s in found.reach_via] == ["youth-bus"]
    assert found.to_confirm == ()
    assert {s.id: fields for s, fields in found.missing}["icrt"] == ("languages", "cultural_support")


def test_retired_services_need_no_review():
    data = fixture_data()
    bus = next(e for e in data["services"] if e["id"] == "youth-bus")
    bus.update(status="retired")
    data["services"][1]["contacts"][0]["to_confirm"] = True
    found = health(build(data, TODAY))
    assert found.overdue == () and found.reach_via == ()
    assert [s.id for s in found.to_confirm] == ["icrt"]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """A folder holding only the fixture, so the check sees no pathway files of the real project."""
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "services.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


WARNING = ("services.yaml:83:32: warning: youth-bus → review.source_checked: last checked on 2020-01-01, more than "
           "12 months ago; expected a fresh check with the service (Test team), then that day's date")


def test_check_warns_about_overdue_reviews_on_their_line_and_passes(in_tmp, capsys):
    assert main(["check", "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.splitlines() == [
        WARNING, "services.yaml: 5 services, no problems.",
        "Confirmed by the service: 1 of 5 services; 23 open questions on the confirmation worklist.",
        "1 review overdue (more than 12 months old)."]


def test_check_can_fail_on_overdue_reviews(in_tmp, capsys):
    assert main(["check", "--today", TODAY.isoformat(), "--fail-on-overdue"]) == 1
    fresh = in_tmp / "services.yaml"
    fresh.write_text(fresh.read_text().replace("source_checked: 2020-01-01", "source_checked: 2026-01-01"))
    assert main(["check", "--today", TODAY.isoformat(), "--fail-on-overdue"]) == 0


def test_check_github_format_annotates_overdue_reviews_as_warnings(in_tmp, capsys):
    main(["check", "--today", TODAY.isoformat(), "--format", "github"])
    assert ("::warning file=services.yaml,line=83,col=32::youth-bus → review.source_checked: last checked on "
            "2020-01-01") in capsys.readouterr().out


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start:end if end > 0 else None]))


def test_data_health_page(fixture_site):
    page = (fixture_site / "data-health" / "index.html").read_text(encoding="utf-8")
    assert "<title>Data health" in page
    overdue = " ".join(section(page, "overdue").split())
    assert "(1)" in overdue and "Youth bus Last checked 1 January 2020 · owner Test team" in overdue
    confirmed = " ".join(section(page, "confirmed").split())
    assert "(1 of 5)" in confirmed and "4 wait for confirmation, and 24 questions in all are open" in confirmed
    reach = " ".join(section(page, "reach-via").split())
    assert ("Youth bus no contact of its own; nearest published contact for advice, not a confirmed route in: "
            "Front door team") in reach and "reached through" not in reach
    assert "None." in section(page, "to-confirm")
    assert 'href="../services/youth-bus/"' in page


def test_no_correction_link_points_at_the_placeholder_repository(fixture_site):
    assert not Settings(repository=PLACEHOLDER_REPOSITORY).repository_ready and not Settings().repository_ready
    for service in read_directory(FIXTURES / "valid.yaml").services:
        page = (fixture_site / "services" / service.id / "index.html").read_text(encoding="utf-8")
        assert "example-org" not in page and "Report a correction" not in page
        assert "this page will link to a correction form" in page


def test_a_real_repository_gets_a_correction_form_with_the_service_id():
    directory = read_directory(FIXTURES / "valid.yaml", TODAY)
    real = "https://github.com/sscp/early-help-guide"
    assert Settings(repository=real).repository_ready
    page = render("service.html", directory=directory, root="../../", s=directory.by_id["icrt"], repository=real)
    assert (f'<a href="{real}/issues/new?template=correction.yml&amp;service_id=icrt">Report a correction</a>'
            in page)
