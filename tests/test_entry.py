"""The console script's plain check (lint/entry.py): `healthlint check FILES` without click must
be the very command click runs, with the same output and exit codes; anything else goes
through click."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint import cli
from healthlint.echo import echo
from healthlint.entry import DEFAULTS, plain_check
from support import FIXTURES

CLEAN = str(FIXTURES / "clean-article.md")
OVERSTATED = str(FIXTURES / "overstated-markup.md")


def clicks_params(args: list[str]) -> dict:
    """The parameters click's `check` command would be called with for `healthlint ARGS`."""
    assert args[0] == "check"
    with cli.check.make_context("check", list(args[1:])) as ctx:
        return dict(ctx.params)


def test_the_defaults_are_clicks():
    assert DEFAULTS == clicks_params(["check"])


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "a.md"],
    ["check", "a.md", "docs", "b.txt"],
    ["check", "--no-cache", "a.md"],
    ["check", "a.md", "-q", "--no-cache"],  # options after the paths, as click allows
    ["check", "--quiet", "--no-color", "--exit-zero", "--statistics", "a.md"],
    ["check", "--fix", "--unsafe-fixes", "a.md"],
    ["check", "--diff", "--report-unused-suppressions", "a.md", "a.md"],
])
def test_a_plain_check_gets_what_click_would_give_it(args: list[str]):
    assert plain_check(args) == clicks_params(args)


@pytest.mark.parametrize("args", [
    [], ["rules"], ["--version"], ["fix", "a.md"],
    ["check", "--help"], ["check", "-h"],
    ["check", "--format", "json", "a.md"], ["check", "--output-format=json", "a.md"],
    ["check", "--select", "hype", "a.md"], ["check", "-j", "2", "a.md"], ["check", "-qj2", "a.md"],
    ["check", "-"], ["check", "--", "a.md"], ["check", ""], ["check", "--no-cach", "a.md"],
])
def test_anything_else_goes_through_click(args: list[str]):
    assert plain_check(args) is None


def _run(how: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """`healthlint ARGS` through the console script's entry (plain) or through click."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["HEALTHLINT_CACHE_DIR"] = str(cwd / "cache")
    code = {"plain": "from healthlint.entry import main; main()",
            "click": "from healthlint.cli import main; main()"}[how]
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.parametrize("args", [
    ["check", OVERSTATED],
    ["check", "--no-cache", CLEAN],
    ["check", "-q", "--statistics", "--no-cache", OVERSTATED, CLEAN],
    ["check", "--exit-zero", OVERSTATED],
    ["check", CLEAN, "no-such-file.md"],
    ["check", "--diff", "draft.md"],
    ["check", "--fix", "draft.md"],
])
def test_the_plain_check_prints_and_exits_as_click_does(tmp_path: Path, args: list[str]):
    outcomes = []
    for how in ("click", "plain"):
        work = tmp_path / how
        work.mkdir()
        (work / "draft.md").write_text("# Notes\n\nIt cures anxiety, and it is the key to treating colds.\n",
                                       encoding="utf-8")
        done = _run(how, args, work)
        outcomes.append((done.returncode, done.stdout, done.stderr, (work / "draft.md").read_text(encoding="utf-8")))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] in (0, 1, 2)


def test_the_plain_check_does_not_import_click(tmp_path: Path):
    code = ("import os, sys\nimport healthlint.entry as entry\n"
            "def leave(code):\n    print('exit', code, 'click' in sys.modules, flush=True)\n    os._exit(0)\n"
            "entry.leave = leave\nentry.main()\n")
    env = dict(os.environ, HEALTHLINT_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    done = subprocess.run([sys.executable, "-c", code, "check", "--no-cache", OVERSTATED], cwd=tmp_path, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.stdout.splitlines()[-1] == "exit 1 False", done.stderr


@pytest.mark.parametrize("color", [None, False, True])
@pytest.mark.parametrize("nl", [True, False])
def test_echo_writes_what_click_echo_writes(monkeypatch, color, nl):
    """Off a terminal: escape sequences stripped unless colour is asked for; the line break."""
    import click

    message = "a \x1b[31mred\x1b[0m word and \x1b[1;4mbold\x1b[0m"
    clicks = io.StringIO()
    click.echo(message, nl=nl, color=color, file=clicks)
    ours = io.StringIO()
    monkeypatch.setattr(sys, "stdout", ours)
    monkeypatch.setitem(sys.modules, "click", None)  # as in a plain check: click not imported
    echo(message, nl=nl, color=color)
    assert ours.getvalue() == clicks.getvalue()
