"""Regular expressions compiled when first used, for module-level patterns that most runs never
touch (front matter, suppression comments): compiling one costs 0.1-1 ms of start-up."""
from __future__ import annotations

import regex


class LazyPattern:
    """Stands for `regex.compile(pattern, flags)`: any attribute (match, search, finditer...)
    compiles it first."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)
        self._compiled: regex.Pattern | None = None

    def __getattr__(self, name: str):
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(*self._args)
        return getattr(compiled, name)
