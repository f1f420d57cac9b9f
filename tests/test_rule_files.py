"""A broken rule pack stops every command with exit code 2 and one line naming the file, the rule
and the problem: never a traceback, never a run with the rule silently missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, run_cli

GOOD_RULE = '''
[[rule]]
id = "team/{slug}"
message = "m"
phrases = ["overhyped"]
suggest = ["promising"]
{extra}
[rule.examples]
bad = ["An <<overhyped>> claim.", "Very <<overhyped>>."]
good = ["A careful claim.", "Nothing here."]
'''
PACK_HEAD = '[pack]\ncategory = "team"\n'


def rule(slug: str = "x", extra: str = "") -> str:
    return GOOD_RULE.format(slug=slug, extra=extra)


def examples_replaced(new_examples: str) -> str:
    text = rule()
    return text[:text.index("[rule.examples]")] + new_examples


CASES = {
    # name: (pack text, rule id expected in the message or None, words of the problem)
    "unknown key": (PACK_HEAD + rule(extra="colour = 1"), "team/x", "unknown key(s): colour"),
    "bad regex in a token": (PACK_HEAD + rule().replace('phrases = ["overhyped"]', 'tokens = [{ word = "an" }, { regex = "(over" }]'),
                             "team/x", "bad regex"),
    "an old regular-expression rule": (PACK_HEAD + rule().replace('phrases = ["overhyped"]', 'pattern = "over(hyped)?"'),
                                       "team/x", "'pattern' belongs to the old regular-expression rule format"),
    "a sequence with no anchor": (PACK_HEAD + rule().replace('phrases = ["overhyped"]', 'tokens = [{ class = "copula" }, { skip = 2 }]'),
                                  "team/x", "names no word, lemma or lexicon"),
    "duplicate id in one file": (PACK_HEAD + rule() + rule(), "team/x", "duplicate rule id"),
    "missing examples": (PACK_HEAD + examples_replaced(""), "team/x", "missing [rule.examples]"),
    "too few bad examples": (PACK_HEAD + examples_replaced('[rule.examples]\nbad = ["An <<overhyped>> claim."]\ngood = ["a", "b"]\n'),
                             "team/x", "'examples.bad' needs at least 2"),
    "too few good examples": (PACK_HEAD + examples_replaced('[rule.examples]\nbad = ["<<overhyped>>", "<<overhyped>> x"]\ngood = ["a"]\n'),
                              "team/x", "'examples.good' needs at least 2"),
    "bad example without marks": (PACK_HEAD + examples_replaced('[rule.examples]\nbad = ["<<overhyped>>", "overhyped"]\ngood = ["a", "b"]\n'),
                                  "team/x", "bad example has no <<marked>> words"),
    "unknown lexicon in a sequence": (PACK_HEAD + rule().replace('phrases = ["overhyped"]', 'tokens = [{ lexicon = "no-such-list" }, { word = "works" }]'),
                                      "team/x", "lexicon 'no-such-list', which does not exist"),
    "unknown key in a token spec": (PACK_HEAD + rule().replace('phrases = ["overhyped"]', 'tokens = [{ lemma = "overhype", optinal = true }]'),
                                    "team/x", "unknown key(s) in token spec: optinal"),
    "bad severity": (PACK_HEAD + rule(extra='severity = "fatal"'), "team/x", "severity must be one of info, warning, error"),
    "bad TOML": (PACK_HEAD + rule().replace('suggest = ["promising"]', 'suggest = ["promising"'), None, "invalid TOML"),
    "id outside the pack's category": (PACK_HEAD + rule().replace('"team/x"', '"other/x"'), "other/x", "must start with the pack category"),
    "unknown context": (PACK_HEAD + rule(extra='released_by = ["hedged", "sarcastic"]'), "team/x", "released_by has unknown context"),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def broken(request, tmp_path: Path):
    text, rule_id, problem = CASES[request.param]
    folder = tmp_path / "team-rules"
    folder.mkdir()
    (folder / "team.toml").write_text(text, encoding="utf-8")
    return folder, rule_id, problem


@pytest.mark.parametrize("command", [["check", str(FIXTURES / "clean-article.md")], ["rules"], ["explain", "team/x"]],
                         ids=["check", "rules", "explain"])
def test_a_broken_pack_exits_2_naming_file_rule_and_problem(broken, command):
    folder, rule_id, problem = broken
    result = run_cli(*command, "--rule-path", str(folder))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert str(folder / "team.toml") in message
    if rule_id:
        assert rule_id in message
    assert problem in message
    assert "Traceback" not in result.output


def test_a_rule_error_names_the_line_of_the_rule(tmp_path: Path):
    (tmp_path / "team.toml").write_text(PACK_HEAD + rule("a") + rule("b", extra="colour = 1"), encoding="utf-8")
    result = run_cli("rules", "--rule-path", str(tmp_path))
    text = (tmp_path / "team.toml").read_text()
    line = text[:text.index('"team/b"')].count("\n") + 1
    assert f"team.toml:{line}: rule team/b:" in result.stderr


def test_a_duplicate_of_a_bundled_rule_id_is_refused(tmp_path: Path, ruleset):
    bundled = ruleset.rules[0]
    category, slug = bundled.id.split("/")
    (tmp_path / "mine.toml").write_text(f'[pack]\ncategory = "{category}"\n' + rule().replace("team/x", bundled.id),
                                        encoding="utf-8")
    result = run_cli("check", "--rule-path", str(tmp_path), str(FIXTURES / "clean-article.md"))
    assert result.exit_code == 2
    assert bundled.id in result.stderr and "duplicate rule id" in result.stderr and "mine.toml" in result.stderr


def test_a_missing_rule_folder_exits_2(tmp_path: Path):
    result = run_cli("check", "--rule-path", str(tmp_path / "nope"), str(FIXTURES / "clean-article.md"))
    assert result.exit_code == 2
    assert str(tmp_path / "nope") in result.stderr and "does not exist" in result.stderr


def test_a_valid_team_pack_loads_and_flags(tmp_path: Path):
    (tmp_path / "team.toml").write_text(PACK_HEAD + rule(), encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text("This is an overhyped claim.\n", encoding="utf-8")
    result = run_cli("check", "--rule-path", str(tmp_path), "--select", "team", str(draft))
    assert result.exit_code == 1
    assert "team/x" in result.stdout
    assert "team/x" in run_cli("rules", "--rule-path", str(tmp_path)).stdout
    assert run_cli("explain", "team/x", "--rule-path", str(tmp_path)).exit_code == 0
