"""Build the site from a copy of the project, with any services file, as the README's commands do."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import datetime as dt

import yaml

from earlyhelp import clock
from earlyhelp.clock import TODAY_ENV
from earlyhelp.generate import Project, clean
from earlyhelp.load import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CODE = ("mkdocs.yml", "hooks.py", "macros.py", "overrides")
# Where the shipped site is built for publishing (CI's test job); unset, it is built in a temporary folder.
PUBLISH_ENV = "EARLYHELP_SITE"
# A site to publish carries the real date (its "built" day, its What's changed window), read once per run, and so
# does every other build of the shipped data in that run, so the builders' sites still compare equal.
_PUBLISH_DAY = dt.date.today().isoformat()


def shipped_day() -> dt.date:
    """The day this session builds the shipped site on: the real date for a site to publish, else the suite's."""
    return dt.date.fromisoformat(_PUBLISH_DAY) if published_site() is not None else clock.today()


def published_site() -> Path | None:
    """The folder named by EARLYHELP_SITE (relative to the repository), or None."""
    folder = os.environ.get(PUBLISH_ENV, "").strip()
    return (ROOT / folder).resolve() if folder else None


def copy_project(dest: Path) -> Path:
    """The real project: its guidance pages name real services, so build it with the shipped data."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in CODE + ("docs",):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / part)
    clean(Project(dest))  # generated/ as a fresh clone has it: two empty folders
    return dest


def fixture_project(dest: Path) -> Path:
    """The project's code and theme with a two-page docs folder and no fixed nav, for synthetic data."""
    project = copy_project(dest)
    shutil.rmtree(project / "docs")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    for page in (FIXTURES / "docs").iterdir():
        shutil.copy(page, project / "docs" / page.name)
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    del config["nav"]  # it names the real pages
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return project


def build(project: Path, services: Path, site: Path, pathways: Path | None = None,
          builder: str = "mkdocs") -> subprocess.CompletedProcess:
    """Build with a services file and a pathways folder; the fixture services get the fixture pathways.
    `builder` is the site generator's module: mkdocs, or properdocs (a MkDocs 1.6 fork)."""
    return subprocess.run([sys.executable, "-m", builder, "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], env=_env(services, pathways), capture_output=True, text=True, timeout=600)


def build_without_hooks(project: Path, services: Path, site: Path, generate: bool = True) -> list:
    """As a generator that runs no hooks would build (Zensical, say): hooks.py unregistered, the two steps run
    by hand around the generator. Returns each command's result, stopping at the first that fails."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    del config["hooks"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    steps = [[sys.executable, "-m", "earlyhelp", "generate", "--project", str(project)]] if generate else []
    steps += [[sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
              [sys.executable, "-m", "earlyhelp", "finish", str(site), "--project", str(project)]]
    results = []
    for command in steps:
        results.append(subprocess.run(command, env=_env(services, None), capture_output=True, text=True, timeout=600))
        if results[-1].returncode != 0:
            break
    return results


def _env(services: Path, pathways: Path | None) -> dict:
    if pathways is None:
        pathways = ROOT / ("pathways" if services == ROOT / "services.yaml" else "tests/fixtures/pathways")
    env = {**os.environ, "EARLYHELP_SERVICES": str(services), "EARLYHELP_PATHWAYS": str(pathways),
           "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    if published_site() is not None and services == ROOT / "services.yaml":
        env[TODAY_ENV] = _PUBLISH_DAY
    return env


def fixture_data() -> dict:
    """A fresh copy of the synthetic services as plain data, read by the project's own strict loader (so dates
    stay text, as an editor wrote them), for tests to change and write back."""
    return load(FIXTURES / "valid.yaml").data


def write_services(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
