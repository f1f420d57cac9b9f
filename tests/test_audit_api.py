"""The per-partition function as Spark's mapInPandas calls it, and the summary page's safety
with hostile archive content (no cluster needed)."""
from __future__ import annotations

import pytest

pytest.importorskip("pandas")
pytest.importorskip("jinja2")

import pandas as pd  # noqa: E402
from audit_archive import PAGES, SELECT  # noqa: E402

from healthlint.api import lint_text  # noqa: E402
from healthlint.audit import FINDINGS_SPARK_SCHEMA, lint_batches  # noqa: E402
from healthlint.audit.partition import AuditSettings, PartitionResult, audit_records, linter_for  # noqa: E402


def test_lint_batches_follows_the_mapinpandas_contract():
    """An iterator of pandas frames in, one findings frame per batch out, with the columns and
    types FINDINGS_SPARK_SCHEMA declares."""
    pages = pd.DataFrame({"url": [p[1] for p in PAGES], "body": [p[3] for p in PAGES]})
    batches = [pages.iloc[:3], pages.iloc[3:]]
    out = list(lint_batches(iter(batches), text="body", id="url", url="url", select=SELECT))
    assert len(out) == 2
    names = [field.split()[0] for field in FINDINGS_SPARK_SCHEMA.split(", ")]
    longs = {field.split()[0] for field in FINDINGS_SPARK_SCHEMA.split(", ") if field.endswith(" long")}
    linter = linter_for(AuditSettings(select=SELECT))
    for batch, findings in zip(batches, out):
        assert list(findings.columns) == names
        assert all(str(findings[c].dtype) == "int64" for c in longs)
        expected = sorted((url, f.offset, f.rule) for url, text in zip(batch["url"], batch["body"])
                          for f in lint_text(text, format="text", linter=linter))
        assert sorted(zip(findings["id"], findings["offset"], findings["rule"])) == expected


def test_summary_escapes_what_the_archive_says(tmp_path):
    from healthlint.audit.output import Tally, write_summary

    hostile = '<script>alert("x")</script>'
    records = pd.DataFrame([{"id": hostile, "url": f"https://evil.example/?q={hostile}", "date": "2024-05-01",
                             "text": "This miracle tea cures diabetes. " * 20, "format": "text", "path": None,
                             "source": hostile, "error": None}], dtype=object)
    settings = AuditSettings(select=SELECT)
    result: PartitionResult = audit_records(records, settings)
    tally = Tally(categories=("cure", "hype"))
    tally.add(result)
    page = write_summary(tmp_path, tally, {"version": "t", "finished": "now", "elapsed": "1s", "workers": 1,
                                           "sources": [hostile], "interrupted": False, "rules": "cure, hype",
                                           "worst_min_words": 50, "by_folder": False}).read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "supplement-disease-claim" in page or "cure/" in page
