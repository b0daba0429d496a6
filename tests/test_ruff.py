"""ruff (pinned in requirements-test.txt, settings in pyproject.toml) finds nothing in the project's Python."""
import subprocess
import sys
import tomllib
from pathlib import Path

from .conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"


def ruff(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    assert RUFF.exists(), "ruff is installed by requirements-test.txt: run scripts/setup test"
    return subprocess.run([str(RUFF), *args], cwd=cwd, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_uses_the_projects_settings_and_would_catch_a_mistake(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (tmp_path / "bad.py").write_text("import os\n\n\ndef f(x=[]):\n    return undefined_name\n")
    result = ruff("check", "--no-cache", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode == 1
    for code in ("F401", "B006", "F821"):
        assert code in result.stdout, result.stdout


def test_the_package_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "earlyhelp" and project["requires-python"] == ">=3.11"
