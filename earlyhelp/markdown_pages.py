"""A Python-Markdown extension (no MkDocs: any builder that renders Python-Markdown can load it; hooks.py adds
it for MkDocs) that passes a generated page's body through as one block of HTML without parsing it.

Markdown already leaves a raw HTML block as it is, so the output is the same without this extension
(tests/test_generate.py checks that page by page); it only saves the HTML parser's walk over every tag, which
made the restructured build about 3 ms per generated page slower.
"""
from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPENING = '<div class="eh-generated">'  # generate.py writes every generated page's body inside this
CLOSING = "</div>"


class _WholeBody(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
        if first is None or lines[first] != OPENING or lines[last] != CLOSING:
            return lines  # a hand-written page, or anything else: Markdown as usual
        return [self.md.htmlStash.store("\n".join(lines[first:last + 1]))]


class GeneratedPages(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before the raw HTML blocks are parsed (20).
        md.preprocessors.register(_WholeBody(md), "earlyhelp_generated_pages", 25)


def makeExtension(**kwargs) -> GeneratedPages:  # noqa: N802 (Python-Markdown's name)
    return GeneratedPages(**kwargs)
