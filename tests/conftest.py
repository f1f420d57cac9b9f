"""Shared fixtures: the bundled rule set, loaded once per test process, and one cache folder for
the whole run (every pytest-xdist worker and every healthlint process the tests start)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from healthlint.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

#: The run's cache folder, made by the first pytest process (the xdist controller, or the only
#: process) and inherited by the workers it starts, so the rule set is compiled into the rules
#: cache once per run rather than once per worker.
_RUN_CACHE = "HEALTHLINT_TEST_RUN_CACHE"
_made_key = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get(_RUN_CACHE):
        os.environ[_RUN_CACHE] = tempfile.mkdtemp(prefix="healthlint-test-cache-")
        config.stash[_made_key] = os.environ[_RUN_CACHE]


def pytest_unconfigure(config: pytest.Config) -> None:
    made = config.stash.get(_made_key, None)
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        os.environ.pop(_RUN_CACHE, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist loadfile --no-loadscope-reorder`, as pyproject.toml sets it),
    each module runs whole on one worker (its module-scoped fixtures, such as a Dask cluster, a
    browser, a built wheel or a language server, are built once) in the order collected. Start
    the longest work first: the modules marked slow (real pip installs), then those with
    module-scoped fixtures, leaving the cheap modules to even out the end."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    rank: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        scopes = {d.scope for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs}
        if item.get_closest_marker("slow") is not None:
            rank[module] = 0
        elif scopes & {"module", "package", "class"} or item.get_closest_marker("asyncio") is not None:
            rank[module] = min(rank.get(module, 1), 1)
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], 2))


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    from support import bundled_ruleset

    return bundled_ruleset()


@pytest.fixture(scope="session")
def fix_pack(tmp_path_factory) -> Path:
    """tests/fixpack.py's packs in one folder per test process: every run that names it shares one
    compiled rule set in the rules cache instead of building the bundled rules again."""
    from fixpack import write_pack

    return write_pack(tmp_path_factory.mktemp("fixpack") / "pack")


@pytest.fixture(scope="session")
def probe_dir(tmp_path_factory) -> Path:
    """A rule folder holding only the probe pack (see tests/support.py)."""
    from support import write_probe_pack

    return write_probe_pack(tmp_path_factory.mktemp("probe-rules"))


@pytest.fixture(scope="session")
def probe_ruleset(probe_dir: Path) -> RuleSet:
    return load_ruleset([probe_dir])


@pytest.fixture(autouse=True, scope="session")
def _caches_outside_the_tree():
    """healthlint's caches (.healthlint_cache/) go to the run's one temporary folder, not into the
    folders tests lint; tests of the caches themselves point it elsewhere."""
    previous = os.environ.get("HEALTHLINT_CACHE_DIR")
    os.environ["HEALTHLINT_CACHE_DIR"] = os.environ[_RUN_CACHE]
    yield
    if previous is None:
        os.environ.pop("HEALTHLINT_CACHE_DIR", None)
    else:
        os.environ["HEALTHLINT_CACHE_DIR"] = previous
