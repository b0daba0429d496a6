"""The Content-Security-Policy allows exactly the inline scripts a page was built with, and nothing remote."""
import base64
import hashlib
import re

from earlyhelp.csp import policy, with_policy

PAGE = '<!doctype html><html><head><meta charset="utf-8"><script>ours()</script><script src="a.js"></script>' \
       '<script type="application/json">{"a": 1}</script></head><body></body></html>'


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_policy_hashes_each_inline_script_and_names_no_other_origin():
    rules = dict(rule.split(" ", 1) for rule in policy(PAGE).split("; "))
    assert rules["default-src"] == "'self'"
    assert rules["script-src"].split() == ["'self'", *sorted([sha("ours()"), sha('{"a": 1}')])]
    assert "unsafe-inline" not in rules["script-src"] and "*" not in policy(PAGE) and "http" not in policy(PAGE)
    assert rules["object-src"] == "'none'"


def test_policy_goes_right_after_the_charset():
    out = with_policy(PAGE)
    assert out.startswith('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert out.count("Content-Security-Policy") == 1


def test_a_script_slipped_into_the_finished_page_is_not_allowed_by_its_policy():
    page = with_policy(PAGE)
    tampered = page.replace("<body>", "<body><script>alert(1)</script>")
    allowed = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', tampered).group(1)
    assert sha("ours()") in allowed  # the page's own script is allowed by its hash...
    assert sha("alert(1)") not in allowed and "unsafe-inline" not in allowed.split("script-src", 1)[1].split(";")[0]


def test_changing_one_character_of_a_script_changes_what_is_allowed():
    assert sha("ours()") in policy(PAGE) and sha("ours();") not in policy(PAGE)
    assert sha("ours();") in policy(PAGE.replace("ours()", "ours();"))
