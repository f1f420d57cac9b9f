"""Paths as CI systems want them: relative to the working folder (the repository root in a CI
job), with `/` separators; absolute only for files outside it."""
from __future__ import annotations

from pathlib import Path

from ..globs import relative_to


def ci_path(path: str) -> str:
    return path if path.startswith("<") else relative_to(path, Path.cwd())
