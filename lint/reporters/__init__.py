"""Reporters: findings to text for people and to formats for machines, one module each.

Each is `report(findings, **context)`; the CLI passes `texts` (path -> decoded text), `color`,
`files` (how many were linted), `quiet` and `ruleset`, and a reporter takes what it needs.
"""
from __future__ import annotations

from . import github, gitlab, json_report, junit, sarif, text  # noqa: F401

REPORTERS = {
    "text": text.report,
    "json": json_report.report,
    "github": github.report,
    "sarif": sarif.report,
    "gitlab": gitlab.report,
    "junit": junit.report,
}
