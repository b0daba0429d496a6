"""Lighthouse accessibility score for one page of each page type, at phone and desktop size, in one run.

The axe browser tests (tests/browser/test_accessibility.py) are the gate: they check every page. Lighthouse adds
a second opinion, including checks axe leaves to it (tap targets, viewport, document title); the target is 100
for every page type. The baseline, measured in the same run, is a one-page site on plain Material (same version,
web fonts off so nothing leaves the machine) without our overrides and extra CSS.

    npm ci --prefix benchmarks                         # once: Lighthouse 12 (pinned in benchmarks/package.json)
    .venv/bin/python benchmarks/lighthouse_a11y.py     # --only phone|desktop

Figures also go to benchmarks/out/lighthouse_a11y.json. Exits 0 once it has figures: misses are printed.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lighthouse_sos import (build_plain_material, build_site, failed_audits, require_lighthouse,  # noqa: E402
                            run_lighthouse, serve)

OUT = Path(__file__).resolve().parent / "out" / "lighthouse_a11y.json"
TARGET = 100

# One page of each kind the site generates or hand-writes (a pathway route page is looked up in the build).
PAGE_TYPES = {
    "home": "/",
    "guidance page": "/escalation/",
    "printable card": "/school-escalation-card/",
    "levels overview": "/levels/",
    "level page": "/levels/3/",
    "pathway list": "/pathways/",
    "pathway question": "/pathways/which-camhs/",
    "pathway route": None,  # found in the built site: the first answer page of which-camhs
    "service A-Z": "/services/",
    "services by need": "/services/by-need/",
    "service page": "/services/community-camhs/",
    "SOS list": "/sos/",
    "data health": "/data-health/",
    "field reference": "/reference/fields/",
    "accessibility statement": "/accessibility/",
    "not found (404)": "/404.html",
}


def first_route_page(site: Path) -> str:
    routes = sorted(p.parent for p in (site / "pathways" / "which-camhs").glob("*/index.html"))
    if not routes:
        sys.exit("No pathway route pages in the built site: did the which-camhs pathway change its id?")
    return "/" + routes[0].relative_to(site).as_posix() + "/"


def score(url: str, scratch: Path, desktop: bool) -> dict:
    data = run_lighthouse(url, scratch, categories=("accessibility",), desktop=desktop)
    return {"score": round(data["categories"]["accessibility"]["score"] * 100),
            "failed": [a["id"] for a in failed_audits(data, "accessibility")]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("phone", "desktop"), help="one form factor instead of both")
    args = parser.parse_args()
    require_lighthouse()
    sizes = [args.only] if args.only else ["phone", "desktop"]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        site = scratch / "site"
        build_site(site)
        build_plain_material(scratch / "plain")
        pages = {**PAGE_TYPES, "pathway route": first_route_page(site)}
        server, plain = serve(site), serve(scratch / "plain")
        try:
            for kind, base, path in [("baseline: plain Material", plain, "/"),
                                     *((k, server, p) for k, p in pages.items())]:
                url = f"http://127.0.0.1:{base.server_address[1]}{path}"
                results[kind] = {"path": path, **{size: score(url, scratch, size == "desktop") for size in sizes}}
                print(f"  measured {kind} ({path})", file=sys.stderr)
        finally:
            server.shutdown()
            plain.shutdown()
    report(results, sizes)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1))


def report(results: dict, sizes: list[str]) -> None:
    print(f"{'page type':<26} {'path':<30} " + " ".join(f"{s:>7}" for s in sizes))
    misses = []
    for kind, r in results.items():
        print(f"{kind:<26} {r['path']:<30} " + " ".join(f"{r[s]['score']:>7}" for s in sizes))
        if kind.startswith("baseline"):
            print(f"{'':<26} {'':<30} fails: {sorted(set(a for s in sizes for a in r[s]['failed']))}")
            continue
        misses += [f"{kind} at {s}: {r[s]['score']} ({', '.join(r[s]['failed'])})"
                   for s in sizes if r[s]["score"] < TARGET]
    print(f"\nTarget {TARGET} on every page type: " + ("met" if not misses else "MISSED:\n  " + "\n  ".join(misses)))


if __name__ == "__main__":
    main()
