"""A rule stated on several pages is written once (rules/ID.md) and every page shows that one wording.

The check reads every built page: outside the rendered rule blocks, no sentence may state the rule on telling
parents about a referral (the old phrasings, "tell the parents unless...", or any other wording of it); and every
rule block on every page is exactly what earlyhelp.rules renders, so nobody can paste and edit a copy.
"""
import html
import re
import shutil
from pathlib import Path

import pytest

from earlyhelp import InvalidData, generate, read_directory, rules
from earlyhelp.cli import main
from earlyhelp.pathways import read_all
from earlyhelp.render import rule_html

from .conftest import FIXTURES, ROOT, TODAY

RULE_BLOCK = re.compile(r'<div class="admonition abstract eh-rule" data-rule="([a-z0-9-]+)">.*?</div>', re.S)

# Ways of stating when to tell parents or carers about a referral or concern. Only the rule may say this.
TELLING_PARENTS = [
    re.compile(r"\b(tell|telling|told|inform|informing|informed|warn|warning)\s+(the\s+)?(parents?|carers?)\b", re.I),
    re.compile(r"\bunless\b[^.;]{0,80}\b(raises?|increases?|greater|put|puts|place|places)\b[^.;]{0,40}\b(risk|harm)", re.I),
    re.compile(r"\bparents?\b[^.;]{0,30}\b(know|knows|are told|be told)\b[^.;]{0,40}\breferral", re.I),
]


def page_text(markup: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def stray_statements(markup: str) -> list[str]:
    """Sentences about telling parents that are not inside a rendered rule block."""
    text = page_text(RULE_BLOCK.sub(" ", markup))
    return [m.group(0) for pattern in TELLING_PARENTS for m in pattern.finditer(text)]


def test_every_rule_file_has_a_title_a_body_and_its_sources():
    assert "telling-parents" in rules.ids() and "consent-early-help" in rules.ids()
    for rule_id in rules.ids():
        rule = rules.load(rule_id)
        assert rule.title and rule.body.strip()
        assert "*Sources:*" in rule.body, f"rules/{rule_id}.md names no sources"


def test_the_telling_parents_rule_cites_the_national_advice_and_its_exceptions():
    body = rules.load("telling-parents").body
    assert "Information sharing" in body and "May 2024" in body and "Working" in body and "2023" in body
    assert "police investigation" in body and "suspected of harming the child" in body
    assert "to be confirmed by the partnership" in body
    assert "Durham" not in body  # another area's rule is never the content of this one


def test_the_check_finds_old_wordings_and_ignores_the_rule_block():
    old = ("<p>Tell parents about a referral unless that would increase the risk to the child.</p>"
           "<p>Consent: not needed to refer; tell parents unless that raises the risk.</p>")
    assert len(stray_statements(old)) >= 2
    assert stray_statements(str(rule_html("telling-parents"))) == []


def rules_shown(site) -> dict[str, set[str]]:
    """rule id -> the built pages (paths in the site) that show its block."""
    shown: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        for block in RULE_BLOCK.finditer(page.read_text(encoding="utf-8")):
            shown.setdefault(block.group(1), set()).add(page.relative_to(site).as_posix())
    return shown


def pages_where(site, find) -> dict:
    """{built page: what find(its markup) found}, for every page where it found something."""
    found = {page.relative_to(site).as_posix(): find(page.read_text(encoding="utf-8"))
             for page in sorted(site.rglob("*.html"))}
    return {page: hits for page, hits in found.items() if hits}


def test_no_page_words_the_telling_parents_rule_differently(shipped_site):
    assert pages_where(shipped_site, stray_statements) == {}, \
        "state the rule with rule('telling-parents') or `rules: [telling-parents]` instead"


def test_every_rule_block_is_the_one_rendering_of_its_file(shipped_site):
    schedules = read_directory(ROOT / "services.yaml").schedules  # rules read opening times from the data
    expected = {rule_id: str(rule_html(rule_id, schedules=schedules)).strip() for rule_id in rules.ids()}
    for page in shipped_site.rglob("*.html"):
        for block in RULE_BLOCK.finditer(page.read_text(encoding="utf-8")):
            assert block.group(0).strip() == expected[block.group(1)], page
    shown = rules_shown(shipped_site)
    # The rule is where readers decide about a referral: the levels, the referral checklist and the pathways.
    assert {"levels/index.html", "levels/4/index.html", "referral-checklist/index.html"} <= shown["telling-parents"]
    assert any(p.startswith("pathways/school-concern/") for p in shown["telling-parents"])
    assert any(p.startswith("pathways/consent-withheld/") for p in shown["telling-parents"])
    assert "levels/2/index.html" in shown["consent-early-help"]


def test_a_pathway_naming_an_unknown_rule_gets_an_exact_message(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    source = (FIXTURES / "pathways" / "worry.yaml").read_text(encoding="utf-8")
    marked = source.replace("    body: Phone the front door team.\n",
                            "    body: Phone the front door team.\n    rules: [telling-parent]\n")
    assert marked != source
    (tmp_path / "worry.yaml").write_text(marked, encoding="utf-8")
    directory = read_directory(FIXTURES / "valid.yaml", TODAY)
    pathways, problems = read_all(tmp_path, directory, Path("tests/fixtures/docs"))
    assert pathways == []
    assert [p.detail for p in problems] == [
        "worry → outcomes.refer.rules[0]: 'telling-parent' is not a rule in rules/ (did you mean 'telling-parents'?); "
        "expected the name of a file in rules/ without '.md', e.g. 'telling-parents'"]


def test_a_page_naming_an_unknown_rule_fails():
    with pytest.raises(ValueError, match="no rule 'telling-parent'"):
        rules.load("telling-parent")


RULES_BROKEN = FIXTURES / "rules-broken"
BROKEN_RULE_MESSAGES = [
    "rules-broken/empty.md:1:1: the rule file is empty; expected '# Title' on the first line, then the rule",
    "rules-broken/no-title.md:1:1: the first line is not the rule's title; expected '# ' and the title on the first "
    "line, e.g. '# Telling parents about a referral', then the rule",
    "rules-broken/title-only.md:1:1: the rule has a title but no text; expected the rule's text below the title line",
]


def test_malformed_rule_files_get_exactly_these_messages():
    assert [str(p) for p in rules.problems(RULES_BROKEN)] == BROKEN_RULE_MESSAGES
    assert rules.problems() == []  # the shipped rules


def test_a_malformed_rule_is_a_problem_at_its_line_never_a_traceback():
    with pytest.raises(InvalidData) as raised:
        rules.load("no-title", RULES_BROKEN)
    assert str(raised.value).splitlines()[0] == BROKEN_RULE_MESSAGES[1]
    assert rules.load("fine", RULES_BROKEN).title == "A good rule"


def test_the_check_command_lists_malformed_rules_with_the_data(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(rules, "RULES_DIR", RULES_BROKEN)
    assert main(["check", "tests/fixtures/valid.yaml", "--today", TODAY.isoformat(),
                 "--pathways", "tests/fixtures/pathways"]) == 1
    assert capsys.readouterr().out.splitlines() == BROKEN_RULE_MESSAGES + ["3 problems found."]


def test_editing_a_rule_makes_the_preview_read_again(tmp_path, monkeypatch):
    """`mkdocs serve` reads the content again only when its fingerprint changes: rules/ is part of it."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path / "rules")
    reads = []
    monkeypatch.setattr(generate, "read", lambda *args: reads.append(args) or object())
    monkeypatch.setattr(generate, "_last_read", [None, None])
    project = generate.Project(ROOT)
    generate.content_of(project)
    generate.content_of(project)
    assert len(reads) == 1
    rule = tmp_path / "rules" / "telling-parents.md"
    rule.write_text(rule.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    generate.content_of(project)
    assert len(reads) == 2
