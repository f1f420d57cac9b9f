"""healthlint: a linter for health copy that flags overstated claims and suggests hedged rewrites."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import lint_file, lint_text, parse
from .engine import Linter
from .errors import HealthlintError, ReadError, RuleFileError
from .findings import Finding, Fix
from .ruleset import load_ruleset

try:
    __version__ = version("healthlint")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["Finding", "Fix", "HealthlintError", "Linter", "ReadError", "RuleFileError",
           "__version__", "lint_file", "lint_text", "load_ruleset", "parse"]
