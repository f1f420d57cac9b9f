"""The command line: `healthlint check`, `rules`, `explain`.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage, configuration, rule-file or read error.

Start-up matters here (a pre-commit hook runs on every commit): this module imports only what
reading the settings and answering from the findings cache need. The engine, the readers, the
rules, the fixer and the other reporters are imported by the code that uses them, so a run whose
files are all in the cache never loads a rule.
"""
from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cache import FindingsCache, cache_dir
from .config import SEVERITIES
from .errors import ConfigError, HealthlintError, ReadError
from .problems import Problems
from .project import Project, project_ruleset
from .reporters import REPORTERS
from .walk import discover

if TYPE_CHECKING:  # pragma: no cover
    from . import fixer
    from .engine import Linter
    from .findings import Finding
    from .ruleset import RuleSet


_JURISDICTION_HELP = ("Where the copy is published: us appends the FDA supplement disclaimer when it is "
                      "missing; uk/eu say what those rules need instead.  [default: none, or the configuration's]")
#: jurisdiction.JURISDICTIONS, named here so that the option's help does not import the engine.
JURISDICTIONS = ("us", "uk", "eu")
_ENCODING_HELP = "Decode files that are not UTF-8 (and have no byte-order mark) with this encoding."
_HTML_SCOPE_HELP = "HTML: lint only <main>/<article> when a page has one (main), or the whole page (all).  [default: main]"
#: formats.HTML_SCOPES, named here so that the option's help does not import the readers
#: (tests/test_cli.py checks that the two agree).
HTML_SCOPES = ("main", "all")
#: Formats whose report needs the texts of the files with findings (source lines, fingerprints).
_NEEDS_TEXTS = {"text", "sarif", "gitlab", "html"}


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _load(rule_paths: tuple[str, ...] = ()) -> RuleSet:
    return project_ruleset(rule_paths)


def _show_version(ctx: click.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import __version__  # looked up only when asked: importlib.metadata costs start-up time

        click.echo(f"healthlint, version {__version__}")
        ctx.exit()


def _validate_codes(ruleset: RuleSet, codes: list[str], option: str) -> None:
    from .projectlinter import codes_of

    known = codes_of(ruleset)
    unknown = [c for c in codes if c not in known]
    if unknown:
        from .didyoumean import hint

        named = ", ".join(c + hint(c, known - {"all"}) for c in unknown)
        raise click.UsageError(f"{option}: unknown rule or category: {named}")


class _Commands(click.Group):
    """The commands, with `healthlint audit` (issue 19; lint/audit/command.py, many options)
    imported only when it is run or the commands are listed: `check` does not pay for it."""

    _ELSEWHERE = {"audit": "healthlint.audit.command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._ELSEWHERE))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self._ELSEWHERE and name not in self.commands:
            from importlib import import_module

            self.add_command(getattr(import_module(self._ELSEWHERE[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, _, value: _show_version(ctx, value),
              help="Show the version and exit.")
def cli() -> None:
    """healthlint: find overstated claims in health copy and suggest hedged rewrites."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output-format", "--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text",
              show_default=True, help="Output format (--format is an alias).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--extend-select", multiple=True,
              help="Rule ids or categories to add to the selection (the configuration's or --select).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--extend-ignore", multiple=True, help="More rule ids or categories to skip (as --ignore).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--fail-level", type=click.Choice(SEVERITIES),
              help="Lowest severity that makes the exit code 1.  [default: warning, or the configuration's]")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no source, suggestions or summary.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule produced.")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--stdin-filename", help="The file name to report (and pick the format by) for standard input; with no path, standard input is read.")
@click.option("--encoding", help=_ENCODING_HELP)
@click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(), help="Extra folder of rule packs.")
@click.option("--html-scope", type=click.Choice(HTML_SCOPES), help=_HTML_SCOPE_HELP)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use instead of the nearest pyproject.toml or .healthlint.toml.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings this baseline does not record.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record the current findings in this baseline file (exit code 0).")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report healthlint-disable comments that suppressed nothing.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes to lint with; 0 (the default) uses all cores.")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh: do not read or write cached findings.")
@click.option("--diff-base", metavar="REV",
              help="Report only findings on lines changed since the git revision REV (and in untracked files).")
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS), help=_JURISDICTION_HELP)
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Folder for the findings cache.  [default: $HEALTHLINT_CACHE_DIR or .healthlint_cache]")
@click.option("--model", "models", multiple=True, metavar="NAME",
              help="Enable an installed learned checker (entry point group healthlint.models), e.g. causal-ngram.")
def check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
          rule_paths, config_file, baseline, write_baseline, report_unused_suppressions, fix, unsafe_fixes,
          diff, jobs, no_cache, html_scope=None, output_file=None, extend_select=(), extend_ignore=(),
          exit_zero=False, cache_dir=None, jurisdiction=None, diff_base=None, models=()) -> None:
    """Lint Markdown, MDX, HTML and text files, or folders of them (default: the current folder)."""
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
        if fix or diff:
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
    process is the command's own, not a program or test that calls `cli`."""
    if not _OWN_PROCESS:
        yield
        return
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
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
        click.echo(tally.summary(files + problems.skipped, problems.unreadable, problems.skipped))
    if statistics:
        click.echo(tally.statistics(), nl=False, err=err)
        if binary:
            click.echo(f"{len(binary)} binary file{'s' * (len(binary) != 1)} skipped", err=err)
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
            click.echo("".join(self.parts), nl=False, color=True if _FORCED_COLOR else None)
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
    click.echo(output, nl=False, err=to_stderr, color=color or None)
    if statistics:
        click.echo(statistics_text(findings), nl=False, err=to_stderr or fmt != "text")
        if binary:
            click.echo(f"{len(binary)} binary file{'s' * (len(binary) != 1)} skipped", err=to_stderr or fmt != "text")
    if run is not None and not quiet:
        from . import fixer

        click.echo(fixer.summary(run.outcomes, unsafe), err=to_stderr or fmt != "text")
    if write_baseline:
        from .baseline import write_baseline as record_baseline

        try:
            count = record_baseline(Path(write_baseline), findings, texts)
        except HealthlintError as err:
            _fail(err)
        click.echo(f"healthlint: recorded {count} finding{'s' * (count != 1)} in {write_baseline}", err=True)
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
            click.echo(f"healthlint: {note}", err=True)
    if diff:
        click.echo("".join(fixer.unified_diff(o.path, o.result.original, o.result.text) for o in run.changed), nl=False)
        click.echo(fixer.summary(run.outcomes, unsafe, diff=True), err=True)
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


@cli.command("fix")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--interactive", "-i", is_flag=True, help="Review each finding: pick a rewrite, edit, skip or quit.")
@click.option("--unsafe-fixes", is_flag=True, help="Without --interactive: apply unsafe fixes too.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--encoding", help=_ENCODING_HELP)
@click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(), help="Extra folder of rule packs.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use instead of the nearest pyproject.toml or .healthlint.toml.")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS), help=_JURISDICTION_HELP)
@click.pass_context
def fix_command(ctx, paths, interactive, unsafe_fixes, select, ignore, encoding, rule_paths, config_file,
                no_color, jurisdiction=None) -> None:
    """Fix findings in place: all safe ones (like `check --fix`), or one by one with --interactive."""
    if not interactive:
        ctx.invoke(check, paths=paths, fix=True, unsafe_fixes=unsafe_fixes, select=select, ignore=ignore,
                   encoding=encoding, rule_paths=rule_paths, config_file=config_file, no_color=no_color,
                   jurisdiction=jurisdiction)
        return
    from . import interactive as review

    select_codes, ignore_codes = _codes(select), _codes(ignore)
    try:  # the same settings as `check`: configuration, suppressions, per-file ignores
        project = Project.resolve(list(paths), config_file=config_file, select=select_codes,
                                  ignore=ignore_codes, rule_paths=rule_paths, jurisdiction=jurisdiction)
    except HealthlintError as err:
        _fail(err)
    _validate_codes(project.ruleset, select_codes + ignore_codes, "--select/--ignore")
    linter = project.linter
    files = project.filter_files(discover(list(paths) or ["."], notices=Problems()))
    if "-" in files:
        raise click.UsageError("--interactive reads your answers from stdin, so it cannot fix stdin ('-')")
    totals = review.run(files, linter, encoding, color=use_color(no_color))
    saved = f"Saved {totals.edits} edit{'s' * (totals.edits != 1)} in {totals.files_changed} " \
            f"file{'s' * (totals.files_changed != 1)}"
    if totals.interrupted:  # Ctrl-C: what was accepted is saved; exit as an interrupted command
        click.echo(f"\nInterrupted. {saved}.")
        sys.exit(130)
    n = len(totals.remaining)
    click.echo(f"\n{saved}; {n} finding{'s' * (n != 1)} remain{'s' * (n == 1)}.")
    sys.exit(2 if totals.errors else 1 if _at_or_above(totals.remaining, project.fail_level) else 0)


_RULE_PATH = click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(),
                          help="Extra folder of rule packs.")


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@_RULE_PATH
def rules_command(fmt: str, rule_paths: tuple[str, ...]) -> None:
    """List every rule with its severity and what it flags."""
    try:
        ruleset = _load(rule_paths)
    except HealthlintError as err:
        _fail(err)
    from .reporters import catalog

    render = {"text": catalog.rules_text, "json": catalog.rules_json, "markdown": catalog.rules_markdown}[fmt]
    click.echo(render(ruleset), nl=False)


@cli.command()
@click.argument("rule")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@_RULE_PATH
def explain(rule: str, fmt: str, rule_paths: tuple[str, ...]) -> None:
    """Explain a rule: what it flags, why, examples, the rewrite and the reference."""
    try:
        ruleset = _load(rule_paths)
    except HealthlintError as err:
        _fail(err)
    found = ruleset.get(rule)
    if found is None:
        from .didyoumean import close_codes

        close = close_codes(rule, [r.id for r in ruleset.rules], n=5)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `healthlint rules`."
        click.echo(f"healthlint: unknown rule {rule!r}.{hint}", err=True)
        sys.exit(2)
    from .reporters import catalog

    click.echo(catalog.explain_markdown(found) + "\n" if fmt == "markdown" else catalog.explain_text(found), nl=False)


@cli.command("server")
@_RULE_PATH
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use instead of the nearest pyproject.toml or .healthlint.toml.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings this baseline does not record.")
def server_command(rule_paths: tuple[str, ...], config_file: str | None, baseline: str | None) -> None:
    """Run the language server (LSP over stdio) for editors: live findings, quick fixes, hovers."""
    from .server import run

    try:
        run(config_file=config_file, rule_paths=rule_paths, baseline=baseline)
    except HealthlintError as err:
        _fail(err)


def _fail(err: HealthlintError) -> None:
    click.echo(f"healthlint: error: {err}", err=True)
    sys.exit(err.exit_code)


def main() -> None:
    global _OWN_PROCESS
    _OWN_PROCESS = True
    try:
        cli()
    except SystemExit as leaving:
        _leave(leaving.code)
    _leave(0)


#: Commands that run threads or services of their own: they leave the normal way.
_LONG_RUNNING = ("server", "audit")


def _leave(code: object) -> None:
    """Exit once the output is flushed, without freeing the loaded rule set object by object
    (about 100,000 objects: ~15 ms, a tenth of a one-file check). Nothing else is pending by
    then: files are written (atomically) and closed, and the worker pool is shut down."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    code = 0 if code is None else code
    running_threads = "threading" in sys.modules and sys.modules["threading"].active_count() > 1
    if (len(sys.argv) > 1 and sys.argv[1] in _LONG_RUNNING) or running_threads or not isinstance(code, int):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (healthlint check | head): nothing more to say there
    os._exit(code)
