"""Reporters: findings to text for people and to formats for machines, one module each."""
from __future__ import annotations

from . import json_report, text  # noqa: F401

REPORTERS = {
    "text": text.report,
    "json": json_report.report,
}
