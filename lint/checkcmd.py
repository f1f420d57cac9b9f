"""`healthlint check`: the work of the command, apart from its options (cli.py).

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage, configuration, rule-file or read error.

Start-up matters here (a pre-commit hook runs on every commit): this module imports neither click
(entry.py runs a plain `healthlint check FILES` without it; its output goes through echo.py, which
writes what click.echo would) nor anything that reading the settings and answering from the
findings cache do not need. The engine, the readers, the rules, the fixer and the other reporters
are imported by the code that uses them, so a run whose files are all in the cache never loads a
rule.
"""
from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import FindingsCache, cache_dir
from .echo import echo
from .errors import ConfigError, HealthlintError, ReadError
from .problems import Problems
from .project import Project
from .reporters import REPORTERS
from .walk import discover

if TYPE_CHECKING:  # pragma: no cover
    from . import fixer
    from .engine import Linter
    from .findings import Finding
    from .ruleset import RuleSet

#: Formats whose report needs the texts of the files with findings (source lines, fingerprints).
_NEEDS_TEXTS = {"text", "sarif", "gitlab", "html"}


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _validate_codes(ruleset: RuleSet, codes: list[str], option: str) -> None:
    """A usage error (click's: only the click command can be given codes) for an unknown rule
    id or category."""
    if not codes:
        return
    from .projectlinter import codes_of

    known = codes_of(ruleset)
    unknown = [c for c in codes if c not in known]
    if unknown:
        from .didyoumean import hint

        named = ", ".join(c + hint(c, known - {"all"}) for c in unknown)
        import click

        raise click.UsageError(f"{option}: unknown rule or category: {named}")


def check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
          rule_paths, config_file, baseline, write_baseline, report_unused_suppressions, fix, unsafe_fixes,
          diff, jobs, no_cache, html_scope=None, output_file=None, extend_select=(), extend_ignore=(),
          exit_zero=False, cache_dir=None, jurisdiction=None, diff_base=None, models=()) -> None:
    """The command with its options' values (cli.check's help says what each means). Leaves
    through sys.exit with the exit code."""
    if _OWN_PROCESS:  # the rules cache a first run builds is written after the report (entry.leave)
        from . import rulecache

        rulecache.defer_writes()
    if stdin_filename and not paths:
        paths = ("-",)  # `... | healthlint check --stdin-filename x.md` means standard input, as in ruff
    try:
        with _report_to(output_file):
            _check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
                   rule_paths, config_file, baseline, write_baseline, report_unused_suppressions, fix,
                   unsafe_fixes, diff, jobs, no_cache, html_scope, extend_select, extend_ignore, cache_dir,
                   jurisdiction, output_file, diff_base, models)
    except SystemExit as done:
        if exit_zero and done.code == 1:  # findings, but the caller asked for 0 (errors still exit 2)
            sys.exit(0)
        raise


def _check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
           rule_paths, config_file, baseline, write_baseline, report_unused_suppressions, fix, unsafe_fixes,
           diff, jobs, no_cache, html_scope, extend_select, extend_ignore, cache_folder, jurisdiction,
           output_file=None, diff_base=None, models=()) -> None:
    select_codes, ignore_codes = _codes(select), _codes(ignore) + _codes(extend_ignore)
    extend_codes = _codes(extend_select)
    try:
        project = Project.resolve(
            list(paths), config_file=config_file, select=select_codes, ignore=ignore_codes, fail_level=fail_level,
            extend_select=extend_codes, jurisdiction=jurisdiction, models=tuple(models),
            rule_paths=rule_paths, baseline=None if write_baseline else baseline,
            report_unused_suppressions=report_unused_suppressions, stdin_filename=stdin_filename, lazy=True)
        _check_encoding(encoding)
    except HealthlintError as err:
        _fail(err)
    cache = None
    if not (fix or diff or no_cache):  # findings are reused only for the same rules, code and settings
        cache = FindingsCache(Path(cache_folder) if cache_folder else cache_dir(),
                              project.findings_fingerprint(encoding=encoding, html_scope=html_scope))
    binary: list[str] = []
    problems = Problems()
    files = project.filter_files(discover(list(paths) or ["."], skipped=binary, notices=problems,
                                          known_text=cache.known_text if cache is not None else None))
    if output_file:  # a report from an earlier run is not a draft
        report_path = Path(output_file).resolve()
        files = [p for p in files if p == "-" or Path(p).resolve() != report_path]
    changed = None
    if diff_base:
        if fix or diff:  # (only the click command takes --diff-base)
            import click

            raise click.UsageError("--diff-base reports changed lines; it cannot be combined with --fix or --diff")
        changed = _changed_lines(diff_base)
        files = [p for p in files if changed.touches(p)]  # an unchanged file has nothing to report
    ready = False

    def linter() -> Linter:
        """The project's linter, built when a file first needs linting (or a report needs the
        rules): loading the rules is most of a cached run's start-up otherwise."""
        nonlocal ready
        try:
            with _kept_for_good():
                project.load()
        except HealthlintError as err:
            _fail(err)
        if not ready:
            _validate_codes(project.ruleset, select_codes + ignore_codes + extend_codes, "--select/--ignore")
            project.linter.reader_options = _reader_options(html_scope)
            ready = True
        return project.linter

    if cache is None or not files:
        linter()  # nothing cached vouches for the settings: check them now
    _resume_collector()
    if fix or diff:
        _check_fixed(project, files, linter(), fmt, quiet, statistics, no_color, stdin_filename, encoding,
                     write_baseline, unsafe_fixes, diff, binary, problems)
        return
    streamed = fmt in ("text", "json") and not write_baseline and changed is None
    results = _lint_paths(files, linter, jobs or _default_jobs(), cache, encoding, stdin_filename,
                          want_text=(fmt in _NEEDS_TEXTS and not (fmt == "text" and quiet)) or bool(write_baseline),
                          stream_large=streamed)
    if streamed:
        _stream(project, results, fmt, len(files), quiet, statistics, no_color, binary, problems)
        return
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    for result in results:
        _report_problems(result, problems)
        if result.error is None:
            if result.text is not None:
                texts[result.path] = result.text
            findings.extend(f for f in result.findings if changed is None or changed.keeps(f.path, f.line, f.end_line))
    _finish(project, linter, findings, texts, fmt, quiet, statistics, no_color, len(files), problems,
            write_baseline, binary, run=None)


#: Set by main(): this process is the command alone (not a test or a program that runs `cli`).
_OWN_PROCESS = False


@contextlib.contextmanager
def _kept_for_good() -> Iterator[None]:
    """Load the rules and build the linter with the cyclic garbage collector paused, then move
    every object alive (the rule set, the linter, the modules) out of its sight: they live as
    long as the command, and the collector would otherwise walk the tens of thousands of them
    again and again while the first file is linted (a fifth of a one-file run). Only when the
    process is the command's own, not a program or test that calls `cli`. (entry.main pauses
    the collector from the start: imports and settings make no garbage worth a collection either;
    it runs again from here, or from _resume_collector when no rule is needed.)"""
    if not _OWN_PROCESS:
        yield
        return
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _resume_collector() -> None:
    """The collector on again (entry.main paused it) before files are linted or answered from
    the cache, in the command's own process."""
    if _OWN_PROCESS:
        import gc

        gc.enable()


def _changed_lines(base: str):
    from .changes import changed_lines

    try:
        return changed_lines(base)
    except HealthlintError as err:
        _fail(err)


_FORCED_COLOR = False


def use_color(no_color: bool) -> bool:
    """Colour when stdout is a terminal, as most tools do; `--no-color` or a non-empty NO_COLOR
    (no-color.org) turns it off, a non-empty FORCE_COLOR on even into a pipe or file (CI logs
    that render ANSI). NO_COLOR wins over FORCE_COLOR."""
    global _FORCED_COLOR
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        _FORCED_COLOR = True
        return True
    return sys.stdout.isatty()


@contextlib.contextmanager
def _report_to(output_file: str | None):
    """`-o FILE`: standard output (the report) goes to FILE for the command's duration; stderr
    (problems, the fix summary with --format json) stays where it was."""
    if not output_file:
        yield
        return
    try:
        handle = open(output_file, "w", encoding="utf-8", newline="")
    except OSError as err:
        _fail(ConfigError(f"--output-file: cannot write {output_file}: {err.strerror or err}"))
    saved = sys.stdout
    sys.stdout = handle
    try:
        yield
    finally:
        sys.stdout = saved
        handle.close()


def _default_jobs() -> int:
    from .runner import default_jobs

    return default_jobs()


def _lint_paths(files, linter, jobs, cache, encoding, stdin_filename, want_text, stream_large=False):
    from .runner import lint_paths

    return lint_paths(files, linter, jobs=jobs, cache=cache, encoding=encoding, stdin_filename=stdin_filename,
                      want_text=want_text, stream_large=stream_large)


def _reader_options(html_scope: str | None):
    from .formats import ReaderOptions

    return ReaderOptions(html_scope=html_scope or "main")


def _report_problems(result, problems: Problems) -> None:
    """Print a result's read error on stderr and keep it for the report (an error for the exit
    code)."""
    if result.error is not None:
        problems.error(result.error)


def _stream(project: Project, results, fmt: str, files: int, quiet: bool, statistics: bool, no_color: bool,
            binary: list[str], problems: Problems) -> None:
    """The text or JSON report, written file by file as results arrive: nothing is held but
    counts, so memory stays flat however many files and findings there are."""
    from .reporters.text import Tally, file_lines, quiet_text

    color = fmt == "text" and use_color(no_color)
    tally = Tally()
    out = _Output()
    element = None
    if fmt == "json":
        from .reporters.json_report import element
    for result in results:
        if result.error is not None:
            out.flush()  # keep stdout and stderr in order on a terminal
            _report_problems(result, problems)
            if result.error is not None:
                continue
        if result.pieces is not None:  # a large file: its findings as they come
            _stream_pieces(result, out, tally, element, color, quiet, problems)
            continue
        record = result.record
        if fmt == "text" and record is not None and quiet and not color and not statistics:
            # From the cache's record: no Finding is built (see cache.make_record).
            if record[1]:
                tally.add_counts(record[2])
                out.write(quiet_text(result.path, record[1]))
        elif result.findings:
            if element is not None:
                out.write(("[\n" if not tally.total else ",\n") + ",\n".join(map(element, result.findings)))
            else:
                out.write("\n".join(file_lines(result.findings, result.text, color, quiet)) + "\n")
            tally.add(result.findings)
    if element is not None:
        out.write("\n]\n" if tally.total else "[]\n")
    out.flush()
    err = fmt != "text"
    if not quiet and fmt == "text":
        # Every file given is counted; those that could not be read or were skipped are said so.
        echo(tally.summary(files + problems.skipped, problems.unreadable, problems.skipped))
    if statistics:
        echo(tally.statistics(), nl=False, err=err)
        if binary:
            echo(f"{len(binary)} binary file{'s' * (len(binary) != 1)} skipped", err=err)
    if problems.errors:
        sys.exit(2)
    sys.exit(1 if tally.at_or_above(project.fail_level) else 0)


def _stream_pieces(result, out: _Output, tally, element, color: bool, quiet: bool, problems: Problems) -> None:
    """Print a large file's findings piece by piece, flushed as each piece is linted."""
    from .reporters.text import file_lines

    counted = False
    try:
        for piece, findings in result.pieces:
            if not findings:
                continue
            if element is not None:
                out.write(("[\n" if not tally.total else ",\n") + ",\n".join(map(element, findings)))
            else:
                out.write("\n".join(file_lines(findings, None, color, quiet, line_text=piece.line_text)) + "\n")
            tally.add(findings, same_file=counted)
            counted = True
            out.flush()
    except ReadError as err:  # the file changed between the two passes
        out.flush()
        problems.error(err)


class _Output:
    """Standard output in blocks of ~64 KB: click.echo per file costs more than the printing
    when 10,000 cached files are reported."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > 65536:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            echo("".join(self.parts), nl=False, color=True if _FORCED_COLOR else None)
            self.parts.clear()
            self.size = 0


def _check_fixed(project: Project, files: list[str], linter: Linter, fmt: str, quiet: bool, statistics: bool,
                 no_color: bool, stdin_filename: str | None, encoding: str | None, write_baseline: str | None,
                 unsafe_fixes: bool, diff: bool, binary: list[str], problems: Problems) -> None:
    """`check --fix` / `--diff`: fix, then report what remains."""
    run = _fix(files, linter, stdin_filename, encoding, unsafe_fixes, diff, problems)
    _finish(project, lambda: linter, run.remaining, run.texts, fmt, quiet, statistics, no_color,
            len(files), problems, write_baseline, binary, run=run, unsafe=unsafe_fixes)


def _finish(project: Project, linter, findings: list[Finding], texts: dict[str, str], fmt: str, quiet: bool,
            statistics: bool, no_color: bool, files: int, problems: Problems, write_baseline: str | None,
            binary: list[str], run, unsafe: bool = False) -> None:
    """Print a whole report (every format but streamed text), the statistics, the fixes'
    summary; record a baseline; exit with the code the findings call for."""
    from .reporters.text import statistics as statistics_text

    to_stderr = run is not None and run.stdin_output is not None  # stdout holds the fixed text
    color = not to_stderr and use_color(no_color)
    ruleset = linter().ruleset if fmt in ("sarif", "html") else None  # both describe the rules
    reader_options = linter().reader_options if fmt == "html" else None  # html re-reads the prose
    # Every file given is counted; the problems (unreadable, skipped) go into the report too.
    output = REPORTERS[fmt](findings, texts=texts, color=color, files=files + problems.skipped, quiet=quiet,
                            ruleset=ruleset, problems=list(problems), unreadable=problems.unreadable,
                            skipped=problems.skipped, reader_options=reader_options)
    echo(output, nl=False, err=to_stderr, color=color or None)
    if statistics:
        echo(statistics_text(findings), nl=False, err=to_stderr or fmt != "text")
        if binary:
            echo(f"{len(binary)} binary file{'s' * (len(binary) != 1)} skipped", err=to_stderr or fmt != "text")
    if run is not None and not quiet:
        from . import fixer

        echo(fixer.summary(run.outcomes, unsafe), err=to_stderr or fmt != "text")
    if write_baseline:
        from .baseline import write_baseline as record_baseline

        try:
            count = record_baseline(Path(write_baseline), findings, texts)
        except HealthlintError as err:
            _fail(err)
        echo(f"healthlint: recorded {count} finding{'s' * (count != 1)} in {write_baseline}", err=True)
    if problems.errors:
        sys.exit(2)
    sys.exit(1 if _at_or_above(findings, project.fail_level) and not write_baseline else 0)


def _at_or_above(findings: list[Finding], level: str) -> bool:
    from .findings import SEVERITY_RANK

    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in findings)


def _fix(files: list[str], linter: Linter, stdin_filename: str | None, encoding: str | None,
         unsafe: bool, diff: bool, problems: Problems) -> fixer.FixRun:
    """`check --fix`: fix the files and return what remains to report. The fixed text of stdin
    ('-') is written to stdout. `--diff` prints the diff instead, writes nothing and exits
    (1 if anything would change)."""
    from . import fixer

    run = fixer.fix_paths(files, linter, unsafe=unsafe, write=not diff, encoding=encoding,
                          read_stdin=sys.stdin.buffer.read, stdin_filename=stdin_filename)
    for err in run.errors:  # unreadable, or read but not written (the file is still reported)
        problems.error(err, unreadable=isinstance(err, ReadError))
    for outcome in run.outcomes:
        for note in fixer.notes(outcome):
            echo(f"healthlint: {note}", err=True)
    if diff:
        echo("".join(fixer.unified_diff(o.path, o.result.original, o.result.text) for o in run.changed), nl=False)
        echo(fixer.summary(run.outcomes, unsafe, diff=True), err=True)
        sys.exit(2 if run.errors else 1 if run.changed else 0)
    if run.stdin_output is not None:
        sys.stdout.buffer.write(run.stdin_output)
        sys.stdout.flush()
    return run


def _check_encoding(encoding: str | None) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"--encoding: unknown encoding {encoding!r}") from None

def _fail(err: HealthlintError) -> None:
    echo(f"healthlint: error: {err}", err=True)
    sys.exit(err.exit_code)


