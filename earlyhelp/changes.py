"""What changed in the data, read from git: each commit's services.yaml, situations.yaml and pathways compared
with the version before it, and described in plain words. Only the data is read, never commit messages.

Outside git, or in a shallow clone (which lacks the older commits), there is no history: History.missing says
why, the build warns and the pages say so, and everything else builds as usual.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import describe
from .load import load_text

PAGE_DAYS, SERVICE_DAYS, NUMBER_DAYS = 365, 90, 30  # the What's changed page, a service page, the SOS list mark
PAGE = "changes/"  # the What's changed page (pages.py), which the feed links to


@dataclass(frozen=True)
class Change:
    when: dt.datetime  # the commit's date, with its own offset
    commit: str
    kind: str  # "service", "pathway" or "situation"
    key: str  # its id
    name: str  # its name in the newer version (or the older, once removed)
    words: tuple[str, ...]  # plain sentences
    numbers: tuple[str, ...] = ()  # phone numbers this change brought in

    @property
    def day(self) -> dt.date:
        return self.when.date()


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...] = ()  # newest first
    missing: str = ""  # why there is no history, e.g. "it was built from a shallow clone"; "" when known

    @property
    def known(self) -> bool:
        return not self.missing

    def within(self, today: dt.date, days: int = PAGE_DAYS) -> tuple[Change, ...]:
        """Changes in the `days` up to today; later commits have not happened yet on the build's clock."""
        return tuple(c for c in self.changes if 0 <= (today - c.day).days < days)

    def by_day(self, today: dt.date) -> list[tuple[dt.date, list[Change]]]:
        groups: dict[dt.date, list[Change]] = {}
        for c in self.within(today):
            groups.setdefault(c.day, []).append(c)
        return list(groups.items())

    def of(self, kind: str, key: str, today: dt.date, days: int) -> tuple[Change, ...]:
        """One service's (or pathway's) changes: asked for every service page, so looked up, not scanned."""
        return tuple(c for c in self._by_subject.get((kind, key), ()) if 0 <= (today - c.day).days < days)

    @cached_property
    def _by_subject(self) -> dict[tuple[str, str], list[Change]]:
        groups: dict[tuple[str, str], list[Change]] = {}
        for c in self.changes:
            groups.setdefault((c.kind, c.key), []).append(c)
        return groups

    def last_changed(self, today: dt.date) -> dict[str, dt.date]:
        """Each service's latest change up to today, whatever its age."""
        out: dict[str, dt.date] = {}
        for c in self.within(today, days=10**6):
            if c.kind == "service":
                out.setdefault(c.key, c.day)
        return out

    def new_numbers(self, today: dt.date, days: int = NUMBER_DAYS) -> dict[str, dt.date]:
        """Phone numbers new or changed in the last `days`, with the day they came in."""
        out: dict[str, dt.date] = {}
        for c in self.within(today, days):
            for number in c.numbers:
                out.setdefault(number, c.day)
        return out


class _NoGit(Exception):
    pass


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    # The caller's GIT_DIR and the like (set inside git hooks) would point at another repository.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise _NoGit(f"git could not run ({err.__class__.__name__})") from None
    if done.returncode:
        raise _NoGit(done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["git failed"])
    return done.stdout


_cache: dict = {}  # (top, HEAD, paths) -> changes: `mkdocs serve` rebuilds do not walk the history again


def history(root: Path, services: Path, situations: Path, pathways: Path) -> History:
    """The data's history in the git repository holding `root`, or why there is none."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except _NoGit:
        return History(missing="it was built outside a git repository")
    try:
        if _git(top, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
            return History(missing="it was built from a shallow clone, which lacks the older commits")
        head = _git(top, "rev-parse", "HEAD").decode().strip()
    except _NoGit:
        return History(missing="its git repository has no commits yet")
    wanted = [_inside(top, p) for p in (services, situations, pathways)]
    if wanted[0] is None:
        return History(missing="its services file is not in the project's git repository")
    key = (top, head, tuple(wanted))
    if key not in _cache:
        newest_commit_first = [c for commit in reversed(_walk(top, *wanted)) for c in commit]
        # By date too (a rebase can leave commits out of date order); sorted() keeps each commit's own order.
        _cache[key] = tuple(sorted(newest_commit_first, key=lambda c: c.when, reverse=True))
    return History(_cache[key])


def _inside(top: Path, path: Path) -> str | None:
    try:
        return Path(path).resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None


def _walk(top: Path, services: str, situations: str | None, pathways: str | None) -> list[list[Change]]:
    """Each commit's changes, oldest commit first."""
    paths = [p for p in (services, situations, pathways) if p]
    # --first-parent: a merged branch counts on the day it reached this branch, as one change.
    log = _git(top, "log", "--first-parent", "--reverse", "--format=%H %cI", "--", *paths).decode().split()
    commits = list(zip(log[::2], log[1::2]))
    trees = [_blobs(top, commit, paths) for commit, _ in commits]
    texts = _contents(top, {sha for tree in trees for sha in tree.values()})
    parsed: dict = {}

    def read(path: str, sha: str):  # each version of a file is parsed once, however many commits keep it
        if sha not in parsed:
            parsed[sha] = _readable(texts[sha], path)
        return parsed[sha]

    found: list[list[Change]] = []
    before = describe.Snapshot()
    for (commit, when), tree in zip(commits, trees):
        after = before.updated(tree, read, services, situations, pathways)
        # The guide's first version brings in every number: none of them has moved, so none is marked new.
        first = not before.services
        found.append([Change(dt.datetime.fromisoformat(when), commit, kind, key, name, words, () if first else numbers)
                      for kind, key, name, words, numbers in describe.differences(before, after)])
        before = after
    return found


def _blobs(top: Path, commit: str, paths: list[str]) -> dict[str, str]:
    """path -> blob id of each data file in a commit."""
    out = {}
    for line in _git(top, "ls-tree", "-r", commit, "--", *paths).decode().splitlines():
        meta, path = line.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob":
            out[path] = sha
    return out


def _contents(top: Path, shas: set[str]) -> dict[str, bytes]:
    """Every blob's bytes, read by one `git cat-file --batch`."""
    order = sorted(shas)
    raw = _git(top, "cat-file", "--batch", stdin="".join(s + "\n" for s in order).encode())
    out, pos = {}, 0
    for sha in order:
        header_end = raw.index(b"\n", pos)
        size = int(raw[pos:header_end].split()[2])
        out[sha] = raw[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return out


def _readable(raw: bytes, name: str):
    """What the strict loader can read of an old version: it may no longer validate, and that is fine."""
    loaded = load_text(raw, name)
    return None if loaded.problems else loaded.data


def link(change: Change, directory, pathways=()) -> str:
    """Site-relative address of what changed, or "" when it no longer exists (a removed service has no page)."""
    if change.kind == "service" and change.key in directory.by_id:
        return directory.by_id[change.key].url
    if change.kind == "pathway" and change.key in {p.id for p in pathways}:
        return f"pathways/{change.key}/"
    if change.kind == "situation" and change.key in {x.id for x in directory.situations}:
        return f"sos/#sit-{change.key}"
    return ""
