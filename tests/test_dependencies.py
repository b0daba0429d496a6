"""Installs are reproducible: every direct pin agrees with the full lock that scripts/setup installs with."""
import ast
import re

from .conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def test_every_direct_pin_matches_the_lock():
    locked = pins("constraints.txt")
    direct = {**pins("requirements.txt"), **pins("requirements-test.txt")}
    assert len(direct) >= 15
    assert {name: (version, locked.get(name)) for name, version in direct.items()
            if locked.get(name) != version} == {}


def test_direct_requirements_pin_every_line_exactly():
    for name in ("requirements.txt", "requirements-test.txt"):
        lines = [l.strip() for l in (ROOT / name).read_text(encoding="utf-8").splitlines()]
        loose = [l for l in lines if l and not l.startswith(("#", "-r ")) and not PIN.match(l)]
        assert loose == [], f"{name}: pin these with =="


def test_setup_installs_with_the_lock():
    assert "-c constraints.txt" in (ROOT / "scripts" / "setup").read_text(encoding="utf-8")


def test_the_package_never_imports_mkdocs():
    """Material reaches end of life in May 2027: only hooks.py may know MkDocs, so another builder can run
    the package's two build steps (earlyhelp/generate.py, finish.py) unchanged."""
    package = ROOT / "earlyhelp"
    importers = []
    for module in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                importers.append(module.name)
    assert importers == []
