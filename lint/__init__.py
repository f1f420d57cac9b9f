"""healthlint: a linter for health copy that flags overstated claims and suggests hedged rewrites.

The public names are imported on first use (PEP 562), not here: `healthlint check` on a file whose
findings are cached never needs the engine, the readers or the rules, and importing them all
would be most of its start-up time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

#: Public name -> the module that defines it.
_LAZY = {
    "lint_file": "api", "lint_text": "api", "parse": "api",
    "Linter": "engine",
    "HealthlintError": "errors", "ReadError": "errors", "RuleFileError": "errors",
    "Finding": "findings", "Fix": "findings",
    "load_ruleset": "ruleset",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .api import lint_file, lint_text, parse
    from .engine import Linter
    from .errors import HealthlintError, ReadError, RuleFileError
    from .findings import Finding, Fix
    from .ruleset import load_ruleset


def __getattr__(name: str):
    """Public names and `__version__`, imported or looked up on first use."""
    if name == "__version__":  # importlib.metadata costs ~30 ms of start-up
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("healthlint")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0.0.0"
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = ["Finding", "Fix", "HealthlintError", "Linter", "ReadError", "RuleFileError",
           "__version__", "lint_file", "lint_text", "load_ruleset", "parse"]
