"""The command line as a user and a CI job meet it: exit codes, selection, output formats, stdin."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import healthlint
from support import FIXTURES, position_problems, run_cli

CLEAN = str(FIXTURES / "clean-article.md")
OVERSTATED = str(FIXTURES / "overstated-markup.md")
JSON_FIELDS = {"path", "line", "column", "end_line", "end_column", "offset", "end_offset", "rule",
               "category", "severity", "message", "match", "suggestions", "fix", "url"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DRAFTS = sorted(p for p in FIXTURES.glob("*") if p.suffix in (".md", ".txt"))  # this project's own drafts


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A draft with one probe/overstated warning ('miracle'), one probe/note info
    ('noteworthy') and one probe/marker warning ('flagme')."""
    path = tmp_path / "draft.md"
    path.write_text("# Notes\n\nA miracle, a noteworthy detail and a flagme word.\n", encoding="utf-8")
    return path


def probe(probe_dir: Path) -> list[str]:
    return ["--rule-path", str(probe_dir)]


def rules_of(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)]


# Exit codes ---------------------------------------------------------------------------------

def test_exit_0_when_clean_and_1_with_findings():
    clean = run_cli("check", CLEAN)
    assert clean.exit_code == 0
    assert clean.stdout.strip() == "No findings in 1 file."
    assert run_cli("check", OVERSTATED).exit_code == 1


def test_exit_2_for_a_missing_file_naming_it(tmp_path: Path):
    missing = str(tmp_path / "nope.md")
    result = run_cli("check", CLEAN, missing)
    assert result.exit_code == 2
    assert f"{missing}: no such file" in result.stderr
    assert "No findings in 2 files (1 could not be read)." in result.stdout  # every file given is counted


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_exit_2_for_an_unknown_rule_or_category(option: str):
    result = run_cli("check", option, "hype,no-such-rule", CLEAN)
    assert result.exit_code == 2
    assert "no-such-rule" in result.stderr


def test_exit_2_for_an_unknown_option_value():
    assert run_cli("check", "--format", "xml", CLEAN).exit_code == 2
    assert run_cli("check", "--fail-level", "fatal", CLEAN).exit_code == 2


def test_fail_level(draft: Path, probe_dir: Path):
    def code(*args: str) -> int:
        return run_cli("check", *probe(probe_dir), *args, str(draft)).exit_code

    assert code("--select", "probe/note") == 0                      # info is below the default "warning"
    assert code("--select", "probe/note", "--fail-level", "info") == 1
    assert code("--select", "probe") == 1
    assert code("--select", "probe", "--fail-level", "error") == 0  # nothing reaches "error"


# Selection ----------------------------------------------------------------------------------

def test_select_and_ignore_by_id_and_category(draft: Path, probe_dir: Path):
    def found(*args: str) -> list[str]:
        return rules_of(run_cli("check", "--format", "json", *probe(probe_dir), *args, str(draft)))

    assert found("--select", "probe") == ["probe/overstated", "probe/note", "probe/marker"]
    assert found("--select", "probe/marker") == ["probe/marker"]
    assert found("--select", "probe/marker,probe/note") == ["probe/note", "probe/marker"]
    assert found("--select", "probe/marker", "--select", "probe/note") == ["probe/note", "probe/marker"]
    assert found("--select", "probe", "--ignore", "probe/note") == ["probe/overstated", "probe/marker"]
    assert found("--ignore", "probe") == []
    assert found("--select", "ALL", "--ignore", "probe/overstated,probe/marker") == ["probe/note"]


def test_bundled_rules_are_selectable_by_category():
    def found(*args: str) -> list[str]:
        return rules_of(run_cli("check", "--format", "json", *args, OVERSTATED))

    everything = found()
    hype = found("--select", "hype")
    assert hype and all(r.startswith("hype/") for r in hype)
    assert found("--ignore", "hype") == [r for r in everything if not r.startswith("hype/")]
    assert found("--select", "hype/key-to") == [r for r in everything if r == "hype/key-to"] != []


# Output formats -----------------------------------------------------------------------------

def test_json_output_fields_and_positions(draft: Path, probe_dir: Path):
    result = run_cli("check", "--format", "json", *probe(probe_dir), "--select", "probe", str(draft))
    findings = json.loads(result.stdout)
    text = draft.read_text(encoding="utf-8")
    assert len(findings) == 3
    for f in findings:
        assert set(f) == JSON_FIELDS
        assert f["path"] == str(draft)
        assert not position_problems(text, f)
        assert isinstance(f["suggestions"], list) and f["suggestions"]
    miracle = findings[0]
    assert (miracle["rule"], miracle["category"], miracle["severity"], miracle["match"]) == \
        ("probe/overstated", "probe", "warning", "miracle")
    assert miracle["message"] == "probe: miracle"
    assert miracle["fix"] == {"replacement": "promising", "applicability": "unsafe",
                              "offset": miracle["offset"], "end_offset": miracle["end_offset"]}


def test_json_output_is_an_empty_list_when_clean():
    result = run_cli("check", "--format", "json", CLEAN)
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_text_output_shows_location_line_underline_and_suggestions(draft: Path, probe_dir: Path):
    result = run_cli("check", *probe(probe_dir), "--select", "probe/overstated", str(draft))
    lines = result.stdout.splitlines()
    assert lines[0] == f"{draft}:3:3: warning probe/overstated probe: miracle"
    assert lines[1] == "  3 | A miracle, a noteworthy detail and a flagme word."
    assert lines[2] == "    |   ^^^^^^^"
    assert lines[3] == "  suggest: promising"
    assert lines[-1].startswith("Found 1 finding (1 warning) in 1 of 1 file.")


def test_quiet_prints_only_finding_lines(draft: Path, probe_dir: Path):
    result = run_cli("check", "--quiet", *probe(probe_dir), "--select", "probe", str(draft))
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{draft}:3:") for line in lines)


def test_statistics_counts_findings_per_rule(tmp_path: Path, probe_dir: Path):
    path = tmp_path / "a.txt"
    path.write_text("A miracle. Another miracle. One flagme.\n", encoding="utf-8")
    result = run_cli("check", "--statistics", "--quiet", *probe(probe_dir), "--select", "probe", str(path))
    stats = [line.split() for line in result.stdout.splitlines() if not line.startswith(str(path))]
    assert stats == [["2", "probe/overstated", "warning"], ["1", "probe/marker", "warning"]]
    # With JSON on stdout, the statistics go to stderr so the JSON stays parseable.
    result = run_cli("check", "--statistics", "--format", "json", *probe(probe_dir), "--select", "probe", str(path))
    assert len(json.loads(result.stdout)) == 3
    assert "probe/overstated" in result.stderr


def test_no_ansi_codes_when_output_is_not_a_terminal():
    result = run_cli("check", OVERSTATED)
    assert result.exit_code == 1 and not ANSI.search(result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")
def test_color_on_a_terminal_unless_no_color(tmp_path: Path):
    """On a real terminal findings are coloured; --no-color turns that off."""
    import pty

    def run_on_tty(*args: str) -> str:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        proc = subprocess.run([sys.executable, "-m", "healthlint", "check", *args, OVERSTATED],
                              stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE,
                              env=env, timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert proc.returncode == 1, proc.stderr
        return b"".join(chunks).decode("utf-8")

    assert ANSI.search(run_on_tty())
    plain = run_on_tty("--no-color")
    assert "hype/key-to" in plain and not ANSI.search(plain)


# stdin --------------------------------------------------------------------------------------

MARKDOWN_WITH_CODE = "Intro.\n\n```\nthe key to treating insomnia\n```\n"


def test_stdin_with_stdin_filename_picks_format_and_names_findings():
    as_markdown = run_cli("check", "--format", "json", "-", "--stdin-filename", "post.md", input=MARKDOWN_WITH_CODE)
    assert as_markdown.exit_code == 0 and json.loads(as_markdown.stdout) == []   # code is not prose
    as_text = run_cli("check", "--format", "json", "-", "--stdin-filename", "post.txt", input=MARKDOWN_WITH_CODE)
    findings = json.loads(as_text.stdout)
    assert as_text.exit_code == 1 and findings and {f["path"] for f in findings} == {"post.txt"}
    assert not position_problems(MARKDOWN_WITH_CODE, findings[0])


def test_stdin_bytes_are_decoded_like_a_file():
    data = "\ufeffThis is the key to treating insomnia.\r\n".encode("utf-8")
    result = run_cli("check", "--format", "json", "-", "--stdin-filename", "x.txt", input=data)
    (finding,) = json.loads(result.stdout)
    assert (finding["line"], finding["column"], finding["match"]) == (1, 9, "the key to")


def test_stdin_without_a_name_is_reported_as_stdin():
    result = run_cli("check", "-", input="This is the key to treating insomnia.\n")
    assert result.exit_code == 1 and result.stdout.startswith("<stdin>:1:9:")


# Files on disk ------------------------------------------------------------------------------

def test_check_never_changes_the_files_it_reads(tmp_path: Path):
    paths = []
    for fixture in DRAFTS:
        copy = tmp_path / fixture.name
        copy.write_bytes(fixture.read_bytes().replace(b"\n", b"\r\n"))
        paths.append(copy)
    before = {p: p.read_bytes() for p in paths}
    run_cli("check", str(tmp_path))
    assert {p: p.read_bytes() for p in paths} == before


def test_undecodable_and_binary_files_exit_2_with_the_file_named(tmp_path: Path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 is the key to treating sleep problems.".encode("latin-1"))
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run_cli("check", str(latin), str(binary))
    assert result.exit_code == 2
    assert f"{latin}: not UTF-8 text (use --encoding)" in result.stderr
    assert f"{binary}: binary file" in result.stderr
    assert "Traceback" not in result.output
    ok = run_cli("check", "--format", "json", "--encoding", "latin-1", str(latin))
    (finding,) = json.loads(ok.stdout)
    assert (finding["column"], finding["match"]) == (9, "the key to")


def test_a_folder_is_walked_for_markdown_and_text(tmp_path: Path):
    for fixture in DRAFTS:
        (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    (tmp_path / "script.py").write_text("# the key to treating insomnia\n")
    result = run_cli("check", "--format", "json", str(tmp_path))
    paths = {Path(f["path"]).name for f in json.loads(result.stdout)}
    assert paths == {p.name for p in DRAFTS if p.name.startswith("overstated")}


# rules, explain, --version ------------------------------------------------------------------

def test_rules_lists_every_rule_in_each_format(ruleset):
    ids = [r.id for r in ruleset.rules]
    text = run_cli("rules")
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.stdout.splitlines()[:len(ids)]] == ids
    assert f"{len(ids)} rules in {len(ruleset.packs)} packs." in text.stdout
    as_json = json.loads(run_cli("rules", "--format", "json").stdout)
    assert [r["id"] for r in as_json] == ids
    assert all({"id", "category", "severity", "summary", "message", "examples"} <= set(r) for r in as_json)
    markdown = run_cli("rules", "--format", "markdown").stdout
    assert markdown.startswith("# healthlint rule reference")
    assert all(f"### {rule_id}" in markdown for rule_id in ids)


def test_explain_shows_a_rule_in_full(ruleset):
    rule = ruleset.rules[0]
    result = run_cli("explain", rule.id)
    assert result.exit_code == 0
    assert result.stdout.startswith(rule.id)
    assert rule.summary in result.stdout and rule.message in result.stdout
    assert all(s in result.stdout for s in rule.suggest)
    markdown = run_cli("explain", rule.id, "--format", "markdown").stdout
    assert markdown.startswith(f"# {rule.id}")


def test_explain_an_unknown_rule_exits_2_with_a_hint(ruleset):
    rule = ruleset.rules[0]
    result = run_cli("explain", rule.slug)
    assert result.exit_code == 2
    assert f"unknown rule {rule.slug!r}" in result.stderr and rule.id in result.stderr
    assert run_cli("explain", "zzz-nothing").exit_code == 2


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"healthlint, version {healthlint.__version__}"
    assert healthlint.__version__ != "0.0.0"  # the installed distribution's version was found


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "healthlint", "check", CLEAN], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 0 and "No findings in 1 file." in proc.stdout


def test_the_options_named_without_importing_the_readers_match_them():
    """The CLI names the HTML scopes and severities itself (importing the readers and the rule
    loader for an option's help would cost start-up time); they must be the real ones."""
    from healthlint import cli, formats, ruleset
    from healthlint.config import SEVERITIES
    from healthlint.reporters import MODULES, REPORTERS

    assert tuple(cli.HTML_SCOPES) == tuple(formats.HTML_SCOPES)
    assert tuple(SEVERITIES) == tuple(ruleset.SEVERITIES)
    assert sorted(REPORTERS) == sorted(MODULES) and all(callable(REPORTERS[name]) for name in MODULES)


def test_a_streamed_json_report_is_the_json_of_all_findings(tmp_path):
    """`--format json` is written file by file; it must still be one valid array, the same as
    the reporter gives for the whole list."""
    from healthlint import lint_file
    from healthlint.reporters.json_report import report

    for n in range(3):
        (tmp_path / f"d{n}.md").write_text(f"# D{n}\n\nThis is the key to treating insomnia.\n" * (n + 1),
                                          encoding="utf-8")
    (tmp_path / "clean.md").write_text("Nothing to see.\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", str(tmp_path))
    expected = [f for n in range(3) for f in lint_file(tmp_path / f"d{n}.md")]
    assert json.loads(result.output) == json.loads(report(expected))
    assert len(json.loads(result.output)) == len(expected) >= 3
    empty = run_cli("check", "--no-cache", "--format", "json", str(tmp_path / "clean.md"))
    assert json.loads(empty.output) == []
