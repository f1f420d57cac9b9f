"""Auditing an archive on Dask: `healthlint audit` and the notebook API.

    import dask.dataframe as dd
    from healthlint.audit import findings_frame
    findings = findings_frame(dd.read_parquet("pages/*.parquet"), text="body", id="url")
    findings.groupby("rule").size().compute()

Needs the `healthlint[audit]` extra (dask[distributed], pyarrow, warcio, jinja2); nothing here
is imported by `healthlint check`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd

__all__ = ["FINDINGS_SPARK_SCHEMA", "findings_frame", "lint_batches", "lint_frame"]


def findings_frame(ddf: dd.DataFrame, text: str = "text", **options: Any) -> dd.DataFrame:
    """A lazy Dask DataFrame of the findings of every row's `text` column, one partition of
    findings per partition of `ddf` (columns: partition.FINDINGS_COLUMNS). `options` are
    lint_frame's: id, url, date (column names), format, select, ignore, config, html_scope."""
    from .partition import empty_findings, lint_frame

    return ddf.map_partitions(lint_frame, text=text, meta=empty_findings(), **options)


def __getattr__(name: str):
    if name in ("lint_frame", "lint_batches", "FINDINGS_SPARK_SCHEMA"):
        from . import partition

        return getattr(partition, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
