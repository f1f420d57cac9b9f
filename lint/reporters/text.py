"""Text for people: `path:line:col: severity rule message`, the line with the words underlined,
and the suggested rewrites. Colour only when asked (the CLI asks when writing to a terminal)."""
from __future__ import annotations

from collections import Counter

import click

from ..findings import Finding
from ..positions import LineIndex

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def report(findings: list[Finding], texts: dict[str, str] | None = None, color: bool = False,
           files: int = 0, quiet: bool = False, **_: object) -> str:
    def style(s: str, **kw) -> str:
        return click.style(s, **kw) if color else s

    out: list[str] = []
    indexes: dict[str, LineIndex] = {}
    for f in findings:
        head = f"{style(f.path, bold=True)}:{f.line}:{f.column}: " \
               f"{style(f.severity, fg=_COLOURS[f.severity], bold=True)} {style(f.rule, bold=True)} {f.message}"
        out.append(head)
        if quiet:
            continue
        text = (texts or {}).get(f.path)
        if text is not None:
            index = indexes.setdefault(f.path, LineIndex(text))
            line = index.line_text(f.line)
            width = len(str(f.line))
            end_col = f.end_column if f.end_line == f.line else len(line) + 1
            marks = " " * (f.column - 1) + "^" * max(1, end_col - f.column)
            visible = line.replace("\t", " ")
            out.append(f"  {f.line} | {visible}")
            out.append(f"  {' ' * width} | {style(marks, fg=_COLOURS[f.severity])}")
        for s in f.suggestions:
            out.append(f"  {style('suggest:', fg='green')} {s}")
        out.append("")
    if not quiet:
        out.append(summary(findings, files))
    return "\n".join(out) + "\n" if out else ""


def summary(findings: list[Finding], files: int) -> str:
    if not findings:
        return f"No findings in {files} file{'s' * (files != 1)}."
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s}{'s' if s != 'info' and counts[s] != 1 else ''}"
             for s in ("error", "warning", "info") if counts[s]]
    fixable = sum(1 for f in findings if f.fix)
    n_files = len({f.path for f in findings})
    line = f"Found {len(findings)} finding{'s' * (len(findings) != 1)} ({', '.join(parts)}) " \
           f"in {n_files} of {files} file{'s' * (files != 1)}."
    if fixable:
        line += f" {fixable} have a suggested fix."
    return line


def statistics(findings: list[Finding]) -> str:
    counts = Counter((f.rule, f.severity) for f in findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "\n".join(f"{n:>5}  {rule:<40} {sev}" for (rule, sev), n in rows) + ("\n" if rows else "")
