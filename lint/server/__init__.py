"""`healthlint server`: a language server (LSP over stdio) for editors.

It lints open documents with the same engine, rule packs, configuration, suppressions and
baseline as `healthlint check`, and offers quick fixes and explanations. pygls is imported only
here, when the server starts, so `healthlint check` never pays for it.
"""
from __future__ import annotations


def run(config_file: str | None = None, rule_paths: tuple[str, ...] = (), baseline: str | None = None) -> None:
    """Serve on stdin/stdout until the editor sends exit."""
    from ..errors import ConfigError
    from .linting import Options

    try:
        from .protocol import serve
    except ImportError as err:  # an install without pygls
        raise ConfigError(f"healthlint server needs pygls 2 ({err}): pip install 'pygls>=2'") from None

    serve(Options(config_file=config_file, rule_paths=tuple(rule_paths), baseline=baseline))
