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


@pytest.fixture(autouse=True, scope="session")
def _caches_outside_the_tree(tmp_path_factory):
    """healthlint's caches (.healthlint_cache/) go to one temporary folder for the whole run, not
    into the folders tests lint; tests of the caches themselves point it elsewhere."""
    import os

    previous = os.environ.get("HEALTHLINT_CACHE_DIR")
    os.environ["HEALTHLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("healthlint-cache"))
    yield
    if previous is None:
        os.environ.pop("HEALTHLINT_CACHE_DIR", None)
    else:
        os.environ["HEALTHLINT_CACHE_DIR"] = previous
