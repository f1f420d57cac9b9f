"""Huge and hostile inputs must cost time proportional to their size.

Each shape is linted at size N and 2N (parse + lint with the bundled rules and a pack of common
words, so findings and context checks happen everywhere); the ratio of the two times should stay
near 2 (a quadratic step shows as ~4). Usage:

    python bench/huge_inputs.py              # quick: 0.5 MB and 1 MB
    python bench/huge_inputs.py --size 5     # 5 MB and 10 MB
    python bench/huge_inputs.py --only md-single-line --size 5
    python bench/huge_inputs.py --file-mb 50 # also one 50 MB Markdown file, timed once
    python bench/huge_inputs.py --only none --cli-mb 50 500 [--select hype] [--whole] [--keep DIR]
        # `healthlint check --no-cache FILE` on one generated Markdown file of each size
        # (bench/corpus.py's drafts): wall and CPU time, peak memory (RSS) of the process, time
        # to the first finding; --whole reads the file whole (large-file streaming off)
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
    ap.add_argument("--whole", action="store_true", help="with --cli-mb: read the file whole (streaming off)")
    ap.add_argument("--keep", help="with --cli-mb: write the inputs into this folder and keep them")
    ap.add_argument("--rules", choices=["common", "bundled"], default="common",
                    help="common: the bundled rules plus a test pack matching everyday words (findings "
                         "everywhere); bundled: only the rules healthlint ships")
    args = ap.parse_args()
    for mb in args.cli_mb:
        cli_run(mb, args.select, args.whole, args.keep)
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


def generated_markdown(size: int) -> str:
    """About `size` characters of generated drafts (bench/corpus.py: front matter, headings,
    wrapped paragraphs, lists, tables, code, footnotes), one after another."""
    sys.path.insert(0, str(ROOT / "bench"))
    import random

    from corpus import Draft

    parts, total, n = [], 0, 0
    while total < size:
        doc = Draft(random.Random(f"huge-{n}")).document(5000)
        parts.append(doc)
        total += len(doc) + 1
        n += 1
    return "\n".join(parts)


def write_input(path: Path, mb: float) -> None:
    """A Markdown file of `mb` MB: an 8 MB unit of generated drafts, repeated, the last copy cut
    at a paragraph (written in pieces: never the whole text in memory)."""
    size = int(mb * 1_000_000)
    unit = generated_markdown(min(8_000_000, size)) + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        while size > 0:
            part = unit if len(unit) <= size else unit[:unit.rfind("\n\n", 0, size) + 2]
            handle.write(part)
            size -= len(part)
            if len(part) < len(unit):
                break


def cli_run(mb: float, select: str | None, whole: bool = False, keep: str | None = None) -> None:
    """One `healthlint check --no-cache FILE` on a generated file of `mb` MB, its report read
    from a pipe: wall and CPU time and peak RSS of the process (os.wait4), seconds to the first
    finding printed, findings. `whole` turns large-file streaming off (the path before it)."""
    folder = Path(keep) if keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"huge-{mb:g}mb.md"
    if not path.exists():
        write_input(path, mb)
    size = path.stat().st_size
    if whole:
        command = [sys.executable, "-c", "import sys, healthlint.large as l; l.STREAM_BYTES = 1 << 62; "
                   "from healthlint.cli import main; sys.argv[0] = 'healthlint'; main()"]
    else:
        command = [sys.executable, "-m", "healthlint"]
    command += ["check", "--no-cache", str(path)]
    if select:
        command[-1:-1] = ["--select", select]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = None
    findings = 0
    for line in proc.stdout:
        if line.startswith(str(path).encode()):
            findings += 1
            if first is None:
                first = time.perf_counter() - start
                print(f"  ({size / 1e6:.0f} MB: first finding after {first:.1f} s)", flush=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(f"check {size / 1e6:.0f} MB ({select or 'all rules'}, {'whole file' if whole else 'in pieces'}): "
          f"wall {wall:.1f} s, CPU {cpu:.1f} s ({size / 1e6 / max(cpu, 1e-9):.2f} MB/CPU-s), "
          f"peak RSS {usage.ru_maxrss / 1024:.0f} MB, first finding after {first if first is not None else float('nan'):.1f} s, "
          f"{findings} findings, exit {os.waitstatus_to_exitcode(status)}, load {os.getloadavg()[0]:.1f}", flush=True)
    if not keep:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
