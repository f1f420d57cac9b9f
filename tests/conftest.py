"""Shared fixtures: the bundled rule set, loaded once for the whole session."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def probe_dir(tmp_path_factory) -> Path:
    """A rule folder holding only the probe pack (see tests/support.py)."""
    from support import write_probe_pack

    return write_probe_pack(tmp_path_factory.mktemp("probe-rules"))


@pytest.fixture(scope="session")
def probe_ruleset(probe_dir: Path) -> RuleSet:
    return load_ruleset([probe_dir])
