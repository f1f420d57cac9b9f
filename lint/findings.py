"""Findings: what a rule found, where, and what to write instead."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Fix:
    """Replace source text[offset:end_offset] with `replacement`."""

    replacement: str
    applicability: str  # "safe" or "unsafe"
    offset: int
    end_offset: int


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    rule: str
    category: str
    severity: str
    message: str
    match: str
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        return data

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.offset, self.end_offset, self.rule)
