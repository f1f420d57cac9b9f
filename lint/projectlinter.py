"""The Linter `healthlint check` uses: the engine's, plus per-file ignores, inline suppressions
and a baseline. In its own module so that reading a project's settings (project.py) does not
import the engine, which a run whose findings are all cached never needs."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import suppressions
from .document import Document
from .engine import Linter
from .findings import Finding
from .globs import matches, relative_to
from .ruleset import RuleSet

if TYPE_CHECKING:  # pragma: no cover - a baseline (json, fingerprints) is loaded only when one is given
    from .baseline import Baseline


def codes_of(ruleset: RuleSet) -> frozenset[str]:
    """Every code a setting may name: rule ids, categories and `ALL`."""
    return frozenset({r.id for r in ruleset.rules} | {r.category for r in ruleset.rules} | {"ALL", "all"})


class ProjectLinter(Linter):
    """A Linter that also honours per-file ignores, inline suppressions and a baseline."""

    def __init__(self, ruleset: RuleSet, select=None, ignore=None, severities=None, *,
                 per_file_ignores: dict[str, tuple[str, ...]] | None = None, root: Path | None = None,
                 baseline: Baseline | None = None, report_unused_suppressions: bool = False,
                 jurisdiction: str | None = None, models: list | None = None):
        super().__init__(ruleset, select, ignore, severities, jurisdiction=jurisdiction, models=models)
        self.per_file_ignores = per_file_ignores or {}
        self.root = root or Path.cwd()
        self.baseline = baseline
        self.report_unused_suppressions = report_unused_suppressions
        model_codes = {m.rule_id for m in self.models} | {m.category for m in self.models}
        self._known = codes_of(ruleset) | model_codes
        self._selected = frozenset({r.id for r in self.rules} | {r.category for r in self.rules} | model_codes)

    def lint(self, doc: Document) -> list[Finding]:
        findings = super().lint(suppressions.without_directives(doc))
        ignored = self.ignored_codes(doc.path)
        if ignored:
            findings = [f for f in findings if f.rule not in ignored and f.category not in ignored]
        findings = suppressions.apply(doc, findings, known=self._known, selected=self._selected,
                                      report_unused=self.report_unused_suppressions)
        if self.baseline is not None:
            findings = self.baseline.new_findings(doc.path, doc.text, findings)
        return findings

    def lint_stream(self, pieces, facts):
        """Linter.lint_stream with the per-file ignores. Suppression comments and a baseline
        need the whole text: stream.py reads such files whole, through `lint`."""
        ignored = None
        for piece, findings in super().lint_stream(pieces, facts):
            if ignored is None:
                ignored = self.ignored_codes(piece.doc.path)
            if ignored:
                findings = [f for f in findings if f.rule not in ignored and f.category not in ignored]
            yield piece, findings

    def ignored_codes(self, path: str) -> set[str]:
        if not self.per_file_ignores or path.startswith("<"):
            return set()
        rel = relative_to(path, self.root)
        return {code for glob, codes in self.per_file_ignores.items() if matches(glob, rel) for code in codes}
