"""Applying fixes: rewrite only the spans findings point at, and write files back safely.

Three guarantees a writer relies on:

* Text outside the fixed spans is untouched. Fixes are spliced into the decoded text, and the
  file is re-encoded with its own encoding and byte-order mark; a file whose bytes would not
  survive that round trip unchanged is refused before any fix is considered.
* Fixes never overlap. Per pass, the fix that starts first wins (ties: the shorter span, then the
  rule id); the others are reported as not applied. The text is then linted again and fixed
  again until nothing applicable remains, so a second `--fix` changes nothing.
* No half-written or clobbered file. The new bytes go to a temporary file in the same folder,
  which replaces the original with `os.replace` and keeps its permission bits; a file that
  changed on disk after it was read is left alone and reported.
"""
from __future__ import annotations

import dataclasses
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .engine import Linter
from .errors import HealthlintError, ReadError
from .findings import Finding, Fix
from .formats import read_document
from .reader import Source, decode, format_for, read_bytes

#: Re-linting after a pass may expose another fixable finding; stop after this many passes.
MAX_PASSES = 10


class FixError(HealthlintError):
    """A fixed file could not be written back (changed on disk, unwritable, unencodable)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def fix_with_words(finding: Finding, words: str) -> Fix:
    """The finding's fix with other words (a rewrite picked or typed in the review or the
    editor): in place of the flagged words, or, for a statement appended to the document, in
    place of the suggested statement (keeping its line breaks). The first suggestion keeps the
    fix as made, which may reach back over adverbs it moves after a modal; other words replace
    only the flagged words."""
    fix = finding.fix
    assert fix is not None
    if fix.offset == fix.end_offset:
        if finding.suggestions and finding.suggestions[0] in fix.replacement:
            at = fix.replacement.index(finding.suggestions[0])
            words = fix.replacement[:at] + words + fix.replacement[at + len(finding.suggestions[0]):]
        return Fix(words, fix.applicability, fix.offset, fix.end_offset)
    if finding.suggestions and words == finding.suggestions[0]:
        return fix
    if fix.offset < finding.offset and finding.suggestions:  # adverbs moved after the modal
        from .suggestions import MODAL_START

        first, made = finding.suggestions[0], fix.replacement
        head = MODAL_START.match(first)
        mine = MODAL_START.match(words)
        if head and mine and made.startswith(first[:head.end()]) and made.endswith(first[head.end():]):
            moved = made[head.end():len(made) - (len(first) - head.end())]  # " completely"
            return Fix(words[:mine.end()] + moved + words[mine.end():], fix.applicability, fix.offset, fix.end_offset)
    return Fix(words, fix.applicability, finding.offset, finding.end_offset)


def applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether `--fix` (with `--unsafe-fixes` if `unsafe`) may apply this finding's fix."""
    fix = finding.fix
    return fix is not None and (fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe"))


@dataclass(frozen=True)
class Conflict:
    """A fix that was not applied because an earlier fix covers some of the same text."""

    finding: Finding
    winner: Finding
    pass_index: int = 0


def choose(findings: Iterable[Finding], text: str, unsafe: bool) -> tuple[list[Finding], list[Conflict]]:
    """The applicable fixes that can be applied together, and the ones that overlap them.

    Deterministic: fixes are taken by start offset, then end offset, then rule id; a fix that
    overlaps one already taken is a conflict. Insertions at the same point conflict; an insertion
    touching a replaced span does not. A fix whose span does not hold the finding's words (the
    text changed under it) is never applied.
    """
    candidates = sorted((f for f in findings if applicable(f, unsafe)),
                        key=lambda f: (f.fix.offset, f.fix.end_offset, f.rule))
    taken: list[Finding] = []
    conflicts: list[Conflict] = []
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if not _fits(finding, text):
            continue
        winner = next((t for t in taken if overlaps(t.fix, fix)), None)
        if winner is None:
            taken.append(finding)
        else:
            conflicts.append(Conflict(finding, winner))
    return taken, conflicts


def _fits(finding: Finding, text: str) -> bool:
    fix = finding.fix
    assert fix is not None
    if not 0 <= fix.offset <= fix.end_offset <= len(text):
        return False
    if fix.offset == fix.end_offset:  # an insertion (a document-level statement) holds no words
        return True
    # A fix may reach a little beyond the flagged words (adverbs moved after a modal), never less.
    return (fix.offset <= finding.offset and finding.end_offset <= fix.end_offset
            and text[finding.offset:finding.end_offset] == finding.match)


def overlaps(a: Fix, b: Fix) -> bool:
    if a.offset == a.end_offset and b.offset == b.end_offset:
        return a.offset == b.offset
    if a.offset == a.end_offset:
        return b.offset < a.offset < b.end_offset
    if b.offset == b.end_offset:
        return a.offset < b.offset < a.end_offset
    return a.offset < b.end_offset and b.offset < a.end_offset


def splice(text: str, fixes: Iterable[Fix]) -> str:
    """Apply non-overlapping fixes; everything between them is copied as it is."""
    out: list[str] = []
    pos = 0
    for fix in sorted(fixes, key=lambda f: (f.offset, f.end_offset)):
        if fix.offset < pos:
            raise ValueError(f"overlapping fixes at offset {fix.offset}")
        out.append(text[pos:fix.offset])
        out.append(fix.replacement)
        pos = fix.end_offset
    out.append(text[pos:])
    return "".join(out)


@dataclass
class TextFix:
    """The outcome of fixing one text: every pass's fixes, what was skipped, what remains."""

    original: str
    text: str
    initial: list[Finding] = field(default_factory=list)
    passes: list[list[Finding]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    settled: bool = True

    @property
    def fixed(self) -> int:
        return sum(len(p) for p in self.passes)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fix_text(text: str, lint: Callable[[str], list[Finding]], unsafe: bool = False,
             max_passes: int = MAX_PASSES) -> TextFix:
    """Fix, re-lint and repeat until no applicable fix is left (or `max_passes` is reached)."""
    result = TextFix(original=text, text=text)
    seen = {text}
    findings = result.initial = lint(text)
    for _ in range(max_passes):
        taken, conflicts = choose(findings, result.text, unsafe)
        if not taken:
            break
        result.conflicts.extend(dataclasses.replace(c, pass_index=len(result.passes)) for c in conflicts)
        result.passes.append(taken)
        result.text = splice(result.text, (f.fix for f in taken))
        findings = lint(result.text)
        if result.text in seen:  # the fixes undo each other: stop rather than cycle
            result.settled = False
            break
        seen.add(result.text)
    else:
        result.settled = not choose(findings, result.text, unsafe)[0]
    result.remaining = findings
    result.conflicts = _unresolved(result)
    return result


def _unresolved(result: TextFix) -> list[Conflict]:
    """Conflicts whose rule was not applied in a later pass (re-linting found the words again
    and fixed them then, so they were not lost)."""
    out = []
    for conflict in result.conflicts:
        later = {f.rule for p in result.passes[conflict.pass_index + 1:] for f in p}
        if conflict.finding.rule not in later:
            out.append(conflict)
    return out


# --- files -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """A file as read: its exact bytes and stat (to detect a later change) and its Source."""

    path: str
    data: bytes
    mtime_ns: int
    size: int
    source: Source


def load(path: str, encoding: str | None = None, fmt: str | None = None) -> Loaded:
    """Read a file for fixing; ReadError if it cannot be read, decoded or written back exactly."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except OSError as err:
        raise ReadError(path, err.strerror or str(err)) from None
    data = read_bytes(path)
    return loaded_from_bytes(path, data, encoding, fmt, before.st_mtime_ns, before.st_size)


def loaded_from_bytes(path: str, data: bytes, encoding: str | None = None, fmt: str | None = None,
                      mtime_ns: int = 0, size: int = -1) -> Loaded:
    """Decode bytes for fixing (also for stdin, which has no file to stat)."""
    text, enc, bom = decode(data, path, encoding)
    source = Source(path=path, text=text, format=fmt or format_for(path), encoding=enc, bom=bom)
    try:
        round_trip = encode(source, text) == data
    except UnicodeError:
        round_trip = False
    if not round_trip:
        raise ReadError(path, f"cannot be written back byte for byte as {enc}; not fixing it")
    return Loaded(path=path, data=data, mtime_ns=mtime_ns, size=len(data) if size < 0 else size,
                  source=source)


def encode(source: Source, text: str) -> bytes:
    """Text back to bytes in the file's own encoding, after its own byte-order mark."""
    return source.bom + text.encode(source.encoding)


def linter_for(source: Source, linter: Linter) -> Callable[[str], list[Finding]]:
    """Lint successive versions of one source's text."""

    def lint(text: str) -> list[Finding]:
        return linter.lint(read_document(source.with_text(text), getattr(linter, "reader_options", None)))

    return lint


@dataclass
class FileFix:
    """Fixing one file: the text outcome and, when it went wrong, why nothing was written."""

    loaded: Loaded
    result: TextFix
    new_data: bytes
    error: FixError | None = None

    @property
    def path(self) -> str:
        return self.loaded.path


def fix_loaded(loaded: Loaded, linter: Linter, unsafe: bool = False) -> FileFix:
    """Compute the fixed bytes of a file (nothing is written)."""
    result = fix_text(loaded.source.text, linter_for(loaded.source, linter), unsafe)
    try:
        new_data = encode(loaded.source, result.text) if result.changed else loaded.data
    except UnicodeError:
        error = FixError(loaded.path, f"a replacement cannot be written in {loaded.source.encoding}; not fixed")
        return FileFix(loaded, result, loaded.data, error)
    return FileFix(loaded, result, new_data)


def write_back(loaded: Loaded, new_data: bytes) -> None:
    """Atomically replace the file with `new_data` unless it changed since it was read.

    The temporary file sits in the same folder (so the rename is atomic), gets the original's
    permission bits, and is removed if anything fails. A symlink is followed: its target is
    rewritten and the link stays a link. A file with other hard links is written in place,
    through the same inode, once the temporary copy is complete and checked (a rename would
    leave the other names holding the old text); the copy is removed only after that write, so
    an interrupted write leaves the whole new text beside the file.
    """
    target = os.path.realpath(loaded.path)
    folder = os.path.dirname(target) or "."
    _check_unchanged(loaded, target)
    try:
        status = os.stat(target)
        mode = stat.S_IMODE(status.st_mode)
        keep_copy = False
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".healthlint-tmp")
    except OSError as err:
        raise FixError(loaded.path, f"cannot write next to it: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new_data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        _check_unchanged(loaded, target)
        if status.st_nlink > 1:
            keep_copy = True  # from here on, the copy is the only whole new text if writing stops
            _write_in_place(target, tmp, new_data)
            keep_copy = False
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException as err:
        if not keep_copy:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(err, FixError):
            raise
        if isinstance(err, OSError):
            kept = f"; the fixed text is in {tmp}" if keep_copy else ""
            raise FixError(loaded.path, f"could not be written: {err.strerror or err}{kept}") from None
        raise


def _write_in_place(target: str, tmp: str, new_data: bytes) -> None:
    """Overwrite a hard-linked file through its own inode, after checking the temporary copy
    holds exactly the new bytes."""
    with open(tmp, "rb") as copy:
        if copy.read() != new_data:
            raise OSError("the temporary copy does not hold the fixed text")
    with open(target, "r+b") as handle:
        handle.write(new_data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _check_unchanged(loaded: Loaded, target: str) -> None:
    try:
        now = os.stat(target)
        same = (now.st_mtime_ns, now.st_size) == (loaded.mtime_ns, loaded.size) \
            and Path(target).read_bytes() == loaded.data
    except OSError:
        same = False
    if not same:
        raise FixError(loaded.path, "changed on disk since it was read; not overwritten (run again)")


def fix_file(path: str, linter: Linter, unsafe: bool = False, write: bool = True,
             encoding: str | None = None) -> FileFix:
    """Read, fix and (if `write` and anything changed) write back one file."""
    outcome = fix_loaded(load(path, encoding), linter, unsafe)
    if write and outcome.error is None and outcome.result.changed:
        try:
            write_back(outcome.loaded, outcome.new_data)
        except FixError as err:
            outcome.error = err
    return outcome


# --- reporting -------------------------------------------------------------------------------

_LINES = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (empty if unchanged), marking a missing final newline as
    `diff` does, so `patch -p0` applies it (line endings are kept, as in the file)."""
    if before == after:
        return ""
    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=path, tofile=path)
    out: list[str] = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    return _LINES.findall(text)


def summary(outcomes: list[FileFix], unsafe: bool, diff: bool = False) -> str:
    """`Fixed 3 findings in 2 files.` (or `Would fix` with --diff), plus what --unsafe-fixes adds."""
    changed = [o for o in outcomes if o.error is None and o.result.changed]
    fixed = sum(o.result.fixed for o in changed)
    n_files = len(changed)
    verb = "Would fix" if diff else "Fixed"
    line = f"{verb} {fixed} finding{'s' * (fixed != 1)} in {n_files} file{'s' * (n_files != 1)}." \
        if fixed else "Nothing to fix."
    if not unsafe:
        more = sum(1 for o in outcomes for f in o.result.remaining if applicable(f, True))
        if more:
            line += f" {more} more fixable with --unsafe-fixes."
    # Counted here, not one stderr line each: a long file may have hundreds, and what is left
    # unfixed is reported as a finding anyway.
    overlapping = sum(len(o.result.conflicts) for o in outcomes)
    if overlapping:
        line += (f" {overlapping} fix{'es' * (overlapping != 1)} not applied: "
                 f"{'they overlap' if overlapping != 1 else 'it overlaps'} another fix.")
    return line


def notes(outcome: FileFix) -> list[str]:
    """Lines for stderr: a file whose fixes did not settle. (Fixes not applied because they
    overlap another are counted in the summary instead.)"""
    out = []
    if not outcome.result.settled:
        out.append(f"{outcome.path}: fixes did not settle after {len(outcome.result.passes)} passes; "
                   f"review the result")
    return out


# --- many files --------------------------------------------------------------------------------


@dataclass
class FixRun:
    """Fixing every path of one command: per-file outcomes and the errors met on the way."""

    outcomes: list[FileFix] = field(default_factory=list)
    errors: list[HealthlintError] = field(default_factory=list)
    #: The fixed bytes of standard input ('-'), which go to standard output instead of a file.
    stdin_output: bytes | None = None

    @property
    def remaining(self) -> list[Finding]:
        """What is left to report: after the fixes, or as read where nothing was written."""
        found = [f for o in self.outcomes
                 for f in (o.result.initial if o.error else o.result.remaining)]
        return sorted(found, key=lambda f: f.sort_key)

    @property
    def texts(self) -> dict[str, str]:
        return {o.path: o.result.original if o.error else o.result.text for o in self.outcomes}

    @property
    def changed(self) -> list[FileFix]:
        return [o for o in self.outcomes if o.result.changed and o.error is None]


def fix_paths(paths: list[str], linter: Linter, unsafe: bool = False, write: bool = True,
              encoding: str | None = None, read_stdin: Callable[[], bytes] | None = None,
              stdin_filename: str | None = None) -> FixRun:
    """Fix each path ('-' is standard input); files are written only if `write`."""
    run = FixRun()
    for path in paths:
        try:
            if path == "-":
                name = stdin_filename or "<stdin>"
                data = read_stdin() if read_stdin else b""
                outcome = fix_loaded(loaded_from_bytes(name, data, encoding), linter, unsafe)
                run.stdin_output = outcome.new_data
            else:
                outcome = fix_file(path, linter, unsafe, write, encoding)
        except ReadError as err:
            run.errors.append(err)
            continue
        if outcome.error is not None:
            run.errors.append(outcome.error)
        run.outcomes.append(outcome)
    return run
