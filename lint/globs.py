"""Glob patterns of the configuration (`include`, `exclude`, `per-file-ignores`).

Paths are matched relative to the configuration file's folder, with `/` separators. A pattern
without a slash matches a file or folder name at any depth (`*.draft.md`, `archive`); a pattern
with one matches from the configuration's folder (`docs/legal/*.md`). `*` and `?` stay inside one
path segment, `**` spans any number of folders, and a pattern that matches a folder matches
everything in it. These are the gitignore conventions writers already know, and they are
matched by pathspec's implementation of them (as git does: `docs/*.md` does not reach into
`docs/a/`), not by a hand-written translation.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.lru_cache(maxsize=512)
def _spec(pattern: str):
    """One pattern as git reads a .gitignore line (pathspec's gitwildmatch), compiled once."""
    from pathspec import GitIgnoreSpec  # here: only configurations with globs need it

    pat = pattern.strip()
    if pat.startswith("./"):
        pat = pat[2:]
    return GitIgnoreSpec.from_lines([pat])


def matches(pattern: str, relative_path: str) -> bool:
    """Whether a `/`-separated path relative to the configuration's folder matches `pattern`."""
    parts = [p for p in relative_path.split("/") if p and p != "."]
    return bool(parts) and _spec(pattern).match_file("/".join(parts))


def matches_any(patterns: list[str] | tuple[str, ...], relative_path: str) -> bool:
    return any(matches(p, relative_path) for p in patterns)


def relative_to(path: str, root: Path) -> str:
    """`path` relative to `root` with `/` separators (absolute if it lies outside `root`)."""
    resolved = Path(os.path.realpath(path))  # not resolve(): a symbolic link loop raises there
    try:
        return resolved.relative_to(Path(os.path.realpath(root))).as_posix()
    except ValueError:
        return resolved.as_posix()
