"""Every guidance text readers meet, and the worklist's questions from them: read from the files and the
pathways, nothing rendered (data layer: the check command counts the questions without the site's modules)."""
from __future__ import annotations

from pathlib import Path

from . import rules, urls, worklist
from .model import Directory
from .settings import Settings

# Pages about the guide itself: they describe the "to be confirmed" mark, they leave no question open.
ABOUT_THE_GUIDE = {"about.md", "editing.md", "open-data.md", "accessibility.md"}


def open_questions(directory: Directory, settings: Settings, pathways=(), docs_dir: Path | None = None):
    """The worklist's questions: from the services, the site settings and every guidance text readers meet."""
    return worklist.questions(directory, settings, guidance_texts(pathways, docs_dir))


def guidance_texts(pathways=(), docs_dir: Path | None = None) -> list[worklist.Guidance]:
    """Every guidance text readers meet: hand-written pages, pathway outcomes and rules (shown where used)."""
    texts, shown_at = [], {}
    for pathway in pathways:
        seen = set()
        for route, node in pathway.routes():
            if not hasattr(node, "answers") and node.id not in seen:
                seen.add(node.id)
                texts.append(worklist.Guidance(urls.pathway(pathway.id, route).url, node.title, node.body))
                for r in node.rules:
                    shown_at.setdefault(r, urls.pathway(pathway.id, route).url)
    if docs_dir:
        for path in sorted(Path(docs_dir).rglob("*.md")):
            src = path.relative_to(docs_dir).as_posix()
            if src not in ABOUT_THE_GUIDE:
                text = path.read_text(encoding="utf-8")
                texts.append(worklist.Guidance(urls.guide(src).url, markdown_title(path), text))
                for r in rules.ids():
                    if f'rule("{r}")' in text or f"rule('{r}')" in text:
                        shown_at[r] = urls.guide(src).url
    for r in rules.ids():
        # Quoted nowhere else: a rule is stated once (tests/test_rules.py), so the worklist points at it.
        texts.append(worklist.Guidance(shown_at.get(r, ""), f"The rule in rules/{r}.md", rules.load(r).body, quote=False))
    return texts


def markdown_title(path: Path) -> str:
    """A guidance page's first '# ' heading, as MkDocs would title it."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()
