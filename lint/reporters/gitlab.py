"""GitLab Code Quality: the JSON array a merge request's Code Quality widget reads
(`artifacts: reports: codequality:`).

Each finding has a description, `check_name` (the rule id), a fingerprint unique to the
occurrence that stays the same when other parts of the file change (so GitLab can tell new
findings from old), a severity (info -> info, warning -> minor, error -> major) and its location.
"""
from __future__ import annotations

import json

from ..findings import Finding
from ..fingerprints import fingerprints, with_path
from .paths import ci_path

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def report(findings: list[Finding], texts: dict[str, str] | None = None, **_: object) -> str:
    issues = []
    for f, fingerprint in zip(findings, fingerprints(findings, texts)):
        path = ci_path(f.path)
        issues.append({
            "description": f.message,
            "check_name": f.rule,
            "fingerprint": with_path(path, fingerprint),
            "severity": SEVERITIES[f.severity],
            "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
