"""healthlint's benchmark: start-up, throughput, parallel scaling, cache and memory, side by side
with proselint (and textlint with write-good, when npm is there), in one run.

    python bench/run.py                    # everything, on the generated corpus (+ shared corpora)
    python bench/run.py --corpus DIR       # your own folder of Markdown/text instead
    python bench/run.py --quick            # fewer repeats, smaller comparison sample
    python bench/run.py --output bench/RESULTS.md   # also write the report there

It runs the `healthlint` of the interpreter that runs it (`python -m healthlint`), installs
proselint into bench/.venv and textlint into bench/.node on first use (a failed install is
reported and skipped), and prints medians over repeated runs. Wall-clock time is what a user
waits; CPU time (user + system, from the kernel's accounting of the child) is printed too, as
it is steadier on a busy machine. Memory is the peak resident set size of the process (and of
its workers) as the kernel reports it.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_module  # noqa: E402

SHARED_CORPORA = ROOT / ".." / "shared" / "corpora"
SMALL_FILE = """# Vitamin D and mood

Vitamin D is the key to treating depression, and it cures anxiety too.

Some studies suggest it may help a little; ask your GP before taking supplements.
"""


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mb: float
    returncode: int


def run_once(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run a command to the end; its wall time, CPU time and peak memory (with its children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:4])}... exited {proc.returncode}: {err[-800:]}")
    rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024, proc.returncode)


def median_runs(cmd: list[str], repeat: int, cwd: Path | None = None, env: dict | None = None,
                before=None) -> Run:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_once(cmd, cwd, env))
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.max_rss_mb for r in runs), runs[-1].returncode)


# -- tools ------------------------------------------------------------------------------------

def healthlint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "healthlint", *args]


def proselint_cmd() -> list[str] | None:
    venv = BENCH / ".venv"
    exe = venv / ("Scripts" if os.name == "nt" else "bin") / "proselint"
    if not exe.exists():
        print("installing proselint into bench/.venv ...", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            pip = venv / ("Scripts" if os.name == "nt" else "bin") / "pip"
            subprocess.run([str(pip), "install", "-q", "proselint"], check=True, capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as err:
            print(f"proselint could not be installed ({err}); continuing without it", file=sys.stderr)
            return None
    return [str(exe), "check"]


def textlint_cmd() -> list[str] | None:
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: skipping textlint", file=sys.stderr)
        return None
    node_dir = BENCH / ".node"
    exe = node_dir / "node_modules" / ".bin" / "textlint"
    if not exe.exists():
        print("installing textlint and textlint-rule-write-good into bench/.node ...", file=sys.stderr)
        node_dir.mkdir(exist_ok=True)
        try:
            subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "textlint",
                            "textlint-rule-write-good"], cwd=node_dir, check=True, capture_output=True, timeout=900)
        except (subprocess.SubprocessError, OSError) as err:
            print(f"textlint could not be installed ({err}); continuing without it", file=sys.stderr)
            return None
    return [str(exe), "--no-color", "--rule", "write-good", "--rules-base-directory",
            str(node_dir / "node_modules")]


# -- corpus -----------------------------------------------------------------------------------

def corpus_files(dirs: list[Path]) -> list[Path]:
    files = []
    for d in dirs:
        files += sorted(p for p in d.rglob("*") if p.suffix.lower() in (".md", ".markdown", ".txt") and p.is_file())
    return files


def sample(files: list[Path], target_bytes: int) -> list[Path]:
    """An evenly spread subset of about target_bytes, for the slower tools."""
    total = sum(f.stat().st_size for f in files)
    if total <= target_bytes:
        return files
    step = total / target_bytes
    picked, acc, next_at = [], 0.0, 0.0
    for f in files:
        if acc >= next_at:
            picked.append(f)
            next_at += step * f.stat().st_size
        acc += f.stat().st_size
    return picked


def size_mb(files: list[Path]) -> float:
    return sum(f.stat().st_size for f in files) / 1e6


def link_into(files: list[Path], directory: Path) -> Path:
    """A folder holding (links to) exactly these files, so every tool reads the same set."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for n, f in enumerate(files):
        target = directory / f"{n:05d}-{f.name}"
        try:
            os.symlink(f.resolve(), target)
        except OSError:
            shutil.copyfile(f, target)
    return directory


# -- machine ----------------------------------------------------------------------------------

def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ", load average %.1f/%.1f/%.1f at start" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return [f"- Machine: {cpu}, {cores} cores{mem}{load}",
            f"- {platform.system()} {platform.release()}, Python {platform.python_version()}",
            f"- healthlint: {healthlint_version()}"]


def healthlint_version() -> str:
    out = subprocess.run(healthlint_cmd("--version"), capture_output=True, text=True).stdout.strip()
    rules = subprocess.run(healthlint_cmd("rules"), capture_output=True, text=True).stdout.strip().splitlines()
    return f"{out}; {rules[-1] if rules else '?'}"


# -- the benchmark ----------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="folder to lint (repeatable); default: the generated corpus plus ../shared/corpora")
    parser.add_argument("--repeat", type=int, default=5, help="runs per start-up figure (median)")
    parser.add_argument("--throughput-repeat", type=int, default=3, help="runs per throughput figure (median)")
    parser.add_argument("--sample-mb", type=float, default=2.0,
                        help="MB of the corpus that proselint and textlint are timed on (all tools on the same files)")
    parser.add_argument("--quick", action="store_true", help="1 throughput run, 3 start-up runs, 1 MB sample")
    parser.add_argument("--no-competitors", action="store_true", help="skip proselint and textlint")
    parser.add_argument("--shared", type=Path, default=SHARED_CORPORA,
                        help="public health pages added to the generated corpus when present (default: ../shared/corpora)")
    parser.add_argument("--output", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.throughput_repeat, args.sample_mb = 3, 1, 1.0
    import importlib.util

    if importlib.util.find_spec("healthlint") is None:
        print(f"healthlint is not installed for {sys.executable}: run `pip install -e .` in the "
              "repository first, then `python bench/run.py` with the same Python.", file=sys.stderr)
        return 2

    if args.corpus:
        dirs = args.corpus
    else:
        print("building the generated corpus in bench/.corpus/ (cached) ...", file=sys.stderr)
        dirs = [corpus_module.build(BENCH / ".corpus" / "drafts")]
        if args.shared.is_dir():
            dirs.append(args.shared.resolve())
    files = corpus_files(dirs)
    if not files:
        print("no Markdown or text files in the corpus", file=sys.stderr)
        return 2
    report: list[str] = ["## Benchmark run", ""] + machine()
    report.append(f"- Corpus: {len(files):,} files, {size_mb(files):.1f} MB ({', '.join(str(d) for d in dirs)})")
    report.append("")

    work = Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    # Children run as on a user's machine: bytecode is cached (some CI images switch it off,
    # which makes every start-up recompile all Python sources, healthlint's and the tools').
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    try:
        small = work / "small.md"
        small.write_text(SMALL_FILE, encoding="utf-8")
        prose = None if args.no_competitors else proselint_cmd()
        text = None if args.no_competitors else textlint_cmd()
        rows = startup(args, work, small, env, prose, text)
        report += ["### Start-up: one small file (median of %d)" % args.repeat, "",
                   "| command | wall ms | CPU ms | peak MB |", "|---|---:|---:|---:|"]
        report += [f"| {name} | {r.wall * 1000:.0f} | {r.cpu * 1000:.0f} | {r.max_rss_mb:.0f} |" for name, r in rows]
        report.append("")
        report += throughput(args, work, files, env, prose, text)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    output = "\n".join(report) + "\n"
    print(output)
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    return 0


def startup(args, work: Path, small: Path, env: dict, prose, text) -> list[tuple[str, Run]]:
    cache = work / "startup-cache"
    env = dict(env, HEALTHLINT_CACHE_DIR=str(cache))
    rows = [("python -c pass", median_runs([sys.executable, "-c", "pass"], args.repeat, work, env))]
    rows.append(("healthlint check (first run: rules compiled and cached)",
                 median_runs(healthlint_cmd("check", str(small)), 1, work, env,
                             before=lambda: shutil.rmtree(cache, ignore_errors=True))))
    rows.append(("healthlint check", median_runs(healthlint_cmd("check", str(small)), args.repeat, work, env)))
    rows.append(("healthlint check --no-cache", median_runs(healthlint_cmd("check", "--no-cache", str(small)),
                                                           args.repeat, work, env)))
    if prose:
        rows.append(("proselint check", median_runs(prose + [str(small)], args.repeat, work, env)))
    if text:
        rows.append(("textlint --rule write-good", median_runs(text + [str(small)], args.repeat, work, env)))
    return rows


def machine_parallelism(jobs: int, work: int = 6_000_000) -> float:
    """How much faster `jobs` copies of a CPU-bound loop finish together than one after
    another: the best speed-up any program could get from the cores right now (on a shared
    machine, well below `jobs`)."""
    cmd = [sys.executable, "-c", f"sum(i * i for i in range({work}))"]
    start = time.perf_counter()
    for _ in range(jobs):
        subprocess.run(cmd, check=True)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd) for _ in range(jobs)]
    for proc in procs:
        proc.wait()
    return serial / (time.perf_counter() - start)


def throughput(args, work: Path, files: list[Path], env: dict, prose, text) -> list[str]:
    cache = work / "throughput-cache"
    env = dict(env, HEALTHLINT_CACHE_DIR=str(cache))
    full = link_into(files, work / "full")
    mb = size_mb(files)
    reps = args.throughput_repeat
    clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731

    # Warm the compiled-rules cache once, so every timed run measures linting.
    run_once(healthlint_cmd("check", "--no-cache", str(work / "full" / next(full.iterdir()).name)), work, env)
    one = median_runs(healthlint_cmd("check", "--no-cache", "--jobs", "1", "-q", str(full)), reps, work, env)
    jobs = os.cpu_count() or 1
    many = median_runs(healthlint_cmd("check", "--no-cache", "--jobs", "0", "-q", str(full)), reps, work, env)
    # Findings cache: a first run fills it, the second (unchanged files) reads it.
    first = median_runs(healthlint_cmd("check", "-q", str(full)), 1, work, env, before=clear)
    again = median_runs(healthlint_cmd("check", "-q", str(full)), reps, work, env)

    lines = [f"### Throughput: {len(files):,} files, {mb:.1f} MB (median of {reps})", "",
             "| run | wall s | MB/s | CPU s | MB/s per CPU s | peak MB |", "|---|---:|---:|---:|---:|---:|"]

    def row(name: str, r: Run, size: float) -> str:
        return (f"| {name} | {r.wall:.2f} | {size / r.wall:.1f} | {r.cpu:.2f} | {size / max(r.cpu, 1e-9):.1f} "
                f"| {r.max_rss_mb:.0f} |")

    available = machine_parallelism(jobs)
    lines += [row("healthlint --jobs 1 --no-cache", one, mb),
              row(f"healthlint --jobs 0 --no-cache (all {jobs} cores)", many, mb),
              row("healthlint, cache being filled", first, mb),
              row("healthlint, second run over unchanged files (cache)", again, mb), "",
              f"Parallel speed-up: {one.wall / many.wall:.2f}x on {jobs} cores, where {jobs} copies of a "
              f"pure CPU loop got {available:.2f}x at the time (what the machine had to give). "
              f"The pool's own cost: {many.cpu / one.cpu:.2f}x the CPU time of one process, so an idle "
              f"machine would give at most {jobs * one.cpu / many.cpu:.2f}x. "
              f"Re-run with the cache: {again.wall:.2f} s for {len(files):,} files.", ""]

    # Competitors on the same sample (they are much slower than the full corpus allows).
    picked = sample(files, int(args.sample_mb * 1e6))
    sub = link_into(picked, work / "sample")
    smb = size_mb(picked)
    lines += [f"### Side by side: the same {len(picked):,} files, {smb:.2f} MB, one process each "
              f"(median of {reps})", "", "| tool | wall s | MB/s | CPU s | peak MB | healthlint is |",
              "|---|---:|---:|---:|---:|---:|"]
    ours_cmd = healthlint_cmd("check", "--no-cache", "--jobs", "1", "-q", str(sub))
    run_once(ours_cmd, work, env)  # the compiled rules cache is warm for the timed runs, as for the others
    ours = median_runs(ours_cmd, reps, work, env)
    lines.append(f"| healthlint --jobs 1 | {ours.wall:.2f} | {smb / ours.wall:.2f} | {ours.cpu:.2f} | "
                 f"{ours.max_rss_mb:.0f} | 1x |")
    for name, cmd in (("proselint", prose), ("textlint + write-good", text)):
        if not cmd:
            lines.append(f"| {name} | not installed | | | | |")
            continue
        try:
            r = median_runs(cmd + [str(sub)], reps, work, env)
        except RuntimeError as err:
            lines.append(f"| {name} | failed: {str(err)[:80]} | | | | |")
            continue
        lines.append(f"| {name} | {r.wall:.2f} | {smb / r.wall:.3f} | {r.cpu:.2f} | {r.max_rss_mb:.0f} | "
                     f"{r.wall / ours.wall:.1f}x faster |")
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
