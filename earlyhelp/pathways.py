"""Decision pathways: YAML files in pathways/, checked like services.yaml, modelled as small records.

A pathway is a graph of question steps ending in outcomes. Checks: every branch leads to a step or outcome,
no cycles, everything reachable, every step offers the immediate-risk exit, and services and guidance pages
named by outcomes exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import rules as rule_files
from . import urls
from .load import load
from .model import Directory
from .problems import Problem
from .schema_errors import Context, closest, dotted, schema_problems
from .schemas import pathway_schema

MAX_ROUTES = 200  # every route gets its own page, so a pathway must stay a small tree


@dataclass(frozen=True)
class Answer:
    answer: str
    hint: str
    next: str


@dataclass(frozen=True)
class Step:
    id: str
    question: str
    help: str
    exit: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    body: str
    services: tuple[str, ...]
    guides: tuple[str, ...]
    immediate_risk: bool
    rules: tuple[str, ...] = ()  # ids of rules/ID.md, shown after the body
    lines: tuple[str, ...] = ()  # ids of national lines (situations.yaml), offered before the services' numbers


@dataclass(frozen=True, eq=False)
class Pathway:
    id: str
    title: str
    summary: str
    order: int
    start: str
    steps: dict
    outcomes: dict

    def node(self, node_id: str) -> Step | Outcome:
        return self.steps.get(node_id) or self.outcomes[node_id]

    def routes(self) -> Iterator[tuple[tuple[int, ...], Step | Outcome]]:
        """Every route from the start, as the answer numbers chosen (1-based) and where it arrives."""
        pending = [((), self.steps[self.start])]
        while pending:
            trail, node = pending.pop(0)
            yield trail, node
            if isinstance(node, Step):
                pending += [(trail + (n,), self.node(a.next)) for n, a in enumerate(node.answers, 1)]

    def trail(self, route: tuple[int, ...]) -> list[tuple[tuple[int, ...], Step, Answer]]:
        """The questions asked and answers given along a route, each with the route of its own page."""
        node, out = self.steps[self.start], []
        for depth, number in enumerate(route):
            answer = node.answers[number - 1]
            out.append((route[:depth], node, answer))
            node = self.node(answer.next)
        return out


def _label(data, path) -> str:
    owner = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else "pathway"
    return f"{owner} → {dotted(path)}" if path else owner


def check(path: Path, directory: Directory | None, docs_dir: Path | None) -> tuple[object, list[Problem]]:
    """The file's data and every problem in it; services and guides are checked when given."""
    loaded = load(path)
    if loaded.problems:
        return None, list(loaded.problems)
    ctx = Context(loaded, _label, "'id:', 'title:', 'start:', 'steps:' and 'outcomes:'")
    found = list(schema_problems(ctx, pathway_schema()))
    if not found:  # the graph checks assume the shape is right
        found = list(_graph_problems(ctx, loaded.data, Path(path).stem, directory, docs_dir))
    return loaded.data, found


def _graph_problems(ctx, data, stem, directory, docs_dir) -> Iterator[Problem]:
    steps, outcomes = data["steps"], data["outcomes"]
    nodes = set(steps) | set(outcomes)
    if data["id"] != stem:
        yield ctx.problem(["id"], f"the id '{data['id']}' differs from the file name '{stem}.yaml'",
                          f"id: {stem}, or rename the file")
    for both in sorted(set(steps) & set(outcomes)):
        yield ctx.problem(["outcomes", both], f"'{both}' is both a step and an outcome", "a different id for each")
    if data["start"] not in steps:
        yield ctx.problem(["start"], f"'{data['start']}' is not a step{closest(data['start'], steps)}",
                          "the id of the first step")
        return
    broken = []
    for sid, step in steps.items():
        for n, answer in enumerate(step["answers"]):
            if answer["next"] not in nodes:
                broken.append(ctx.problem(["steps", sid, "answers", n, "next"], f"'{answer['next']}' is not a step "
                                          f"or outcome{closest(answer['next'], nodes)}",
                                          "the id of a step or outcome in this file"))
        exit_id = step["exit"]
        if not outcomes.get(exit_id, {}).get("immediate_risk"):
            yield ctx.problem(["steps", sid, "exit"], f"'{exit_id}' is not an outcome marked immediate_risk: true",
                              "the id of this pathway's immediate-risk outcome (999, the ICRT, out of hours)")
    broken += _cycles(ctx, steps)
    yield from broken
    reached = _reachable(data["start"], steps) | {s["exit"] for s in steps.values()}
    for kind, group in (("steps", steps), ("outcomes", outcomes)):
        for node_id in group:
            if node_id not in reached:
                yield ctx.problem([kind, node_id], f"'{node_id}' is never reached from the start",
                                  "an answer whose next is this id, or remove it")
    for oid, outcome in outcomes.items():
        yield from _outcome_problems(ctx, oid, outcome, directory, docs_dir)
    if not broken:  # only a finite, fully linked graph can be walked
        routes = [urls.pathway(data["id"], route) for route, _ in _pathway(data).routes()]
        if len(routes) > MAX_ROUTES:
            yield ctx.problem(["steps"], f"the pathway has {len(routes)} routes", f"at most {MAX_ROUTES}: fewer "
                              "questions")
        exits = sorted({s["exit"] for s in steps.values()})
        exit_pages = {urls.pathway_exit(data["id"], e): e for e in exits}
        for other, page in urls.clashes([*routes, *exit_pages]):
            exit_id = exit_pages[page]  # routes never clash with each other: each is a different answer list
            yield ctx.problem(["outcomes", exit_id], f"the id '{exit_id}' would publish this exit at /{page.url}, "
                              f"the address of {other.title}, and one would replace the other",
                              f"another id, e.g. '{exit_id}-now'")


def _cycles(ctx, steps) -> list[Problem]:
    state: dict[str, str] = {}  # step id -> "open" while on the current route, "done" after

    def visit(sid, route):
        state[sid] = "open"
        for n, answer in enumerate(steps[sid]["answers"]):
            nxt = answer["next"]
            if state.get(nxt) == "open":
                loop = " → ".join(route[route.index(nxt):] + [sid, nxt]) if nxt in route else f"{sid} → {nxt}"
                yield ctx.problem(["steps", sid, "answers", n, "next"], f"this answer leads back to '{nxt}' ({loop})",
                                  "a later step or an outcome: a pathway must always move forward")
            elif nxt in steps and nxt not in state:
                yield from visit(nxt, route + [sid])
        state[sid] = "done"

    return [problem for sid in steps if sid not in state for problem in visit(sid, [])]


def _reachable(start, steps) -> set:
    seen, pending = set(), [start]
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending += [a["next"] for a in steps.get(node, {}).get("answers", [])]
    return seen


def _outcome_problems(ctx, oid, outcome, directory, docs_dir) -> Iterator[Problem]:
    if directory is not None:
        known = directory.by_id
        for n, sid in enumerate(outcome.get("services", [])):
            if sid not in known:
                yield ctx.problem(["outcomes", oid, "services", n], f"'{sid}' is not the id of a service in "
                                  f"services.yaml{closest(sid, known)}", "the id of a service in services.yaml")
        lines = {line.id for line in directory.lines}
        for n, lid in enumerate(outcome.get("lines", [])):
            if lid not in lines:
                yield ctx.problem(["outcomes", oid, "lines", n], f"'{lid}' is not a line in situations.yaml"
                                  f"{closest(lid, lines)}", "the id of an entry under 'lines:' in situations.yaml")
        if outcome.get("immediate_risk"):
            missing = [s.id for s in directory.immediate_risk if s.id not in outcome.get("services", [])]
            if missing:
                yield ctx.problem(["outcomes", oid, "services"], "the immediate-risk outcome leaves out "
                                  + ", ".join(missing), "every service of immediate_risk in services.yaml")
    known_rules = rule_files.ids()
    for n, rule_id in enumerate(outcome.get("rules", [])):
        if rule_id not in known_rules:
            yield ctx.problem(["outcomes", oid, "rules", n], f"'{rule_id}' is not a rule in rules/"
                              f"{closest(rule_id, known_rules)}", "the name of a file in rules/ without '.md', "
                              "e.g. 'telling-parents'")
    if docs_dir is not None:
        for n, guide in enumerate(outcome.get("guides", [])):
            if not (docs_dir / guide).is_file():
                yield ctx.problem(["outcomes", oid, "guides", n], f"there is no page docs/{guide}",
                                  "the path of a page in docs/, e.g. 'escalation.md'")


def _pathway(data) -> Pathway:
    steps = {sid: Step(sid, s["question"], s.get("help", ""), s["exit"],
                       tuple(Answer(a["answer"], a.get("hint", ""), a["next"]) for a in s["answers"]))
             for sid, s in data["steps"].items()}
    outcomes = {oid: Outcome(oid, o["title"], o["body"], tuple(o.get("services", ())), tuple(o.get("guides", ())),
                             o.get("immediate_risk", False), tuple(o.get("rules", ())), tuple(o.get("lines", ())))
                for oid, o in data["outcomes"].items()}
    return Pathway(data["id"], data["title"], data["summary"], data["order"], data["start"], steps, outcomes)


def read_all(folder: Path, directory: Directory | None, docs_dir: Path | None) -> tuple[list, list]:
    """(pathways in order, problems) for every *.yaml file in the folder; any other file in it (a pathway saved
    as .yml, say) is a problem too, since it would silently not be read. Hidden files (.gitkeep) are left alone."""
    pathways, found = [], []
    files = sorted(p for p in Path(folder).iterdir() if not p.name.startswith("."))
    for path in files:
        if path.suffix != ".yaml" or not path.is_file():
            found.append(Problem(str(path), 1, 1, "", "this is not read as a pathway: only files ending in '.yaml' "
                                 "are", f"{path.with_suffix('.yaml').name} (rename it)" if path.suffix == ".yml" else
                                 "only pathway files ending in '.yaml' in this folder (rename it, or move it out)"))
    for path in (p for p in files if p.suffix == ".yaml" and p.is_file()):
        data, file_problems = check(path, directory, docs_dir)
        found += file_problems
        if not file_problems:
            pathways.append(_pathway(data))
    return sorted(pathways, key=lambda p: (p.order, p.id)), found
