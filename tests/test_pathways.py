"""Pathways are validated data: broken files get exact messages; good ones become static pages."""
import html
import re
import shutil
from pathlib import Path


from earlyhelp import check, read_directory
from earlyhelp.cli import main
from earlyhelp.pathways import read_all

from .conftest import FIXTURES, ROOT, TODAY
from .sitebuild import build, fixture_project

BROKEN = "tests/fixtures/pathways-broken"
BROKEN_PATHWAY_MESSAGES = [
    f"{BROKEN}/cycle.yaml:20:9: cycle → steps.second.answers[0].next: this answer leads back to 'first' "
    "(first → second → first); expected a later step or an outcome: a pathway must always move forward",
    f"{BROKEN}/dangling.yaml:14:9: dangling → steps.first.answers[1].next: 'refr' is not a step or outcome "
    "(did you mean 'refer'?); expected the id of a step or outcome in this file",
    f"{BROKEN}/no-exit.yaml:7:3: no-exit → steps.first.exit: missing required field 'exit'; expected a 'exit:' "
    "line, e.g. exit: \"immediate-danger\"",
    f"{BROKEN}/no-exit.yaml:9:5: no-exit → steps.first.answers: the list has only 1 item; expected at least 2 items",
    f"{BROKEN}/saved-as.yml:1:1: this is not read as a pathway: only files ending in '.yaml' are; expected "
    "saved-as.yaml (rename it)",
    f"{BROKEN}/unknown-service.yaml:20:5: unknown-service → outcomes.danger.services: the immediate-risk outcome "
    "leaves out emergency-duty-team; expected every service of immediate_risk in services.yaml",
    f"{BROKEN}/unknown-service.yaml:24:16: unknown-service → outcomes.one.services[0]: 'youth-buss' is not the id "
    "of a service in services.yaml (did you mean 'youth-bus'?); expected the id of a service in services.yaml",
    f"{BROKEN}/unknown-service.yaml:25:14: unknown-service → outcomes.one.guides[0]: there is no page "
    "docs/nowhere.md; expected the path of a page in docs/, e.g. 'escalation.md'",
    f"{BROKEN}/wrong-exit.yaml:9:5: wrong-exit → steps.first.exit: 'done' is not an outcome marked "
    "immediate_risk: true; expected the id of this pathway's immediate-risk outcome (999, the ICRT, out of hours)",
    f"{BROKEN}/wrong-exit.yaml:19:3: wrong-exit → outcomes.orphan: 'orphan' is never reached from the start; "
    "expected an answer whose next is this id, or remove it",
]


def test_broken_pathways_get_exactly_these_messages(monkeypatch):
    monkeypatch.chdir(ROOT)
    directory = read_directory(FIXTURES / "valid.yaml", TODAY)
    pathways, problems = read_all(Path(BROKEN), directory, Path("docs"))
    assert pathways == []
    assert [str(p) for p in sorted(problems)] == BROKEN_PATHWAY_MESSAGES


def test_check_command_reports_pathway_problems(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code = main(["check", "tests/fixtures/valid.yaml", "--today", TODAY.isoformat(), "--pathways", BROKEN])
    assert code == 1
    assert capsys.readouterr().out.splitlines() == BROKEN_PATHWAY_MESSAGES + ["10 problems found."]


def test_shipped_pathways_are_valid_and_every_route_ends_in_an_outcome():
    directory = read_directory(ROOT / "services.yaml")
    pathways, problems = read_all(ROOT / "pathways", directory, ROOT / "docs")
    assert problems == []
    assert [p.id for p in pathways] == ["which-camhs", "school-concern", "consent-withheld", "closure-step-down"]
    for pathway in pathways:
        for route, node in pathway.routes():
            assert len(route) <= 3, (pathway.id, route)  # few taps on a phone
            if not hasattr(node, "answers"):
                assert node.services or node.guides, (pathway.id, node.id)


def test_every_step_offers_the_immediate_risk_outcome_with_999():
    directory = read_directory(ROOT / "services.yaml")
    for pathway in read_all(ROOT / "pathways", directory, ROOT / "docs")[0]:
        for step in pathway.steps.values():
            exit_outcome = pathway.outcomes[step.exit]
            assert exit_outcome.immediate_risk and "emergency-999" in exit_outcome.services


def test_each_route_is_a_page_with_its_trail_and_a_way_back(fixture_site):
    start = (fixture_site / "pathways" / "worry" / "index.html").read_text()
    assert "<h1>Is the child at risk of harm?</h1>" in start
    assert '<a href="../../pathways/worry/1/">Yes</a>' in start and '<a href="../../pathways/worry/2/">No</a>' in start
    assert '<a href="../../pathways/worry/danger/">A child is in immediate danger: what to do now</a>' in start
    outcome = (fixture_site / "pathways" / "worry" / "2-2" / "index.html").read_text()
    assert "<h1>Try the youth bus</h1>" in outcome
    trail = re.findall(r'<span class="eh-trail__q">(.*?)</span> <strong class="eh-trail__a">(.*?)</strong>', outcome)
    assert trail == [("Is the child at risk of harm?", "No"), ("How old is the child?", "11 or over")]
    assert '<a href="../../../pathways/worry/2/">Back</a>' in outcome
    assert 'href="tel:+441914980001"' in outcome  # the youth bus is reached via the front door, from the data


def test_pathway_text_is_data_not_a_template(fixture_site):
    step = (fixture_site / "pathways" / "worry" / "2" / "index.html").read_text()
    assert "{{ 7*7 }}" in html.unescape(step) and "&lt;script&gt;" in step and "<script>alert" not in step


def test_broken_pathways_fail_the_build(tmp_path):
    result = build(fixture_project(tmp_path / "p"), FIXTURES / "valid.yaml", tmp_path / "s", ROOT / BROKEN)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "10 problems found; nothing was built." in result.stdout + result.stderr
    assert not (tmp_path / "s").exists()


def test_a_pathway_saved_as_yml_is_reported_not_ignored(tmp_path):
    shutil.copytree(FIXTURES / "pathways", tmp_path / "pathways")
    (tmp_path / "pathways" / "worry.yaml").rename(tmp_path / "pathways" / "worry.yml")
    (tmp_path / "pathways" / "notes.txt").write_text("ideas for a new pathway")
    (tmp_path / "pathways" / ".gitkeep").write_text("")  # hidden files are no editor's pathway
    pathways, problems = read_all(tmp_path / "pathways", read_directory(FIXTURES / "valid.yaml", TODAY), None)
    assert pathways == []
    assert [str(p).replace(str(tmp_path), "") for p in problems] == [
        "/pathways/notes.txt:1:1: this is not read as a pathway: only files ending in '.yaml' are; expected only "
        "pathway files ending in '.yaml' in this folder (rename it, or move it out)",
        "/pathways/worry.yml:1:1: this is not read as a pathway: only files ending in '.yaml' are; expected "
        "worry.yaml (rename it)"]


def project_without(tmp_path, *missing: str) -> Path:
    """A project folder as a clone has it (services.yaml beside mkdocs.yml), less the parts named."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n")
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "services.yaml")
    if "situations.yaml" not in missing:
        shutil.copy(FIXTURES / "situations.yaml", tmp_path / "situations.yaml")
    if "pathways" not in missing:
        shutil.copytree(FIXTURES / "pathways", tmp_path / "pathways")
    return tmp_path


def test_a_project_missing_its_pathways_or_situations_is_told_so(tmp_path, monkeypatch, capsys):
    project = project_without(tmp_path, "pathways", "situations.yaml")
    monkeypatch.chdir(project)
    code = main(["check", "services.yaml", "--today", TODAY.isoformat(), "--docs", str(FIXTURES / "docs")])
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "pathways:1:1: the folder of decision pathways is missing; expected a folder holding one '.yaml' file for "
        "each pathway (restore it from git)",
        "situations.yaml:1:1: the file is missing; expected situations.yaml beside services.yaml: the situations the "
        "police SOS list is organised by",
        "2 problems found."]


def test_a_whole_project_and_a_lone_services_file_check_clean(tmp_path):
    project = project_without(tmp_path / "project")
    assert check(project / "services.yaml", project / "pathways", FIXTURES / "docs", TODAY)[1] == []
    # A services file that is not a project's (a test's, a benchmark's) needs neither.
    (tmp_path / "alone").mkdir()
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "alone" / "services.yaml")
    assert check(tmp_path / "alone" / "services.yaml", tmp_path / "alone" / "pathways", None, TODAY)[1] == []


def test_an_exit_whose_page_would_replace_the_first_question_is_refused(tmp_path):
    """pathways/ID/index.md is the first question: an exit with the id 'index' silently replaced it."""
    (tmp_path / "worry.yaml").write_text((FIXTURES / "pathways" / "worry.yaml").read_text().replace("danger", "index"))
    directory = read_directory(FIXTURES / "valid.yaml", TODAY)
    pathways, problems = read_all(tmp_path, directory, None)
    assert pathways == []
    assert [p.detail for p in problems] == [
        "worry → outcomes.index: the id 'index' would publish this exit at /pathways/worry/, the address of the first "
        "question of the pathway 'worry', and one would replace the other; expected another id, e.g. 'index-now'"]
    assert problems[0].line == 27
