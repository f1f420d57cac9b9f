"""`healthlint-disable-line`: a suppression on the very line it silences, as ESLint's
`eslint-disable-line` and ruff's `# noqa`, for a quotation that stays on one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import run_cli

CASES = {
    "a.md": ("The key to treating insomnia. <!-- healthlint-disable-line hype -- quoting the ad -->\n"
             "The key to treating pain.\n"),
    "a.mdx": ("The key to treating insomnia. {/* healthlint-disable-line hype/key-to */}\n"
              "The key to treating pain.\n"),
    "a.html": ("<p>The key to treating insomnia. <!-- healthlint-disable-line --></p>\n"
               "<p>The key to treating pain.</p>\n"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_disable_line_silences_its_own_line_only(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(CASES[name], encoding="utf-8")
    result = run_cli("check", "--no-cache", "--select", "hype", "--format", "json", str(path))
    assert [(f["line"], f["rule"]) for f in json.loads(result.stdout)] == [(2, "hype/key-to")]


def test_disable_line_for_another_rule_silences_nothing(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("The key to treating insomnia. <!-- healthlint-disable-line cure -->\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--select", "hype", "--format", "json", str(path))
    assert [f["line"] for f in json.loads(result.stdout)] == [1]
