"""`healthlint audit SOURCES --out DIR`: the click command. Only click is imported here, so
registering the command costs `healthlint check` nothing; Dask and pyarrow load when it runs."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import HealthlintError

_FORMATS = ("text", "markdown", "mdx", "html")  # sources.TEXT_FORMATS, without importing it


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


@click.command("audit")
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder for findings.parquet, documents.parquet, errors.parquet and summary.html.")
@click.option("--text-column", default="text", show_default=True, help="Tables: the column holding the text.")
@click.option("--id-column", default="id", show_default=True,
              help="Tables: the column holding a document id (else FILE:ROW).")
@click.option("--url-column", help="Tables: the column holding the page URL (gives the site).")
@click.option("--date-column", help="Tables: the column holding the publication date.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True,
              help="Tables: how to read the text column. Drafts go by their extension, WARC pages are HTML.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use instead of the nearest pyproject.toml or .healthlint.toml.")
@click.option("--rule-path", "rule_paths", multiple=True, type=click.Path(), help="Extra folder of rule packs.")
@click.option("--html-scope", type=click.Choice(("main", "all")), default="main", show_default=True,
              help="HTML: lint only <main>/<article> when a page has one, or the whole page.")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://host:8786) instead of local processes.")
@click.option("--workers", type=click.IntRange(min=1), help="Local worker processes.  [default: all cores]")
@click.option("--partition-size", type=click.FloatRange(min=0.01), default=16.0, show_default=True,
              help="MB of input per task: bounds the memory of each worker.")
@click.option("--max-document-size", type=click.FloatRange(min=0.001), default=5.0, show_default=True,
              help="Millions of characters above which a document is reported as giant, not linted.")
@click.option("--no-progress", is_flag=True, help="No progress lines on stderr.")
def audit(sources, out, text_column, id_column, url_column, date_column, fmt, select, ignore, config_file, rule_paths,
          html_scope, scheduler, workers, partition_size, max_document_size, no_progress) -> None:
    """Lint a whole archive on Dask: folders and globs of drafts, JSON Lines / CSV / Parquet
    tables and WARC files; writes findings, per-document rates, errors and a summary page."""
    if scheduler and workers:
        raise click.UsageError("--workers starts local processes; with --scheduler the cluster has its own workers")
    try:
        from .partition import AuditSettings
        from .run import AuditJob, run_audit, summary_line
        from .sources import TableColumns
    except ImportError as err:
        click.echo(f"healthlint: error: `healthlint audit` needs the audit extra ({err.name} is missing): "
                   "pip install 'healthlint[audit]'", err=True)
        sys.exit(2)
    from ..project import Project
    from ..projectlinter import codes_of

    select_codes, ignore_codes = _codes(select), _codes(ignore)
    try:
        paths = [s for s in sources if Path(s).exists()]
        project = Project.resolve(paths, config_file=config_file, select=list(select_codes), ignore=list(ignore_codes),
                                  rule_paths=rule_paths)
        unknown = [c for c in select_codes + ignore_codes if c not in codes_of(project.ruleset)]
        if unknown:
            raise click.UsageError(f"--select/--ignore: unknown rule or category: {', '.join(unknown)}")
        settings = AuditSettings(config=project.config, select=select_codes, ignore=ignore_codes,
                                 rule_paths=tuple(str(Path(p).resolve()) for p in rule_paths), html_scope=html_scope,
                                 max_chars=int(max_document_size * 1_000_000))
        job = AuditJob(sources=list(sources), out=Path(out), settings=settings,
                       columns=TableColumns(text=text_column, id=id_column, url=url_column, date=date_column, format=fmt),
                       scheduler=scheduler, workers=workers, partition_bytes=int(partition_size * 1024 * 1024))
        outcome = run_audit(job, echo=lambda line: click.echo(line, err=True), progress=not no_progress)
    except HealthlintError as err:
        click.echo(f"healthlint: error: {err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:  # before the first result (planning, starting the cluster)
        click.echo("healthlint audit: interrupted before any document was linted; nothing written", err=True)
        sys.exit(130)
    except OSError as err:
        if "scheduler" in str(err).lower() or scheduler:
            click.echo(f"healthlint: error: cannot reach the Dask scheduler at {scheduler}: {err}", err=True)
        else:
            click.echo(f"healthlint: error: {err}", err=True)
        sys.exit(2)
    click.echo(summary_line(outcome))
    click.echo(f"wrote {out}/findings.parquet, documents.parquet, errors.parquet and summary.html")
    sys.exit(130 if outcome.interrupted else 0)
