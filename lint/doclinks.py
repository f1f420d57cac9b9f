"""Where each rule is documented: its entry in docs/rules.md, under one base URL.

Every finding links there (JSON `url`, SARIF `helpUri`), as ruff links each rule to its page,
so a reader of a CI annotation gets from the finding to the rule's rationale and examples in one
click; the regulation or paper a rule rests on is named inside that entry. Rules a team loads
with --rule-path are not in docs/rules.md, so they get no link (`url` is null).
"""
from __future__ import annotations

import functools
import re

#: The rule reference of this repository, as rendered by the forge. Change it here when the
#: repository moves; `healthlint rules --format markdown` writes the page it points at.
DOCS_BASE_URL = "https://github.com/OWNER/healthlint/blob/main/docs/rules.md"

_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")


def anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation other than `-`
    dropped, spaces to `-` (`hype/key-to` -> `hypekey-to`)."""
    return _NOT_IN_ANCHOR.sub("", heading.strip().lower()).replace(" ", "-")


@functools.lru_cache(maxsize=1)
def bundled_categories() -> frozenset[str]:
    """The categories of the bundled packs (one pack file per category), without loading them."""
    from importlib import resources

    return frozenset(p.name[:-5] for p in resources.files("healthlint.rules").iterdir()
                     if p.name.endswith(".toml"))


def rule_doc_url(rule_id: str) -> str | None:
    """The rule's entry in docs/rules.md, or None for a rule that is not bundled."""
    category = rule_id.partition("/")[0]
    if category not in bundled_categories():
        return None
    return f"{DOCS_BASE_URL}#{anchor(rule_id)}"
