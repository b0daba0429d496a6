"""Page structure screen readers navigate by: one h1 a page, and heading levels that never skip going down."""
import html.parser


class _Headings(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def heading_levels(text: str) -> list[int]:
    parser = _Headings()
    parser.feed(text)
    return parser.levels


def skips(levels: list[int]) -> list[str]:
    return [f"h{a} then h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]


def test_the_check_catches_a_skipped_level():
    assert skips(heading_levels("<h1>A</h1><h3>B</h3><h2>C</h2><h3>D</h3><h2>E</h2>")) == ["h1 then h3"]


def test_every_page_has_one_h1_and_no_skipped_heading_level(shipped_site):
    problems = {}
    pages = sorted(shipped_site.rglob("*.html"))
    for page in pages:
        levels = heading_levels(page.read_text(encoding="utf-8"))
        found = ([f"{levels.count(1)} h1"] if levels.count(1) != 1 else []) + skips(levels)
        if levels and levels[0] != 1:
            found.append(f"starts at h{levels[0]}")
        if found:
            problems[page.relative_to(shipped_site).as_posix()] = found
    assert problems == {}
    assert len(pages) > 90
