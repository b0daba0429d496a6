"""Our theme overrides copy parts of Material, and guide.js relies on how Material's bundle loads the search
index. These tests fail when the installed Material changes those parts, so an upgrade cannot break them silently:
re-copy the part named in the message, keep our change, and run the suite again."""
import re
from pathlib import Path

import material

from .conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"


def without_comments(template: str) -> str:
    return re.sub(r"\{#-?.*?-?#\}\s*", "", template, flags=re.S)


def block(template: str, name: str) -> str:
    """The text of `{% block name %}…{% endblock %}`, nested blocks included, without indentation."""
    start = template.index("{% block " + name + " %}")
    depth, pos = 0, start
    for tag in re.finditer(r"\{%-?\s*(block|endblock)\b[^%]*%\}", template[start:]):
        depth += 1 if tag.group(1) == "block" else -1
        if depth == 0:
            pos = start + tag.end()
            break
    return "\n".join(line.strip() for line in template[start:pos].splitlines() if line.strip())


def test_our_search_partial_is_materials_with_only_the_dialog_name_added():
    theirs = without_comments((MATERIAL / "partials" / "search.html").read_text(encoding="utf-8"))
    ours = without_comments((OVERRIDES / "partials" / "search.html").read_text(encoding="utf-8"))
    named = theirs.replace('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1)
    assert named != theirs, "Material's search dialog markup changed: re-copy partials/search.html"
    assert ours == named, "Material's partials/search.html changed: re-copy it into overrides/partials/search.html"


def test_our_container_block_is_materials_with_only_the_skip_link_target_and_draft_notice_added():
    theirs = block((MATERIAL / "base.html").read_text(encoding="utf-8"), "container")
    ours = block((OVERRIDES / "main.html").read_text(encoding="utf-8"), "container")
    article = '<article class="md-content__inner md-typeset">'
    theirs = theirs.replace(article, '<div id="eh-content" tabindex="-1"></div>\n' + article)
    end_of_content = "{% endblock %}\n</article>"
    assert end_of_content in theirs, "Material's article changed: re-copy the container block into overrides/main.html"
    assert ours == theirs.replace(end_of_content, '{% endblock %}\n{% include "partials/draft.html" %}\n</article>'), (
        "Material's container block (base.html) changed: re-copy it into overrides/main.html")


def test_the_blocks_we_fill_still_exist_in_materials_base_template():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    for name in ("announce", "scripts", "container", "content", "extrahead"):
        assert "{% block " + name + " %}" in base, f"Material's base.html has no '{name}' block any more"


def test_materials_bundle_still_loads_the_search_index_with_xmlhttprequest():
    # guide.js holds the index back by wrapping XMLHttpRequest; if the bundle moved to fetch(), it would not.
    bundle = next((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "search_index.json" in bundle and "XMLHttpRequest" in bundle
    assert "XMLHttpRequest" in (ROOT / "docs" / "assets" / "guide.js").read_text(encoding="utf-8")


def material_partial(name: str) -> str:
    """Material's partial without the "automatically generated" comment it starts with."""
    return without_comments((MATERIAL / "partials" / name).read_text(encoding="utf-8"))


def test_our_nav_item_is_materials_with_no_empty_tabindex_and_the_toc_toggle_only_beside_its_label():
    theirs = material_partial("nav-item.html")
    ours = without_comments((OVERRIDES / "partials" / "nav-item.html").read_text(encoding="utf-8"))
    toggle = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
    moved = theirs.replace("      " + toggle, "", 1)
    moved = moved.replace("      {% if toc %}\n", "      {% if toc %}\n        " + toggle, 1)
    expected = moved.replace('tabindex="{{ tabindex }}"', '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}')
    assert moved != theirs and expected.count("{% if tabindex %}") == 2, (
        "Material's partials/nav-item.html changed: re-copy it into overrides/partials/nav-item.html")
    assert ours == expected, "Material's partials/nav-item.html changed: re-copy it, keeping our two changes"


def test_our_palette_is_materials_in_a_div_rather_than_a_form():
    theirs = material_partial("palette.html")
    ours = without_comments((OVERRIDES / "partials" / "palette.html").read_text(encoding="utf-8"))
    assert theirs.count("<form ") == 1, "Material's palette is no longer a form: drop overrides/partials/palette.html"
    assert ours == theirs.replace("<form ", "<div ").replace("</form>", "</div>"), (
        "Material's partials/palette.html changed: re-copy it into overrides/partials/palette.html")
