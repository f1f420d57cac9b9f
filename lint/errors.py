"""Errors healthlint reports to the user as one clear line (never a traceback)."""
from __future__ import annotations


class HealthlintError(Exception):
    """Base class: anything that makes the command exit 2 with a message."""

    exit_code = 2


class RuleFileError(HealthlintError):
    """A rule pack or lexicon file is invalid; names the file, the rule and the problem."""

    def __init__(self, path: str, problem: str, rule_id: str | None = None, line: int | None = None):
        self.path = path
        self.rule_id = rule_id
        self.problem = problem
        self.line = line
        where = f"{path}:{line}" if line else path
        rule = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{rule} {problem}")


class ReadError(HealthlintError):
    """A file could not be read or decoded."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ConfigError(HealthlintError):
    """A configuration file or option value is invalid."""
