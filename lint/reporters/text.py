"""Text for people: `path:line:col: severity rule message`, the line with the words underlined,
and the suggested rewrites. Colour only when asked (the CLI asks when writing to a terminal).

The CLI streams this format: each file's lines are written as soon as its findings are known
(`file_lines`), and a `Tally` keeps what the summary and the statistics need, so a run over a
large folder holds neither all the findings nor all the texts.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from ..cache import FIELDS
from ..findings import SEVERITY_RANK, Finding

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as positions.LineIndex counts lines
_LINE, _COLUMN, _RULE, _SEVERITY, _MESSAGE = (FIELDS.index(name) for name in ("line", "column", "rule", "severity", "message"))


def _plain(s: str, **_: object) -> str:
    return s


def _styler(color: bool):
    if not color:
        return _plain
    import click

    return click.style


class _Lines:
    """The lines of one text, by 1-based number, without their line breaks."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def quiet_tail(row: tuple) -> str:
    """A finding's quiet line without the leading `path:`, from its packed form (cache.pack):
    the findings cache keeps these, so a re-run prints cached findings without rebuilding them."""
    return f"{row[_LINE]}:{row[_COLUMN]}: {row[_SEVERITY]} {row[_RULE]} {row[_MESSAGE]}"


def quiet_text(path: str, tails: tuple[str, ...]) -> str:
    """The quiet lines of one file's findings (as file_lines(..., quiet=True) gives them)."""
    lead = path + ":"
    return lead + ("\n" + lead).join(tails) + "\n" if tails else ""


def file_lines(findings: Iterable[Finding], text: str | None = None, color: bool = False,
               quiet: bool = False, line_text: Callable[[int], str] | None = None) -> list[str]:
    """The report's lines for findings of one file (`text` is that file's text, if known; or
    `line_text` gives the lines the findings stand on, for a large file read in pieces)."""
    style = _styler(color)
    out: list[str] = []
    lines = None
    for f in findings:
        if not color:
            out.append(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}")
        else:
            out.append(f"{style(f.path, bold=True)}:{f.line}:{f.column}: "
                       f"{style(f.severity, fg=_COLOURS[f.severity], bold=True)} {style(f.rule, bold=True)} {f.message}")
        if quiet:
            continue
        if text is not None or line_text is not None:
            if line_text is None:
                lines = lines or _Lines(text)
            line = (line_text or lines.line_text)(f.line)
            width = len(str(f.line))
            end_col = f.end_column if f.end_line == f.line else len(line) + 1
            marks = " " * (f.column - 1) + "^" * max(1, end_col - f.column)
            visible = line.replace("\t", " ")
            out.append(f"  {f.line} | {visible}")
            out.append(f"  {' ' * width} | {style(marks, fg=_COLOURS[f.severity])}")
        for s in f.suggestions:
            out.append(f"  {style('suggest:', fg='green')} {s}")
        out.append("")
    return out


def report(findings: list[Finding], texts: dict[str, str] | None = None, color: bool = False,
           files: int = 0, quiet: bool = False, unreadable: int = 0, skipped: int = 0, **_: object) -> str:
    texts = texts or {}
    out: list[str] = []
    start = 0
    for end in range(1, len(findings) + 1):  # each run of findings in the same file
        if end == len(findings) or findings[end].path != findings[start].path:
            out += file_lines(findings[start:end], texts.get(findings[start].path), color, quiet)
            start = end
    if not quiet:
        out.append(summary(findings, files, unreadable, skipped))
    return "\n".join(out) + "\n" if out else ""


class Tally:
    """Counts of the findings reported so far: what the summary, the statistics and the exit
    code need, without keeping the findings."""

    def __init__(self) -> None:
        self.total = 0
        self.by_severity: Counter[str] = Counter()
        self.by_rule: Counter[tuple[str, str]] = Counter()
        self.fixable = 0
        self.files_with_findings = 0
        self.worst = -1  # the highest severity rank seen

    def add(self, findings: list[Finding], same_file: bool = False) -> None:
        """Count one file's findings (`same_file`: more findings of the file counted last, as
        a large file's come, piece by piece)."""
        if not findings:
            return
        self.files_with_findings += not same_file
        self.total += len(findings)
        for f in findings:
            self.by_severity[f.severity] += 1
            self.by_rule[(f.rule, f.severity)] += 1
            if f.fix:
                self.fixable += 1
            self.worst = max(self.worst, SEVERITY_RANK[f.severity])

    def add_counts(self, counts: tuple[int, int, int, int]) -> None:
        """Count one file's findings from (errors, warnings, infos, fixable), as the findings
        cache records them (without the per-rule statistics)."""
        errors, warnings, infos, fixable = counts
        n = errors + warnings + infos
        if not n:
            return
        self.files_with_findings += 1
        self.total += n
        self.by_severity["error"] += errors
        self.by_severity["warning"] += warnings
        self.by_severity["info"] += infos
        self.fixable += fixable
        worst = 2 if errors else 1 if warnings else 0
        self.worst = max(self.worst, worst)

    def at_or_above(self, level: str) -> bool:
        return self.worst >= SEVERITY_RANK[level]

    def summary(self, files: int, unreadable: int = 0, skipped: int = 0) -> str:
        """`files` counts every file given or found, including the `unreadable` and `skipped`
        ones, which are named in brackets: a file that could not be read is not clean."""
        apart = [f"{n} {what}" for n, what in ((unreadable, "could not be read"), (skipped, "skipped")) if n]
        files_text = f"{files} file{'s' * (files != 1)}" + (f" ({', '.join(apart)})" if apart else "")
        if not self.total:
            return f"No findings in {files_text}."
        counts = self.by_severity
        parts = [f"{counts[s]} {s}{'s' if s != 'info' and counts[s] != 1 else ''}"
                 for s in ("error", "warning", "info") if counts[s]]
        line = f"Found {self.total} finding{'s' * (self.total != 1)} ({', '.join(parts)}) " \
               f"in {self.files_with_findings} of {files_text}."
        if self.fixable:
            line += f" {self.fixable} have a suggested fix."
        return line

    def statistics(self) -> str:
        rows = sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        return "\n".join(f"{n:>5}  {rule:<40} {sev}" for (rule, sev), n in rows) + ("\n" if rows else "")


def summary(findings: list[Finding], files: int, unreadable: int = 0, skipped: int = 0) -> str:
    return _tally(findings).summary(files, unreadable, skipped)


def statistics(findings: list[Finding]) -> str:
    return _tally(findings).statistics()


def _tally(findings: list[Finding]) -> Tally:
    tally = Tally()
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for group in by_path.values():
        tally.add(group)
    return tally
