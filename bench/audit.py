"""Benchmark `healthlint audit` on a generated archive: throughput with 1 and 2 Dask workers,
scaling efficiency, CPU and peak memory per worker.

    python bench/audit.py generate --documents 100000         # ~500 MB of JSON Lines shards
    python bench/audit.py run --documents 4000 --workers 1 2  # lint the first 4,000 of them

The archive is JSON Lines shards of 1,000 documents each: Markdown articles of ~5 KB from
bench/corpus.py's seeded generator (mixed careful and overstated sentences, front matter, lists,
tables, code), with a URL on one of 300 sites and a date over 36 months. `run` lints the first
N documents (whole shards) on a fresh `distributed.LocalCluster` of single-threaded worker
processes per worker count, with all rules, and reads each worker's CPU time and peak RSS
(getrusage) before the cluster closes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Draft  # noqa: E402

ARCHIVE = Path(__file__).resolve().parent / ".audit-archive"
SHARD = 1000
SITES = [f"https://{word}{n}.example" for n in range(60) for word in ("health", "clinic", "shop", "news", "blog")]


def generate(folder: Path, documents: int, seed: int = 19) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    started, total = time.monotonic(), 0
    for shard in range(-(-documents // SHARD)):
        path = folder / f"shard-{shard:04d}.jsonl"
        count = min(SHARD, documents - shard * SHARD)
        if path.is_file() and path.stat().st_size and _lines(path) == count:
            total += path.stat().st_size
            continue
        with open(path, "w", encoding="utf-8") as fh:
            for k in range(count):
                n = shard * SHARD + k
                rng = random.Random(f"{seed}-{n}")
                body = Draft(rng).document(int(min(20_000, max(1_500, rng.lognormvariate(8.4, 0.35)))))
                fh.write(json.dumps({"id": f"doc-{n:06d}", "url": f"{rng.choice(SITES)}/articles/{n}",
                                     "date": f"{2022 + rng.randrange(3)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                                     "body": body}) + "\n")
        total += path.stat().st_size
    print(f"{documents:,} documents, {total / 1e6:,.1f} MB in {folder} ({time.monotonic() - started:.0f} s)")


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _worker_usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def run(folder: Path, documents: int, workers: int, partition_mb: float) -> dict:
    from distributed import Client, LocalCluster

    from healthlint.audit.run import AuditJob, run_audit
    from healthlint.audit.sources import TableColumns

    shards = sorted(folder.glob("shard-*.jsonl"))[:-(-documents // SHARD)]
    size = sum(p.stat().st_size for p in shards)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client, \
            tempfile.TemporaryDirectory() as out:
        before = client.run(_worker_usage)
        own = _worker_usage()["cpu"]  # this process: the client, and LocalCluster's scheduler and nannies
        job = AuditJob(sources=[str(p) for p in shards], out=Path(out),
                       columns=TableColumns(text="body", url="url", date="date", format="markdown"),
                       scheduler=cluster.scheduler_address, partition_bytes=int(partition_mb * 1024 * 1024))
        outcome = run_audit(job, progress=False)
        after = client.run(_worker_usage)
        own = _worker_usage()["cpu"] - own
    tally = outcome.tally
    cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after)
    return {"workers": workers, "documents": tally.documents, "mb": size / 1e6, "wall": outcome.elapsed,
            "cpu": cpu, "client_cpu": own, "peak_mb": max(a["peak_mb"] for a in after.values()), "findings": tally.findings,
            "partitions": tally.partitions, "errors": sum(tally.errors.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--documents", type=int, default=100_000)
    gen.add_argument("--archive", type=Path, default=ARCHIVE)
    go = sub.add_parser("run")
    go.add_argument("--documents", type=int, default=4000)
    go.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    go.add_argument("--partition-mb", type=float, default=2.0)
    go.add_argument("--archive", type=Path, default=ARCHIVE)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.archive, args.documents)
        return
    generate(args.archive, args.documents)  # the shards a run needs, if missing
    print(f"machine: {os.cpu_count()} cores, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| workers | documents | MB | partitions | wall s | docs/s | MB/s | CPU s (workers) | MB/s per CPU s | "
          "peak RSS per worker MB | client+scheduler CPU s | findings |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = base_cpu = None
    for n in args.workers:
        r = run(args.archive, args.documents, n, args.partition_mb)
        base = base or r["wall"] * r["workers"]
        base_cpu = base_cpu or r["cpu"]
        print(f"| {n} | {r['documents']:,} | {r['mb']:.1f} | {r['partitions']} | {r['wall']:.1f} | "
              f"{r['documents'] / r['wall']:.1f} | {r['mb'] / r['wall']:.3f} | {r['cpu']:.1f} | {r['mb'] / r['cpu']:.3f} | "
              f"{r['peak_mb']:.0f} | {r['client_cpu']:.1f} | {r['findings']:,} |", flush=True)
        if n != args.workers[0]:
            print(f"  scaling efficiency vs {args.workers[0]} worker(s): {base / (r['wall'] * n):.0%} by wall time, "
                  f"{base_cpu / r['cpu']:.0%} by CPU time", flush=True)


if __name__ == "__main__":
    main()
