"""Start-up of `healthlint check` on one small file, in CPU time of the child (user + system, from
the kernel's accounting), which stays steady when other jobs share the cores; wall time and the
load average are printed beside it.

    python bench/startup.py              # median of 9 runs of each figure
    python bench/startup.py --repeat 15
    python bench/startup.py --phases     # also where a --no-cache run spends it, phase by phase

Three figures, each against a fresh cache folder (HEALTHLINT_CACHE_DIR):
- first run: empty cache folder, so the rules are loaded from TOML and the rules cache written
  (after the report: on Linux the CPU the child had used when its first output line arrived is
  shown too, "before the first finding", from /proc/PID/schedstat);
- `--no-cache`: rules from the rules cache, the file linted (a pre-commit hook on a changed file);
- findings cached: the file's findings come from the findings cache, no rule is loaded.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import SMALL_FILE, healthlint_cmd, run_once  # noqa: E402

#: Run in a child, in the small file's folder, with the rules cache filled: the steps of a
#: `check --no-cache FILE` one by one, as the CLI takes them, timed in CPU ms. (It calls the
#: CLI's pieces, so a change to their names may need a change here.)
PHASES = r"""
import contextlib, sys, time
T = time.process_time
t0 = T()
marks = {}
def mark(name):
    global t0
    t = T(); marks[name] = (t - t0) * 1000; t0 = t
import healthlint.entry, healthlint.checkcmd as cli; mark("import the check command (settings, caches; no click)")
from healthlint.project import Project
project = Project.resolve(["small.md"], lazy=True)
project.rules_fingerprint; mark("fingerprint of the rule files and code")
import healthlint.ruleset, healthlint.matcher, healthlint.context, healthlint.vocab
mark("import the rule modules (regex, tokens, sentences, context)")
cli._OWN_PROCESS = True  # as entry.main() sets it
with getattr(cli, "_kept_for_good", contextlib.nullcontext)():
    from healthlint import cache, rulecache
    ruleset = rulecache.load_ruleset_cached(project.rule_dirs, cache.rules_cache_dir(), project.rules_fingerprint)
    mark("read and unpickle the rules cache")
    project.__dict__["ruleset"] = ruleset  # what Project.ruleset would have loaded
    import healthlint.projectlinter; mark("import the engine")
    project.linter; mark("build the Linter (RuleIndex, context layer)")
from healthlint.runner import _lint_bytes
_lint_bytes(project.linter, "small.md", open("small.md", "rb").read(), None)
mark("lint the file, first time (readers imported, tries built)")
import healthlint.reporters.text; mark("import the text reporter")
print("\t".join(marks))
print("\t".join(f"{v:.2f}" for v in marks.values()))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs per figure (median)")
    parser.add_argument("--phases", action="store_true", help="also time the phases of a --no-cache run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="healthlint-startup-"))
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_COLOR="1", HEALTHLINT_CACHE_DIR=str(cache))
    small = work / "small.md"
    small.write_text(SMALL_FILE, encoding="utf-8")
    clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    figures = [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("first run, empty cache folder", healthlint_cmd("check", str(small)), clear),
        ("--no-cache (rules from the rules cache)", healthlint_cmd("check", "--no-cache", str(small)), None),
        ("findings cached", healthlint_cmd("check", str(small)), None),
    ]
    try:
        if Path("/proc/self/schedstat").exists():
            first = []
            for _ in range(args.repeat):
                clear()
                first.append(cpu_at_first_output(figures[1][1], work, env) * 1000)
            print(f"first run, CPU before the first finding: median {statistics.median(first):.0f} ms "
                  f"({min(first):.0f}-{max(first):.0f}, {args.repeat} runs)")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("| | CPU ms (median) | CPU ms (min-max) | wall ms (median) |")
        print("|---|---:|---:|---:|")
        for name, cmd, before in figures:
            runs = []
            for _ in range(args.repeat):
                if before:
                    before()
                runs.append(run_once(cmd, work, env))
            cpu = [r.cpu * 1000 for r in runs]
            print(f"| {name} | {statistics.median(cpu):.0f} | {min(cpu):.0f}-{max(cpu):.0f} "
                  f"| {statistics.median(r.wall for r in runs) * 1000:.0f} |", flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.phases:
            phases(work, env, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def cpu_at_first_output(cmd: list[str], cwd: Path, env: dict) -> float:
    """CPU seconds the command had used (all its threads) when its first output byte arrived."""
    import subprocess

    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.read(1)
    used = 0
    for task in Path(f"/proc/{proc.pid}/task").iterdir():
        used += int((task / "schedstat").read_text().split()[0])  # nanoseconds on a CPU
    proc.stdout.read()
    proc.wait()
    return used / 1e9


def phases(work: Path, env: dict, repeat: int) -> None:
    """The median CPU ms of each phase of PHASES over `repeat` children."""
    import subprocess

    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", PHASES], cwd=work, env=env, capture_output=True,
                              text=True, check=True)
        names, values = done.stdout.strip().splitlines()[-2:]
        runs.append([float(v) for v in values.split("\t")])
    medians = [statistics.median(column) for column in zip(*runs)]
    print(f"\n| phase of `check --no-cache` (one process, median of {repeat}) | CPU ms |\n|---|---:|")
    for name, value in zip(names.split("\t"), medians):
        print(f"| {name} | {value:.0f} |")
    print(f"| sum | {sum(medians):.0f} |")


if __name__ == "__main__":
    sys.exit(main())
