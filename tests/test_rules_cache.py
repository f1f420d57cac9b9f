"""The rules cache keeps only what matching reads, and a rule set from it behaves as one loaded
from the rule files: the same findings, the same `explain`, each rule's TOML on request."""
from __future__ import annotations

from pathlib import Path

import pytest

import healthlint.rulecache as rulecache
from healthlint.engine import Linter
from healthlint.reporters import catalog
from healthlint.ruleset import RuleSet
from support import WONDER_PACK

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt", ".html", ".mdx"))


@pytest.fixture(scope="module")
def cached(tmp_path_factory) -> RuleSet:
    """The bundled rules as a later run gets them: written to the rules cache, then read back."""
    folder = tmp_path_factory.mktemp("rules-cache")
    rulecache.load_ruleset_cached(cache_dir=folder)  # loads the TOML and writes the cache

    def refuse(*args, **kwargs):
        raise AssertionError("the rule files were loaded again")

    saved, rulecache.load_ruleset = rulecache.load_ruleset, refuse
    try:
        return rulecache.load_ruleset_cached(cache_dir=folder)
    finally:
        rulecache.load_ruleset = saved


def findings_of(linter: Linter, path: Path) -> list:
    from healthlint import lint_file

    return [(f.line, f.column, f.end_line, f.end_column, f.rule, f.message, f.suggestions, f.fix)
            for f in lint_file(path, linter=linter)]


def test_the_fixtures_give_the_same_findings_with_rules_from_the_cache(ruleset: RuleSet, cached: RuleSet):
    assert len(FILES) >= 20
    fresh, again = Linter(ruleset), Linter(cached)
    total = 0
    for path in FILES:
        expected = findings_of(fresh, path)
        assert findings_of(again, path) == expected, path.name
        total += len(expected)
    assert total > 50  # the fixtures do exercise the rules


def test_explain_says_the_same_for_every_rule_from_the_cache(ruleset: RuleSet, cached: RuleSet):
    assert [r.id for r in cached.rules] == [r.id for r in ruleset.rules]
    for fresh in ruleset.rules:
        rule = cached.get(fresh.id)
        assert catalog.explain_text(rule) == catalog.explain_text(fresh)
        assert catalog.explain_markdown(rule) == catalog.explain_markdown(fresh)


def test_a_rule_from_the_cache_reads_its_toml_table_when_asked(ruleset: RuleSet, cached: RuleSet):
    for fresh in ruleset.rules:
        rule = cached.get(fresh.id)
        assert rule.source == fresh.source and rule.source["id"] == fresh.id
        assert rule.jurisdiction == fresh.jurisdiction
    assert any(r.jurisdiction == "us" for r in cached.rules)


def test_the_cache_holds_no_rule_toml(tmp_path):
    """What makes it small: the raw tables are left out (they are re-read on demand)."""
    rulecache.load_ruleset_cached(cache_dir=tmp_path)
    [path] = tmp_path.glob("rules-*.pickle")
    assert b"examples" not in path.read_bytes()


def test_a_linter_from_the_cache_can_be_sent_to_another_process(ruleset: RuleSet, cached: RuleSet):
    """Where workers are started afresh (macOS, Windows), the Linter is pickled to them: the rules
    go whole, so the worker needs neither the cache file nor the rule files."""
    import pickle

    text = "Turmeric cures arthritis and is the key to treating gout."
    sent = pickle.loads(pickle.dumps(Linter(cached)))
    from healthlint import parse

    doc = parse(text, "a.md")
    assert [f.rule for f in sent.lint(doc)] == [f.rule for f in Linter(ruleset).lint(doc)] != []


def test_a_cache_file_cut_short_is_loaded_afresh_and_rewritten(tmp_path):
    rulecache.load_ruleset_cached(cache_dir=tmp_path)
    [path] = tmp_path.glob("rules-*.pickle")
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    loads = []
    real = rulecache.load_ruleset
    rulecache.load_ruleset = lambda *args: loads.append(1) or real(*args)
    try:
        again = rulecache.load_ruleset_cached(cache_dir=tmp_path)
    finally:
        rulecache.load_ruleset = real
    assert loads == [1] and again.get("cure/cures-condition") is not None
    assert path.read_bytes() == whole


def test_a_cache_written_after_linting_lints_as_the_rule_files_do(ruleset: RuleSet, tmp_path):
    """The command line writes the rules cache after its report (rulecache.defer_writes), from a
    rule set that has linted the files by then: read back, it must lint as the rule files do."""
    rulecache.defer_writes()
    try:
        built = rulecache.load_ruleset_cached(cache_dir=tmp_path)
        assert not list(tmp_path.glob("rules-*.pickle"))  # held back until the report is out
        linter = Linter(built)
        for path in FILES:
            findings_of(linter, path)
    finally:
        rulecache.write_pending()
    [path] = tmp_path.glob("rules-*.pickle")
    again = Linter(rulecache._loads(path.read_bytes()))
    fresh = Linter(ruleset)
    for path in FILES:
        assert findings_of(again, path) == findings_of(fresh, path), path.name


def test_the_command_line_writes_the_rules_cache_once_its_report_is_out(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["HEALTHLINT_CACHE_DIR"] = str(tmp_path / "cache")
    draft = tmp_path / "draft.md"
    draft.write_text("Turmeric cures arthritis.\n", encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "healthlint", "check", "-q", "--no-cache", str(draft)],
                           env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
            for _ in range(2)]
    [path] = (tmp_path / "cache").glob("rules-*.pickle")
    assert isinstance(rulecache._loads(path.read_bytes()), RuleSet)
    assert runs[0].returncode == runs[1].returncode == 1 and runs[0].stdout == runs[1].stdout
    assert "cure/" in runs[0].stdout


@pytest.fixture
def remembered(tmp_path, monkeypatch):
    """A team's rule folder, and a rules cache folder whose memo of file hashes trusts any file
    status at once (in a real run only statuses at least cache.RACY_NS old are remembered)."""
    import healthlint.cache

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(healthlint.cache, "RACY_NS", 0)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "local.toml").write_text(WONDER_PACK.format(n=1, message="Wonderberry is hype."), encoding="utf-8")
    return rules, tmp_path / "cache"


def test_a_rule_file_edited_after_its_hash_was_remembered_loads_afresh(remembered):
    """The fingerprint reuses the hash of a file whose status is unchanged; an edit that keeps
    the file's size and puts its modification time back (`touch -d`, `cp -p`) still changes its
    change time, so the edited rule is loaded, not the cached one."""
    import os
    import time

    rules, cache = remembered
    before = rulecache.rules_fingerprint([rules])
    assert (cache / "file-hashes.marshal").is_file()
    assert rulecache.rules_fingerprint([rules]) == before
    rulecache.load_ruleset_cached([rules], cache, before)
    pack = rules / "local.toml"
    st = os.stat(pack)
    pack.write_text(WONDER_PACK.format(n=1, message="Wonderberry is HYPE."), encoding="utf-8")  # same size
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    while os.stat(pack).st_ctime_ns == st.st_ctime_ns:  # within one tick of the clock: wait for the next
        time.sleep(0.001)
        os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (os.stat(pack).st_size, os.stat(pack).st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    after = rulecache.rules_fingerprint([rules])
    assert after != before
    assert rulecache.load_ruleset_cached([rules], cache, after).get("local/wonder-1").message == "Wonderberry is HYPE."


def test_the_fingerprint_is_the_same_with_a_remembered_a_damaged_or_no_memo(remembered):
    import healthlint.cache

    rules, cache = remembered
    first = rulecache.rules_fingerprint([rules])
    assert rulecache.rules_fingerprint([rules]) == first  # from the memo
    healthlint.cache._FILE_HASHES.clear()
    (cache / "file-hashes.marshal").write_bytes(b"\x00garbage")
    assert rulecache.rules_fingerprint([rules]) == first
    healthlint.cache._FILE_HASHES.clear()
    (cache / "file-hashes.marshal").unlink()
    assert rulecache.rules_fingerprint([rules]) == first
