"""`healthlint server` under bad input: messages no client library would send (so written here
byte by byte), a broken team rule pack, a broken configuration. Each is answered or shown, and
the server goes on answering afterwards."""
from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from server_support import FIRST_LINT, SERVER, uri_of, wait_for_diagnostics
from support import write_probe_pack


class RawClient:
    """JSON-RPC over the server's stdin/stdout, framed by hand, so a test can send anything."""

    def __init__(self, cwd: Path):
        self.process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, cwd=cwd)
        self.messages: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            self.messages.put(json.loads(out.read(length)))

    def send_bytes(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, **message) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def reply(self, id_, timeout: float = 60) -> dict:
        """The response to request `id_` (server requests and notifications are skipped;
        a server request is answered with null)."""
        while True:
            message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:
                self.send(id=message["id"], result=None)
            elif "method" not in message and message.get("id") == id_:
                return message


@pytest.fixture()
def raw(tmp_path: Path):
    client = RawClient(tmp_path)
    client.send(id=1, method="initialize", params={"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
    assert "capabilities" in client.reply(1)["result"]
    client.send(method="initialized", params={})
    yield client
    if client.process.poll() is None:
        client.process.kill()
    client.process.wait()


def test_malformed_and_invalid_messages_get_errors_and_the_server_keeps_answering(raw: RawClient, tmp_path: Path):
    raw.send_bytes(b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {')  # cut short
    assert raw.reply(None)["error"]["code"] == -32700  # Parse error; JSON-RPC answers it with id null

    raw.send(id=3, method="textDocument/hover", params={"textDocument": 7, "position": "here"})
    assert raw.reply(3)["error"]["code"] == -32602  # Invalid params

    unknown = (tmp_path / "never-opened.md").as_uri()
    raw.send(id=4, method="textDocument/hover", params={"textDocument": {"uri": unknown},
                                                        "position": {"line": 0, "character": 0}})
    error = raw.reply(4)["error"]
    assert error["code"] == -32602 and "never-opened.md" in error["message"]

    raw.send(id=5, method="healthlint/no-such-method", params={})
    assert raw.reply(5)["error"]["code"] == -32601  # Method not found

    raw.send(id=6, method="shutdown")
    assert raw.reply(6) == {"jsonrpc": "2.0", "id": 6, "result": None}
    raw.send(method="exit")
    assert raw.process.wait(timeout=30) == 0


BROKEN_PACK = '[pack]\ncategory = "team"\ntitle = "Team words"\n[[rule]]\nid = "team/oops"\n'


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("team-project")
    (root / "team-rules").mkdir()
    (root / "team-rules" / "team.toml").write_text(BROKEN_PACK, encoding="utf-8")
    (root / ".healthlint.toml").write_text('rule-paths = ["team-rules"]\nselect = ["probe"]\n', encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, project: Path):
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"), root_uri=uri_of(project)))
    # Neovim prefers UTF-8 positions; the server agrees to them (columns below are in bytes)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_broken_rule_pack_is_reported_and_fixing_it_reloads_the_rules(client: LanguageClient, project: Path):
    text = "🍵 This tea is a miracle.\n"
    uri = uri_of(project / "draft.md")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    (error,) = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1, timeout=FIRST_LINT)
    assert error.code == "healthlint/error" and error.severity == types.DiagnosticSeverity.Error
    assert "team.toml" in error.message
    assert any("team.toml" in m.message and m.type == types.MessageType.Error for m in client.messages)

    # A request about the document is answered with an error that says why (RequestFailed).
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=15)))
    assert err.value.code == -32803 and "team.toml" in err.value.message

    (project / "team-rules" / "team.toml").unlink()
    write_probe_pack(project / "team-rules")  # a valid pack with the probe rules
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri_of(project / "team-rules" / "probe.toml"), type=types.FileChangeType.Created)]))
    (finding,) = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1 and d[0].code != "healthlint/error",
                                            timeout=FIRST_LINT)
    assert finding.code == "probe/overstated"
    start = len(text[:text.index("miracle")].encode("utf-8"))  # UTF-8 code units: the emoji is 4
    assert (finding.range.start.character, finding.range.end.character) == (start, start + len("miracle"))
    assert finding.code_description is None  # a team rule is not in healthlint's rule reference
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=finding.range.start))
    assert hover is not None and "`probe/overstated`" in hover.contents.value  # still answering

    # A configuration that names an unknown rule: shown, and the next good one lints again.
    config = project / ".healthlint.toml"
    config.write_text('rule-paths = ["team-rules"]\nselect = ["probe/nope"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)]))
    (error,) = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1 and d[0].code == "healthlint/error")
    assert "probe/nope" in error.message and ".healthlint.toml" in error.message
    config.write_text('rule-paths = ["team-rules"]\nselect = ["probe"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)]))
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 1 and d[0].code == "probe/overstated")
