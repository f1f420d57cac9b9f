"""The caches never change what healthlint reports: an unchanged file is not linted again, and
any change to the file, the rules, the options or healthlint itself is linted afresh."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import healthlint.cache
import healthlint.rulecache
from healthlint.cli import cli
from healthlint.engine import Linter
from support import WONDER_PACK

DRAFT = "# Sleep\n\nThis supplement is the key to treating insomnia.\n\nIt may help some people.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with two drafts; caches under it; counts how often files are linted."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("Eat a wonderberry daily.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    calls = {"lint": 0, "load": 0}
    real_lint, real_load = Linter.lint, healthlint.rulecache.load_ruleset

    def counting_lint(self, doc):
        calls["lint"] += 1
        return real_lint(self, doc)

    def counting_load(*args, **kwargs):
        calls["load"] += 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(Linter, "lint", counting_lint)
    monkeypatch.setattr(healthlint.rulecache, "load_ruleset", counting_load)
    return tmp_path, calls


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "--jobs", "1", "--no-color", *args], catch_exceptions=False)


def write_pack(root, n: int = 1, message: str = "Wonderberry is hype.") -> str:
    rules = root / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "local.toml").write_text(WONDER_PACK.format(n=n, message=message), encoding="utf-8")
    return str(rules)


def test_unchanged_files_are_not_linted_again(project):
    root, calls = project
    first = check("docs")
    assert calls["lint"] == 2 and "hype/key-to" in first.output
    again = check("docs")
    assert again.output == first.output and again.exit_code == first.exit_code
    assert calls["lint"] == 2  # both files answered from the cache
    assert calls["load"] == 1  # and the rules from the compiled-rules cache


def test_a_changed_file_is_linted_again(project):
    root, calls = project
    check("docs")
    (root / "docs" / "a.md").write_text("Nothing overstated here.\n", encoding="utf-8")
    result = check("docs")
    assert calls["lint"] == 3
    assert "hype/key-to" not in result.output


def test_a_changed_rule_file_invalidates_rules_and_findings(project):
    root, calls = project
    rules = write_pack(root, message="Wonderberry is hype.")
    assert "Wonderberry is hype." in check("--rule-path", rules, "docs").output
    write_pack(root, message="Wonderberry oversells.")
    result = check("--rule-path", rules, "docs")
    assert "Wonderberry oversells." in result.output and "is hype" not in result.output
    assert calls["load"] == 2 and calls["lint"] == 4


def test_other_options_use_other_cached_findings(project):
    root, calls = project
    rules = write_pack(root)
    check("--rule-path", rules, "docs")
    only_local = check("--rule-path", rules, "--select", "local", "docs")
    assert "local/wonder-1" in only_local.output and "hype/key-to" not in only_local.output
    ignored = check("--rule-path", rules, "--ignore", "local", "docs")
    assert "local/wonder-1" not in ignored.output and "hype/key-to" in ignored.output
    encoded = check("--rule-path", rules, "--encoding", "latin-1", "docs")
    assert "local/wonder-1" in encoded.output
    assert calls["lint"] == 8  # every option set linted the two files once


def test_a_new_healthlint_version_invalidates_everything(project, monkeypatch):
    root, calls = project
    first = check("docs")
    monkeypatch.setattr(healthlint.cache, "code_fingerprint", lambda: "another version")
    again = check("docs")
    assert again.output == first.output
    assert calls["load"] == 2 and calls["lint"] == 4


def test_no_cache_lints_everything_and_writes_no_findings(project):
    root, calls = project
    check("--no-cache", "docs")
    check("--no-cache", "docs")
    assert calls["lint"] == 4
    assert not list((root / "cache").glob("findings-*"))


def test_damaged_cache_files_are_ignored(project):
    root, calls = project
    first = check("docs")
    for path in (root / "cache").iterdir():
        if path.is_file() and path.suffix in (".pickle", ".marshal"):
            path.write_bytes(b"\x00garbage")
    again = check("docs")
    assert again.output == first.output and again.exit_code == first.exit_code
    assert calls["lint"] == 4 and calls["load"] == 2


def test_a_broken_rule_pack_is_reported_even_after_a_good_run(project):
    root, _ = project
    rules = write_pack(root)
    check("--rule-path", rules, "docs")
    (root / "rules" / "local.toml").write_text("[pack]\ncategory = 'local'\n[[rule]]\nid = 'oops'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--rule-path", rules, "docs"])
    assert result.exit_code == 2 and "local.toml" in result.output


def test_the_cache_folder_is_marked_so_git_ignores_it(project):
    root, _ = project
    check("docs")
    assert (root / "cache" / ".gitignore").read_text().strip().endswith("*")
    assert (root / "cache" / "CACHEDIR.TAG").is_file()


def test_a_changed_configuration_file_is_linted_afresh(project):
    root, calls = project
    (root / ".healthlint.toml").write_text('ignore = ["certainty"]\n', encoding="utf-8")
    assert "hype/key-to" in check("docs").output
    (root / ".healthlint.toml").write_text('ignore = ["hype"]\n', encoding="utf-8")
    assert "hype/key-to" not in check("docs").output
    assert calls["lint"] == 4


def test_a_baseline_is_part_of_what_the_cache_remembers(project):
    root, calls = project
    assert "hype/key-to" in check("--write-baseline", "baseline.json", "docs").output
    assert "hype/key-to" not in check("--baseline", "baseline.json", "docs").output
    (root / "baseline.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    assert "hype/key-to" in check("--baseline", "baseline.json", "docs").output


# -- the status index: files that have not changed are not even read ---------------------------

@pytest.fixture
def trusted(monkeypatch):
    """Trust a status however recent it is (the files here were written a moment ago), and count
    the files the main process reads."""
    import healthlint.runner

    monkeypatch.setattr(healthlint.cache, "RACY_NS", 0)
    reads = []
    real = healthlint.runner.read_bytes

    def counting_read(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(healthlint.runner, "read_bytes", counting_read)
    return reads


def test_an_unchanged_file_is_not_read_again(project, trusted):
    root, calls = project
    first = check("-q", "docs")
    trusted.clear()
    again = check("-q", "docs")
    assert again.output == first.output and again.exit_code == first.exit_code
    assert trusted == [] and calls["lint"] == 2


def test_a_file_rewritten_with_the_same_size_and_time_is_linted_again(project, trusted):
    import os

    root, calls = project
    path = root / "docs" / "a.md"
    check("docs")
    before = path.stat()
    path.write_text(DRAFT.replace("the key to", "the way to"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the time put back
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    result = check("docs")
    assert "hype/key-to" not in result.output  # the change time gave it away
    assert calls["lint"] == 3


def test_a_recently_changed_file_is_hashed_however_its_status_looks(project, monkeypatch):
    """Without trusting recent statuses (the default), the same edit is caught by the hash."""
    import os

    root, calls = project
    path = root / "docs" / "a.md"
    check("docs")
    before = path.stat()
    path.write_text(DRAFT.replace("the key to", "the way to"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "hype/key-to" not in check("docs").output
    assert calls["lint"] == 3


def test_a_touched_file_with_the_same_bytes_is_not_linted_again(project, trusted):
    import os

    root, calls = project
    first = check("docs")
    path = root / "docs" / "a.md"
    # Touched: a new time, a second in the past (a time in the future would be too recent to
    # trust, however the run's speed turns out).
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**9))
    again = check("docs")
    assert again.output == first.output and calls["lint"] == 2
    trusted.clear()
    check("-q", "docs")  # and the new status was recorded: not even read now
    assert trusted == []


def test_a_cached_run_loads_no_rules(project):
    root, calls = project
    check("docs")
    check("docs")
    check("--select", "hype", "docs")
    check("--select", "hype", "docs")
    assert calls["load"] == 1  # the rules cache's first fill; cached runs never ask for the rules


def test_unknown_codes_are_reported_even_when_every_file_is_cached(project):
    root, _ = project
    check("docs")
    result = CliRunner().invoke(cli, ["check", "--select", "no-such-rule", "docs"])
    assert result.exit_code == 2 and "no-such-rule" in result.output
    (root / ".healthlint.toml").write_text('ignore = ["no-such-pack"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "docs"])
    assert result.exit_code == 2 and "no-such-pack" in result.output


def test_unknown_codes_are_reported_when_there_is_nothing_to_lint(project):
    root, _ = project
    (root / "empty").mkdir()
    result = CliRunner().invoke(cli, ["check", "--select", "no-such-rule", "empty"])
    assert result.exit_code == 2 and "no-such-rule" in result.output


def test_the_cache_stores_every_field_of_a_finding():
    import dataclasses

    from healthlint.findings import Finding, Fix

    assert healthlint.cache.FIELDS == tuple(f.name for f in dataclasses.fields(Finding) if f.name != "path")
    finding = Finding("a.md", 1, 2, 1, 5, 1, 4, "r/x", "r", "warning", "m", "abc", ["x"], Fix("x", "safe", 1, 4))
    assert healthlint.cache.unpack("a.md", healthlint.cache.pack([finding])) == [finding]


def test_a_cached_run_in_a_fresh_process_does_not_import_the_engine(tmp_path):
    """What makes a cached run start quickly: the rules and the engine are never imported."""
    import subprocess
    import sys

    (tmp_path / "a.md").write_text(DRAFT, encoding="utf-8")
    env = {**__import__("os").environ, "HEALTHLINT_CACHE_DIR": str(tmp_path / "cache")}
    # cli(), not main(): main() leaves through os._exit once the output is flushed
    probe = ("import sys\nfrom healthlint.cli import cli\ntry:\n    cli()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m in ('healthlint.engine', 'healthlint.ruleset', 'regex')))\n")
    command = [sys.executable, "-c", probe, "check", "-q", "a.md"]
    first = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "healthlint.engine" in first.stdout and "hype/key-to" in first.stdout
    assert again.stdout.splitlines()[-1] == "[]" and "hype/key-to" in again.stdout


def test_runs_with_and_without_no_cache_share_one_compiled_rules_cache(tmp_path):
    """The rules cache is keyed the same for a --no-cache run and a cached one: the rules are
    compiled once, not twice."""
    import os
    import subprocess
    import sys

    (tmp_path / "a.md").write_text(DRAFT, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(cache)}
    for extra in (["--no-cache"], []):
        done = subprocess.run([sys.executable, "-m", "healthlint", "check", "-q", *extra, "a.md"],
                              cwd=tmp_path, env=env, capture_output=True, text=True)
        assert "hype/key-to" in done.stdout, done.stderr
    assert len(list(cache.glob("rules-*.pickle"))) == 1


def test_a_linter_built_from_the_rules_cache_loads_no_rule_file(tmp_path, monkeypatch):
    """Start-up with cached rules reads no TOML: the pickled rule set holds the compiled
    sequences, lexicon tries and context table."""
    from healthlint import ruleset as loader

    healthlint.rulecache.load_ruleset_cached(cache_dir=tmp_path)  # fills the cache

    def refuse(*args, **kwargs):
        raise AssertionError("a rule file was read")

    monkeypatch.setattr(loader, "load_pack", refuse)
    ruleset = healthlint.rulecache.load_ruleset_cached(cache_dir=tmp_path)
    assert any(r.requires_trie is not None for r in ruleset.rules)
    assert Linter(ruleset).lint(healthlint.parse("Turmeric is the key to curing arthritis.", "a.md"))


def test_compiled_rules_are_shared_by_every_project_of_the_user(project, monkeypatch):
    """Without HEALTHLINT_CACHE_DIR the compiled rules go to the user's cache folder, so a second
    repository does not compile them again; the findings stay with each project."""
    root, calls = project
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "user-cache"))
    monkeypatch.setenv("HOME", str(root / "home"))
    (root / "other").mkdir()
    (root / "other" / "c.md").write_text(DRAFT, encoding="utf-8")
    assert "hype/key-to" in check("docs").output
    monkeypatch.chdir(root / "other")
    assert "hype/key-to" in check("c.md").output
    assert calls["load"] == 1
    assert list((root / "user-cache" / "healthlint").glob("rules-*.pickle"))
    assert list((root / ".healthlint_cache").iterdir()) and list((root / "other" / ".healthlint_cache").iterdir())
    assert not list((root / ".healthlint_cache").glob("rules-*.pickle"))


def test_compiled_rules_stay_in_the_project_when_the_user_cache_cannot_be_written(project, monkeypatch):
    root, calls = project
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR")
    (root / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "not-a-folder"))
    assert "hype/key-to" in check("docs").output
    assert "hype/key-to" in check("--no-cache", "docs").output
    assert calls["load"] == 1
    assert list((root / ".healthlint_cache").glob("rules-*.pickle"))
