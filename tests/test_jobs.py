"""`--jobs N` lints in N processes and reports exactly what one process reports, in the same
order, read errors included."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import healthlint.runner
from healthlint.cli import cli
from healthlint.engine import Linter
from healthlint.runner import lint_paths

SENTENCES = [
    "Turmeric is the key to treating arthritis.",
    "Some studies suggest turmeric may ease joint pain a little.",
    "This breakthrough is clinically proven to work.",
    "Ask your pharmacist before taking any supplement.",
]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """Forty drafts of different lengths and findings, a binary file and a non-UTF-8 file."""
    docs = tmp_path / "docs"
    for n in range(40):
        sub = docs / f"part{n % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(n % 7 + 1))
        (sub / f"draft{n:02d}.md").write_text(f"# Draft {n}\n\n{body}\n", encoding="utf-8")
    (docs / "part0" / "image.md").write_bytes(b"\x89PNG\x00\x00\x00binary")
    (docs / "part1" / "latin.txt").write_bytes("Café cures everything.".encode("latin-1"))
    monkeypatch.setattr(healthlint.runner, "_MIN_POOL_BYTES", 0)  # use the pool even for a small folder
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    return docs


def outcomes(results):
    return [(r.path, r.findings, r.text, str(r.error) if r.error else None) for r in results]


def test_a_pool_gives_the_results_of_one_process_in_the_same_order(folder, ruleset):
    linter = Linter(ruleset)
    paths = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    one = outcomes(lint_paths(paths, linter, jobs=1))
    two = outcomes(lint_paths(paths, linter, jobs=2))
    assert two == one
    assert any(findings for _, findings, _, _ in one) and any(error for *_, error in one)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_output_is_identical_whatever_the_number_of_jobs(folder, fmt):
    runs = [CliRunner().invoke(cli, ["check", "--no-cache", "--no-color", "--format", fmt, "--jobs", jobs, str(folder)])
            for jobs in ("1", "2", "3")]
    assert runs[0].exit_code == 2  # the binary and latin-1 files cannot be read
    assert "hype/key-to" in runs[0].output
    for run in runs[1:]:
        assert (run.output, run.exit_code) == (runs[0].output, runs[0].exit_code)


def test_cached_and_linted_files_come_out_in_order_from_a_pool(folder):
    """Some files answered by the cache, the others linted by the pool: the report is still
    the one a single process gives, in the same order."""
    def run(*args):
        return CliRunner().invoke(cli, ["check", "--no-color", *args])

    reference = run("--no-cache", "--jobs", "1", str(folder))
    run("--jobs", "1", str(folder / "part1"))  # the cache knows a third of the files
    mixed = run("--jobs", "2", str(folder))
    assert (mixed.output, mixed.exit_code) == (reference.output, reference.exit_code)
    again = run("--jobs", "2", str(folder))  # and now all of them
    assert (again.output, again.exit_code) == (reference.output, reference.exit_code)
