"""How our build scales with the number of services, next to a plain Material site carrying the same words.

For each size N it writes a synthetic services.yaml with N valid services, builds our site from it in a copy of
the project (EARLYHELP_SERVICES; both build steps, as `mkdocs build` runs them), builds a plain Material site
(no macros, no hooks) with one Markdown page per page we built, holding that page's text, times the check
command on the same file, and prints wall time and peak memory (RSS) of each, checked against the targets below.

    .venv/bin/python benchmarks/build_scale.py                      # 1000, 5000, 10000: 10+ minutes
    .venv/bin/python benchmarks/build_scale.py --sizes 200,1000 --repeat 3

Peak memory comes from GNU time (/usr/bin/time -v). If it is missing (`apt-get install -y time`), each build
runs inside a small Python wrapper whose RUSAGE_CHILDREN ru_maxrss is the build's peak.

Synthetic data only: phone numbers from Ofcom's drama range (0191 498 0000-0999), addresses on example.org.
The first entries reuse the real file's ids (hand-written pages and pathways link to them), nothing else.
Figures also go to benchmarks/out/build_scale.json. Always exits 0: missed targets are printed, not raised.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
SERVICES_YAML = ROOT / "services.yaml"
OUT = Path(__file__).resolve().parent / "out" / "build_scale.json"
GNU_TIME = Path("/usr/bin/time")

MAX_RATIO = 1.3        # ours / plain at the largest N
LINEAR_SLACK = 1.1     # time(largest) <= 1.1 x (largest / smallest) x time(smallest): 11x for 1k -> 10k
MAX_PEAK_MB = 1024
MAX_CHECK_S_PER_1000 = 1.0  # `python -m earlyhelp check`: an editor's feedback before a pull request
BUSY_FACTOR = 1.3      # wall / CPU time of a build above this: other load distorted the timing

# Allowed values read from the schema, so the synthetic data stays valid when a list changes.
_SCHEMA = json.loads((ROOT / "schema" / "services.schema.json").read_text(encoding="utf-8"))
_FIELDS = _SCHEMA["$defs"]["service"]["properties"]
NEEDS = _FIELDS["needs"]["items"]["enum"]
AREAS = [a for a in _FIELDS["areas"]["items"]["enum"] if a != "citywide"]
ACCESS = [a for a in _FIELDS["access"]["items"]["enum"] if a != "emergency"]

PLACES = ["Ashbrooke", "Barnes", "Castletown", "Doxford", "Easington Lane", "Fulwell", "Grindon", "Hendon",
          "Houghton", "Downhill", "Millfield", "Oxclose", "Pallion", "Redhouse", "Ryhope", "Silksworth",
          "Southwick", "Thorney Close", "Usworth", "Washington", "Witherwack", "Farringdon", "Kayll Road",
          "Quarry View"]
TOPICS = ["family", "youth", "parenting", "wellbeing", "school", "early years", "carers", "community", "housing",
          "inclusion", "play", "mentoring", "advice", "outreach", "recovery", "safety"]
KINDS = ["hub", "project", "team", "service", "group", "network", "partnership", "drop-in", "clinic", "programme"]
SENTENCES = [
    "Practitioners work with children, young people and parents on the issues that matter to them.",
    "The team listens to children's views and records them in every plan.",
    "Sessions run after school and in the evening, in community venues across the area.",
    "Referrals are screened within two working days and families are contacted by phone.",
    "The service works alongside schools, health visitors and locality early help teams.",
    "Support is offered one to one, in groups, or as a family, depending on what works best.",
    "Staff are trained in trauma-informed practice and the strengths-based assessment model.",
    "Families can bring a friend or relative to the first meeting.",
    "Interpreters can be booked for any appointment; tell the team when you refer.",
    "Waiting times vary through the year; ask the team for the current wait before referring.",
]


# --- synthetic services.yaml -------------------------------------------------------------------------

def real_ids() -> tuple[list[str], list[str]]:
    """(every service id, the immediate-risk route) of the real file: hand-written pages and pathways name
    them, so synthetic entries take these ids (with made-up content) for the build to pass its checks."""
    real = yaml.load(SERVICES_YAML.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # ids only: no typing
    return [s["id"] for s in real["services"]], list(real["immediate_risk"])


def real_structure() -> tuple[list[dict], dict[str, tuple[str | None, bool]]]:
    """(the real file's opening times, {real service id: (the schedule its first number keeps, whether it is on
    the SOS list)}). Neither is a contact detail: rules and situations name the schedules and the SOS services,
    and the check wants the immediate-risk route and every situation answered at every hour, so the entries that
    reuse real ids keep them."""
    real = yaml.safe_load(SERVICES_YAML.read_text(encoding="utf-8"))
    return real["schedules"], {s["id"]: (next((c.get("hours") for c in s["contacts"] if "phone" in c), None),
                                         s.get("sos", False)) for s in real["services"]}


def synthetic_services(n: int, seed: int = 2024) -> dict:
    rng = random.Random(seed + n)  # deterministic per size, so runs compare
    ids, route = real_ids()
    if n < len(ids):
        raise SystemExit(f"N={n} is below the {len(ids)} services the real pages refer to")
    schedules, kept = real_structure()
    services = [synthetic_service(i, rng, keep_phone=i < len(ids)) for i in range(n)]
    for sid, service in zip(ids, services):
        service["id"] = sid  # these all have a phone, so any of them can be on the immediate-risk route
        hours, service["sos"] = kept[sid]
        if hours:
            service["contacts"][0]["hours"] = hours
        else:
            del service["contacts"][0]["hours"]
    for service in services:
        if not service["contacts"]:
            service["reach_via"] = route[0]
    return {"immediate_risk": route, "schedules": schedules, "services": services}


def synthetic_service(i: int, rng: random.Random, keep_phone: bool) -> dict:
    name = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} {rng.choice(KINDS)}"
    sid = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + f"-{i}"
    low = rng.randint(0, 16)
    service = {
        "id": sid,
        "name": name,
        "organisation": f"{rng.choice(PLACES)} {rng.choice(['Trust', 'Partnership', 'Council', 'Charity'])}",
        "summary": f"{rng.choice(SENTENCES)[:-1]}, for families in {rng.choice(PLACES)}.",
        "description": synthetic_description(sid, rng),
        "levels": sorted(rng.sample([1, 2, 3, 4], rng.randint(1, 2))),
        "needs": rng.sample(NEEDS, rng.randint(1, 4)),
        "ages": {"from": low, "to": rng.randint(low, 25)},
        "areas": ["citywide"] if rng.random() < 0.3 else sorted(rng.sample(AREAS, rng.randint(1, 3))),
        "access": rng.sample(ACCESS, rng.randint(1, 2)),
        "how_to_access": " ".join(rng.sample(SENTENCES, 2)),
        "consent": "Early help needs the informed consent of whoever has parental responsibility.",
        "contacts": synthetic_contacts(i, sid, rng, keep_phone),
        "sos": rng.random() < 0.3,
        "review": {"owner": "Synthetic benchmark team", "source_checked": synthetic_date(rng)},
    }
    if rng.random() < 0.2:
        service["waiting_time"] = {"text": f"{rng.randint(1, 40)} weeks", "as_of": synthetic_date(rng),
                                   "source": "Synthetic benchmark data"}
    if rng.random() < 0.3:
        service["languages"] = ["English"] + rng.sample(["Arabic", "Bengali", "Polish", "Kurdish"], 1)
    return service


def synthetic_contacts(i: int, sid: str, rng: random.Random, keep_phone: bool) -> list:
    if not keep_phone and rng.random() < 0.1:
        return []  # some services are only reachable through another (reach_via), as in the real file
    contacts = [{"label": "Referrals and advice", "phone": f"0191 498 {i % 1000:04d}",
                 "hours": "icrt-hours", "source": "Synthetic benchmark data"}]  # one of the real schedules
    if rng.random() < 0.5:
        contacts.append({"label": "Team mailbox", "email": f"team-{i}@example.org",
                         "source": "Synthetic benchmark data"})
    if rng.random() < 0.5:
        contacts.append({"label": "Web page", "url": f"https://example.org/services/{sid}",
                         "source": "Synthetic benchmark data", "to_confirm": rng.random() < 0.2})
    return contacts


def synthetic_description(sid: str, rng: random.Random) -> str:
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.3:
        paragraphs.append("\n".join(f"- {s}" for s in rng.sample(SENTENCES, 3)))
    paragraphs.append(f"More on [the service's page](https://example.org/services/{sid}).")
    return "\n\n".join(paragraphs) + "\n"


def synthetic_date(rng: random.Random) -> str:
    # Up to 18 months back from today, so about a third are overdue for review (>12 months), as in real use.
    # A string, not a date object: safe_dump then quotes it, and the strict loader reads quoted values as text.
    return (dt.date.today() - dt.timedelta(days=rng.randint(0, 540))).isoformat()


def write_services_yaml(n: int, path: Path) -> None:
    """services.yaml, and beside it situations.yaml: the real situations (pathways and pages name their ids) with
    every national line's number replaced by a drama number."""
    text = yaml.safe_dump(synthetic_services(n), sort_keys=False, allow_unicode=True, width=120)
    path.write_text("# Synthetic benchmark data: drama numbers (0191 498 0xxx) and example.org only.\n" + text,
                    encoding="utf-8")
    situations = yaml.safe_load((ROOT / "situations.yaml").read_text(encoding="utf-8"))
    for i, line in enumerate(situations.get("lines") or []):
        line.update(phone=f"0191 498 0{900 + i:03d}", source="Synthetic benchmark data")
    (path.parent / "situations.yaml").write_text(yaml.safe_dump(situations, sort_keys=False, allow_unicode=True),
                                                 encoding="utf-8")


# --- plain Material site carrying the same words -------------------------------------------------------

def write_plain_site(ours: Path, folder: Path) -> Path:
    """A Material site (our nav and theme, none of our macros, hooks or templates) with one Markdown page for
    each page we built, carrying that page's words: the baseline does the same per-page work of text."""
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    docs = folder / "docs"
    for page in ours.rglob("index.html"):
        url = page.parent.relative_to(ours).as_posix()
        has_children = any(child.is_dir() for child in page.parent.iterdir())
        src = "index.md" if url == "." else (url + "/index.md" if has_children else url + ".md")
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_words(page.read_text(encoding="utf-8")), encoding="utf-8")
    plain = {
        "site_name": "Plain Material benchmark",
        "docs_dir": str(docs),
        "strict": False,  # words without our links: nothing to validate, nothing to fail on
        "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
        "plugins": ["search"],
        "markdown_extensions": config["markdown_extensions"],
        "nav": config["nav"],
        "not_in_nav": config["not_in_nav"],
    }
    config_path = folder / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return config_path


_ARTICLE = re.compile(r'<article[^>]*>(.*?)</article>|<main[^>]*>(.*?)</main>', re.S)
_BLOCK = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|div|section|tr)>", re.I)


def page_words(html: str) -> str:
    """The article's text as Markdown paragraphs, one per block element."""
    found = _ARTICLE.search(html)
    inner = (found.group(1) or found.group(2)) if found else ""
    blocks = (" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in _BLOCK.split(inner))
    text = "\n\n".join(b.replace("#", "").replace("*", "").replace("_", " ") for b in blocks if b)
    return f"# Page\n\n{text}\n"


def copy_project(folder: Path) -> Path:
    """Ours, built in a copy: step 1 writes generated/ there, not in the working tree."""
    folder.mkdir(parents=True)
    for part in ("mkdocs.yml", "hooks.py", "macros.py", "overrides", "docs", "pathways"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / part)
    for part in ("docs", "overrides"):
        (folder / "generated" / part).mkdir(parents=True)
    return folder / "mkdocs.yml"


# --- measuring -----------------------------------------------------------------------------------------

def measure(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS in MB of one build run as a child process."""
    if GNU_TIME.exists():
        wrapped = [str(GNU_TIME), "-v", *command]
    else:  # ru_maxrss of RUSAGE_CHILDREN is the max over all children, so each build gets its own wrapper
        wrapped = [sys.executable, "-c",
                   "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
                   "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
                   "print(f'User time (seconds): {u.ru_utime}\\nSystem time (seconds): {u.ru_stime}\\n"
                   "Maximum resident set size (kbytes): {u.ru_maxrss}', file=sys.stderr); sys.exit(rc)", *command]
    start = time.perf_counter()
    done = subprocess.run(wrapped, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:  # MkDocs prints an aborted build's problems on stdout; -q hides strict-mode warnings
        raise BuildFailed(f"build failed ({done.returncode}); run it without -q to see every warning:\n"
                          f"  {' '.join(command)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    figure = lambda label: float(re.search(label + r": ([\d.]+)", done.stderr).group(1))  # noqa: E731
    cpu = figure(r"User time \(seconds\)") + figure(r"System time \(seconds\)")
    return seconds, cpu, figure(r"Maximum resident set size \(kbytes\)") / 1024


class BuildFailed(Exception):
    pass


def build_command(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def count_html(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def run_size(n: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"build-scale-{n}-") as tmp:
        tmp = Path(tmp)
        data = tmp / "services.yaml"
        write_services_yaml(n, data)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EARLYHELP_SERVICES": str(data),
               "PYTHONPATH": str(ROOT)}
        ours_cmd = build_command(copy_project(tmp / "ours"), tmp / "site")
        check_cmd = [sys.executable, "-m", "earlyhelp", "check", str(data), "--pathways", str(ROOT / "pathways"),
                     "--docs", str(ROOT / "docs")]
        plain_cmd = None
        ours, plain, check = [], [], []
        for _ in range(repeat):  # interleaved, so drifting machine load hits both
            ours.append(measure(ours_cmd, env))
            if plain_cmd is None:  # the same words as what our first build actually wrote
                pages = count_html(tmp / "site")
                plain_cmd = build_command(write_plain_site(tmp / "site", tmp / "plain"), tmp / "plain-site")
            plain.append(measure(plain_cmd, env))
            check.append(measure(check_cmd, env))
        plain_pages = count_html(tmp / "plain-site")
    # CPU time too: on a shared machine, other load stretches wall time but barely moves CPU time.
    best = lambda runs, i: min(run[i] for run in runs)  # noqa: E731
    return {"n": n, "pages": pages, "plain_pages": plain_pages,
            "ours_s": round(best(ours, 0), 2), "plain_s": round(best(plain, 0), 2),
            "ratio": round(best(ours, 0) / best(plain, 0), 2),
            "ours_peak_mb": round(max(run[2] for run in ours)), "plain_peak_mb": round(max(run[2] for run in plain)),
            "ours_cpu_s": round(best(ours, 1), 2), "plain_cpu_s": round(best(plain, 1), 2),
            "cpu_ratio": round(best(ours, 1) / best(plain, 1), 2),
            "check_s": round(best(check, 0), 2), "check_s_per_1000": round(best(check, 0) / n * 1000, 2)}


# --- report --------------------------------------------------------------------------------------------

def check_targets(rows: list[dict]) -> dict:
    if any("error" in r for r in rows):
        return {"growth": None, "allowed_growth": None, "targets": {"every build succeeded": False}}
    small, large = rows[0], rows[-1]
    growth = large["ours_s"] / small["ours_s"]
    allowed_growth = LINEAR_SLACK * large["n"] / small["n"]
    peak = max(max(r["ours_peak_mb"], r["plain_peak_mb"]) for r in rows)
    targets = {f"ratio ours/plain <= {MAX_RATIO} at N={large['n']}": large["ratio"] <= MAX_RATIO}
    if len(rows) > 1:
        targets[f"linear: ours(N={large['n']}) <= {allowed_growth:.1f} x ours(N={small['n']})"] = growth <= allowed_growth
    targets[f"peak memory < {MAX_PEAK_MB} MB"] = peak < MAX_PEAK_MB
    # A rate, so measured at scale like the ratio: at the smallest N the interpreter's start (about 0.4 s) weighs most.
    rate = large["check_s_per_1000"]
    targets[f"check command < {MAX_CHECK_S_PER_1000} s per 1,000 services at N={large['n']} ({rate})"] = (
        rate < MAX_CHECK_S_PER_1000)
    return {"growth": round(growth, 2), "allowed_growth": round(allowed_growth, 2), "targets": targets}


def print_report(rows: list[dict], verdict: dict) -> None:
    print(f"{'N':>6} {'pages':>6} {'ours (s)':>9} {'plain (s)':>10} {'ratio':>6} {'ours MB':>8} {'plain MB':>9}"
          f" | {'ours cpu':>8} {'plain cpu':>9} {'cpu ratio':>9} | {'check (s)':>9}")
    for r in rows:
        if "error" in r:
            print(f"{r['n']:>6}  {r['error']}")
            continue
        print(f"{r['n']:>6} {r['pages']:>6} {r['ours_s']:>9.2f} {r['plain_s']:>10.2f} {r['ratio']:>6.2f} "
              f"{r['ours_peak_mb']:>8} {r['plain_peak_mb']:>9} | {r['ours_cpu_s']:>8.2f} {r['plain_cpu_s']:>9.2f} "
              f"{r['cpu_ratio']:>9.2f} | {r['check_s']:>9.2f}")
    if verdict["growth"] is not None and len(rows) > 1:
        print(f"\nlinearity: ours(N={rows[-1]['n']}) / ours(N={rows[0]['n']}) = {verdict['growth']:.2f} "
              f"(linear would be {rows[-1]['n'] / rows[0]['n']:.0f}, allowed {verdict['allowed_growth']:.1f})")
    print()
    for target, met in verdict["targets"].items():
        print(f"  {'PASS' if met else 'MISS'}  {target}")
    missed = [t for t, met in verdict["targets"].items() if not met]
    print(f"\n{len(missed)} target(s) missed." if missed else "\nAll targets met.")
    busy = [r["n"] for r in rows if "error" not in r
            and max(r["ours_s"] / r["ours_cpu_s"], r["plain_s"] / r["plain_cpu_s"]) > BUSY_FACTOR]
    if busy:  # a build is single-threaded: wall time well above CPU time means it was waiting for a CPU
        print(f"WARNING: the machine was busy (wall time > {BUSY_FACTOR} x CPU time at N={busy}): the wall-time "
              "figures and targets above are unreliable; compare the CPU columns, or run again when it is idle.")


def code_version() -> str:
    """Which code was measured: the figures mean little without it."""
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated numbers of services")
    parser.add_argument("--repeat", type=int, default=1, help="builds per configuration; the best is kept")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    rows = []
    for n in sizes:
        print(f"N={n}: building ours and plain x{args.repeat} ...", file=sys.stderr, flush=True)
        try:
            rows.append(run_size(n, args.repeat))
        except BuildFailed as failed:
            print(f"N={n}: {failed}", file=sys.stderr)
            rows.append({"n": n, "error": str(failed).splitlines()[0]})
    verdict = check_targets(rows)
    print_report(rows, verdict)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"when": dt.datetime.now().isoformat(timespec="seconds"), "code": code_version(),
                               "repeat": args.repeat,
                               "python": sys.version.split()[0], "rows": rows, **verdict}, indent=2) + "\n",
                   encoding="utf-8")
    print(f"Figures written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
