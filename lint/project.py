"""A project's settings for `healthlint check`: its configuration file and the command-line
options resolved into the rule set, a linter, the files to lint and the fail level.

Command-line options win over the configuration: `--select` replaces `select` and
`extend-select`, `--ignore` adds to `ignore`, `--rule-path` adds to `rule-paths`, `--fail-level`
replaces `fail-level`. Everything that filters findings (per-file ignores, inline suppressions,
the baseline) happens inside `ProjectLinter.lint` (projectlinter.py), so any loop that lints
documents one at a time gets it, whatever else it does with them.

The rule set and the linter are loaded on first use: a run whose findings all come from the
cache needs only the configuration and the fingerprint of the rules, not the rules themselves.
"""
from __future__ import annotations

import dataclasses
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import file_hash, options_fingerprint, rules_cache_dir
from .config import Config, find_config, load_config
from .errors import ConfigError
from .globs import matches_any, relative_to
from .rulecache import load_ruleset_cached, rules_fingerprint

if TYPE_CHECKING:  # pragma: no cover
    from .projectlinter import ProjectLinter
    from .ruleset import RuleSet

DEFAULT_FAIL_LEVEL = "warning"


def __getattr__(name: str):
    """`ProjectLinter` and `codes_of` live in projectlinter.py (they import the engine)."""
    if name in ("ProjectLinter", "codes_of"):
        from . import projectlinter

        return getattr(projectlinter, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Project:
    """The configuration and options of one run; the rule set and linter when first asked for
    (`load()` loads them now, raising any rule-file or configuration error)."""

    def __init__(self, config: Config | None, *, select: list[str] | None = None, ignore: list[str] | None = None,
                 fail_level: str | None = None, rule_paths: tuple[str, ...] = (), baseline: str | None = None,
                 report_unused_suppressions: bool = False, extend_select: list[str] | None = None,
                 jurisdiction: str | None = None, models: tuple[str, ...] = ()):
        self.config = config
        #: Learned checkers (models.py): the configuration's, --model's and HEALTHLINT_MODELS'
        #: (models.py is imported only when one is named: start-up stays as it was without).
        self.model_names: list[str] = []
        if models or (config is not None and config.models) or os.environ.get("HEALTHLINT_MODELS", "").strip():
            from .models import enabled_names

            self.model_names = enabled_names(config.models if config else (), models)
        #: --jurisdiction wins over the configuration's `jurisdiction`; default none.
        self.jurisdiction = jurisdiction or (config.jurisdiction if config else None)
        self.select = list(select or ())
        self.extend_select = list(extend_select or ())
        self.ignore = list(ignore or ())
        self.rule_dirs = list(config.rule_paths if config else ()) + [Path(p) for p in rule_paths]
        self.baseline = baseline
        self.report_unused_suppressions = report_unused_suppressions
        self.fail_level = fail_level or (config.fail_level if config else None) or DEFAULT_FAIL_LEVEL

    @classmethod
    def resolve(cls, paths: list[str], *, config_file: str | None = None, select: list[str] | None = None,
                ignore: list[str] | None = None, fail_level: str | None = None,
                rule_paths: tuple[str, ...] = (), baseline: str | None = None,
                report_unused_suppressions: bool = False, stdin_filename: str | None = None,
                lazy: bool = False, extend_select: list[str] | None = None,
                jurisdiction: str | None = None, models: tuple[str, ...] = ()) -> Project:
        """Find and read the configuration, then merge the command-line options over it. With
        `lazy`, the rules are loaded (and the configuration's codes checked) on first use."""
        project = cls(_config_for(paths, config_file, stdin_filename), select=select, ignore=ignore,
                      fail_level=fail_level, rule_paths=rule_paths, baseline=baseline,
                      report_unused_suppressions=report_unused_suppressions, extend_select=extend_select,
                      jurisdiction=jurisdiction, models=models)
        if not lazy:
            project.load()
        return project

    def load(self) -> None:
        """Load the rule set and build the linter (raises HealthlintError on a broken rule pack,
        unknown codes in the configuration or an unreadable baseline)."""
        self.linter  # noqa: B018

    @cached_property
    def rules_fingerprint(self) -> str:
        return rules_fingerprint(self.rule_dirs)

    @cached_property
    def ruleset(self) -> RuleSet:
        from .projectlinter import codes_of

        ruleset = load_ruleset_cached(self.rule_dirs, rules_cache_dir(), self.rules_fingerprint)  # compiled once, then cached
        config = self.config
        if config is not None:
            model_codes = {code for m in self.models for code in (m.rule_id, m.category)}
            _check_codes(config, ruleset, codes_of(ruleset) | model_codes)
            if config.disclaimer:
                ruleset = _with_disclaimer(ruleset, config.disclaimer)
        return ruleset

    @cached_property
    def linter(self) -> ProjectLinter:
        from .projectlinter import ProjectLinter

        config = self.config
        if self.select:
            selected = list(self.select)
        elif config is not None and config.select is not None:
            selected = list(config.select) + list(config.extend_select)
        else:
            selected = None
        if selected is not None:  # --extend-select adds to a selection; with none, every rule runs anyway
            selected += self.extend_select
        ignored = list(config.ignore if config else ()) + self.ignore
        return ProjectLinter(
            self.ruleset, selected, ignored, dict(config.severity) if config else None,
            per_file_ignores=dict(config.per_file_ignores) if config else None,
            root=config.root if config else Path.cwd(),
            baseline=_load_baseline(Path(self.baseline)) if self.baseline else None,
            report_unused_suppressions=self.report_unused_suppressions,
            jurisdiction=self.jurisdiction, models=self.models,
        )

    @cached_property
    def models(self) -> list:
        """The enabled models, loaded (nothing is imported or scanned when none is enabled)."""
        if not self.model_names:
            return []
        from .models import load_models

        return load_models(self.model_names)

    def findings_fingerprint(self, **options) -> str:
        """Everything that decides the findings of a file besides its bytes: the rules and code,
        the configuration (as read: every setting, and where it lives), the codes selected and
        ignored, the baseline's content and any reading `options` (encoding, HTML scope...).
        The rule set itself is not needed: it follows from its files and the code."""
        return options_fingerprint(
            self.rules_fingerprint, config=repr(self.config), select=self.select, ignore=self.ignore,
            extend_select=self.extend_select, jurisdiction=self.jurisdiction,
            models=[(m.name, m.rule_id, m.severity, m.fingerprint) for m in self.models] or None,
            # where the baseline is, too: its paths are relative to its folder
            baseline=(os.path.abspath(self.baseline), file_hash(Path(self.baseline))) if self.baseline else None,
            markdown=os.environ.get("HEALTHLINT_MARKDOWN"),  # the Markdown reader in use
            unused=self.report_unused_suppressions, **options)

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


def _load_baseline(path: Path):
    from .baseline import Baseline

    return Baseline.load(path)


def project_ruleset(rule_paths: tuple[str, ...] = ()) -> RuleSet:
    """The rule set `healthlint rules` and `explain` show: bundled packs, the `rule-paths` of the
    configuration found from the current folder, and any given folders."""
    config = _config_for([], None, None)
    return load_ruleset_cached(list(config.rule_paths if config else ()) + [Path(p) for p in rule_paths],
                               rules_cache_dir())


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
        path = Path(os.path.realpath(p))  # not resolve(): a symbolic link loop raises there
        folders.append(str(path if path.is_dir() else path.parent))
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def _check_codes(config: Config, ruleset: RuleSet, known: frozenset[str]) -> None:
    named = [(key, list(codes)) for key, codes in (("select", config.select or ()), ("ignore", config.ignore),
                                                   ("extend-select", config.extend_select))]
    named.append(("severity", list(config.severity)))
    named += [(f"per-file-ignores.{glob!r}", list(codes)) for glob, codes in config.per_file_ignores.items()]
    for key, codes in named:
        unknown = [c for c in codes if c not in known]
        if unknown:
            from .didyoumean import hint

            named = ", ".join(c + hint(c, known - {"all"}) for c in unknown)
            raise ConfigError(f"{config.where(key)}: unknown rule or category: {named}")


def _with_disclaimer(ruleset: RuleSet, text: str) -> RuleSet:
    """The rule set with the team's disclaimer as the suggestion (and so the fix) of the
    document-level `disclaimer` rules: a house style replaces the standard wording."""
    from .ruleset import Pack

    packs = []
    for pack in ruleset.packs:
        rules = [dataclasses.replace(r, suggest=[text]) if r.category == "disclaimer" and r.kind == "document" else r
                 for r in pack.rules]
        packs.append(Pack(pack.category, pack.title, pack.description, pack.path, rules))
    # The same lexicons, context table and base forms: none is loaded or worked out again.
    out = dataclasses.replace(ruleset, packs=packs)
    out.__dict__["base_forms"] = ruleset.base_forms
    return out
