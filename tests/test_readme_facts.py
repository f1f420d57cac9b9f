"""The README's generated facts (rule counts per pack and in total, output formats, extensions)
match the rule packs and the code: scripts/readme_facts.py --check, and the script itself."""
from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def readme_facts():
    spec = importlib.util.spec_from_file_location("readme_facts", ROOT / "scripts" / "readme_facts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["readme_facts"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_readme_facts_are_up_to_date(readme_facts, capsys):
    assert readme_facts.main(["--check"]) == 0, capsys.readouterr().err


def test_check_names_a_stale_count_and_the_rewrite_fixes_it(readme_facts, tmp_path: Path, capsys):
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = re.sub(r"^\| `hype` \| \d+ \|", "| `hype` | 1 |", text, flags=re.M)
    stale = stale.replace("`text`, `json`, `github`", "`text`, `json`", 1)
    readme.write_text(stale, encoding="utf-8")
    assert readme_facts.main(["--check", "--readme", str(readme)]) == 1
    err = capsys.readouterr().err
    assert "rules in the hype pack: the README says '1'" in err and "output formats" in err
    assert readme_facts.main(["--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == text


def test_the_changelog_has_the_version_in_pyproject():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
