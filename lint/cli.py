"""The command line: `healthlint check`, `rules`, `explain`.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage, configuration, rule-file or read error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .baseline import write_baseline as record_baseline
from .engine import at_or_above
from .errors import HealthlintError, ReadError
from .findings import Finding
from .formats import read_document
from .project import Project, codes_of, project_ruleset
from .reader import Source, decode, format_for, read_source
from .reporters import REPORTERS
from .reporters import catalog
from .reporters.text import statistics
from .ruleset import SEVERITIES, RuleSet
from .walk import discover


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _load(rule_paths: tuple[str, ...] = ()) -> RuleSet:
    return project_ruleset(rule_paths)


def _validate_codes(ruleset: RuleSet, codes: list[str], option: str) -> None:
    unknown = [c for c in codes if c not in codes_of(ruleset)]
    if unknown:
        raise click.UsageError(f"{option}: unknown rule or category: {', '.join(unknown)}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="healthlint")
def cli() -> None:
    """healthlint: find overstated claims in health copy and suggest hedged rewrites."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--fail-level", type=click.Choice(SEVERITIES),
              help="Lowest severity that makes the exit code 1.  [default: warning, or the configuration's]")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no source, suggestions or summary.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule produced.")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--stdin-filename", help="The file name to report (and pick the format by) when reading '-'.")
@click.option("--encoding", help="Decode files with this encoding instead of UTF-8.")
@click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(), help="Extra folder of rule packs.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use instead of the nearest pyproject.toml or .healthlint.toml.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings this baseline does not record.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record the current findings in this baseline file (exit code 0).")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report healthlint-disable comments that suppressed nothing.")
def check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
          rule_paths, config_file, baseline, write_baseline, report_unused_suppressions) -> None:
    """Lint Markdown and text files, or folders of them (default: the current folder)."""
    select_codes, ignore_codes = _codes(select), _codes(ignore)
    try:
        project = Project.resolve(
            list(paths), config_file=config_file, select=select_codes, ignore=ignore_codes, fail_level=fail_level,
            rule_paths=rule_paths, baseline=None if write_baseline else baseline,
            report_unused_suppressions=report_unused_suppressions, stdin_filename=stdin_filename)
    except HealthlintError as err:
        _fail(err)
    _validate_codes(project.ruleset, select_codes + ignore_codes, "--select/--ignore")
    linter = project.linter
    files = project.filter_files(discover(list(paths) or ["."]))
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    read_errors = 0
    for path in files:
        try:
            source = _read(path, stdin_filename, encoding)
        except ReadError as err:
            click.echo(f"healthlint: {err}", err=True)
            read_errors += 1
            continue
        texts[source.path] = source.text
        findings.extend(linter.lint(read_document(source)))
    color = not no_color and sys.stdout.isatty()
    output = REPORTERS[fmt](findings, texts=texts, color=color, files=len(files), quiet=quiet,
                            ruleset=project.ruleset)
    click.echo(output, nl=False)
    if statistics:
        click.echo(_statistics_text(findings), nl=False, err=fmt != "text")
    if write_baseline:
        try:
            count = record_baseline(Path(write_baseline), findings, texts)
        except HealthlintError as err:
            _fail(err)
        click.echo(f"healthlint: recorded {count} finding{'s' * (count != 1)} in {write_baseline}", err=True)
    if read_errors:
        sys.exit(2)
    sys.exit(1 if at_or_above(findings, project.fail_level) and not write_baseline else 0)


def _statistics_text(findings: list[Finding]) -> str:
    return statistics(findings)


def _read(path: str, stdin_filename: str | None, encoding: str | None) -> Source:
    if path == "-":
        name = stdin_filename or "<stdin>"
        text, enc, bom = decode(sys.stdin.buffer.read(), name, encoding)
        return Source(path=name, text=text, format=format_for(name), encoding=enc, bom=bom)
    return read_source(path, encoding=encoding)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule with its severity and what it flags."""
    try:
        ruleset = _load()
    except HealthlintError as err:
        _fail(err)
    render = {"text": catalog.rules_text, "json": catalog.rules_json, "markdown": catalog.rules_markdown}[fmt]
    click.echo(render(ruleset), nl=False)


@cli.command()
@click.argument("rule")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def explain(rule: str, fmt: str) -> None:
    """Explain a rule: what it flags, why, examples, the rewrite and the reference."""
    try:
        ruleset = _load()
    except HealthlintError as err:
        _fail(err)
    found = ruleset.get(rule)
    if found is None:
        close = [r.id for r in ruleset.rules if rule in r.id]
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else " See `healthlint rules`."
        click.echo(f"healthlint: unknown rule {rule!r}.{hint}", err=True)
        sys.exit(2)
    click.echo(catalog.explain_markdown(found) + "\n" if fmt == "markdown" else catalog.explain_text(found), nl=False)


def _fail(err: HealthlintError) -> None:
    click.echo(f"healthlint: error: {err}", err=True)
    sys.exit(err.exit_code)


def main() -> None:
    cli()
