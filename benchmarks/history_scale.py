"""How reading the change history scales: 1,000 commits of a synthetic 5,000-service services.yaml.

Builds, in a temporary folder, a git repository whose first commit holds N synthetic services and whose every
later commit edits a few of them (a number, a summary, a schedule's words, a service added or removed), then
measures, each in its own process, the history read (earlyhelp.changes.history) beside one strict parse of the
same file and one full check of it (load, validate, model): wall time and peak memory (ru_maxrss).

    .venv/bin/python benchmarks/history_scale.py                     # 5,000 services, 1,000 commits
    .venv/bin/python benchmarks/history_scale.py --services 1000 --commits 200
    .venv/bin/python benchmarks/history_scale.py --compare f897a4c --compare-commits 50   # older code too

--compare REV reads the same repository with the earlyhelp package as it was at REV (git archive), on the first
--compare-commits commits only, since older code may take minutes for the whole history.

Synthetic data only: phone numbers from Ofcom's drama range (0191 498 0000-0999), addresses on example.org.
Never the shipped file. Prints figures; always exits 0 (missed targets are printed, not raised).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET_S, TARGET_MB = 15.0, 300

_FIELDS = json.loads((ROOT / "schema" / "services.schema.json").read_text(encoding="utf-8"))["$defs"]["service"][
    "properties"]
NEEDS = _FIELDS["needs"]["items"]["enum"]
AREAS = [a for a in _FIELDS["areas"]["items"]["enum"] if a != "citywide"]
ACCESS = [a for a in _FIELDS["access"]["items"]["enum"] if a != "emergency"]
SCHEDULES = 20
REAL_SCHEDULES = yaml.safe_load((ROOT / "services.yaml").read_text(encoding="utf-8"))["schedules"]


def phone(n: int) -> str:
    return f"0191 498 0{n % 1000:03d}"  # Ofcom's drama range for Newcastle and Sunderland


def schedule(n: int, closes_pm: int) -> dict:
    """Weekday hours, 9am to `closes_pm` o'clock in the afternoon, as words and as times."""
    return {"id": f"schedule-{n}", "words": f"Mon–Fri 9am–{closes_pm}pm", "source": "Synthetic",
            "open": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": f"{closes_pm + 12}:00"}]}


def service(i: int, rng: random.Random) -> dict:
    sid = f"service-{i:05d}"
    return {
        "id": sid, "name": f"Family service {i}", "organisation": "Example organisation",
        "summary": f"Support for families, number {i}.",
        "description": f"A synthetic service for the history benchmark.\n\nIt helps families, number {i}.",
        "levels": sorted(rng.sample([1, 2, 3, 4], 2)), "needs": sorted(rng.sample(NEEDS, 2)),
        "ages": {"from": 0, "to": rng.choice([11, 16, 18, 25])}, "areas": sorted(rng.sample(AREAS, 2)),
        "access": [rng.choice(ACCESS)], "how_to_access": "Phone the team, or ask the front door team to refer.",
        "consent": "Early help needs the informed consent of whoever has parental responsibility.",
        "contacts": [{"label": "Referrals", "phone": phone(i), "hours": f"schedule-{i % SCHEDULES}",
                      "source": "Synthetic benchmark data"},
                     {"label": "Email", "email": f"{sid}@example.org", "source": "Synthetic benchmark data"},
                     {"label": "Web", "url": f"https://example.org/{sid}", "source": "Synthetic benchmark data"}],
        "sos": False, "review": {"owner": "Benchmark team", "source_checked": "2026-01-01"},
    }


class _Indented(yaml.SafeDumper):
    """Lists indented under their field, as editors write services.yaml."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _entry(entry: dict) -> str:
    text = yaml.dump([entry], Dumper=_Indented, sort_keys=False, allow_unicode=True, width=1000)
    return "".join("  " + line for line in text.splitlines(keepends=True))


def dump(data: dict, texts: dict) -> bytes:
    """The file as an editor lays it out; each entry's text is kept in `texts` (by identity) until it changes,
    so a commit costs the entries it changed."""
    parts = ["# Synthetic services for benchmarks/history_scale.py\n",
             f"immediate_risk: [{', '.join(data['immediate_risk'])}]\n", "schedules:\n"]
    for key in ("schedules", "services"):
        if key == "services":
            parts.append("services:\n")
        for entry in data[key]:
            if id(entry) not in texts:
                texts[id(entry)] = (entry, _entry(entry))
            parts.append(texts[id(entry)][1])
    return "".join(parts).encode()


def make_repo(repo: Path, services: int, commits: int, seed: int = 1) -> tuple[int, float]:
    """The repository, written by one `git fast-import` (a commit per edit, as an editor's pull requests would
    leave them); returns the file's size and the seconds it took."""
    start = time.perf_counter()
    rng = random.Random(seed)
    data = {"immediate_risk": ["service-00000"],
            # the real file's opening times too: the guide's rules name them (times, not contact details)
            "schedules": [schedule(n, n % 8 + 1) for n in range(SCHEDULES)] + REAL_SCHEDULES,
            "services": [service(i, rng) for i in range(services)]}
    data["services"][0]["contacts"][0]["hours"] = "around-the-clock"  # the immediate-risk route answers at all hours
    repo.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE, env=env)
    when = 1_700_000_000
    size = 0
    next_id = services
    texts: dict = {}
    for n in range(commits):
        if n:
            for _ in range(3):  # a few edits a commit
                entry = rng.choice(data["services"])
                what = rng.randrange(5)
                texts.pop(id(entry), None)
                if what == 0:
                    entry["contacts"][0]["phone"] = phone(rng.randrange(1000))
                elif what == 1:
                    entry["summary"] = f"Support for families, revised in commit {n}."
                elif what == 2:
                    entry["areas"] = sorted(rng.sample(AREAS, rng.randint(1, 3)))
                elif what == 3:
                    edited = data["schedules"][rng.randrange(SCHEDULES)]
                    texts.pop(id(edited), None)
                    edited.update(schedule(0, rng.randint(3, 8)), id=edited["id"])
                else:
                    data["services"].append(service(next_id, rng))
                    next_id += 1
                    data["services"].remove(entry)
        blob = dump(data, texts)
        size = len(blob)
        message = f"edit {n}".encode()
        importer.stdin.write(b"commit refs/heads/main\n"
                             + f"committer Benchmark <bench@example.org> {when + n * 3600} +0000\n".encode()
                             + f"data {len(message)}\n".encode() + message + b"\n"
                             + f"M 100644 inline services.yaml\ndata {len(blob)}\n".encode() + blob + b"\n")
    importer.stdin.close()
    if importer.wait():
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=env)
    return size, time.perf_counter() - start


MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
what, repo = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if what == "history":
    from earlyhelp import changes
    found = changes.history(repo, repo / "services.yaml", repo / "situations.yaml", repo / "pathways")
    result = {"changes": len(found.changes), "missing": found.missing, "package": changes.__file__}
elif what == "parse":
    from earlyhelp.load import load
    loaded = load(repo / "services.yaml")
    result = {"problems": len(loaded.problems)}
else:
    from earlyhelp.read import check
    content, problems = check(repo / "services.yaml", today=__import__("datetime").date(2026, 11, 27))
    result = {"problems": len(problems)}
result["seconds"] = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
result["cpu"] = usage.ru_utime + usage.ru_stime  # the machine may be shared: CPU time is the steadier figure
result["peak_mb"] = usage.ru_maxrss / 1024
print(json.dumps(result))
"""


def measure(what: str, repo: Path, package_root: Path = ROOT) -> dict:
    env = {**os.environ, "PYTHONPATH": str(package_root), "EARLYHELP_TODAY": "2026-11-27"}
    env = {k: v for k, v in env.items() if not k.startswith("GIT_")}
    # cwd: `python -c` puts the current folder first on sys.path, before PYTHONPATH.
    done = subprocess.run([sys.executable, "-c", MEASURE, what, str(repo)], env=env, capture_output=True, text=True,
                          cwd=package_root)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout)


def old_package(rev: str, dest: Path) -> Path:
    """The earlyhelp package (and the schema beside it) as it was at `rev`."""
    dest.mkdir()
    archive = subprocess.run(["git", "archive", rev, "earlyhelp", "schema", "rules"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def row(label: str, figures: dict) -> str:
    if "error" in figures:
        return f"  {label:<44} error: {figures['error']}"
    extra = f"  ({figures['changes']} changes)" if "changes" in figures else ""
    extra += f"  missing: {figures['missing']}" if figures.get("missing") else ""
    return (f"  {label:<44} {figures['seconds']:7.2f} s wall {figures['cpu']:7.2f} s CPU "
            f"{figures['peak_mb']:6.0f} MB{extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--compare", metavar="REV", help="also read the history with the package as of REV")
    parser.add_argument("--compare-commits", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="history-scale-") as tmp:
        repo = Path(tmp) / "repo"
        size, made = make_repo(repo, args.services, args.commits)
        print(f"{args.commits} commits of a {args.services}-service services.yaml ({size / 1024:.0f} KB at HEAD), "
              f"made in {made:.1f} s")
        parse, full, history = measure("parse", repo), measure("check", repo), measure("history", repo)
        print(row("strict parse of the file, once", parse))
        print(row("check of the file (load, validate, model)", full))
        print(row(f"history read, {args.commits} commits", history))
        if "error" not in history:
            ok = history["seconds"] <= TARGET_S and history["peak_mb"] <= TARGET_MB
            print(f"  target: at most {TARGET_S:.0f} s and {TARGET_MB} MB: {'met' if ok else 'MISSED'}")
        if args.compare:
            small = Path(tmp) / "small"
            make_repo(small, args.services, args.compare_commits)
            old = old_package(args.compare, Path(tmp) / "old")
            print(f"{args.compare_commits} commits, the same services:")
            print(row(f"history read as of {args.compare}", measure("history", small, old)))
            print(row("history read now", measure("history", small)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
