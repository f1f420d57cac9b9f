"""Reader settings a user can change (command-line options, configuration keys)."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

HTML_SCOPES = ("main", "all")
#: Front matter fields whose values are prose readers see first: titles and summaries.
FRONT_MATTER_KEYS = ("title", "description", "summary", "excerpt")


@dataclass(frozen=True)
class ReaderOptions:
    """How readers choose the prose of a file.

    `html_scope`: "main" lints only `<main>`/`<article>` when a page has one (exported sites repeat
    navigation and footers on every page), "all" lints the whole body. The page title and meta
    description are linted either way.
    `front_matter_keys`: the front matter fields of Markdown and MDX files that are prose.
    """

    html_scope: str = "main"
    front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS

    def __post_init__(self) -> None:
        if self.html_scope not in HTML_SCOPES:
            raise ConfigError(f"html-scope must be one of {', '.join(HTML_SCOPES)}, not {self.html_scope!r}")
