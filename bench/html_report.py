"""How long the HTML report of 1,000 drafts takes to write and to open (issue 18).

    python bench/html_report.py [--files 1000] [--repeat 3]

Builds the benchmark corpus (bench/corpus.py, deterministic), lints it once, then times:
- the reporter alone (`REPORTERS["html"]`: placing every finding in the prose, rendering the
  template), median of --repeat;
- `healthlint check --format html -o report.html` end to end with the findings cache warm (what a
  reviewer's second run costs), median of --repeat;
- Chromium opening the file (navigation to the `load` event and layout; CPU of the browser's
  processes read from /proc), when Chromium and Playwright are installed.
Prints a Markdown table for bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from healthlint.api import parse
    from healthlint.engine import Linter
    from healthlint.reporters import REPORTERS
    from healthlint.ruleset import load_ruleset

    work = Path(tempfile.mkdtemp(prefix="healthlint-html-bench-"))
    try:
        drafts = corpus.build(work / "drafts", files=args.files)
        paths = sorted(str(p.relative_to(work)) for p in drafts.rglob("*.md"))
        os.chdir(work)
        ruleset = load_ruleset()
        linter = Linter(ruleset)
        texts = {p: Path(p).read_text(encoding="utf-8") for p in paths}
        findings = [f for p in paths for f in linter.lint(parse(texts[p], p))]
        size = sum(len(t.encode()) for t in texts.values()) / 1e6

        report = REPORTERS["html"]
        walls, cpus = [], []
        html = ""
        for _ in range(args.repeat):
            cpu0, t0 = _cpu(), time.perf_counter()
            html = report(findings, texts=texts, files=len(paths), ruleset=ruleset)
            walls.append(time.perf_counter() - t0)
            cpus.append(_cpu() - cpu0)
        out = work / "report.html"
        out.write_text(html, encoding="utf-8")

        env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(work / "cache")}
        cmd = [sys.executable, "-m", "healthlint", "check", "--format", "html", "-o", str(out), "drafts"]
        subprocess.run(cmd, env=env, cwd=work, capture_output=True)  # fills the findings cache
        cli_walls, cli_cpus = [], []
        for _ in range(args.repeat):
            c0, t0 = _children_cpu(), time.perf_counter()
            subprocess.run(cmd, env=env, cwd=work, capture_output=True)
            cli_walls.append(time.perf_counter() - t0)
            cli_cpus.append(_children_cpu() - c0)

        opened = _open_in_browser(out)

        print(f"#### HTML report of {len(paths):,} files, {size:.2f} MB, {len(findings):,} findings "
              f"(median of {args.repeat})\n")
        print("| step | wall s | CPU s |\n|---|---:|---:|")
        print(f"| reporter alone (place findings, render template) | {statistics.median(walls):.2f} | "
              f"{statistics.median(cpus):.2f} |")
        print(f"| `healthlint check --format html -o`, findings cache warm | {statistics.median(cli_walls):.2f} | "
              f"{statistics.median(cli_cpus):.2f} |")
        if opened is not None:
            print(f"| Chromium opens the report (navigation to `load`, laid out) | {opened[0]:.2f} | {opened[1]:.2f} |")
        print(f"\nReport size: {out.stat().st_size / 1e6:.1f} MB.")
    finally:
        os.chdir(HERE)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _descendants_cpu() -> float:
    """CPU seconds used so far by every live process descended from this one (Chromium runs
    under Playwright's driver, so RUSAGE_CHILDREN cannot see it until both exit)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    mine = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                grew = True
    return sum(times.get(pid, 0.0) for pid in mine if pid != os.getpid())


def _open_in_browser(path: Path) -> tuple[float, float] | None:
    executable = os.environ.get("HEALTHLINT_CHROMIUM") or shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not executable:
        return None
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        page = browser.new_page()
        page.goto("about:blank")
        cpu0, t0 = _descendants_cpu(), time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        page.evaluate("() => document.body.getBoundingClientRect().height")  # laid out
        elapsed, cpu = time.perf_counter() - t0, _descendants_cpu() - cpu0
        browser.close()
    return elapsed, cpu


if __name__ == "__main__":
    sys.exit(main())
