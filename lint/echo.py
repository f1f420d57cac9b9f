"""What `click.echo` does with a string, without importing click (~15 ms of a one-file check's
start-up): entry.py runs a plain `healthlint check FILES` without click, and the check's output
goes through here.

When click is imported (the click command, or tests running it through CliRunner), this is
click.echo itself. Otherwise it writes as click.echo does on a stream click would not rewrap
(entry.py takes its fast path only then: not on Windows, not on an ASCII-encoded stream):
the message and a line break, ANSI escape sequences stripped unless `color` is true or, with
`color` None, the stream is a terminal, then a flush.
"""
from __future__ import annotations

import sys

_ANSI = None


def echo(message: str = "", nl: bool = True, err: bool = False, color: bool | None = None) -> None:
    """click.echo(message, nl=nl, err=err, color=color) for a string message."""
    click = sys.modules.get("click")
    if click is not None:
        click.echo(message, nl=nl, err=err, color=color)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    out = message + "\n" if nl else message
    if out:
        if "\x1b" in out and (not color if color is not None else not _isatty(stream)):
            out = _strip_ansi(out)
        stream.write(out)
    stream.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except Exception:  # noqa: BLE001 - as click: a stream that cannot say is not a terminal
        return False


def _strip_ansi(text: str) -> str:
    """click's strip_ansi (the same pattern), compiled when a message first holds an escape."""
    global _ANSI
    if _ANSI is None:
        import re

        _ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")
    return _ANSI.sub("", text)
