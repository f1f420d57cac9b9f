"""`check --diff-base REV`: the lines a change touched, from git, so a report (a reviewer's HTML
report above all) shows only what the change introduced.

Changed lines are those `git diff REV` adds or rewrites in the working tree (committed since REV,
staged or not), plus every line of a file git does not track yet. A finding is kept when any of
its lines is a changed line; standard input ('-') has no history and keeps all its findings.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # an untracked file: every line is new


@dataclass
class ChangedLines:
    """Resolved path -> the changed line numbers (1-based), or ALL_LINES for a new file."""

    files: dict[Path, set[int] | None] = field(default_factory=dict)

    def touches(self, path: str) -> bool:
        return path == "-" or _resolve(path) in self.files

    def keeps(self, path: str, line: int, end_line: int) -> bool:
        if path == "-":
            return True
        lines = self.files.get(_resolve(path), set())
        if lines is ALL_LINES:
            return True
        return any(n in lines for n in range(line, max(line, end_line) + 1))


def _resolve(path: str) -> Path:
    return Path(path).resolve()


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("--diff-base: git is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"--diff-base: {message[0] if message else 'git failed'}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def _unquote(path: str) -> str:
    """git's C-style quoting of unusual file names ("a\\"b.md", octal escapes for UTF-8)."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1", "surrogateescape").decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """Repository-relative path -> the new-side line numbers a unified diff (-U0) adds."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            if name == "/dev/null":
                current = None
                continue
            name = _unquote(name)
            current = out.setdefault(name[2:] if name.startswith("b/") else name, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    return out


def changed_lines(base: str, cwd: Path | None = None) -> ChangedLines:
    """What the working tree changed since `base` (a commit, branch or tag)."""
    cwd = cwd or Path.cwd()
    if base.startswith("-"):
        raise ConfigError(f"--diff-base: {base!r} is not a revision")
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd)
    diff = _git(["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--unified=0",
                 "--src-prefix=a/", "--dst-prefix=b/", base, "--"], root)
    changed = ChangedLines({(root / name).resolve(): lines for name, lines in parse_diff(diff).items()})
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    for name in filter(None, untracked.split("\0")):
        changed.files[(root / name).resolve()] = ALL_LINES
    return changed
