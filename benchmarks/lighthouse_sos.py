"""Lighthouse (mobile, simulated throttling) for the SOS page and our full-theme pages, beside plain Material.

Builds the site and a one-page site on the unmodified theme (the baseline), serves both from a small threaded
server that gzips responses as real hosts do (http.server does not), runs Lighthouse against each page and prints
the four category scores, first contentful paint and the transfer size, beside a bare 6 KB HTML page in the same
run. Targets (shared/DESIGN.md, issue 12): the SOS page 100/100/100/100, FCP <= 0.9 s and within 15% of the bare
page's, <= 20 KB; any other page at most the baseline's weight + 10 KB, performance >= 98.

    npm ci --prefix benchmarks                      # once: Lighthouse 12 (pinned in benchmarks/package.json)
    .venv/bin/python benchmarks/lighthouse_sos.py   # --runs 3 --pages /sos/,/services/icrt/,/levels/2/

Lighthouse runs Debian's Chromium (/usr/bin/chromium). Each run's profile goes to a scratch folder that is
removed afterwards. Figures also go to benchmarks/out/lighthouse_sos.json. Always exits 0 once it has figures:
missed targets are printed, not raised.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
OUT = HERE / "out" / "lighthouse_sos.json"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = {"scores": 100, "fcp_s": 0.9, "transfer_kb": 20}
BASELINE = "plain Material"  # a one-page site on the unmodified theme, measured in the same run
BARE = "bare 6 KB page"  # plain HTML, no styles or scripts: the fastest a page of that size can paint
MAX_FCP_OVER_BARE = 1.15  # issue 12: the SOS page paints within 15% of the bare page, in the same run
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".webmanifest", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, as GitHub Pages and most hosts serve them."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".js": "text/javascript"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' default
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def build_site(dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(dest)], cwd=ROOT,
                   env=env, check=True)


BASELINE_PAGE = """# Baseline page

A paragraph with [a link in running text](https://example.org/) and some more words around it.

Copyright and footer come from the theme's defaults.
"""


def write_bare_page(dest: Path) -> None:
    """About 6 KB of plain HTML: a title, a heading and paragraphs of text."""
    words = "Phone the team for advice about a child. Families can ask for help at their nearest hub. "
    body = "".join(f"<p>{words * 4}</p>\n" for _ in range(17))
    dest.mkdir(parents=True)
    (dest / "index.html").write_text('<!doctype html><html lang="en"><meta charset="utf-8">'
                                     '<meta name="viewport" content="width=device-width,initial-scale=1">'
                                     f"<title>Bare page</title><h1>Bare page</h1>\n{body}", encoding="utf-8")


def build_plain_material(dest: Path) -> None:
    project = dest.parent / "plain-project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(BASELINE_PAGE, encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Baseline\ncopyright: Copyright example\n"
                                        "theme:\n  name: material\n  font: false\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(dest)], env=env, check=True)


def serve(site: Path):
    handler = lambda *a, **kw: GzipHandler(*a, directory=str(site), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(url: str, scratch: Path, categories=CATEGORIES, desktop: bool = False) -> dict:
    """Lighthouse's JSON report for one page; the Chromium profile lives in `scratch`."""
    profile = Path(tempfile.mkdtemp(dir=scratch))
    report = profile / "report.json"
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": str(scratch)}
    form = ["--preset=desktop"] if desktop else ["--form-factor=mobile"]
    subprocess.run([str(LIGHTHOUSE), url, *form, "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(categories)}", "--quiet",
                    f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile / 'chrome'}"],
                   env=env, check=True, capture_output=True, timeout=300)
    return json.loads(report.read_text())


def failed_audits(data: dict, category: str):
    """Weighted audits of a category that did not fully pass."""
    for ref in data["categories"][category]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            yield audit


def require_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run  npm ci --prefix {HERE.relative_to(ROOT)}")


def lighthouse(url: str, scratch: Path) -> dict:
    data = run_lighthouse(url, scratch)
    audits = data["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "transfer_kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": [(r["url"].split("/", 3)[-1], r.get("transferSize", 0)) for r in requests],
        "failed": {c: [a["id"] for a in failed_audits(data, c)] for c in CATEGORIES},
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (then FCP), so its figures belong together."""
    ranked = sorted(runs, key=lambda r: (r["scores"]["performance"], -r["fcp_s"]))
    return ranked[len(ranked) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is printed")
    parser.add_argument("--pages", default="/sos/,/services/icrt/,/levels/2/", help="comma-separated paths; first is the SOS page")
    args = parser.parse_args()
    require_lighthouse()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build_site(site)
        build_plain_material(Path(scratch) / "plain")
        write_bare_page(Path(scratch) / "bare")
        server, plain, bare = serve(site), serve(Path(scratch) / "plain"), serve(Path(scratch) / "bare")
        results = {}
        try:
            for label, host, path in [*((p, server, p) for p in args.pages.split(",")), (BASELINE, plain, "/"),
                                      (BARE, bare, "/")]:
                url = f"http://127.0.0.1:{host.server_address[1]}{path}"
                runs = [lighthouse(url, Path(scratch)) for _ in range(args.runs)]
                results[label] = {**median_run(runs), "perf_all": [r["scores"]["performance"] for r in runs],
                                  "tbt_all_ms": [round(r["tbt_ms"]) for r in runs],
                                  "fcp_all_s": [round(r["fcp_s"], 3) for r in runs]}
        finally:
            server.shutdown()
            plain.shutdown()
            bare.shutdown()
    report(results)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1))


def report(results: dict) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average before the report: {load} (on a busy machine TBT, and so performance, is noisy)")
    print(f"{'page':<18} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP s':>6} {'KB':>6}  requests")
    for path, r in results.items():
        s = r["scores"]
        print(f"{path:<18} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} {s['seo']:>4} "
              f"{r['fcp_s']:>6.2f} {r['transfer_kb']:>6.1f}  {len(r['requests'])}")
        print(f"{'':<18} each run: performance {r['perf_all']}, FCP s {r['fcp_all_s']}, TBT ms {r['tbt_all_ms']}")
    others = [p for p in results if p not in (BASELINE, BARE)][1:]
    if others:  # DESIGN.md: any other page of ours weighs at most Material's own + 10 KB, performance >= 98
        base_kb = results[BASELINE]["transfer_kb"]
        print(f"\nOther pages against the plain Material baseline ({base_kb:.1f} KB):")
        for path in others:
            r = results[path]
            print(f"  {path}: +{r['transfer_kb'] - base_kb:.1f} KB (target +10), performance "
                  f"{r['scores']['performance']} (target 98)")
    sos_path, sos = next(iter(results.items()))
    print(f"\nRequests for {sos_path} (transfer bytes):")
    for url, size in sos["requests"]:
        print(f"  {size:>7}  {url}")
    misses = [f"{c} {v}" for c, v in sos["scores"].items() if v < TARGET["scores"]]
    misses += [f"FCP {sos['fcp_s']:.2f} s > {TARGET['fcp_s']} s"] if sos["fcp_s"] > TARGET["fcp_s"] else []
    misses += [f"{sos['transfer_kb']:.1f} KB > {TARGET['transfer_kb']} KB"] if sos["transfer_kb"] > TARGET["transfer_kb"] else []
    ratio = sos["fcp_s"] / results[BARE]["fcp_s"]
    print(f"\nFCP of {sos_path} / FCP of the {BARE}: {sos['fcp_s']:.2f} / {results[BARE]['fcp_s']:.2f} s = {ratio:.2f} "
          f"(target <= {MAX_FCP_OVER_BARE})")
    misses += [f"FCP {ratio:.2f} x the bare page's > {MAX_FCP_OVER_BARE}"] if ratio > MAX_FCP_OVER_BARE else []
    failed = {c: ids for c, ids in sos["failed"].items() if ids}
    print("\nSOS page targets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses))
          + (f"\nAudits not passed: {failed}" if failed else ""))


if __name__ == "__main__":
    main()
