"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, which
the runner turns into annotations on the pull request's changed lines.

Values are escaped as the Actions toolkit (@actions/core) does: `%`, CR and LF in the message;
also `:` and `,` in properties. GitHub shows at most 10 annotations of each level per step, so a
plain summary line with the totals ends the output.
"""
from __future__ import annotations

from collections import Counter

from ..findings import Finding
from .paths import ci_path
from .text import summary

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_LEVEL = 10


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = {"file": ci_path(f.path), "line": str(f.line), "endLine": str(f.end_line)}
    if f.line == f.end_line:  # GitHub takes columns only on a one-line range
        props["col"] = str(f.column)
        props["endColumn"] = str(f.end_column)
    props["title"] = f"healthlint ({f.rule})"
    message = f.message + "".join(f"\nSuggest: {s}" for s in f.suggestions)
    listed = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{LEVELS[f.severity]} {listed}::{escape_data(message)}"


def problem_command(problem) -> str:
    """A file that could not be read (or a rule stopped on it) as an `::error` on that file; a
    skipped file as a `::notice`."""
    level = "error" if problem.level == "error" else "notice"
    props = f"file={escape_property(ci_path(problem.path))},title={escape_property('healthlint')}"
    return f"::{level} {props}::{escape_data(problem.message)}"


def report(findings: list[Finding], files: int = 0, problems: list | None = None, unreadable: int = 0,
           skipped: int = 0, **_: object) -> str:
    lines = [problem_command(p) for p in problems or ()] + [command(f) for f in findings]
    line = "healthlint: " + summary(findings, files, unreadable, skipped)
    counts = Counter(LEVELS[f.severity] for f in findings)
    if any(n > SHOWN_PER_LEVEL for n in counts.values()):
        line += f" GitHub annotates at most {SHOWN_PER_LEVEL} of each level per step; all are listed above."
    lines.append(line)
    return "\n".join(lines) + "\n"
