"""`healthlint audit` on a real two-process Dask LocalCluster: findings equal `healthlint check`
on the same texts, document by document; bad records are counted, not fatal; the tables and the
summary page are written; the notebook API gives the same findings."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")
pytest.importorskip("warcio")

import pandas as pd  # noqa: E402
from audit_archive import PAGES, SELECT, write_jsonl, write_parquet, write_warc  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from healthlint.audit.partition import AuditSettings  # noqa: E402
from healthlint.audit.run import AuditJob, run_audit  # noqa: E402
from healthlint.audit.sources import TableColumns  # noqa: E402
from healthlint.cli import cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "fixtures" / "drafts"
COLUMNS = TableColumns(text="body", id="id", url="url", date="date")
KEY = ("offset", "end_offset", "line", "column", "end_line", "end_column", "rule", "severity", "match")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    write_jsonl(folder / "pages.jsonl", giant_chars=30_000)
    write_parquet(folder / "pages.parquet")
    write_warc(folder / "crawl.warc.gz")
    return folder


@pytest.fixture(scope="module")
def audited(cluster, archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    job = AuditJob(sources=[str(DRAFTS), str(archive / "*.jsonl"), str(archive / "pages.parquet"),
                            str(archive / "crawl.warc.gz")],
                   out=out, settings=AuditSettings(select=SELECT, max_chars=20_000), columns=COLUMNS,
                   scheduler=cluster.scheduler_address, partition_bytes=400)  # many small partitions
    outcome = run_audit(job, progress=False)
    return outcome, out


def check_json(paths: list[str], cwd: Path) -> list[dict]:
    """`healthlint check --format json` itself, in a subprocess."""
    done = subprocess.run([sys.executable, "-m", "healthlint", "check", "--format", "json", "--no-cache",
                           "--select", ",".join(SELECT), *paths], cwd=cwd, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def by_document(rows, ident) -> dict[str, list[tuple]]:
    found = defaultdict(list)
    for row in rows:
        found[ident(row)].append(tuple(row[k] for k in KEY))
    return {k: sorted(v) for k, v in found.items()}


def test_every_partition_ran_and_each_worker_built_one_linter(audited, cluster):
    outcome, _ = audited
    assert not outcome.interrupted
    assert outcome.workers == 2
    assert outcome.tally.partitions_done == outcome.tally.partitions > 4
    from distributed import Client

    from healthlint.audit import partition

    with Client(cluster) as client:
        built = client.run(lambda: len(partition._LINTERS))
    assert len(built) == 2 and all(n <= 1 for n in built.values())  # per process, not per document


def test_draft_findings_equal_healthlint_check(audited):
    _, out = audited
    findings = pd.read_parquet(out / "findings.parquet")
    drafts = findings[findings["id"].str.startswith(str(DRAFTS))]
    expected = by_document(check_json([str(DRAFTS)], ROOT), lambda f: f["path"])
    got = by_document(drafts.to_dict("records"), lambda f: f["id"])
    assert expected and got == expected


def test_table_and_warc_findings_equal_healthlint_check(audited, tmp_path):
    """Each linted text written to a file of its format and checked by `healthlint check`."""
    _, out = audited
    findings = pd.read_parquet(out / "findings.parquet")
    documents = pd.read_parquet(out / "documents.parquet")
    pages = {url: html for url, html in _warc_pages().items()}
    files = {}
    for ident, url, _, text in PAGES:  # JSON Lines and Parquet hold the same pages, read as text
        (tmp_path / f"{ident}.txt").write_text(text, encoding="utf-8")
        files[f"{ident}.txt"] = ident
    for n, (url, html) in enumerate(pages.items()):
        (tmp_path / f"page{n}.html").write_text(html, encoding="utf-8")
        files[f"page{n}.html"] = url
    expected = by_document(check_json(sorted(files), tmp_path), lambda f: files[f["path"]])
    records = findings[~findings["id"].str.startswith(str(DRAFTS))].to_dict("records")
    got = by_document(records, lambda f: f["url"] if f["id"].startswith("<urn:") else f["id"])
    # every table page is in the archive twice (JSON Lines and Parquet): same findings twice
    doubled = {k: sorted(v * (1 if k.startswith("http") else 2)) for k, v in expected.items()}
    assert got == doubled
    linted = set(documents["url"].dropna()) | set(documents["id"])
    assert set(pages) <= linted and {p[0] for p in PAGES} <= linted


def _warc_pages() -> dict[str, str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return write_warc(Path(folder) / "again.warc.gz")


def test_bad_records_are_counted_with_their_reason(audited):
    outcome, out = audited
    errors = pd.read_parquet(out / "errors.parquet")
    reasons = errors["reason"].tolist()
    assert sum(r.startswith("undecodable: not a JSON line") for r in reasons) == 1
    assert sum(r.startswith("giant document: 30,005 characters") for r in reasons) == 1
    assert reasons.count("empty text") == 2  # blank JSON text, null Parquet text
    assert sum(r.startswith("broken WARC record") for r in reasons) == 1
    assert sum(r.startswith("undecodable: not UTF-8") for r in reasons) == 1  # the Latin-1 page
    assert errors.loc[errors["kind"] == "skipped", "reason"].tolist() == ["skipped: not an HTML response (image/png)"]
    tally = outcome.tally
    from healthlint.walk import discover

    drafts = len(discover([str(DRAFTS)]))
    assert tally.documents == drafts + 2 * len(PAGES) + len(PAGES)  # drafts, two tables, WARC pages
    assert sum(tally.errors.values()) == 6 and sum(tally.skipped.values()) == 1


def test_documents_table_rates_and_summary_page(audited):
    outcome, out = audited
    documents = pd.read_parquet(out / "documents.parquet")
    p1 = documents[documents["id"] == "p1"].iloc[0]
    assert p1["site"] == "shop.example" and p1["date"] == "2024-01-15"
    assert p1["words"] == 14 and p1["findings"] == p1["findings_cure"] + p1["findings_hype"] >= 2
    assert p1["per_1000_words"] == pytest.approx(1000 * p1["findings"] / 14, abs=0.001)
    assert documents.loc[documents["id"] == "p7", "date"].isna().all()  # "not a date"
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert f"<b>{outcome.tally.documents:,}</b> documents" in html
    assert "supplement-disease-claim" in html and "news.example" in html and "2024-02" in html
    assert "<svg" in html and "<script" not in html and "http://" not in html.split("</style>")[0]


def test_notebook_api_findings_frame_equals_lint_text(cluster):
    import dask.dataframe as dd
    from distributed import Client

    from healthlint.api import lint_text
    from healthlint.audit import findings_frame
    from healthlint.audit.partition import AuditSettings, linter_for

    pages = pd.DataFrame({"url": [p[1] for p in PAGES], "body": [p[3] for p in PAGES]})
    frame = findings_frame(dd.from_pandas(pages, npartitions=3), text="body", id="url", select=SELECT)
    with Client(cluster):
        got = frame.compute()  # on the two worker processes
    linter = linter_for(AuditSettings(select=SELECT))
    for url, text in zip(pages["url"], pages["body"]):
        expected = sorted((f.offset, f.end_offset, f.rule) for f in lint_text(text, format="text", linter=linter))
        rows = got[got["id"] == url]
        assert sorted(zip(rows["offset"], rows["end_offset"], rows["rule"])) == expected


def test_cli_on_a_running_cluster(cluster, archive, tmp_path):
    result = CliRunner().invoke(cli, [
        "audit", str(archive / "pages.parquet"), "--out", str(tmp_path / "o"), "--text-column", "body",
        "--url-column", "url", "--date-column", "date", "--select", "cure", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "healthlint audit: 8 documents" in result.output and "1 not checked" in result.output
    assert "[########################] 9/9 documents" in result.output  # progress on stderr (mixed here)
    assert {p.name for p in (tmp_path / "o").iterdir()} == {
        "findings.parquet", "documents.parquet", "errors.parquet", "summary.html"}


@pytest.mark.parametrize("args, message", [
    (["nothing.jsonl"], "healthlint: error: nothing.jsonl: no such file or folder"),
    (["{archive}/pages.parquet"], "pages.parquet: no column 'text' (use --text-column"),
    (["{archive}/pages.parquet", "--select", "nonsense"], "--select/--ignore: unknown rule or category: nonsense"),
])
def test_bad_input_is_one_line_and_exit_2(archive, tmp_path, args, message):
    args = [a.format(archive=archive) for a in args]
    result = CliRunner().invoke(cli, ["audit", *args, "--out", str(tmp_path / "o"), "--workers", "1"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_ctrl_c_keeps_what_was_done(cluster, archive, tmp_path, monkeypatch):
    """Ctrl-C in the client (KeyboardInterrupt while results arrive): the rest is cancelled,
    the tables hold the partitions done and are readable, the summary says it stopped."""
    from healthlint.audit import output

    real_add = output.Tally.add

    def add_then_interrupt(self, result):
        real_add(self, result)
        if self.partitions_done == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(output.Tally, "add", add_then_interrupt)
    job = AuditJob(sources=[str(archive / "pages.jsonl")], out=tmp_path, columns=COLUMNS,
                   settings=AuditSettings(select=SELECT), scheduler=cluster.scheduler_address, partition_bytes=200)
    outcome = run_audit(job, progress=False)
    assert outcome.interrupted and outcome.tally.partitions_done == 2 < outcome.tally.partitions
    documents = pd.read_parquet(tmp_path / "documents.parquet")
    errors = pd.read_parquet(tmp_path / "errors.parquet")
    assert len(documents) + len(errors) == outcome.tally.documents + sum(outcome.tally.errors.values()) > 0
    assert "This audit was stopped before the end." in (tmp_path / "summary.html").read_text(encoding="utf-8")


def test_unwritable_out_is_one_line_before_any_cluster_starts(archive, tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(archive / "pages.jsonl"), "--text-column", "body",
                                      "--out", str(tmp_path / "file" / "out"), "--workers", "1"])
    assert result.exit_code == 2
    assert "file/out: cannot create the output folder (Not a directory)" in result.output
