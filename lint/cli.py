"""The command line: `healthlint check`, `fix`, `rules`, `explain`, `server`, `audit`, as click
commands. What `check` does is in checkcmd.py, which needs no click: entry.py runs a plain
`healthlint check FILES` (a pre-commit hook's call) without importing this module.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings at or above it,
2 a usage, configuration, rule-file or read error.

Start-up matters here (a pre-commit hook runs on every commit): this module imports only what
reading the settings and answering from the findings cache need. The engine, the readers, the
rules, the fixer and the other reporters are imported by the code that uses them, so a run whose
files are all in the cache never loads a rule.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from . import checkcmd
from .checkcmd import _at_or_above, _codes, _fail, _validate_codes, use_color
from .config import SEVERITIES
from .errors import HealthlintError
from .problems import Problems
from .project import Project, project_ruleset
from .reporters import REPORTERS
from .walk import discover

if TYPE_CHECKING:  # pragma: no cover
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


def _load(rule_paths: tuple[str, ...] = ()) -> RuleSet:
    return project_ruleset(rule_paths)


def _show_version(ctx: click.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import __version__  # looked up only when asked: importlib.metadata costs start-up time

        click.echo(f"healthlint, version {__version__}")
        ctx.exit()


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
def check(**options) -> None:
    """Lint Markdown, MDX, HTML and text files, or folders of them (default: the current folder)."""
    checkcmd.check(**options)


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


def main() -> None:
    """Run the command line through click (entry.main runs a plain check without it)."""
    from .entry import leave

    checkcmd._OWN_PROCESS = True
    try:
        cli()
    except SystemExit as leaving:
        leave(leaving.code)
    leave(0)
