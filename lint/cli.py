"""The command line: `healthlint check`, `rules`, `explain`.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage, configuration, rule-file or read error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cache import FindingsCache, cache_dir, options_fingerprint
from .engine import Linter, at_or_above
from .errors import HealthlintError
from .findings import Finding
from .reporters import REPORTERS
from .reporters import catalog
from .reporters.text import statistics
from .rulecache import load_ruleset_cached, rules_fingerprint
from .ruleset import SEVERITIES, RuleSet
from .runner import default_jobs, lint_paths
from .walk import discover


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _load(rule_paths: tuple[str, ...] = (), cache: bool = True) -> RuleSet:
    """The rule set, from .healthlint_cache/ when the rules and code are unchanged."""
    return load_ruleset_cached([Path(p) for p in rule_paths], cache_dir() if cache else None)


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import __version__  # looked up only when asked: it costs start-up time

        click.echo(f"healthlint, version {__version__}")
        ctx.exit()


def _validate_codes(ruleset: RuleSet, codes: list[str], option: str) -> None:
    known = {r.id for r in ruleset.rules} | {r.category for r in ruleset.rules} | {"ALL", "all"}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise click.UsageError(f"{option}: unknown rule or category: {', '.join(unknown)}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
def cli() -> None:
    """healthlint: find overstated claims in health copy and suggest hedged rewrites."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--fail-level", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no source, suggestions or summary.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule produced.")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--stdin-filename", help="The file name to report (and pick the format by) when reading '-'.")
@click.option("--encoding", help="Decode files with this encoding instead of UTF-8.")
@click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(), help="Extra folder of rule packs.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes to lint with; 0 (the default) uses all cores.")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh: do not read or write cached findings.")
def check(paths, fmt, select, ignore, fail_level, quiet, statistics, no_color, stdin_filename, encoding,
          rule_paths, jobs, no_cache) -> None:
    """Lint Markdown and text files, or folders of them (default: the current folder)."""
    try:
        ruleset = _load(rule_paths)  # the compiled-rules cache cannot change results: always used
        select_codes, ignore_codes = _codes(select), _codes(ignore)
        _validate_codes(ruleset, select_codes + ignore_codes, "--select/--ignore")
        linter = Linter(ruleset, select_codes, ignore_codes)
    except HealthlintError as err:
        _fail(err)
    files = discover(list(paths) or ["."])
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    read_errors = 0
    cache = None
    if not no_cache:  # findings are reused only for the same rules, code and options
        fingerprint = rules_fingerprint([Path(p) for p in rule_paths])
        cache = FindingsCache(cache_dir(), options_fingerprint(fingerprint, linter, encoding=encoding))
    for result in lint_paths(files, linter, jobs=jobs or default_jobs(), cache=cache, encoding=encoding,
                             stdin_filename=stdin_filename):
        if result.error is not None:
            click.echo(f"healthlint: {result.error}", err=True)
            read_errors += 1
            continue
        if result.text is not None:
            texts[result.path] = result.text
        findings.extend(result.findings)
    color = not no_color and sys.stdout.isatty()
    output = REPORTERS[fmt](findings, texts=texts, color=color, files=len(files), quiet=quiet)
    click.echo(output, nl=False)
    if statistics:
        click.echo(_statistics_text(findings), nl=False, err=fmt != "text")
    if read_errors:
        sys.exit(2)
    sys.exit(1 if at_or_above(findings, fail_level) else 0)


def _statistics_text(findings: list[Finding]) -> str:
    return statistics(findings)


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
