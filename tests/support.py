"""Helpers shared by the tests: a tiny probe rule pack, a CLI runner and independent position checks.

The probe pack lets tests say exactly which words must be flagged without depending on which
bundled rules exist (other packs come and go); its rules are released by no context unless a
rule says so.
"""
from __future__ import annotations

import functools
from pathlib import Path

import regex
from click.testing import CliRunner, Result

from healthlint.cli import cli
from healthlint.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

#: A team's own one-rule pack, as a template: `{n}` numbers the rule (local/wonder-N) and
#: `{message}` is its message, so tests can write a changed pack of the same size.
WONDER_PACK = """[pack]
category = "local"

[[rule]]
id = "local/wonder-{n}"
message = "{message}"
kind = "phrase"
phrases = ["wonderberry"]
suggest = ["this berry"]
[rule.examples]
bad = ["A <<wonderberry>> a day.", "The <<wonderberry>> again."]
good = ["A berry a day.", "Berries again."]
"""

PROBE_PACK = '''
[pack]
category = "probe"
title = "Probe words for tests"
description = "Words the tests need flagged wherever they stand in prose."
severity = "warning"
released_by = []

[[rule]]
id = "probe/overstated"
message = "probe: {match}"
phrases = ["the key to", "the secret to", "miracle", "clinically proven", "cures", "breakthrough",
           "wonder pill", "no side effects", "guaranteed", "proves", "eliminates"]
suggest = ["promising"]
[rule.examples]
bad = ["A <<miracle>> here.", "It <<cures>> that."]
good = ["Nothing here.", "Nothing there."]

[[rule]]
id = "probe/marker"
message = "marker: {match}"
phrases = ["flagme", "skipme"]
suggest = ["marker"]
[rule.examples]
bad = ["A <<flagme>> here.", "A <<skipme>> there."]
good = ["Nothing here.", "Nothing there."]

[[rule]]
id = "probe/hedgeable"
message = "hedgeable: {match}"
phrases = ["heals", "heal"]
released_by = ["hedged", "negated"]
suggest = ["may help"]
[rule.examples]
bad = ["It <<heals>> skin.", "This cream <<heals>> eczema."]
good = ["It may heal skin.", "It does not heal skin."]

[[rule]]
id = "probe/note"
severity = "info"
message = "note: {match}"
phrases = ["noteworthy"]
suggest = ["notable"]
[rule.examples]
bad = ["A <<noteworthy>> thing.", "Very <<noteworthy>>."]
good = ["Nothing here.", "Nothing there."]
'''


@functools.cache
def bundled_ruleset() -> RuleSet:
    """The bundled rule set, loaded from the rule files once per test process: the session's
    `ruleset` fixture, and test_rule_examples' parameters, which collection needs before any
    fixture runs."""
    return load_ruleset()


def write_probe_pack(directory: Path) -> Path:
    """Write the probe pack into `directory` (created if needed) and return the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "probe.toml").write_text(PROBE_PACK, encoding="utf-8")
    return directory


def runner() -> CliRunner:
    """A CliRunner that keeps stderr apart from stdout (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run_cli(*args: str, input: str | bytes | None = None) -> Result:
    result = runner().invoke(cli, list(args), input=input, catch_exceptions=True)
    # A crash would surface as an exception other than the SystemExit click uses for exit codes.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"healthlint crashed: {result.exception!r}\n{result.output}")
    return result


_BREAK = regex.compile(r"\r\n|\r|\n")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and code-point column of `offset`, counted independently of the engine."""
    lines = _BREAK.split(text[:offset])
    return len(lines), len(lines[-1]) + 1


def position_problems(text: str, finding) -> list[str]:
    """Every way a finding's positions disagree with the text (empty when exact)."""
    f = finding if isinstance(finding, dict) else finding.__dict__
    problems = []
    if not 0 <= f["offset"] < f["end_offset"] <= len(text):
        problems.append(f"offsets out of range: {f['offset']}..{f['end_offset']}")
    if text[f["offset"]:f["end_offset"]] != f["match"]:
        problems.append(f"text[{f['offset']}:{f['end_offset']}] is "
                        f"{text[f['offset']:f['end_offset']]!r}, match is {f['match']!r}")
    if (f["line"], f["column"]) != line_col(text, f["offset"]):
        problems.append(f"start {f['line']}:{f['column']} but offset is at {line_col(text, f['offset'])}")
    if (f["end_line"], f["end_column"]) != line_col(text, f["end_offset"]):
        problems.append(f"end {f['end_line']}:{f['end_column']} but end offset is at "
                        f"{line_col(text, f['end_offset'])}")
    return problems


_MARKUP = regex.compile(r"[*_~`\\]")
_LINE_PREFIX = regex.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*(?:>[ \t]*)*")


def visible(match: str) -> str:
    """What a reader sees of a source span: emphasis marks and quote prefixes removed."""
    return _MARKUP.sub("", _LINE_PREFIX.sub(" ", match))
