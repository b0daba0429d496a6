"""Build the site from a copy of the project, with any services file, as the README's commands do."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from earlyhelp.load import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CODE = ("mkdocs.yml", "hooks.py", "macros.py", "overrides")


def copy_project(dest: Path) -> Path:
    """The real project: its guidance pages name real services, so build it with the shipped data."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in CODE + ("docs",):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / part)
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


def build(project: Path, services: Path, site: Path, pathways: Path | None = None) -> subprocess.CompletedProcess:
    """Build with a services file and a pathways folder; the fixture services get the fixture pathways."""
    if pathways is None:
        pathways = ROOT / ("pathways" if services == ROOT / "services.yaml" else "tests/fixtures/pathways")
    env = {**os.environ, "EARLYHELP_SERVICES": str(services), "EARLYHELP_PATHWAYS": str(pathways),
           "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], env=env, capture_output=True, text=True, timeout=600)


def fixture_data() -> dict:
    """A fresh copy of the synthetic services as plain data, read by the project's own strict loader (so dates
    stay text, as an editor wrote them), for tests to change and write back."""
    return load(FIXTURES / "valid.yaml").data


def write_services(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
