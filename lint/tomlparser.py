"""The TOML parser the rule packs, lexicons, context table and settings are read with.

tomli (a dependency) is the standard library's tomllib as a separate package, the same parser
with the same results and messages, shipped compiled with mypyc: it parses the 165 bundled rule
files in ~60 ms against ~160 ms, which a first run on a fresh machine waits for before its first
finding. Where it is missing, tomllib does the same job, slower.
"""
from __future__ import annotations

try:
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover - tomli not installed: the standard library's twin
    from tomllib import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads"]
