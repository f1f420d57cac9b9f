"""JSON: an array of findings, each with its positions, rule, message, match, suggestions, fix.

The CLI streams it (`element` for each finding as its file is done), so a run over a large
folder never holds the whole array; `report` gives the same text for a list of findings.
"""
from __future__ import annotations

import dataclasses

from ..doclinks import rule_doc_url
from ..findings import Finding

_NAMES: tuple[str, ...] | None = None


def as_dict(f: Finding) -> dict:
    """f.to_dict() (dataclasses.asdict), built directly: asdict deep-copies field by field,
    and costs most of a large report's time."""
    global _NAMES
    if _NAMES is None:
        _NAMES = tuple(field.name for field in dataclasses.fields(Finding))
    data = {name: getattr(f, name) for name in _NAMES}
    data["suggestions"] = list(data["suggestions"])
    data["url"] = rule_doc_url(f.rule)  # the rule's entry in docs/rules.md
    if data["fix"] is not None:
        data["fix"] = dataclasses.asdict(data["fix"])
    return data


def element(f: Finding) -> str:
    """One finding as it stands inside the array (indented by two spaces, no separator)."""
    import json

    return "  " + json.dumps(as_dict(f), indent=2, ensure_ascii=False).replace("\n", "\n  ")


def report(findings: list[Finding], **_: object) -> str:
    if not findings:
        return "[]\n"
    return "[\n" + ",\n".join(element(f) for f in findings) + "\n]\n"
