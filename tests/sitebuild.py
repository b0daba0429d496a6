"""Build the site from a copy of the project, with any services file, as the README's commands do."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "hooks.py", "macros.py", "overrides", "docs")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / part)
    return dest


def build(project: Path, services: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "EARLYHELP_SERVICES": str(services), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], env=env, capture_output=True, text=True, timeout=600)
