#!/usr/bin/env python3
"""Check the https: addresses in services.yaml and the external links of a built site; exit 1 if any is broken.

Run weekly (.github/workflows/weekly.yml), never on pull requests or in the tests: other people's websites are
slow or down at times, and that must not block anyone's change. Uses only the standard library and our loader.

    python scripts/check_links.py [--site SITE_DIR] [--format text|github] [services.yaml]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from earlyhelp import read_directory  # noqa: E402
from earlyhelp.exports import payload  # noqa: E402
from earlyhelp.github import escape_data, workflow_command  # noqa: E402

URL = re.compile(r"https://[^\s<>\"'`)\]]+")
USER_AGENT = "Mozilla/5.0 (compatible; sunderland-early-help-link-check; weekly)"
UNVERIFIABLE = {401, 403, 429}  # the server refuses robots: worth a look, but not proof the link is broken


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # HTTP status, or None when there was no answer
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def broken(self) -> bool:
        return not self.ok and self.status not in UNVERIFIABLE


def urls_in_services(path: Path) -> dict[str, set[str]]:
    """Every https: address in the published data (contacts, descriptions, sources), with the services using it."""
    found: dict[str, set[str]] = {}

    def walk(value, service_id):
        if isinstance(value, dict):
            for item in value.values():
                walk(item, service_id)
        elif isinstance(value, list):
            for item in value:
                walk(item, service_id)
        elif isinstance(value, str):
            for url in URL.findall(value):
                found.setdefault(_page(url.rstrip(".,;:")), set()).add(f"{path.name}: {service_id}")

    for record in payload(read_directory(path))["services"]:
        walk(record, record["id"])
    return found


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith(("https://", "http://")):
            self.hrefs.append(href)


def urls_in_site(site: Path) -> dict[str, set[str]]:
    """Every external link in the built pages, with the pages that have it."""
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            found.setdefault(_page(href), set()).add("/" + page.relative_to(site).as_posix().removesuffix("index.html"))
    return found


def _page(url: str) -> str:
    return url.split("#", 1)[0]  # the part after '#' is never sent to the server


def check(url: str, timeout: float = 20.0) -> Result:
    for method in ("HEAD", "GET"):  # HEAD is cheap, but many servers answer it wrongly: then ask again with GET
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Result(url, response.status)
        except urllib.error.HTTPError as err:
            if method == "HEAD":
                continue
            return Result(url, err.code, str(err.reason))
        except (urllib.error.URLError, OSError, ValueError) as err:
            return Result(url, None, str(getattr(err, "reason", err)))
    raise AssertionError("unreachable")


def check_all(urls, workers: int = 8, timeout: float = 20.0) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda u: check(u, timeout), sorted(urls)))


def report(results: list[Result], places: dict[str, set[str]], services: Path, github: bool) -> list[str]:
    lines = []
    text = services.read_text(encoding="utf-8").splitlines() if services.exists() else []
    for r in results:
        if r.ok:
            continue
        what = f"{r.status or 'no answer'}{': ' + r.reason if r.reason else ''}"
        word = "BROKEN" if r.broken else "COULD NOT CHECK"
        where = "; ".join(sorted(places.get(r.url, ())))
        plain = f"{word} {r.url} ({what}) in {where}"
        # A server's reason phrase is someone else's text: on GitHub it must not be able to start a command.
        lines.append(escape_data(plain) if github else plain)
        if github:
            line = next((n for n, row in enumerate(text, 1) if r.url in row), 0)
            position = {"file": services.as_posix(), "line": line} if line else {}
            lines.append(workflow_command("error" if r.broken else "warning", f"{r.url} ({what}) in {where}",
                                          **position, title=f"Link {word.lower()}"))
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("services", nargs="?", default="services.yaml", type=Path)
    parser.add_argument("--site", type=Path, help="a built site folder whose external links to check too")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each server")
    args = parser.parse_args(argv)

    places = urls_in_services(args.services)
    for url, where in (urls_in_site(args.site) if args.site else {}).items():
        places.setdefault(url, set()).update(where)
    results = check_all(places, timeout=args.timeout)
    lines = report(results, places, args.services, args.format == "github")
    broken = sum(r.broken for r in results)
    summary = f"{len(results)} addresses checked: {broken} broken, {sum(not r.ok for r in results) - broken} could not be checked."
    print("\n".join(lines + [summary]))
    if os.environ.get("GITHUB_STEP_SUMMARY"):  # the run's summary page on GitHub
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write("### External links\n\n" + "".join(f"- {l}\n" for l in lines if not l.startswith("::"))
                      + f"\n{summary}\n")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
