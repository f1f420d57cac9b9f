"""Paths as CI systems want them: relative to the working folder (the repository root in a CI
job), with `/` separators; absolute only for files outside it."""
from __future__ import annotations

import os
from pathlib import Path

from ..globs import relative_to


def ci_path(path: str) -> str:
    """The folder is resolved, the file's own name is not: a symbolic link in the repository is
    reported under its own name (as git knows it), and a dangling one can be reported at all."""
    if path.startswith("<"):
        return path
    folder, name = os.path.split(path)
    return _join(relative_to(folder or ".", Path.cwd()), name)


def _join(folder: str, name: str) -> str:
    return name if folder in ("", ".") else f"{folder}/{name}"
