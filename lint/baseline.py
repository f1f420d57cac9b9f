"""A baseline: the findings a project has accepted for now, so CI reports only new ones.

`healthlint check --write-baseline FILE` records every current finding by its path (relative to
the baseline file's folder) and its fingerprint (see fingerprints.py: rule, normalised words and
occurrence in the file, no line numbers), so editing elsewhere in a file keeps its findings
matched. `--baseline FILE` then drops the recorded ones. The file is sorted JSON, for readable
diffs in review.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from .errors import ConfigError
from .findings import Finding
from .fingerprints import FileFingerprints

FORMAT_VERSION = 1


def _key_path(path: str, root: Path) -> str:
    """How the baseline names a file: relative to its own folder (`..` allowed), so a baseline
    kept in `ci/` works from any checkout and any working folder."""
    if path.startswith("<"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


class Baseline:
    """The recorded fingerprints, by path (counted: a pair may repeat only by accident)."""

    def __init__(self, root: Path, rows: list[tuple[str, str]]):
        self.root = root
        self.by_path: dict[str, Counter[str]] = {}
        for path, fingerprint in rows:
            self.by_path.setdefault(path, Counter())[fingerprint] += 1

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file does not exist (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: cannot read baseline: {err}") from None
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path}: invalid baseline JSON: {err}") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise ConfigError(f"{path}: not a healthlint baseline (version {FORMAT_VERSION} expected)")
        rows = data.get("findings")
        if not isinstance(rows, list) or not all(
                isinstance(r, dict) and isinstance(r.get("path"), str) and isinstance(r.get("fingerprint"), str)
                for r in rows):
            raise ConfigError(f"{path}: baseline 'findings' must be a list of objects with 'path' and 'fingerprint'")
        return cls(path.resolve().parent, [(r["path"], r["fingerprint"]) for r in rows])

    def new_findings(self, path: str, text: str | None, findings: list[Finding]) -> list[Finding]:
        """The findings of one file that the baseline does not record."""
        recorded = self.by_path.get(_key_path(path, self.root))
        if not recorded:
            return findings
        remaining = recorded.copy()
        fingerprint = FileFingerprints(text)
        new = []
        for f in findings:
            fp = fingerprint(f)
            if remaining[fp] > 0:
                remaining[fp] -= 1
            else:
                new.append(f)
        return new


def write_baseline(path: Path, findings: list[Finding], texts: dict[str, str]) -> int:
    """Record the findings in `path` (replaced atomically); returns how many."""
    root = path.resolve().parent
    per_file: dict[str, FileFingerprints] = {}
    rows = []
    for f in findings:
        fp = per_file.setdefault(f.path, FileFingerprints(texts.get(f.path)))
        rows.append({"path": _key_path(f.path, root), "rule": f.rule, "match": f.match, "fingerprint": fp(f)})
    rows.sort(key=lambda r: (r["path"], r["rule"], r["fingerprint"]))
    body = json.dumps({"version": FORMAT_VERSION, "tool": "healthlint", "findings": rows},
                      indent=2, ensure_ascii=False) + "\n"
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".healthlint-baseline.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(body)
        os.replace(tmp, path)
    except OSError as err:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ConfigError(f"{path}: cannot write baseline: {err}") from None
    return len(rows)
