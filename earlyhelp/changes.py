"""What changed in the data, read from git: each commit's services.yaml, situations.yaml and pathways compared
with the version before it, and described in plain words. Only the data is read, never commit messages.

Outside git, or in a shallow clone (which lacks the older commits), there is no history: History.missing says
why, the build warns and the pages say so, and everything else builds as usual.
"""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import describe, urls
from .load import load_text

try:
    import fcntl
except ImportError:  # Windows: git's pipe keeps its default size
    fcntl = None

PAGE_DAYS, SERVICE_DAYS, NUMBER_DAYS = 365, 90, 30  # the What's changed page, a service page, the SOS list mark
PAGE = urls.changes().url  # the What's changed page (pages.py), which the feed links to


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
        raise _NoGit((done.stderr.decode(errors="replace").strip().splitlines() or ["git failed"])[-1])
    return done.stdout


_cache: dict = {}  # (top, HEAD, paths) -> changes: `mkdocs serve` rebuilds do not walk the history again


def history(root: Path, services: Path, situations: Path, pathways: Path) -> History:
    """The data's history in the git repository holding `root`, or why there is none. Never raises: whatever
    goes wrong reading git (a missing object, a corrupt pack, a version the reader chokes on) costs the build
    its history, with a warning, and nothing else."""
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
        try:
            newest_commit_first = [c for commit in reversed(_walk(top, *wanted)) for c in commit]
        except _NoGit as err:
            return History(missing=f"its git history could not be read ({err})")
        except Exception as err:  # noqa: BLE001 - a build must not fail for want of its history
            return History(missing=f"its git history could not be read ({err.__class__.__name__}: {err})")
        # By date too (a rebase can leave commits out of date order); sorted() keeps each commit's own order.
        _cache[key] = tuple(sorted(newest_commit_first, key=lambda c: c.when, reverse=True))
    return History(_cache[key])


def _inside(top: Path, path: Path) -> str | None:
    try:
        return Path(path).resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None


def _walk(top: Path, services: str, situations: str | None, pathways: str | None) -> list[list[Change]]:
    """Each commit's changes, oldest commit first, from one `git log` pass: each commit lists the blob ids of
    the data files it changed, so only the versions that differ are read (by one `git cat-file --batch`, in
    the order listed here), and only the previous version of each file is kept while walking."""
    paths = [p for p in (services, situations, pathways) if p]
    log = list(_log(top, paths))
    read = [[(path, blob) for path, blob in files if blob and describe.Snapshot.reads(path, services, situations,
                                                                                        pathways)]
            for _commit, _when, files in log]
    found: list[list[Change]] = []
    before = describe.Snapshot()
    tree: dict[str, str] = {}  # path -> blob id, as of the commit being read
    with _Blobs(top, [blob for files in read for _, blob in files]) as blobs:
        versions = _Versions(blobs)
        for (commit, when, files), changed in zip(log, read):
            for path, blob in files:
                if blob is None:
                    tree.pop(path, None)
                else:
                    tree[path] = blob
            for path, blob in changed:  # in the order they are read ahead
                versions.read(path, blob)
            after = before.updated(dict(tree), versions.read, services, situations, pathways)
            versions.forget(tree)
            # The guide's first version brings in every number: none of them has moved, so none is marked new.
            first = not before.services
            found.append([Change(dt.datetime.fromisoformat(when), commit, kind, key, name, words,
                                 () if first else numbers)
                          for kind, key, name, words, numbers in describe.differences(before, after)])
            before = after
    return found


_NO_BLOB = "0" * 40
_COMMIT = "\x00commit "


def _log(top: Path, paths: list[str]):
    """(commit, date, [(path, blob id or None when deleted)]) for each commit that touched `paths`, oldest first.
    --first-parent: a merged branch counts on the day it reached this branch, as one change (a merge's --raw lines
    then compare it with its first parent)."""
    out = _git(top, "log", "--first-parent", "--reverse", "--raw", "--no-abbrev", "--no-renames", "--root",
               "--diff-merges=first-parent", "--format=%x00commit %H %cI", "--", *paths).decode("utf-8", "replace")
    for block in out.split(_COMMIT)[1:]:
        lines = block.split("\n")
        commit, when = lines[0].split()
        files = []
        for line in lines[1:]:
            if not line.startswith(":"):
                continue
            meta, path = line.split("\t", 1)
            _old_mode, new_mode, _old, new, _status = meta[1:].split()
            keep = new != _NO_BLOB and not new_mode.startswith("160")  # deleted, or a submodule: not a file
            files.append((_unquote(path), new if keep else None))
        yield commit, when, files


def _unquote(path: str) -> str:
    """git quotes paths holding unusual characters ("a\\tb"); our data files have none, but never misread one."""
    if path.startswith('"') and path.endswith('"'):
        return path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode(
            "utf-8", "replace")
    return path


def _readable(raw: bytes, name: str):
    """What the strict loader can read of an old version: it may no longer validate, and that is fine."""
    loaded = load_text(raw, name)
    return None if loaded.problems else loaded.data


class _Blobs:
    """One `git cat-file --batch` process. Blobs are asked for in the order of `wanted`, and each is asked of git
    as the one before is handed over, so git inflates the next version while this process compares the last.
    A blob asked for out of that order is still read, just without the head start."""

    def __init__(self, top: Path, wanted: list[str]):
        self.top, self.wanted = top, iter(wanted)
        self.asked: str | None = None  # the blob git is working on

    def __enter__(self) -> "_Blobs":
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        try:
            self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.top, env=env,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as err:
            raise _NoGit(f"git could not run ({err.__class__.__name__})") from None
        try:  # Linux: a 1 MB pipe moves a version in a few reads, not eighty
            fcntl.fcntl(self.process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
        except (AttributeError, OSError):
            pass
        self._ask(next(self.wanted, None))
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __getitem__(self, sha: str) -> bytes:
        if self.asked != sha:
            if self.asked is not None:
                self._answer(self.asked)  # not wanted after all
            self._ask(sha)
        raw = self._answer(sha)
        self._ask(next(self.wanted, None))
        return raw

    def _ask(self, sha: str | None) -> None:
        self.asked = sha
        if sha is not None:
            self.process.stdin.write(sha.encode() + b"\n")
            self.process.stdin.flush()

    def _answer(self, sha: str) -> bytes:
        self.asked = None
        header = self.process.stdout.readline().split()
        if len(header) != 3:  # "<sha> missing", or the process died
            raise _NoGit(f"the object {sha} is missing from the repository")
        size = int(header[2])
        raw = self.process.stdout.read(size + 1)
        if len(raw) != size + 1:
            raise _NoGit(f"the object {sha} could not be read")
        return raw[:size]


class _Versions:
    """Each data file's latest version, parsed, by blob id. A services file of thousands of entries changes a few
    entries a commit: its list entries are parsed one by one and an unchanged entry is not parsed again, so a
    commit costs what it changed, not the size of the file (describe.py then compares only entries that differ).
    Any version the entry-by-entry reading cannot vouch for is read whole, as the strict loader reads it."""

    def __init__(self, blobs: _Blobs):
        self.blobs = blobs
        self.latest: dict[str, tuple[str, object]] = {}  # path -> (blob id, data or None)
        self.entries: dict[str, dict[str, object]] = {}  # path -> {an entry's text: its data}, latest version
        self.layouts: dict[str, _Layout] = {}  # path -> where its latest version's entries lie

    def read(self, path: str, blob: str):
        if path in self.latest and self.latest[path][0] == blob:
            return self.latest[path][1]
        data = self._parse(path, self.blobs[blob])
        self.latest[path] = (blob, data)
        return data

    def forget(self, tree: dict) -> None:
        """Drop files no longer in the tree, so only the versions still in use are held."""
        for path in [p for p in self.latest if p not in tree]:
            del self.latest[path]
            self.entries.pop(path, None)
            self.layouts.pop(path, None)

    def _parse(self, path: str, raw: bytes):
        layout = self.layouts.get(path)
        data = layout.update(raw, path) if layout is not None else None
        if data is not None:
            return data
        self.layouts.pop(path, None)
        split = _split(raw)
        if split is not None:
            skeleton, lists, firsts = split
            known = self.entries.get(path, {})
            seen: dict[str, object] = {}
            data = _readable(skeleton.encode(), path) if skeleton.strip() else {}
            ok = isinstance(data, dict) and all(data.get(key) == [] for key in lists)
            for key, (indent, chunks) in lists.items():
                if not ok:
                    break
                items = []
                for chunk in chunks:
                    if chunk not in seen:
                        seen[chunk] = known[chunk] if chunk in known else _one_item(indent, chunk, path)
                    if seen[chunk] is _BAD:
                        ok = False
                        break
                    items.append(seen[chunk])
                data[key] = items
            if ok:
                self.entries[path] = seen
                self.layouts[path] = _Layout.of(raw, data, lists, firsts)
                return dict(self.layouts[path].template)
        self.entries.pop(path, None)
        return _readable(raw, path)


class _Layout:
    """Where each list entry of a version split by _split lies in its bytes, so the next version is compared with
    it byte for byte (memcmp, not a parse or a split of 5 MB) and only the entries whose bytes differ are split
    and read again. Whatever it cannot place (a change outside the lists' entries, a tab) returns None, and the
    version is split whole."""

    def __init__(self, raw: bytes, template: dict, lists: list):
        self.raw, self.template, self.lists = raw, template, lists  # lists: [_List], in the file's order

    @classmethod
    def of(cls, raw: bytes, data: dict, lists: dict, firsts: dict):
        text = raw.decode("utf-8")
        found = []
        for key, (indent, chunks) in lists.items():
            first = len(text[:firsts[key]].encode())
            parts = [c.encode() for c in chunks]
            found.append(_List(key, indent, ("\n" + indent + "- ").encode(), first, parts, list(data[key])))
        return cls(raw, {**data, **{lst.key: lst.entries() for lst in found}}, found)

    def update(self, new: bytes, path: str):
        old = self.raw
        edits = []  # (list, first entry replaced, entry after the last replaced, new chunks)
        i = j = 0
        starts = [lst.starts() for lst in self.lists]
        done = [0] * len(self.lists)
        while True:
            p = _common(old, i, new, j)
            d = i + p
            if d == len(old) and j + p == len(new):
                break
            shift = j - i
            where = next((n for n, st in enumerate(starts) if st[0] <= d <= st[-1] + 1), None)
            if where is None:
                return None
            lst, st = self.lists[where], starts[where]
            count = len(lst.chunks)
            k = max(0, bisect.bisect_right(st, d - len(lst.sep), 0, count) - 1)
            if k < done[where]:
                return None
            q = (st[k] + len(lst.sep) if k else st[0]) + shift
            made = []
            while True:
                s = new.find(lst.sep, q)
                edge = _LEFT_EDGE_B.search(new, q, s if s >= 0 else len(new))
                if edge or s < 0:
                    end = edge.start() if edge else len(new)
                    made.append(new[q:end])
                    edits.append((where, k, count, made))
                    i, j = st[-1], end
                    break
                made.append(new[q:s])
                if len(made) > 64:
                    return None
                r = next((r for r in range(max(k, 1), min(count, k + 8)) if new.startswith(old[st[r]:st[r + 1]], s)),
                         None)
                if r is not None:
                    edits.append((where, k, r, made))
                    i, j = st[r], s
                    break
                q = s + len(lst.sep)
            done[where] = edits[-1][2]
        for where, k, r, made in reversed(edits):
            lst = self.lists[where]
            items = []
            for chunk in made:
                if b"\t" in chunk or b"\r" in chunk:
                    return None
                try:
                    text = chunk.decode("utf-8")
                except UnicodeDecodeError:
                    return None
                item = _one_item(lst.indent, text, path)
                if item is _BAD:
                    return None
                items.append(item)
            lst.replace(k, r, made, items)
        delta = 0  # how much longer the new version is, up to the list
        changed = {n for n, *_ in edits}
        for n, (lst, st) in enumerate(zip(self.lists, starts)):
            lst.first = st[0] + delta
            if n in changed:
                delta += sum(map(len, lst.chunks)) + len(lst.sep) * (len(lst.chunks) - 1) - (st[-1] - st[0])
        self.raw = new
        data = dict(self.template)
        for lst in self.lists:
            data[lst.key] = lst.entries()
        return data


class _List:
    def __init__(self, key: str, indent: str, sep: bytes, first: int, chunks: list, items: list):
        self.key, self.indent, self.sep, self.first, self.chunks, self.items = key, indent, sep, first, chunks, items
        self.widths = [len(chunk) + len(sep) for chunk in chunks]  # each entry with the separator before it
        self.ids: dict | None = None  # the entries by id, kept up to date through edits; None while two share one
        self.given = None  # the by-id dict handed out with the last version
        self.changed: set = set()  # ids whose entries differ from the last version handed out
        self.brought: list = []  # entries the edits since then brought in

    def replace(self, k: int, r: int, chunks: list, items: list) -> None:
        """Entries k to r-1 replaced by `items` (their texts `chunks`)."""
        for item in self.items[k:r]:
            if describe._has_id(item):
                self.changed.add(item["id"])
                if self.ids is not None and self.ids.get(item["id"]) is item:
                    del self.ids[item["id"]]
        self.chunks[k:r] = chunks
        self.widths[k:r] = [len(chunk) + len(self.sep) for chunk in chunks]
        self.items[k:r] = items
        self.brought += items

    def entries(self) -> describe.Entries:
        """This version's entries, with what describe.py needs of them (describe.Entries)."""
        for item in self.brought:  # indexed once every edit is done, so an entry that moved is not taken twice
            if describe._has_id(item):
                self.changed.add(item["id"])
            self._index(item)
        if self.ids is None:  # two entries shared an id: index them all again, in case they no longer do
            self.ids = {}
            for item in self.items:
                self._index(item)
        by_id = dict(self.ids) if self.ids is not None else None
        since = (self.given, frozenset(self.changed)) if self.given is not None and by_id is not None else None
        self.given, self.changed, self.brought = by_id, set(), []
        return describe.Entries(self.items, by_id, since)

    def _index(self, item) -> None:
        if self.ids is None or not describe._has_id(item):
            return
        if item["id"] in self.ids and self.ids[item["id"]] is not item:
            self.ids = None  # two entries share an id: describe.py reads the list itself, as for any list
        else:
            self.ids[item["id"]] = item

    def starts(self) -> list:
        """Where each entry starts (its separator; the first, its text) and, last, where the list ends."""
        found = list(itertools.accumulate(self.widths, initial=self.first - len(self.sep)))
        found[0] = self.first
        return found


def _common(a: bytes, i: int, b: bytes, j: int) -> int:
    """The length of the common prefix of a[i:] and b[j:], compared a block at a time (bytes compare by memcmp;
    a memoryview compares byte by byte)."""
    n = min(len(a) - i, len(b) - j)
    ma, mb = a, b
    p, step = 0, 1024
    while p < n:
        q = min(p + step, n)
        if ma[i + p:i + q] != mb[j + p:j + q]:
            while q - p > 1:
                mid = (p + q) // 2
                if ma[i + p:i + mid] == mb[j + p:j + mid]:
                    p = mid
                else:
                    q = mid
            return p
        p, step = q, min(step * 2, 1 << 16)
    return n


_BAD = object()
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):[ ]*(#.*)?\Z")  # a top-level field whose value is on the lines below
_FIRST_ITEM = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*( *)- ")  # blank and comment lines, then a list's first entry
_LEFT_EDGE_B = re.compile(rb"\n(?=[^- \n#]|-(?! ))")  # _LEFT_EDGE, on bytes
_LEFT_EDGE = re.compile(r"\n(?=[^- \n#]|-(?! ))")  # a line at the left edge (not a comment or '- '): a field, '---'


def _split(raw: bytes):
    """(the file without its top-level block lists, {list's key: [each entry's text, without its '- ']}) or None
    when the file is not laid out that way (flow style, tabs): then it is read whole. Works on
    the whole text at once (str.split, re): a file of thousands of entries is cut up in milliseconds."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\t" in text or "\r" in text or text[:1] == " ":
        return None
    skeleton: list[str] = []
    lists: dict[str, tuple[str, list[str]]] = {}
    firsts: dict[str, int] = {}  # where each list's first entry starts in the text
    at = 0
    for segment in _LEFT_EDGE.split(text):
        start, at = at, at + len(segment) + 1
        first, _, body = segment.partition("\n")
        top = _TOP_KEY.match(first)
        item = _FIRST_ITEM.match(body) if top else None
        if not item:
            skeleton.append(segment)
            continue
        key, indent = top.group(1), item.group(1)
        if key in lists:
            return None
        lists[key] = (indent, body[item.end():].split("\n" + indent + "- "))
        firsts[key] = start + len(first) + 1 + item.end()
        skeleton.append(f"{key}: []")
    return ("\n".join(skeleton) + "\n", lists, firsts) if lists else None


def _one_item(indent: str, chunk: str, path: str):
    loaded = load_text(f"{indent}- {chunk}\n".encode(), path)
    if loaded.problems or not isinstance(loaded.data, list) or len(loaded.data) != 1:
        return _BAD
    return loaded.data[0]


def link(change: Change, directory, pathways=()) -> str:
    """Site-relative address of what changed, or "" when it no longer exists (a removed service has no page)."""
    if change.kind == "service" and change.key in directory.by_id:
        return directory.by_id[change.key].url
    if change.kind == "pathway" and change.key in {p.id for p in pathways}:
        return urls.pathway(change.key).url
    if change.kind == "situation" and change.key in {x.id for x in directory.situations}:
        return urls.situation(change.key)
    return ""
