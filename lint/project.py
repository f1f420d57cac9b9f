"""A project's settings for `healthlint check`: its configuration file and the command-line
options resolved into the rule set, a linter, the files to lint and the fail level.

Command-line options win over the configuration: `--select` replaces `select` and
`extend-select`, `--ignore` adds to `ignore`, `--rule-path` adds to `rule-paths`, `--fail-level`
replaces `fail-level`. Everything that filters findings (per-file ignores, inline suppressions,
the baseline) happens inside `ProjectLinter.lint`, so any loop that lints documents one at a time
gets it, whatever else it does with them.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .baseline import Baseline
from .config import Config, find_config, load_config
from .document import Document
from .engine import Linter
from .errors import ConfigError
from .findings import Finding
from .globs import matches, matches_any, relative_to
from .cache import cache_dir
from .rulecache import load_ruleset_cached
from .ruleset import RuleSet
from . import suppressions

DEFAULT_FAIL_LEVEL = "warning"


def codes_of(ruleset: RuleSet) -> frozenset[str]:
    """Every code a setting may name: rule ids, categories and `ALL`."""
    return frozenset({r.id for r in ruleset.rules} | {r.category for r in ruleset.rules} | {"ALL", "all"})


class ProjectLinter(Linter):
    """A Linter that also honours per-file ignores, inline suppressions and a baseline."""

    def __init__(self, ruleset: RuleSet, select=None, ignore=None, severities=None, *,
                 per_file_ignores: dict[str, tuple[str, ...]] | None = None, root: Path | None = None,
                 baseline: Baseline | None = None, report_unused_suppressions: bool = False):
        super().__init__(ruleset, select, ignore, severities)
        self.per_file_ignores = per_file_ignores or {}
        self.root = root or Path.cwd()
        self.baseline = baseline
        self.report_unused_suppressions = report_unused_suppressions
        self._known = codes_of(ruleset)
        self._selected = frozenset({r.id for r in self.rules} | {r.category for r in self.rules})

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

    def ignored_codes(self, path: str) -> set[str]:
        if not self.per_file_ignores or path.startswith("<"):
            return set()
        rel = relative_to(path, self.root)
        return {code for glob, codes in self.per_file_ignores.items() if matches(glob, rel) for code in codes}


@dataclasses.dataclass
class Project:
    ruleset: RuleSet
    linter: ProjectLinter
    fail_level: str
    config: Config | None = None

    @classmethod
    def resolve(cls, paths: list[str], *, config_file: str | None = None, select: list[str] | None = None,
                ignore: list[str] | None = None, fail_level: str | None = None,
                rule_paths: tuple[str, ...] = (), baseline: str | None = None,
                report_unused_suppressions: bool = False, stdin_filename: str | None = None) -> Project:
        """Find and read the configuration, then merge the command-line options over it."""
        config = _config_for(paths, config_file, stdin_filename)
        extra_dirs = list(config.rule_paths if config else ()) + [Path(p) for p in rule_paths]
        ruleset = load_ruleset_cached(extra_dirs, cache_dir())  # validated and compiled once, then cached
        if config is not None:
            _check_codes(config, ruleset)
            if config.disclaimer:
                ruleset = _with_disclaimer(ruleset, config.disclaimer)
        if select:
            selected = list(select)
        elif config is not None and config.select is not None:
            selected = list(config.select) + list(config.extend_select)
        else:
            selected = None
        ignored = list(config.ignore if config else ()) + list(ignore or ())
        linter = ProjectLinter(
            ruleset, selected, ignored, dict(config.severity) if config else None,
            per_file_ignores=dict(config.per_file_ignores) if config else None,
            root=config.root if config else Path.cwd(),
            baseline=Baseline.load(Path(baseline)) if baseline else None,
            report_unused_suppressions=report_unused_suppressions,
        )
        level = fail_level or (config.fail_level if config else None) or DEFAULT_FAIL_LEVEL
        return cls(ruleset=ruleset, linter=linter, fail_level=level, config=config)

    def filter_files(self, files: list[str]) -> list[str]:
        """Drop files outside the configuration's `include` or inside its `exclude` (standard
        input is always linted). Applies to files named on the command line too, so pre-commit,
        which names every staged file, sees the same set as a run over the folder."""
        if self.config is None or (self.config.include is None and not self.config.exclude):
            return files
        kept = []
        for path in files:
            if path != "-":
                rel = relative_to(path, self.config.root)
                if self.config.include is not None and not matches_any(self.config.include, rel):
                    continue
                if matches_any(self.config.exclude, rel):
                    continue
            kept.append(path)
        return kept


def project_ruleset(rule_paths: tuple[str, ...] = ()) -> RuleSet:
    """The rule set `healthlint rules` and `explain` show: bundled packs, the `rule-paths` of the
    configuration found from the current folder, and any given folders."""
    config = _config_for([], None, None)
    return load_ruleset_cached(list(config.rule_paths if config else ()) + [Path(p) for p in rule_paths],
                               cache_dir())


def _config_for(paths: list[str], config_file: str | None, stdin_filename: str | None) -> Config | None:
    if config_file:
        return load_config(Path(config_file))
    found = find_config(_search_start(paths, stdin_filename))
    return load_config(found) if found else None


def _search_start(paths: list[str], stdin_filename: str | None) -> Path:
    """The deepest folder holding every linted path (the current folder for none, or stdin)."""
    folders = []
    for p in paths:
        if p == "-":
            p = stdin_filename or "."
        path = Path(p).resolve()
        folders.append(str(path if path.is_dir() else path.parent))
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def _check_codes(config: Config, ruleset: RuleSet) -> None:
    known = codes_of(ruleset)
    named = [(key, list(codes)) for key, codes in (("select", config.select or ()), ("ignore", config.ignore),
                                                   ("extend-select", config.extend_select))]
    named.append(("severity", list(config.severity)))
    named += [(f"per-file-ignores.{glob!r}", list(codes)) for glob, codes in config.per_file_ignores.items()]
    for key, codes in named:
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ConfigError(f"{config.where(key)}: unknown rule or category: {', '.join(unknown)}")


def _with_disclaimer(ruleset: RuleSet, text: str) -> RuleSet:
    """The rule set with the team's disclaimer as the suggestion (and so the fix) of the
    document-level `disclaimer` rules: a house style replaces the standard wording."""
    packs = []
    for pack in ruleset.packs:
        rules = [dataclasses.replace(r, suggest=[text]) if r.category == "disclaimer" and r.kind == "document" else r
                 for r in pack.rules]
        packs.append(dataclasses.replace(pack, rules=rules))
    return RuleSet(packs=packs, lexicons=ruleset.lexicons)
