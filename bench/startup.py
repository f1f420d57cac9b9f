"""Start-up of `healthlint check` on one small file, in CPU time of the child (user + system, from
the kernel's accounting), which stays steady when other jobs share the cores; wall time and the
load average are printed beside it.

    python bench/startup.py              # median of 9 runs of each figure
    python bench/startup.py --repeat 15

Three figures, each against a fresh cache folder (HEALTHLINT_CACHE_DIR):
- first run: empty cache folder, so the rules are loaded from TOML and the rules cache written;
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs per figure (median)")
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
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
