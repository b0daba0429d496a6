"""Read services.yaml strictly: YAML 1.2-style scalars, no duplicate keys, no aliases, positions kept.

PyYAML follows YAML 1.1, where `no` is false, `09:00` is 540 and `2024-01-05` a date object. We compose the
node tree with libyaml (fast, and aliases stay shared nodes, so an alias bomb is never expanded) and build plain
Python values ourselves, recording where each value starts so problems can name a line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 50

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")  # no leading zeros: 01915205560 stays text
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+\Z")
_BOOL = {"true": True, "false": False}
_NULL = {"", "~", "null"}

try:  # libyaml is in PyYAML's wheels; fall back to the pure-Python parser elsewhere
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass
class Loaded:
    filename: str = "services.yaml"
    data: object = None
    positions: dict = field(default_factory=dict)  # path tuple -> (line, column), 1-based
    problems: list = field(default_factory=list)  # fatal: nothing could be read
    issues: list = field(default_factory=list)  # (path, message, expected): read, but wrong in a way YAML hides

    def where(self, path) -> tuple[int, int]:
        """Position of the value at path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def load(path: Path | str) -> Loaded:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Loaded(str(path), problems=[Problem(str(path), 1, 1, "", f"cannot read the file ({err.strerror})",
                                        "a services.yaml file next to mkdocs.yml")])
    return load_text(raw, str(path))


def load_text(raw: bytes | str, filename: str) -> Loaded:
    result = Loaded(filename=filename)

    def problem(line, col, message, expected=""):
        result.problems.append(Problem(filename, line, col, "", message, expected))
        return result

    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BYTES:
        return problem(1, 1, f"the file is {len(raw):,} bytes", f"at most {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return problem(1, 1, f"the file is not UTF-8 text (byte {err.start})", "save it as UTF-8")
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        return problem(1, 1, "the file is empty", "'immediate_risk:' and 'services:' at the top level")
    try:
        too_deep = _first_too_deep(text)
        if too_deep:
            return problem(too_deep.line + 1, too_deep.column + 1,
                           f"the data is nested more than {MAX_DEPTH} levels deep", "a flatter structure")
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        result.problems.append(_syntax_problem(text, err, filename))
        return result
    except (yaml.YAMLError, RecursionError) as err:
        return problem(1, 1, f"YAML syntax error: {err.__class__.__name__}", "valid YAML")

    if node is None:
        return problem(1, 1, "the file is empty", "'immediate_risk:' and 'services:' at the top level")
    _Builder(result, filename).build(node)
    return result


_SYNTAX_HINT = "valid YAML: check the indentation and the ':' after each field name, and quote text containing ': ' or ' #'"
_OPENERS = {"flow sequence": ("the list that opens with '[' here", "a ']' to close it"),
            "flow mapping": ("the group that opens with '{' here", "a '}' to close it"),
            "quoted scalar": ("the quoted text that starts here", "the closing quote at the end of the text")}
_FIELD_LINE = re.compile(r"\n\s*(- )?[A-Za-z_][\w-]*:\s")


def _syntax_problem(text: str, err: yaml.MarkedYAMLError, filename: str) -> Problem:
    """Where YAML stopped is often far below the mistake: for an unclosed bracket or quote, point at where it
    opened and say where parsing stopped."""
    stop = err.problem_mark or err.context_mark
    line, col = (stop.line + 1, stop.column + 1) if stop else (1, 1)
    what = " ".join(x for x in (err.context, err.problem) if x)
    opened = _unclosed(text, err)
    if opened is None:
        return Problem(filename, line, col, "", f"YAML syntax error: {what}", _SYNTAX_HINT)
    (o_line, o_col), (described, fix) = opened
    return Problem(filename, o_line, o_col, "", f"YAML syntax error: {described} is never closed "
                   f"(YAML stopped at line {line}, column {col}: {what})", fix)


def _unclosed(text: str, err: yaml.MarkedYAMLError):
    """((line, column), words) of an opening quote or bracket that was never closed, if that is the cause."""
    context = err.context or ""
    for kind, words in _OPENERS.items():  # an unclosed bracket, or a quote never closed before the file ends
        if kind in context and err.context_mark is not None:
            return (err.context_mark.line + 1, err.context_mark.column + 1), words
    # A missing closing quote is usually "closed" by the next quote in the file, swallowing the fields between:
    # the culprit is the last quoted text before the stop that spans lines holding something like 'field: '.
    stop = err.problem_mark.index if err.problem_mark else len(text)
    culprit = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= stop:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and _FIELD_LINE.search(text, token.start_mark.index, token.end_mark.index)):
                culprit = token
    except yaml.YAMLError:
        pass
    if culprit is None:
        return None
    return (culprit.start_mark.line + 1, culprit.start_mark.column + 1), _OPENERS["quoted scalar"]


def _first_too_deep(text: str):
    """Mark of the first collection nested beyond MAX_DEPTH. libyaml's composer recurses in C and crashes
    the interpreter on absurdly deep input, so depth is checked on the event stream first, unless a quick
    upper bound already shows it cannot be too deep (as for every real file)."""
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


_BLOCK_PREFIX = re.compile(r"^[ \t?-]*", re.M)  # each nested block level takes at least one of these
_BRACKETS = re.compile(r"[\[\]{}]")


def _depth_bound(text: str) -> int:
    """At least the deepest nesting: block levels cannot exceed the longest line prefix of indentation and
    '- ' / '? ' markers, and flow levels the deepest bracket nesting (brackets inside quotes only add)."""
    block = max((len(m.group()) for m in _BLOCK_PREFIX.finditer(text)), default=0)
    flow = deepest = 0
    for bracket in _BRACKETS.finditer(text):
        flow += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, flow)
    return block + deepest + 1


class _Builder:
    def __init__(self, result: Loaded, filename: str):
        self.result = result
        self.filename = filename
        self.seen: set[int] = set()
        self.reported_alias = False

    def issue(self, path, node, message, expected=""):
        self.result.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        self.result.issues.append((path, message, expected))

    def build(self, root):
        self.result.data = self.value(root, ())

    def value(self, node, path):
        self.result.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            # libyaml hands back the anchored node again for each alias: refuse before anything is expanded.
            if not self.reported_alias:  # once is enough: a bomb would repeat it thousands of times
                self.issue(path, node, "anchors and aliases (&name, *name) are not allowed", "each value written out in full")
                self.reported_alias = True
            return None
        self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.issue(path, node, f"the tag {node.tag} is not allowed", "plain values without '!' tags")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node, path):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.issue(path, key_node, "this key is not a plain field name", "a field name such as 'name:'")
                continue
            key = key_node.value
            if key in out:
                first = self.result.positions[path + (key,)]
                self.issue(path + (f"{key} (again)",), key_node, f"'{key}' appears twice (first on line {first[0]})",
                           "each field once (YAML would silently keep only the last)")
                continue
            out[key] = self.value(value_node, path + (key,))
            self.result.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out

    def scalar(self, node):
        text = node.value
        if node.style not in (None, ""):
            return text  # quoted or block text is always text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        return text


# Tags libyaml's resolver gives untagged values (scalars are re-resolved above with YAML 1.2 rules).
_ALLOWED_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
