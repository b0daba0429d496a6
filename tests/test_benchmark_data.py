"""The benchmarks' synthetic data must pass the check, or they time a build that stops at its first step (as
build_scale.py did once contacts' hours became schedule ids). A small size of each, checked as they check it."""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys

from earlyhelp.read import check

from .conftest import ROOT, TODAY


def _benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and the like look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_build_benchmark_writes_services_and_situations_the_check_accepts(tmp_path):
    build_scale = _benchmark("build_scale")
    services = tmp_path / "services.yaml"
    build_scale.write_services_yaml(len(build_scale.real_ids()[0]) + 20, services)
    # The benchmark dates its entries back from the real date, as its own check does: checked on that date too.
    content, found = check(services, ROOT / "pathways", ROOT / "docs", dt.date.today())
    assert [str(p) for p in found] == []
    assert content.directory.situations and len(content.directory.services) > 20


def test_the_history_benchmark_writes_versions_the_check_accepts(tmp_path):
    history_scale = _benchmark("history_scale")
    history_scale.make_repo(tmp_path / "repo", 60, 8)
    content, found = check(tmp_path / "repo" / "services.yaml", today=TODAY)
    assert [str(p) for p in found] == []
    assert len(content.directory.schedules) > history_scale.SCHEDULES
