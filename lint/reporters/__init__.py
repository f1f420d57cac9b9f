"""Reporters: findings to text for people and to formats for machines, one module each.

Each is `report(findings, **context)`; the CLI passes `texts` (path -> decoded text), `color`,
`files` (how many were linted), `quiet` and `ruleset`, and a reporter takes what it needs.
A reporter's module is imported when it is used: most runs print text, and the others pull in
json, xml and the rule catalogue.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

#: Format name -> the module (in this package) whose `report` writes it.
MODULES = {
    "text": "text",
    "json": "json_report",
    "github": "github",
    "sarif": "sarif",
    "gitlab": "gitlab",
    "junit": "junit",
    "html": "html_report",
}


class _Reporters(Mapping):
    """Format name -> report function, imported on first use."""

    def __getitem__(self, name: str) -> Callable[..., str]:
        return import_module(f".{MODULES[name]}", __name__).report

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


REPORTERS: Mapping[str, Callable[..., str]] = _Reporters()
