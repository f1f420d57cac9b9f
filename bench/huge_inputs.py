"""Huge and hostile inputs must cost time proportional to their size.

Each shape is linted at size N and 2N (parse + lint with the bundled rules and a pack of common
words, so findings and context checks happen everywhere); the ratio of the two times should stay
near 2 (a quadratic step shows as ~4). Usage:

    python bench/huge_inputs.py              # quick: 0.5 MB and 1 MB
    python bench/huge_inputs.py --size 5     # 5 MB and 10 MB
    python bench/huge_inputs.py --only md-single-line --size 5
    python bench/huge_inputs.py --file-mb 50 # also one 50 MB Markdown file, timed once
    python bench/huge_inputs.py --only none --cli-mb 50 500 [--select hype]
        # the whole command on one generated Markdown file of each size (the sample drafts,
        # repeated): wall time, peak memory (RSS) of the process, time to the first output line
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from healthlint import Linter, load_ruleset, parse  # noqa: E402

SENTENCE = ("The key to treating depression is not one pill, and the health of the heart may "
            "depend on walking daily (Smith et al., 2019). ")


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


SHAPES = {
    # name: (format, make(size) -> text)
    "md-paragraphs": ("markdown", lambda n: _repeat(SENTENCE * 3 + "\n\n", n)),
    "md-single-line": ("markdown", lambda n: _repeat(SENTENCE, n)),
    "md-no-sentence-end": ("markdown", lambda n: _repeat("the key to treating the health of cures ", n)),
    "md-soft-breaks": ("markdown", lambda n: _repeat("the key to treating &amp; the health\n", n)),
    "md-urls-emails": ("markdown", lambda n: _repeat("see a.b.c.d.e.f www.x.org the a@b.co cures ", n)),
    "md-brackets": ("markdown", lambda n: _repeat("[the *key _to `", n)),
    "md-code-spans": ("markdown", lambda n: _repeat("the `a\nb` key ", n)),
    "md-nested-lists": ("markdown", lambda n: "".join("  " * i + "- the key to treating\n" for i in range(int(n ** 0.5)))),
    "md-nested-quotes": ("markdown", lambda n: "> " * (n // 4) + "the key to treating\n"),
    "text-single-line": ("text", lambda n: _repeat(SENTENCE, n)),
    "html-paragraphs": ("html", lambda n: _repeat("<p>" + SENTENCE.replace("and", "&amp;") + "</p>\n", n)),
    "html-single-line": ("html", lambda n: "<p>" + _repeat("the <b>key</b> to &amp; treating ", n)),
    "html-nested": ("html", lambda n: "<div>" * (n // 10) + "the key to treating" + "</div>" * (n // 10)),
    "html-unclosed": ("html", lambda n: _repeat("<p>the <a href=\"x <i>key to <!-- ", n)),
    "mdx-jsx": ("mdx", lambda n: _repeat("Text <Tip a=\"x\" b={{c: 1}}>the key to</Tip> treating {x}.\n\n", n)),
    "mdx-unclosed": ("mdx", lambda n: _repeat("{ <a b=\" ` the key ", n)),
    "mdx-code-runs": ("mdx", lambda n: "".join("`" * i + " x " for i in range(1, int((2 * n) ** 0.5)))),
}


def timed(linter: Linter, fmt: str, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    findings = linter.lint(parse(text, "bench", fmt))
    return time.perf_counter() - start, len(findings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=0.5, help="base size in MB (the second run is twice it)")
    ap.add_argument("--only", help="run one shape")
    ap.add_argument("--file-mb", type=float, default=0, help="also time one Markdown file of this many MB")
    ap.add_argument("--cli-mb", type=float, nargs="*", default=[],
                    help="run `healthlint check` on one generated Markdown file of each of these sizes (MB)")
    ap.add_argument("--select", help="with --cli-mb: only these rules (default: all)")
    ap.add_argument("--rules", choices=["common", "bundled"], default="common",
                    help="common: the bundled rules plus a test pack matching everyday words (findings "
                         "everywhere); bundled: only the rules healthlint ships")
    args = ap.parse_args()
    for mb in args.cli_mb:
        cli_run(mb, args.select)
    if args.only == "none":
        return
    extra = [ROOT / "fixtures" / "packs" / "common-words"] if args.rules == "common" else []
    linter = Linter(load_ruleset(extra))
    timed(linter, "markdown", SENTENCE * 3)  # compile the lazily built context patterns first
    n = int(args.size * 1_000_000)
    print(f"{'shape':<22}{'N s':>9}{'2N s':>9}{'ratio':>7}{'findings':>10}", flush=True)
    for name, (fmt, make) in SHAPES.items():
        if args.only and name != args.only:
            continue
        t1, f1 = timed(linter, fmt, make(n))
        t2, _ = timed(linter, fmt, make(2 * n))
        print(f"{name:<22}{t1:9.2f}{t2:9.2f}{t2 / max(t1, 1e-9):7.2f}{f1:10}", flush=True)
    if args.file_mb:
        text = _repeat(SENTENCE * 3 + "\n\n", int(args.file_mb * 1_000_000))
        t, f = timed(linter, "markdown", text)
        print(f"markdown {len(text) / 1e6:.0f} MB: {t:.1f} s, {f} findings")


def drafts_markdown(size: int) -> str:
    """The sample drafts (Markdown), front matter and all, repeated to `size` characters: real
    prose with findings everywhere, unlike the synthetic shapes above."""
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "drafts").glob("*.md")))
    unit += "\n\n"
    return unit * max(1, size // len(unit))


def cli_run(mb: float, select: str | None) -> None:
    """One `healthlint check --no-cache -j1 -q` run on a generated file: wall time, peak RSS of
    the process (os.wait4), seconds to the first line of output, findings."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"huge-{mb:g}mb.md"
        with open(path, "w", encoding="utf-8") as handle:  # written in pieces: never the whole text twice
            unit = drafts_markdown(1_000_000)
            for _ in range(max(1, round(mb * 1_000_000 / len(unit)))):
                handle.write(unit)
        size = path.stat().st_size
        command = [sys.executable, "-m", "healthlint", "check", "--no-cache", "-j1", "-q", str(path)]
        if select:
            command[4:4] = ["--select", select]
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        first = None
        lines = 0
        for _ in proc.stdout:
            if first is None:
                first = time.perf_counter() - start
            lines += 1
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        print(f"check {size / 1e6:.0f} MB ({select or 'all rules'}): {wall:.1f} s, peak {usage.ru_maxrss / 1024:.0f} MB, "
              f"first output after {first or wall:.1f} s, {lines} findings, exit {os.waitstatus_to_exitcode(status)}",
              flush=True)


if __name__ == "__main__":
    main()
