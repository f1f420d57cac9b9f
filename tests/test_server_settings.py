"""The editor's settings and which documents the server reads (lint/server/linting.py); no rules
are loaded here."""
from __future__ import annotations

import pytest

from healthlint.errors import ConfigError
from healthlint.server.linting import Settings, document_format, path_of


def test_settings_come_bare_or_under_their_section_and_codes_may_be_comma_separated():
    expected = Settings(select=("hype", "cure/cures-condition"), ignore=("advice",), fail_level="error")
    raw = {"select": ["hype, cure/cures-condition"], "ignore": "advice", "failLevel": "error"}
    assert Settings.parse(raw) == expected
    assert Settings.parse({"healthlint": raw}) == expected  # Helix sends its whole `config`
    assert Settings.parse(None) == Settings.parse({}) == Settings()


@pytest.mark.parametrize(("raw", "named"), [
    ({"select": 3}, "healthlint.select"),
    ({"ignore": [1]}, "healthlint.ignore"),
    ({"failLevel": "fatal"}, "healthlint.failLevel"),
    ("hype", "'healthlint'"),
])
def test_a_bad_setting_is_an_error_naming_it(raw, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        Settings.parse(raw)


def test_documents_are_read_by_extension_then_by_language_id():
    assert document_format("/d/post.mdx", "markdown") == "mdx"
    assert document_format("/d/README", "markdown") == "markdown"
    assert document_format("untitled:Untitled-1", "plaintext") == "text"
    assert document_format("/d/notes.txt", None) == "text"
    assert document_format("/d/app.py", "python") is None  # not healthlint's business


def test_file_uris_become_paths_and_others_have_none():
    assert path_of("file:///home/w/My%20Drafts/tea.md") == "/home/w/My Drafts/tea.md"
    assert path_of("untitled:Untitled-1") is None
