"""The Python API the CLI itself uses: lint text or files and get findings back."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .document import Document
from .engine import Linter
from .findings import Finding
from .formats import ReaderOptions, read_document
from .reader import Source, format_for, read_source
from .ruleset import RuleSet, load_ruleset


@lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The bundled rules, loaded and validated once per process."""
    return load_ruleset()


@lru_cache(maxsize=1)
def _default_linter() -> Linter:
    return Linter(default_ruleset())


def parse(text: str, path: str = "<text>", format: str | None = None,
          options: ReaderOptions | None = None) -> Document:
    """Read text as a document; the format comes from `format` or the path's extension."""
    fmt = format or format_for(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    return read_document(Source(path=path, text=text, format=fmt), options)


def lint_text(text: str, path: str = "<text>", format: str | None = None,
              linter: Linter | None = None) -> list[Finding]:
    """Lint a string. `format` is "markdown", "mdx", "html" or "text"; by default the path's
    extension decides."""
    linter = linter or _default_linter()
    return linter.lint(parse(text, path, format, linter.reader_options))


def lint_file(path: str | Path, linter: Linter | None = None, format: str | None = None,
              encoding: str | None = None) -> list[Finding]:
    """Lint one file on disk (raises ReadError if it cannot be read)."""
    source = read_source(str(path), format, encoding)
    linter = linter or _default_linter()
    return linter.lint(read_document(source, linter.reader_options))
