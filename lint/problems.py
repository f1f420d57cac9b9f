"""What went wrong in a run besides findings: files that could not be read or written, rules
stopped by the time limit, and files skipped because they are not regular files.

Each is printed on stderr as one line the moment it is met (a user watching a long run sees it
then), and kept, so the CI reports carry it too (a SARIF `toolExecutionNotifications` entry, a
JUnit error case, a GitHub `::error` line) and the summary counts every file given. Errors make
the exit code 2; skipped files do not change it.
"""
from __future__ import annotations

from .echo import echo
from .errors import HealthlintError, ReadError
from .records import Frozen


class Problem(Frozen):
    """A file that could not be read or written, or was skipped."""

    __slots__ = ("path", "message", "level")
    path: str
    message: str  # what happened, without the path
    level: str  # "error" (exit code 2) or "note" (a skipped file)

    def __init__(self, path: str, message: str, level: str) -> None:
        self._set(path=path, message=message, level=level)

    def line(self) -> str:
        return f"{self.path}: {self.message}"


class Problems(list):
    """The run's problems, in the order they were met. `append((path, why))` records a skipped
    file (walk.discover's notices); `error(err)` a HealthlintError that names a path."""

    def __init__(self) -> None:
        super().__init__()
        self.unreadable = 0  # files that could not be read at all (not linted)
        self.errors = 0
        self.skipped = 0

    def append(self, notice) -> None:  # type: ignore[override]
        if isinstance(notice, Problem):
            item = notice
        else:
            path, why = notice
            item = Problem(path, f"{why}; skipped", "note")
        if item.level == "note":
            self.skipped += 1
        else:
            self.errors += 1
        echo(f"healthlint: {item.line()}", err=True)
        super().append(item)

    def error(self, err: HealthlintError, unreadable: bool | None = None) -> None:
        path = getattr(err, "path", "")
        text = str(err)
        message = text[len(path) + 2:] if path and text.startswith(f"{path}: ") else text
        if unreadable if unreadable is not None else isinstance(err, ReadError):
            self.unreadable += 1
        self.append(Problem(path, message, "error"))
