"""What the server lints with: the same project settings as `healthlint check` for each document,
rebuilt when the configuration, a rule pack or the baseline changes on disk.

No LSP here: this module turns (text, path, editor settings) into findings, so it can be used
and tested without a client. It runs on the server's worker thread.

Settings, strongest first: the editor's (`workspace/configuration`, section `healthlint`), which
act as the command-line options do (`select` replaces the configuration's, `ignore` adds to it,
`failLevel` replaces it); then `healthlint server --config/--rule-path/--baseline`; then the
nearest `.healthlint.toml` or `pyproject.toml` above the document.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import SEVERITIES, Config, find_config, load_config
from ..errors import ConfigError, HealthlintError
from ..project import Project
from ..reader import FORMAT_BY_SUFFIX

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Finding

#: LSP language ids of the documents healthlint reads, and the reader each gets.
FORMAT_BY_LANGUAGE = {"markdown": "markdown", "mdx": "mdx", "html": "html", "plaintext": "text", "text": "text"}
#: Projects kept built (each holds a rule set); a workspace rarely has more than one or two.
_KEPT_PROJECTS = 4


@dataclass(frozen=True)
class Settings:
    """The editor's settings for healthlint (all optional)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_level: str | None = None

    @classmethod
    def parse(cls, raw: object) -> Settings:
        """Settings from what a client sent (a `healthlint` object, or one holding it); raises
        ConfigError naming the setting when a value has the wrong type."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise ConfigError(f"editor settings 'healthlint': must be an object, not {type(raw).__name__}")
        if isinstance(raw.get("healthlint"), dict):
            raw = raw["healthlint"]
        values: dict = {}
        for key in ("select", "ignore"):
            value = raw.get(key)
            if value is None:
                continue
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"editor setting 'healthlint.{key}': must be a list of rule ids or categories")
            values[key] = tuple(c.strip() for v in value for c in v.split(",") if c.strip())
        level = raw.get("failLevel", raw.get("fail-level"))
        if level is not None:
            if level not in SEVERITIES:
                raise ConfigError(f"editor setting 'healthlint.failLevel': must be one of {', '.join(SEVERITIES)}, "
                                  f"not {level!r}")
            values["fail_level"] = level
        return cls(**values)


@dataclass(frozen=True)
class Options:
    """`healthlint server`'s own options (the same as `check`'s)."""

    config_file: str | None = None
    rule_paths: tuple[str, ...] = ()
    baseline: str | None = None


@dataclass
class Outcome:
    """The result of linting one version of a document."""

    findings: list[Finding] = field(default_factory=list)
    project: Project | None = None
    key: tuple | None = None  # Projects.key when it was linted (None: not linted)
    error: str | None = None  # a configuration or rule error: nothing was linted
    warnings: list[str] = field(default_factory=list)  # details of an internal error, for the log


def document_format(path: str | None, language_id: str | None) -> str | None:
    """The reader for a document: by its file extension, else by its language id; None for a
    document healthlint does not read (code, JSON...)."""
    if path:
        fmt = FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())
        if fmt:
            return fmt
    return FORMAT_BY_LANGUAGE.get((language_id or "").lower())


def _mtime(path: Path | None) -> tuple[int, int] | None:
    """A file's modification time and size (two writes in one clock tick differ in size, mostly)."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat is not None else None


def _folder_stamp(folder: Path) -> tuple:
    """What changes when a rule pack or lexicon in `folder` is added, removed or edited."""
    try:
        return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*.toml")))
    except OSError:
        return ()


class Projects:
    """The project each document is linted with, rebuilt when its files change (their
    modification times are checked before every lint: a few `stat` calls)."""

    def __init__(self, options: Options, root: Path | None = None):
        self.options = options
        self.root = root or Path.cwd()
        self._configs: dict[tuple, Config | None] = {}
        self._projects: OrderedDict[tuple, Project] = OrderedDict()

    def _config(self, folder: Path) -> tuple[tuple, Config | None]:
        """The configuration for a folder, and (its path, its modification time)."""
        path = Path(self.options.config_file) if self.options.config_file else find_config(folder)
        key = (str(path), _mtime(path))
        if key not in self._configs:
            if len(self._configs) > 16:
                self._configs.clear()
            self._configs[key] = load_config(path) if path is not None else None
        return key, self._configs[key]

    def key(self, path: str | None, settings: Settings) -> tuple:
        """What the project of a document at `path` depends on: the configuration file found and
        its modification time, the rule packs' and the baseline's, and the editor's settings.
        Raises HealthlintError on a bad configuration file."""
        return self._keyed(path, settings)[0]

    def _keyed(self, path: str | None, settings: Settings) -> tuple[tuple, Config | None]:
        folder = Path(path).parent if path else self.root
        config_key, config = self._config(folder)
        rule_dirs = list(config.rule_paths if config else ()) + [Path(p) for p in self.options.rule_paths]
        baseline = Path(self.options.baseline) if self.options.baseline else None
        return (*config_key, tuple(_folder_stamp(d) for d in rule_dirs), _mtime(baseline), settings), config

    def project(self, path: str | None, settings: Settings) -> tuple[Project, tuple]:
        """The loaded project for a document at `path` (None: an unsaved document, which takes the
        workspace root's settings), and its key. Raises HealthlintError on a bad configuration
        or rule pack."""
        key, config = self._keyed(path, settings)
        project = self._projects.get(key)
        if project is None:
            project = Project(config, select=list(settings.select), ignore=list(settings.ignore),
                              fail_level=settings.fail_level, rule_paths=self.options.rule_paths,
                              baseline=self.options.baseline)
            project.load()
            _check_settings(project, settings)
            self._projects[key] = project
            while len(self._projects) > _KEPT_PROJECTS:
                self._projects.popitem(last=False)
        self._projects.move_to_end(key)
        return project, key


def _check_settings(project: Project, settings: Settings) -> None:
    from ..projectlinter import codes_of

    known = codes_of(project.ruleset)
    for key, codes in (("select", settings.select), ("ignore", settings.ignore)):
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ConfigError(f"editor setting 'healthlint.{key}': unknown rule or category: {', '.join(unknown)}")


def lint(projects: Projects, text: str, path: str | None, display: str, fmt: str,
         settings: Settings) -> Outcome:
    """Lint one document's text as `check` would lint the file. `display` names the document in
    messages (its path, or its URI when unsaved). Errors come back in the outcome, never raised."""
    try:
        project, key = projects.project(path, settings)
    except HealthlintError as err:
        return Outcome(error=str(err))
    from ..formats import read_document
    from ..reader import Source

    linter = project.linter
    # A byte-order mark is not text: lint what follows it and shift the offsets back over it.
    bom = 1 if text.startswith("\ufeff") else 0
    try:
        doc = read_document(Source(path=path or display, text=text[bom:], format=fmt), linter.reader_options)
        findings = linter.lint(doc)
    except HealthlintError as err:
        return Outcome(project=project, error=str(err))
    if bom:
        findings = [_shifted(f, bom) for f in findings]
    return Outcome(findings=findings, project=project, key=key)


def _shifted(f: Finding, by: int) -> Finding:
    import dataclasses

    fix = f.fix and dataclasses.replace(f.fix, offset=f.fix.offset + by, end_offset=f.fix.end_offset + by)
    return dataclasses.replace(f, offset=f.offset + by, end_offset=f.end_offset + by, fix=fix)


def path_of(uri: str) -> str | None:
    """The file-system path of a `file:` URI (None for an unsaved or remote document)."""
    if not uri.startswith("file:"):
        return None
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and path[2:3] == ":":
        path = path[1:]
    return path
