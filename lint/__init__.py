"""healthlint: a linter for health copy that flags overstated claims and suggests hedged rewrites."""
from __future__ import annotations

from .api import lint_file, lint_text, parse
from .engine import Linter
from .errors import HealthlintError, ReadError, RuleFileError
from .findings import Finding, Fix
from .ruleset import load_ruleset



def __getattr__(name: str) -> str:
    """`__version__`, looked up on first use: importlib.metadata costs ~30 ms of start-up."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("healthlint")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Finding", "Fix", "HealthlintError", "Linter", "ReadError", "RuleFileError",
           "__version__", "lint_file", "lint_text", "load_ruleset", "parse"]
