"""The `healthlint` console script (and `python -m healthlint`).

A pre-commit hook runs `healthlint check FILE...` on every commit, and importing click and
building the command's thirty options is ~15 ms of a one-file check (a tenth). So a plain check,
the command and paths with none but the on/off flags below, goes straight to checkcmd.check with
the values click would have given it; anything else (another command, an option with a value,
`--help`, `-` for standard input, `--`, an unreadable path, shell completion, Windows, an
ASCII-encoded output stream) goes through click (cli.main), unchanged. Output and exit codes are
the same either way (tests/test_entry.py runs both).
"""
from __future__ import annotations

import os
import sys

#: The check's on/off options (click `is_flag`) -> the parameter each sets.
FLAGS = {
    "--no-cache": "no_cache", "--quiet": "quiet", "-q": "quiet", "--no-color": "no_color",
    "--exit-zero": "exit_zero", "--statistics": "statistics", "--fix": "fix", "--unsafe-fixes": "unsafe_fixes",
    "--diff": "diff", "--report-unused-suppressions": "report_unused_suppressions",
}

#: Every parameter of `healthlint check` as click passes it when the option is not given.
DEFAULTS = {
    "paths": (), "fmt": "text", "output_file": None, "select": (), "extend_select": (), "ignore": (),
    "extend_ignore": (), "exit_zero": False, "fail_level": None, "quiet": False, "statistics": False,
    "no_color": False, "stdin_filename": None, "encoding": None, "rule_paths": (), "html_scope": None,
    "config_file": None, "baseline": None, "write_baseline": None, "report_unused_suppressions": False,
    "fix": False, "unsafe_fixes": False, "diff": False, "jobs": 0, "no_cache": False, "diff_base": None,
    "jurisdiction": None, "cache_dir": None, "models": (),
}


def plain_check(args: list[str]) -> dict | None:
    """The check's parameters for these arguments when they are a plain check (see the module's
    docstring), else None (click parses them)."""
    if not args or args[0] != "check":
        return None
    options = dict(DEFAULTS)
    paths = []
    for arg in args[1:]:
        if arg.startswith("-"):
            name = FLAGS.get(arg)
            if name is None:
                return None
            options[name] = True
        elif arg and _readable_or_missing(arg):
            paths.append(arg)
        else:
            return None
    options["paths"] = tuple(paths)
    return options


def _readable_or_missing(path: str) -> bool:
    """As click.Path() lets a path through (it stops one that exists but cannot be read)."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return True
    return os.access(path, os.R_OK)


def _plain_streams() -> bool:
    """Output streams click.echo writes to as they are (echo.py copies it only for those)."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if stream is None or not encoding or getattr(stream, "errors", None) is None:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def main() -> None:
    """The console script: a plain check without click, the rest through cli.main."""
    options = None
    if os.name != "nt" and not any(name.endswith("_COMPLETE") for name in os.environ) and _plain_streams():
        options = plain_check(sys.argv[1:])
    if options is None:
        from .cli import main as through_click

        through_click()
        return
    import gc

    gc.disable()  # start-up makes no garbage worth collecting: checkcmd turns it on again
    from . import checkcmd
    from .echo import echo

    checkcmd._OWN_PROCESS = True
    try:
        try:
            checkcmd.check(**options)
        except (EOFError, KeyboardInterrupt):  # as click's main: a blank line, "Aborted!", exit 1
            echo(err=True)
            echo("Aborted!", err=True)
            sys.exit(1)
        except OSError as err:
            import errno

            if err.errno != errno.EPIPE:
                raise
            sys.exit(1)  # a closed pipe (healthlint check | head): leave() flushes quietly
        sys.exit(0)
    except SystemExit as leaving:
        leave(leaving.code)


#: Commands that run threads or services of their own: they leave the normal way.
_LONG_RUNNING = ("server", "audit")


def leave(code: object) -> None:
    """Exit once the output is flushed (and a rules cache held back until then written), without
    freeing the loaded rule set object by object (about 100,000 objects: ~15 ms, a tenth of a
    one-file check). Nothing else is pending by then: files are written (atomically) and closed,
    and the worker pool is shut down."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    code = 0 if code is None else code
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (healthlint check | head): nothing more to say there
    rulecache = sys.modules.get("healthlint.rulecache")
    if rulecache is not None:  # the report is out: now the rules cache a first run built (checkcmd)
        rulecache.write_pending()
    running_threads = "threading" in sys.modules and sys.modules["threading"].active_count() > 1
    if (len(sys.argv) > 1 and sys.argv[1] in _LONG_RUNNING) or running_threads or not isinstance(code, int):
        sys.exit(code)
    os._exit(code)
