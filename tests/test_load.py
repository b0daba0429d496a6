"""The strict loader: YAML 1.1 traps, duplicate keys, aliases and hostile input."""
import yaml

from earlyhelp.load import _depth_bound, load, load_text

from .conftest import FIXTURES, ROOT


def test_scalars_follow_yaml_1_2_so_times_dates_and_leading_zeros_stay_text():
    loaded = load_text("a: 09:00\nb: 2024-01-05\nc: 01914980000\nd: no\ne: 12\nf: true\ng: ~\n", "t.yaml")
    assert loaded.data == {"a": "09:00", "b": "2024-01-05", "c": "01914980000", "d": "no", "e": 12, "f": True,
                           "g": None}
    assert loaded.problems == [] and loaded.issues == []


def test_positions_are_one_based_lines_and_columns():
    loaded = load_text("services:\n  - id: x\n    name: y\n", "t.yaml")
    assert loaded.where(("services", 0, "name")) == (3, 5)
    assert loaded.where(("services", 0, "missing")) == (2, 5)


def test_duplicate_keys_are_reported_not_silently_dropped():
    loaded = load_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert loaded.data == {"a": 1, "b": 2}
    assert loaded.issues == [(("a (again)",), "'a' appears twice (first on line 1)",
                              "each field once (YAML would silently keep only the last)")]


def test_alias_bomb_fails_fast_with_one_message():
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    loaded = load_text("\n".join(rows) + "\n", "bomb.yaml")
    # Never expanded (that would be 9**9 strings): each alias is refused where it stands.
    assert loaded.data["i"] == [None] * 9 and loaded.data["b"] == [None] * 9
    assert [message for _, message, _ in loaded.issues] == ["anchors and aliases (&name, *name) are not allowed"]


def test_absurd_nesting_is_refused_before_libyaml_recurses():
    loaded = load_text("[" * 100_000, "deep.yaml")
    assert [str(p) for p in loaded.problems] == [
        "deep.yaml:1:51: the data is nested more than 50 levels deep; expected a flatter structure"]


def test_deep_block_nesting_is_refused_too():
    text = "".join(" " * depth + f"k{depth}:\n" for depth in range(60)) + " " * 60 + "leaf\n"
    loaded = load_text(text, "indented.yaml")
    assert [str(p) for p in loaded.problems] == [
        "indented.yaml:51:51: the data is nested more than 50 levels deep; expected a flatter structure"]


def test_the_quick_depth_bound_never_undercounts():
    """Below the bound the event scan is skipped, so the bound must be at least the real depth."""
    samples = ["a: 1\n", "- - - [x, {y: [z]}]\n", "a:\n  b:\n    - c: [1, [2]]\n", "? [a]\n: b\n",
               (ROOT / "services.yaml").read_text(encoding="utf-8")]
    for text in samples:
        depth = deepest = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        assert _depth_bound(text) >= deepest, text[:40]


def test_syntax_error_names_line_and_column():
    loaded = load_text("services:\n  - id: x\n   name: [1, 2\n", "t.yaml")
    assert len(loaded.problems) == 1
    assert str(loaded.problems[0]).startswith("t.yaml:3:")
    assert "YAML syntax error" in loaded.problems[0].message


def test_empty_and_comment_only_files():
    for text in ("", "   \n", "# yaml-language-server: $schema=x\n# nothing else\n"):
        assert [p.message for p in load_text(text, "e.yaml").problems] == ["the file is empty"]


def test_python_tags_are_refused_not_constructed():
    loaded = load_text("a: !!python/object/apply:os.system ['true']\n", "t.yaml")
    assert loaded.data == {"a": None}
    assert [message for _, message, _ in loaded.issues] == [
        "the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"]


def test_text_that_is_not_utf8():
    loaded = load_text(b"a: \xff\xfe\n", "t.yaml")
    assert [p.message for p in loaded.problems] == ["the file is not UTF-8 text (byte 3)"]


def test_a_missing_closing_quote_is_reported_where_the_quote_opened():
    # The name on line 6 lacks its closing quote; YAML only gives up at line 19, where nothing is wrong.
    assert [str(p) for p in load(FIXTURES / "unclosed-quote.yaml").problems] == [
        f"{FIXTURES / 'unclosed-quote.yaml'}:6:11: YAML syntax error: the quoted text that starts here is never "
        "closed (YAML stopped at line 19, column 17: while parsing a block mapping did not find expected key); "
        "expected the closing quote at the end of the text"]


def test_an_unclosed_bracket_is_reported_where_it_opened():
    loaded = load_text("services:\n  - id: x\n    levels: [1, 2\n    name: y\n", "t.yaml")
    assert [str(p) for p in loaded.problems] == [
        "t.yaml:3:13: YAML syntax error: the list that opens with '[' here is never closed (YAML stopped at line 4, "
        "column 9: while parsing a flow sequence did not find expected ',' or ']'); expected a ']' to close it"]


def test_a_quote_left_open_to_the_end_of_the_file_is_reported_where_it_opened():
    loaded = load_text("services:\n  - id: x\n    name: 'y\n    summary: z\n", "t.yaml")
    assert [(p.line, p.column) for p in loaded.problems] == [(3, 11)]
    assert "the quoted text that starts here is never closed" in loaded.problems[0].message


# --- hostile text in GitHub annotations: the runner reads every output line that starts with '::' as a command

INJECTED = "bad\n::error file=evil.yaml,line=1::injected\r\n::add-mask::x"


def commands_in(output: str) -> list[str]:
    """The workflow commands a GitHub runner would find: lines starting '::' (after a CR or LF)."""
    return [line for line in output.replace("\r", "\n").split("\n") if line.lstrip().startswith("::")]


def test_workflow_commands_escape_messages_and_properties_as_github_requires():
    from earlyhelp.github import workflow_command
    assert workflow_command("error", "50% a\r\nb", file="a,b:c.yaml", line=3, col=None) == (
        "::error file=a%2Cb%3Ac.yaml,line=3::50%25 a%0D%0Ab")
    assert workflow_command("warning", "x") == "::warning::x"


def test_a_newline_in_the_data_cannot_write_a_second_annotation(tmp_path, monkeypatch, capsys):
    from earlyhelp.cli import main
    services = tmp_path / "s,1:x.yaml"
    services.write_text(f'immediate_risk: []\nservices:\n  - id: "{INJECTED.encode("unicode_escape").decode()}"\n',
                        encoding="utf-8")
    assert main(["check", str(services), "--format", "github", "--pathways", str(tmp_path)]) == 1
    output = capsys.readouterr().out
    found = commands_in(output)
    assert found and all(c.startswith(f"::error file={str(services).replace(',', '%2C').replace(':', '%3A')},")
                         for c in found), found
    assert "injected" in output and "%0A::error file=evil.yaml" in output  # shown, as data


def test_a_servers_reason_phrase_cannot_write_a_second_annotation(tmp_path):
    from .test_workflows import link_checker
    checker = link_checker()
    services = tmp_path / "services.yaml"
    services.write_text("url: https://example.org/gone\n")
    lines = checker.report([checker.Result("https://example.org/gone", 404, INJECTED)],
                           {"https://example.org/gone": {"services.yaml: icrt"}}, services, github=True)
    found = commands_in("\n".join(lines))
    assert len(found) == 1 and found[0].startswith(f"::error file={services.as_posix()},line=1,title=Link broken::")
