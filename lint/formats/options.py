"""Reader settings a user can change (command-line options, configuration keys)."""
from __future__ import annotations

from ..errors import ConfigError
from ..records import Frozen

HTML_SCOPES = ("main", "all")
#: Front matter fields whose values are prose readers see first: titles and summaries.
FRONT_MATTER_KEYS = ("title", "description", "summary", "excerpt")


class ReaderOptions(Frozen):
    """How readers choose the prose of a file.

    `html_scope`: "main" lints only `<main>`/`<article>` when a page has one (exported sites repeat
    navigation and footers on every page), "all" lints the whole body. The page title and meta
    description are linted either way.
    `front_matter_keys`: the front matter fields of Markdown and MDX files that are prose.
    """

    __slots__ = ("html_scope", "front_matter_keys")
    html_scope: str
    front_matter_keys: tuple[str, ...]

    def __init__(self, html_scope: str = "main", front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> None:
        if html_scope not in HTML_SCOPES:
            raise ConfigError(f"html-scope must be one of {', '.join(HTML_SCOPES)}, not {html_scope!r}")
        self._set(html_scope=html_scope, front_matter_keys=front_matter_keys)
