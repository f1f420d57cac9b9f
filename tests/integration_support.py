"""Shared by the integration tests: the demo rule pack (tests/data/team-rules) and a CLI runner."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from healthlint.cli import cli

DATA = Path(__file__).resolve().parent / "data"
TEAM_RULES = DATA / "team-rules"
DEMO = ["--rule-path", str(TEAM_RULES), "--select", "demo"]


def run(*args: str, stdin: str | None = None) -> Result:
    """`healthlint ARGS` in-process, in the current folder; stdout and stderr kept apart."""
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
