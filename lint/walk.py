"""Finding the files to lint: paths given, folders walked, ignored folders and .gitignore skipped."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .reader import FORMAT_BY_SUFFIX, is_binary

SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".hg", ".svn", ".tox",
             ".healthlint_cache", ".mypy_cache", ".pytest_cache"}


class GitIgnore:
    """The .gitignore files that apply to a walk, each read by pathspec exactly as git reads
    it (globs, dir/ patterns, !negation, anchored /patterns, ** segments); each applies below its
    own folder, and a deeper file's verdict wins over a shallower one's, as in git."""

    def __init__(self) -> None:
        self.rules: list[tuple[Path, object]] = []  # base folder, pathspec.GitIgnoreSpec

    def add_file(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        if not any(line.strip() and not line.startswith("#") for line in lines):
            return
        from pathspec import GitIgnoreSpec  # here: a folder with no .gitignore never needs it

        self.rules.append((path.parent, GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        result = False
        for base, spec in self.rules:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            verdict = spec.check_file(rel + "/" if is_dir else rel).include
            if verdict is not None:
                result = verdict
        return result


def discover(paths: list[str], suffixes: set[str] | None = None, skipped: list[str] | None = None,
             known_text: Callable[[str], bool] | None = None,
             notices: list[tuple[str, str]] | None = None) -> list[str]:
    """Files to lint, in a stable order. Named files are kept whatever their extension (and are
    an error if unreadable); binary files met while walking a folder are left out and, when
    `skipped` is given, listed there. `known_text(path)` may vouch that a file is text (the
    findings cache knows the unchanged files it read before) so that it is not opened here.

    What is not a regular file is never opened (a FIFO would block the run for ever): a FIFO,
    socket or device, named or walked, and a dangling symbolic link or a link loop met while
    walking are left out, each as `(path, why)` in `notices`. A link loop or
    dangling link named on the command line is kept, so reading it reports the error (exit 2)."""
    suffixes = suffixes or set(FORMAT_BY_SUFFIX)
    notices = notices if notices is not None else []
    out: list[str] = []
    for given in paths:
        if given == "-":
            out.append(given)
            continue
        try:
            st = os.stat(given)
        except OSError:
            out.append(given)  # missing, a dangling link or a link loop: the read says which
            continue
        if not stat.S_ISDIR(st.st_mode):
            if stat.S_ISREG(st.st_mode):
                out.append(given)
            else:
                notices.append((given, _special(st.st_mode)))
            continue
        p = Path(given)
        ignore = GitIgnore()
        top = Path(os.path.realpath(p))
        for parent in _gitignore_dirs(top):
            if (parent / ".gitignore").is_file():
                ignore.add_file(parent / ".gitignore")
        for root, dirs, files in os.walk(p):
            root_path = Path(root)
            base = str(root_path)  # as pathlib would join it ("a.md", not "./a.md")
            resolved_root = Path(os.path.realpath(root_path))
            if (root_path / ".gitignore").is_file() and resolved_root != top:
                ignore.add_file(resolved_root / ".gitignore")

            def resolved(name: str) -> Path:
                # (root_path / name).resolve(), without a realpath per file: only a symbolic
                # link needs resolving once its folder is resolved (realpath: a loop raises nothing).
                path = resolved_root / name
                return Path(os.path.realpath(path)) if path.is_symlink() else path

            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS
                             and not (ignore.rules and ignore.ignored(resolved(d), True)))
            for name in sorted(files):
                if os.path.splitext(name)[1].lower() in suffixes and not (
                        ignore.rules and ignore.ignored(resolved(name), False)):
                    path = name if base == "." else f"{base}{os.sep}{name}"
                    why = _not_regular(path)
                    if why is not None:
                        notices.append((path, why))
                        continue
                    if not (known_text and known_text(path)) and is_binary(path):
                        if skipped is not None:
                            skipped.append(path)
                        continue
                    out.append(path)
    return out


def _not_regular(path: str) -> str | None:
    """None for a regular file (or a link to one); otherwise why it cannot be linted."""
    try:
        st = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return f"dangling symbolic link (to {os.readlink(path)})"
        return err.strerror or str(err)
    return None if stat.S_ISREG(st.st_mode) else _special(st.st_mode)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "not a regular file (a FIFO; use - to read standard input)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    return "not a regular file"


def _gitignore_dirs(folder: Path) -> list[Path]:
    """The folder and its ancestors up to the repository root, outermost first: git reads no
    .gitignore above the root, so neither do we (outside a repository, only the folder's own)."""
    chain = [folder]
    for parent in folder.parents:
        if (chain[-1] / ".git").exists():
            break
        chain.append(parent)
    else:
        if not (chain[-1] / ".git").exists():
            chain = [folder]
    return list(reversed(chain))
