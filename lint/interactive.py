"""`healthlint fix --interactive`: review findings one by one and pick, edit or skip a rewrite.

Plain line input, so it works in any terminal, over ssh, and from a pipe (tests feed it stdin).
Each file's accepted edits are written when its review ends (atomically, as `--fix` writes), so
`q`, the end of input or Ctrl-C keeps everything accepted so far (Ctrl-C then exits 130, as an
interrupted command does). Edits are spliced at the offsets the
findings were reported at in the text as read; a finding overlapping an accepted edit is left
for the next run rather than guessed at.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import click
import regex

from . import fixer
from .document import Document
from .engine import Linter
from .errors import HealthlintError
from .findings import Finding, Fix
from .formats import read_document
from .sentences import split_sentences

#: Reads one answer after showing a prompt; None at the end of input.
Ask = Callable[[str], "str | None"]

_SPACES = regex.compile(r"\s+")
_LABEL = {"safe": "safe", "unsafe": "unsafe: check the sentence still says what you mean"}


class Quit(Exception):
    """The writer asked to stop (q or end of input)."""


def ask_line(prompt: str) -> str | None:
    """Prompt on stdout, read a line from stdin (None at end of input)."""
    click.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        click.echo()
        return None
    line = line.rstrip("\r\n")
    if not sys.stdin.isatty():  # a terminal echoes what was typed; a pipe does not
        click.echo(line)
    return line


@dataclass
class Review:
    """What the writer decided for one file."""

    edits: list[Fix] = field(default_factory=list)
    skipped: int = 0
    quit: bool = False
    interrupted: bool = False  # Ctrl-C: quit, keeping what was accepted


@dataclass
class Totals:
    files_changed: int = 0
    edits: int = 0
    remaining: list[Finding] = field(default_factory=list)
    errors: list[HealthlintError] = field(default_factory=list)
    interrupted: bool = False


def run(paths: list[str], linter: Linter, encoding: str | None = None, ask: Ask | None = None,
        color: bool = False) -> Totals:
    """Review every file in turn; stop at the first quit (after writing that file's edits).
    Ctrl-C while a question is asked is a quit that sets `interrupted`; Ctrl-C while a file is
    being read or linted stops before it (nothing of it was accepted yet)."""
    ask = ask or ask_line
    totals = Totals()
    for path in paths:
        try:
            loaded = fixer.load(path, encoding)
        except HealthlintError as err:
            totals.errors.append(err)
            click.echo(f"healthlint: {err}", err=True)
            continue
        except KeyboardInterrupt:
            totals.interrupted = True
            break
        try:
            doc = read_document(loaded.source, linter.reader_options)
            findings = linter.lint(doc)
        except KeyboardInterrupt:
            totals.interrupted = True
            break
        review = Review()
        if findings:
            review = review_document(doc, findings, ask, color)
        text = loaded.source.text
        if review.edits:
            text = fixer.splice(text, review.edits)
            try:
                fixer.write_back(loaded, fixer.encode(loaded.source, text))
            except (fixer.FixError, UnicodeError) as err:
                if isinstance(err, UnicodeError):
                    err = fixer.FixError(path, f"an edit cannot be written in {loaded.source.encoding}; not saved")
                totals.errors.append(err)
                click.echo(f"healthlint: {err}", err=True)
                text = loaded.source.text
            else:
                totals.files_changed += 1
                totals.edits += len(review.edits)
                click.echo(f"{path}: saved {len(review.edits)} edit{'s' * (len(review.edits) != 1)}.")
        if review.interrupted:
            totals.interrupted = True
            break  # not re-linted: the writer asked to stop now
        totals.remaining.extend(fixer.linter_for(loaded.source, linter)(text) if text != loaded.source.text
                                else findings)
        if review.quit:
            break
    return totals


def review_document(doc: Document, findings: list[Finding], ask: Ask, color: bool = False) -> Review:
    """Ask about each finding of one document, in order; return the accepted edits."""
    review = Review()
    click.echo(f"\n{doc.path}: {len(findings)} finding{'s' * (len(findings) != 1)}")
    for number, finding in enumerate(findings, 1):
        click.echo(f"\n[{number}/{len(findings)}] {finding.path}:{finding.line}:{finding.column} "
                   f"{finding.severity} {finding.rule}")
        click.echo(f"  {finding.message}")
        click.echo(f"  {marked_sentence(doc, finding, color)}")
        if finding.fix is None:
            for s in finding.suggestions:
                click.echo(f"    - {s}")
            click.echo("  No automatic rewrite here (markup inside the words, or the rule gives none): edit by hand.")
            continue
        if any(fixer.overlaps(edit, finding.fix) for edit in review.edits):
            click.echo("  Skipped: it overlaps an edit accepted above; run again to review it.")
            review.skipped += 1
            continue
        try:
            edit = _choose(finding, ask)
        except Quit:
            review.quit = True
            break
        except KeyboardInterrupt:
            click.echo()
            review.quit = review.interrupted = True
            break
        if edit is None:
            review.skipped += 1
        else:
            review.edits.append(edit)
    return review


def _choose(finding: Finding, ask: Ask) -> Fix | None:
    """One finding's menu until a valid answer: an edit, None to skip, or Quit."""
    fix = finding.fix
    assert fix is not None
    appending = fix.offset == fix.end_offset
    click.echo(f"  Rewrites ({_LABEL.get(fix.applicability, fix.applicability)}):")
    for i, s in enumerate(finding.suggestions, 1):
        click.echo(f"    {i}. {'append: ' if appending else ''}{s}")
    n = len(finding.suggestions)
    choices = f"1-{n}" if n > 1 else "1"
    while True:
        answer = ask(f"  [{choices}] use a rewrite, e edit, s skip, q quit: ")
        if answer is None:
            raise Quit
        answer = answer.strip().lower()
        if answer.isdigit() and 1 <= int(answer) <= n:
            return _replace(finding, finding.suggestions[int(answer) - 1])
        if answer == "s":
            return None
        if answer == "q":
            raise Quit
        if answer == "e":
            prompt = "  Statement to append" if appending else f"  Replace \"{finding.match}\" with"
            typed = ask(f"{prompt} (empty to go back): ")
            if typed is None:
                raise Quit
            if typed.strip():
                return _replace(finding, typed.strip())
            continue
        click.echo(f"  Type a number from {choices}, e, s or q.")


def _replace(finding: Finding, words: str) -> Fix:
    """The finding's fix with other words (see fixer.fix_with_words)."""
    from .fixer import fix_with_words

    return fix_with_words(finding, words)


def marked_sentence(doc: Document, finding: Finding, color: bool = False) -> str:
    """The source sentence holding the finding, on one line, the flagged words in <<marks>>."""
    start, end = _sentence_around(doc, finding.offset, finding.end_offset)
    text = doc.text
    words = text[finding.offset:finding.end_offset]
    mark = click.style(f"<<{words}>>", bold=True, underline=True) if color else f"<<{words}>>"
    before = _SPACES.sub(" ", text[start:finding.offset]).lstrip()
    after = _SPACES.sub(" ", text[finding.end_offset:end]).rstrip()
    return before + mark + after


def _sentence_around(doc: Document, offset: int, end: int) -> tuple[int, int]:
    for block in doc.blocks:
        if not block.text:
            continue
        if not block.source_start(0) <= offset < block.source_end(len(block.text)):
            continue
        for s in split_sentences(block.text):
            lo, hi = block.source_start(s.start), block.source_end(s.end)
            if lo <= offset and end <= hi:
                return lo, hi
    line, _ = doc.lines.line_col(offset)
    lo = doc.lines.starts[line - 1]
    return lo, max(end, lo + len(doc.lines.line_text(line)))
