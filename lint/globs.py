"""Glob patterns of the configuration (`include`, `exclude`, `per-file-ignores`).

Paths are matched relative to the configuration file's folder, with `/` separators. A pattern
without a slash matches a file or folder name at any depth (`*.draft.md`, `archive`); a pattern
with one matches from the configuration's folder (`docs/legal/*.md`). `*` and `?` stay inside one
path segment, `**` spans any number of folders, and a pattern that matches a folder matches
everything in it. These are the gitignore conventions writers already know.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> tuple[re.Pattern[str], bool]:
    """The regular expression for one pattern, and whether it is anchored (has a slash)."""
    pat = pattern.strip()
    if pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/")
    anchored = "/" in pat
    pat = pat.lstrip("/")
    out, i = [], 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and "]" in pat[i + 2:]:
            close = pat.index("]", i + 2)
            body = pat[i + 1:close]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out) + r"\Z"), anchored


def matches(pattern: str, relative_path: str) -> bool:
    """Whether a `/`-separated path relative to the configuration's folder matches `pattern`."""
    regex, anchored = _compile(pattern)
    parts = [p for p in relative_path.split("/") if p and p != "."]
    if anchored:
        return any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1))
    return any(regex.match(part) for part in parts)


def matches_any(patterns: list[str] | tuple[str, ...], relative_path: str) -> bool:
    return any(matches(p, relative_path) for p in patterns)


def relative_to(path: str, root: Path) -> str:
    """`path` relative to `root` with `/` separators (absolute if it lies outside `root`)."""
    resolved = Path(os.path.realpath(path))  # not resolve(): a symbolic link loop raises there
    try:
        return resolved.relative_to(Path(os.path.realpath(root))).as_posix()
    except ValueError:
        return resolved.as_posix()
