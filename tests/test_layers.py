"""Layers point one way: the data layer (reading, checking and modelling the data, and the check command built
on it) imports nothing from the site layer (rendering, templates, pages, exports, search, feeds, finishing).
So the check starts fast, and a change of site generator or template engine never touches what decides
whether the data is right. Checked in a fresh interpreter, so imports done at run time count too."""
import json
import subprocess
import sys

from .conftest import ROOT

DATA_LAYER = ["load", "validate", "model", "hours", "numbers", "situations", "pathways", "rules", "urls", "read",
              "schemas", "schema_errors", "problems", "clock", "health", "guidance", "worklist", "settings",
              "describe", "changes", "cli"]
SITE_LAYER = ["render", "pages", "generate", "exports", "search", "changes_feed", "finish", "links", "offline",
              "markdown_pages", "sos_feed", "oruk_api", "open_now"]
SITE_PACKAGES = ["jinja2", "markdown_it", "markdown", "feedgen", "lxml", "mkdocs", "segno"]


def imported_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


SITE = {f"earlyhelp.{m}" for m in SITE_LAYER} | set(SITE_PACKAGES)


def test_the_data_layer_imports_nothing_of_the_site_layer():
    loaded = imported_by("\n".join(f"import earlyhelp.{m}" for m in DATA_LAYER))
    assert sorted(loaded & SITE) == []


def test_the_check_command_runs_without_the_site_layer():
    """Run, not only imported: the check reads every file and counts the worklist's questions."""
    loaded = imported_by("from earlyhelp.cli import main\nimport contextlib, io\n"
                         "with contextlib.redirect_stdout(io.StringIO()):\n    main(['check', 'services.yaml'])")
    assert sorted(loaded & SITE) == []
