"""Helpers for the language-server tests: what an editor does with the server's answers, written
independently of the server's own code (positions are converted here by encoding to UTF-16)."""
from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

from lsprotocol import types

SERVER = [sys.executable, "-m", "healthlint", "server"]
#: The first lint of a session compiles the rule set (many seconds on a busy 2-core machine).
FIRST_LINT = 180.0
LINT = 60.0


def offset_of(text: str, position: types.Position) -> int:
    """The code-point offset of an LSP position counted in UTF-16 code units."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text) or [""]  # LSP's line breaks
    before = sum(len(line) for line in lines[:position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = line.encode("utf-16-le")[:position.character * 2]
    return before + len(units.decode("utf-16-le"))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """The text after a list of non-overlapping edits (all positions refer to the old text)."""
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


async def wait_for_diagnostics(client, uri: str, predicate, timeout: float = LINT) -> list[types.Diagnostic]:
    """Wait until the diagnostics published for `uri` satisfy `predicate`; return them."""
    async def wait() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and predicate(found):
                return list(found)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    try:
        return await asyncio.wait_for(wait(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"no matching diagnostics for {uri} within {timeout:.0f} s; "
                             f"last: {client.diagnostics.get(uri)!r}") from None


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)
