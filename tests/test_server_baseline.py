"""`healthlint server --baseline FILE`: an editor shows only the findings the baseline does not
record, as `healthlint check --baseline` reports them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from server_support import FIRST_LINT, SERVER, codes, uri_of, wait_for_diagnostics

OLD = "# Tea\n\nThe authors say it is the key to healthy ageing.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("baseline-project")
    (root / ".healthlint.toml").write_text('select = ["hype"]\n', encoding="utf-8")
    (root / "old.md").write_text(OLD, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "healthlint", "check", "--write-baseline", "base.json", "old.md"],
                   cwd=root, check=True, capture_output=True)
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(project: Path):
    config = ClientServerConfig(server_command=SERVER + ["--baseline", str(project / "base.json")],
                                server_env=dict(os.environ))
    client = await config.start()
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"), root_uri=uri_of(project)))
    yield client
    await client.shutdown_session()
    await client.stop()


@pytest.mark.asyncio(loop_scope="module")
async def test_findings_the_baseline_records_are_not_shown(client, project: Path):
    uri = uri_of(project / "old.md")
    text = OLD + "\nThis new tea is a miracle cure for tiredness.\n"  # the draft as being edited: one new finding
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0, timeout=FIRST_LINT)
    assert codes(found) == ["hype/miracle"]
