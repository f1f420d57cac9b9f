"""Code actions: a finding's rewrites as quick fixes, "fix all safe findings in this file", and
"disable this rule on this line" written as the suppression comment `lint/suppressions.py` reads.

Each edit is computed from the findings of the document version it applies to and replaces
exactly the flagged words (or, for a statement a rule appends, inserts exactly that statement),
as `healthlint check --fix` would.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
import textwrap

from lsprotocol import types

from ..findings import Finding, Fix
from ..suppressions import MARKDOWN_FORMATS
from .diagnostics import lsp_range
from .positions import PositionMap

FIX_ALL_KIND = "source.fixAll.healthlint"
QUICK_FIX = types.CodeActionKind.QuickFix

#: The comment each format writes to switch a rule off for the next line (suppressions.py reads
#: HTML comments in Markdown, HTML and text, `{/* */}` in MDX, and `#` lines in plain text).
_NEXT_LINE = {
    "markdown": "<!-- healthlint-disable-next-line {rule} -->",
    "html": "<!-- healthlint-disable-next-line {rule} -->",
    "mdx": "{{/* healthlint-disable-next-line {rule} */}}",
    "text": "# healthlint-disable-next-line {rule}",
}


@dataclass
class Target:
    """The document the actions edit: its URI, version, text and reader format."""

    uri: str
    version: int | None
    text: str
    fmt: str
    positions: PositionMap


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client asked for this kind of action (kinds are hierarchical: `source`
    covers `source.fixAll.healthlint`)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _edit(target: Target, edits: list[types.TextEdit], versioned: bool) -> types.WorkspaceEdit:
    if versioned:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=target.uri, version=target.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])
    return types.WorkspaceEdit(changes={target.uri: edits})


def _text_edit(target: Target, fix: Fix) -> types.TextEdit:
    return types.TextEdit(range=lsp_range(target.positions, fix.offset, fix.end_offset), new_text=fix.replacement)


def rewrite(finding: Finding, words: str) -> Fix:
    """The finding's fix with other words (see fixer.fix_with_words)."""
    from ..fixer import fix_with_words

    return fix_with_words(finding, words)


def quick_fixes(target: Target, finding: Finding, diagnostic: types.Diagnostic, versioned: bool) -> list[types.CodeAction]:
    """One action per rewrite of a finding that has a fix; the rule's own fix is preferred when
    it is safe (it keeps the claim's scope)."""
    fix = finding.fix
    if fix is None or target.text[fix.offset:fix.end_offset] != (finding.match if fix.offset < fix.end_offset else ""):
        return []  # no fix (markup inside the words), or the words are no longer there
    actions = []
    for words in dict.fromkeys(finding.suggestions or [fix.replacement]):
        edit = rewrite(finding, words)
        if fix.offset == fix.end_offset:
            title = f"Add “{words}”"
        else:
            title = f"Replace “{finding.match}” with “{words}”"
        if fix.applicability != "safe":
            title += " (changes the claim: read it back)"
        actions.append(types.CodeAction(
            title=title, kind=QUICK_FIX, diagnostics=[diagnostic],
            is_preferred=fix.applicability == "safe" and edit == fix,
            edit=_edit(target, [_text_edit(target, edit)], versioned)))
    return actions


def fix_all(target: Target, findings: list[Finding], versioned: bool) -> types.CodeAction | None:
    """Every safe fix that does not overlap another (as one pass of `check --fix`); None when
    there is nothing to fix."""
    from ..fixer import choose

    taken, _ = choose(findings, target.text, unsafe=False)
    if not taken:
        return None
    edits = [_text_edit(target, f.fix) for f in sorted(taken, key=lambda f: f.fix.offset) if f.fix is not None]
    n = len(edits)
    return types.CodeAction(title=f"Fix all safe healthlint findings in this file ({n})", kind=FIX_ALL_KIND,
                            edit=_edit(target, edits, versioned))


def disable_on_line(target: Target, finding: Finding, diagnostic: types.Diagnostic, versioned: bool) -> types.CodeAction:
    """Switch the finding's rule off for the line it starts on, with a `disable-next-line`
    comment placed where the document's rendering does not change (see `_comment_edit`)."""
    comment = _NEXT_LINE.get(target.fmt, _NEXT_LINE["text"]).format(rule=finding.rule)
    line, _ = target.positions.position(finding.offset)
    return types.CodeAction(
        title=f"Disable {finding.rule} on this line", kind=QUICK_FIX, diagnostics=[diagnostic],
        edit=_edit(target, [_comment_edit(target, line, comment)], versioned))


def _comment_edit(target: Target, line: int, comment: str) -> types.TextEdit:
    """Where the comment goes. In Markdown and MDX, when the line before is prose (a paragraph
    or heading line), at its end: a comment on a line of its own would split the paragraph (or
    the list) the flagged line belongs to. Otherwise on a new line just above, indented as the
    flagged line is."""
    lines = target.positions.lines
    text = target.text
    if line > 0 and target.fmt in MARKDOWN_FORMATS and _prose_line(lines, line - 1):
        start = lines.starts[line - 1]
        end = lines.starts[line]
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        where = types.Position(line=line - 1, character=target.positions.position(end)[1])
        return types.TextEdit(range=types.Range(start=where, end=where), new_text=" " + comment)
    start = lines.starts[line]
    body = lines.line_text(line + 1)
    indent = body[:len(body) - len(body.lstrip(" \t"))]
    where = types.Position(line=line, character=0)
    return types.TextEdit(range=types.Range(start=where, end=where), new_text=indent + comment + _line_break(text, start))


def _line_break(text: str, before: int) -> str:
    """The document's own line ending (the one ending the line above, else the first one)."""
    for at in (before - 1, text.find("\n")):
        if 0 <= at < len(text) and text[at] == "\n":
            return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"
    if before > 0 and text[before - 1] == "\r":
        return "\r"
    return "\n"


def _prose_line(lines, line: int) -> bool:
    """Whether a 0-based line of a Markdown text holds paragraph or heading text. Only the run of
    non-blank lines around it is parsed (dedented, so a list item's continuation is not read as
    indented code): a block never spans a blank line but in code, where no finding is."""
    if not lines.line_text(line + 1).strip():
        return False
    first = line
    while first > 0 and lines.line_text(first).strip():
        first -= 1
    last = line
    while last + 2 <= len(lines.starts) and lines.line_text(last + 2).strip():
        last += 1
    window = textwrap.dedent("\n".join(lines.line_text(n + 1) for n in range(first, last + 1)))
    from ..suppressions import _markdown

    for token in _markdown().parse(window):
        if token.type in ("paragraph_open", "heading_open") and token.map is not None:
            if token.map[0] <= line - first < token.map[1]:
                return True
    return False


def actions_for(target: Target, findings: list[Finding], start: int, end: int,
                make_diagnostic: Callable[[Finding], types.Diagnostic], only: Sequence[str] | None,
                versioned: bool) -> list[types.CodeAction]:
    """The actions for a selection [start, end] (a cursor when start == end): quick fixes and a
    disable action for each finding it touches, and the file-wide fix."""
    actions: list[types.CodeAction] = []
    if wanted(QUICK_FIX, only):
        touched = [f for f in findings if f.offset <= end and start <= f.end_offset]
        disabled: set[tuple[str, int]] = set()
        for f in touched:
            diagnostic = make_diagnostic(f)
            actions += quick_fixes(target, f, diagnostic, versioned)
            key = (f.rule, diagnostic.range.start.line)
            if key not in disabled:
                disabled.add(key)
                actions.append(disable_on_line(target, f, diagnostic, versioned))
    if wanted(FIX_ALL_KIND, only):
        action = fix_all(target, findings, versioned)
        if action is not None:
            actions.append(action)
    return actions
