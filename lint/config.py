"""Project configuration: `[tool.healthlint]` in pyproject.toml, or a `.healthlint.toml`.

The file is found by walking up from the linted paths (or the current folder), or named with
`--config`. Every key and value is checked on load, so a typo stops the run with the file and the
key named (exit code 2) instead of being silently ignored. Whether the rule codes it names exist
is checked once the rule set (bundled packs plus `rule-paths`) is loaded; see `project.py`.
"""
from __future__ import annotations

from pathlib import Path

from .errors import ConfigError
from .findings import SEVERITY_RANK
from .records import Frozen

# ruleset.SEVERITIES, without importing the rule loader (and `regex`) to read a settings file.
SEVERITIES = tuple(SEVERITY_RANK)

DEDICATED_FILE = ".healthlint.toml"

_CODE_LISTS = ("select", "ignore", "extend-select")
_GLOB_LISTS = ("include", "exclude")
KEYS = frozenset(_CODE_LISTS + _GLOB_LISTS + ("rule-paths", "severity", "per-file-ignores",
                                                "fail-level", "disclaimer", "jurisdiction", "models"))


class Config(Frozen):
    """Settings read from one file. `None` or empty means "not set" (the default applies)."""

    __slots__ = ("path", "select", "ignore", "extend_select", "severity", "per_file_ignores", "include",
                 "exclude", "fail_level", "rule_paths", "disclaimer", "jurisdiction", "models")
    path: Path
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    severity: dict[str, str]
    per_file_ignores: dict[str, tuple[str, ...]]
    include: tuple[str, ...] | None
    exclude: tuple[str, ...]
    fail_level: str | None
    rule_paths: tuple[Path, ...]
    disclaimer: str | None
    jurisdiction: str | None
    #: Learned checkers to enable by entry-point name (models.py); none by default.
    models: tuple[str, ...]

    def __init__(self, path: Path, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
                 extend_select: tuple[str, ...] = (), severity: dict[str, str] | None = None,
                 per_file_ignores: dict[str, tuple[str, ...]] | None = None, include: tuple[str, ...] | None = None,
                 exclude: tuple[str, ...] = (), fail_level: str | None = None, rule_paths: tuple[Path, ...] = (),
                 disclaimer: str | None = None, jurisdiction: str | None = None, models: tuple[str, ...] = ()) -> None:
        self._set(path=path, select=select, ignore=ignore, extend_select=extend_select,
                  severity={} if severity is None else severity,
                  per_file_ignores={} if per_file_ignores is None else per_file_ignores, include=include,
                  exclude=exclude, fail_level=fail_level, rule_paths=rule_paths, disclaimer=disclaimer,
                  jurisdiction=jurisdiction, models=models)

    @property
    def root(self) -> Path:
        """The folder that globs and `rule-paths` are relative to."""
        return self.path.parent

    def where(self, key: str) -> str:
        """How an error names a key: `pyproject.toml: [tool.healthlint] fail-level`."""
        table = "[tool.healthlint] " if self.path.name == "pyproject.toml" else ""
        return f"{_shown(self.path)}: {table}{key}"


def _shown(path: Path) -> str:
    """A path as errors show it: relative to the working folder when it lies inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_config(start: Path) -> Path | None:
    """The nearest `.healthlint.toml`, or pyproject.toml with a [tool.healthlint] table, at or
    above `start`. A dedicated file wins over pyproject.toml in the same folder."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        dedicated = folder / DEDICATED_FILE
        if dedicated.is_file():
            return dedicated
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_healthlint_table(pyproject):
            return pyproject
    return None


def _has_healthlint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "healthlint" not in text:
        return False
    from . import tomlparser  # only when a settings file is there: a run without one does not parse TOML

    try:
        return isinstance(tomlparser.loads(text).get("tool", {}).get("healthlint"), dict)
    except tomlparser.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    from . import tomlparser

    try:
        data = tomlparser.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    except tomlparser.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("healthlint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.healthlint] must be a table")
    return _parse(path.resolve(), data)


def _parse(path: Path, data: dict) -> Config:
    blank = Config(path=path)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ConfigError(f"{blank.where(unknown[0])}: unknown key (known keys: {', '.join(sorted(KEYS))})")
    values: dict = {}
    for key in _CODE_LISTS + _GLOB_LISTS:
        if key in data:
            values[key.replace("-", "_")] = _strings(blank, key, data[key])
    if "rule-paths" in data:
        folders = []
        for entry in _strings(blank, "rule-paths", data["rule-paths"]):
            folder = (blank.root / entry).resolve()
            if not folder.is_dir():
                raise ConfigError(f"{blank.where('rule-paths')}: folder {entry!r} does not exist")
            folders.append(folder)
        values["rule_paths"] = tuple(folders)
    if "severity" in data:
        table = _table(blank, "severity", data["severity"])
        for code, level in table.items():
            if level not in SEVERITIES:
                raise ConfigError(f"{blank.where('severity')}: {code!r} must be one of "
                                  f"{', '.join(SEVERITIES)}, not {level!r}")
        values["severity"] = dict(table)
    if "per-file-ignores" in data:
        table = _table(blank, "per-file-ignores", data["per-file-ignores"])
        values["per_file_ignores"] = {glob: _strings(blank, f"per-file-ignores.{glob!r}", codes)
                                      for glob, codes in table.items()}
    if "fail-level" in data:
        level = data["fail-level"]
        if level not in SEVERITIES:
            raise ConfigError(f"{blank.where('fail-level')}: must be one of {', '.join(SEVERITIES)}, not {level!r}")
        values["fail_level"] = level
    if "disclaimer" in data:
        text = data["disclaimer"]
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{blank.where('disclaimer')}: must be a non-empty string")
        values["disclaimer"] = text.strip()
    if "jurisdiction" in data:
        from .jurisdiction import JURISDICTIONS

        place = data["jurisdiction"]
        if place not in JURISDICTIONS:
            raise ConfigError(f"{blank.where('jurisdiction')}: must be one of {', '.join(JURISDICTIONS)}, not {place!r}")
        values["jurisdiction"] = place
    if "models" in data:
        values["models"] = _strings(blank, "models", data["models"])
    return Config(path=path, **values)


def _strings(config: Config, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{config.where(key)}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _table(config: Config, key: str, value) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{config.where(key)}: must be a table")
    return value
