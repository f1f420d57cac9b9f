"""`healthlint server` driven as an editor drives it: the real server process, a real LSP client
(pytest-lsp) over stdio. One server for the module; each test opens its own document. The
project selects two categories so that linting is fast where the rules are not the point."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from server_support import (FIRST_LINT, SERVER, apply_edits, codes, edits_of, offset_of, uri_of,
                            wait_for_diagnostics)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CAUSAL = "causation/causal-verb-present"
KEY_TO = "hype/key-to"
# Two astral-plane emoji before the claim: each is 1 code point but 2 UTF-16 code units.
DRAFT = ("# Green tea 🍵\n"
         "\n"
         "🍵🍵 In a cohort study of 2,000 adults, researchers found that drinking green tea lowers blood pressure.\n"
         "The authors say it is the key to healthy ageing.\n")


#: A team rule whose rewrite is safe (it cannot change what a sentence claims): every bundled
#: rewrite of an overstatement changes the claim, so none of them is safe.
TEAM_PACK = '''
[pack]
category = "team"
severity = "info"

[[rule]]
id = "team/in-order-to"
message = "\\"{match}\\" says with three words what \\"to\\" says with one."
phrases = ["in order to"]
suggest = ["to"]
fix = "safe"
[rule.examples]
bad = ["We walk <<in order to>> rest.", "Drink water <<in order to>> stay well."]
good = ["We walk to rest.", "Drink water to stay well."]
'''
SAFE = "team/in-order-to"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "team-rules").mkdir()
    (root / "team-rules" / "team.toml").write_text(TEAM_PACK, encoding="utf-8")
    (root / ".healthlint.toml").write_text('select = ["causation", "hype", "team"]\nrule-paths = ["team-rules"]\n',
                                           encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path):
    lsp_client.set_configuration({}, section="healthlint")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls, params: types.RegistrationParams) -> None:
        REGISTERED.extend(r.method for r in params.registrations)

    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=uri_of(workspace),
        workspace_folders=[types.WorkspaceFolder(uri=uri_of(workspace), name="drafts")]))
    yield
    await lsp_client.shutdown_session()


_versions: dict[str, int] = {}
REGISTERED: list[str] = []


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown") -> str:
    uri = uri_of(path)
    _versions[uri] = 1
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=text)))
    return uri


def change(client: LanguageClient, uri: str, edits: list[types.TextEdit]) -> None:
    """Send edits as an editor does after applying them: incremental changes, a new version."""
    _versions[uri] += 1
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=_versions[uri]),
        content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                         for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                                         reverse=True)]))


def by_code(diagnostics, code: str) -> types.Diagnostic:
    return next(d for d in diagnostics if d.code == code)


async def actions_at(client: LanguageClient, uri: str, rng: types.Range, only=None) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return list(found or [])


async def test_open_publishes_findings_with_exact_utf16_ranges_code_and_link(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "tea.md", DRAFT)
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) == 2, timeout=FIRST_LINT)
    causal = by_code(found, CAUSAL)
    line = DRAFT.splitlines()[2]
    column = line.index("lowers")  # in code points
    assert causal.range == types.Range(start=types.Position(line=2, character=column + 2),
                                       end=types.Position(line=2, character=column + 2 + len("lowers")))
    assert DRAFT[offset_of(DRAFT, causal.range.start):offset_of(DRAFT, causal.range.end)] == "lowers"
    assert causal.severity == types.DiagnosticSeverity.Warning
    assert causal.source == "healthlint"
    assert causal.code_description.href.endswith("docs/rules.md#causationcausal-verb-present")
    assert "“may lower”" in causal.message
    key = by_code(found, KEY_TO)
    assert DRAFT[offset_of(DRAFT, key.range.start):offset_of(DRAFT, key.range.end)] == "the key to"


async def test_a_quick_fix_rewrites_exactly_the_flagged_words(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "fix-one.md", DRAFT)
    found = await wait_for_diagnostics(client, uri, lambda d: CAUSAL in codes(d))
    causal = by_code(found, CAUSAL)
    actions = await actions_at(client, uri, causal.range)
    (hedge,) = [a for a in actions if a.title == "Replace “lowers” with “may lower” (changes the claim: read it back)"]
    assert hedge.kind == types.CodeActionKind.QuickFix and not hedge.is_preferred  # a hedge changes the claim
    assert hedge.diagnostics[0].code == CAUSAL
    edits = edits_of(hedge.edit, uri)
    fixed = apply_edits(DRAFT, edits)
    assert fixed == DRAFT.replace("green tea lowers", "green tea may lower")
    key = by_code(found, KEY_TO)
    unsafe = await actions_at(client, uri, key.range)
    assert any("a promising approach to" in a.title and not a.is_preferred for a in unsafe)

    change(client, uri, edits)
    after = await wait_for_diagnostics(client, uri, lambda d: CAUSAL not in codes(d))
    assert codes(after) == [KEY_TO]


async def test_a_safe_fix_is_the_preferred_quick_fix(client: LanguageClient, workspace):
    text = "We drink green tea in order to relax.\n"
    uri = open_doc(client, workspace / "fix-safe.md", text)
    found = await wait_for_diagnostics(client, uri, lambda d: SAFE in codes(d))
    actions = await actions_at(client, uri, by_code(found, SAFE).range)
    preferred = [a for a in actions if a.is_preferred]
    assert [a.title for a in preferred] == ["Replace “in order to” with “to”"]
    assert apply_edits(text, edits_of(preferred[0].edit, uri)) == "We drink green tea to relax.\n"


async def test_fix_all_applies_only_the_safe_fixes(client: LanguageClient, workspace):
    text = DRAFT + "\nPeople drink it in order to relax.\n"
    uri = open_doc(client, workspace / "fix-all.md", text)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 3)
    everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    actions = await actions_at(client, uri, everything, only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == ["source.fixAll.healthlint"]
    fixed = apply_edits(text, edits_of(actions[0].edit, uri))
    assert fixed == text.replace("in order to relax", "to relax")
    change(client, uri, edits_of(actions[0].edit, uri))
    assert sorted(codes(await wait_for_diagnostics(client, uri, lambda d: len(d) == 2))) == sorted([CAUSAL, KEY_TO])


@pytest.mark.parametrize(("name", "language", "comment"), [
    ("disable.md", "markdown", " <!-- healthlint-disable-next-line hype/key-to -->"),
    ("disable.mdx", "mdx", " {/* healthlint-disable-next-line hype/key-to */}"),
    ("disable.txt", "plaintext", "# healthlint-disable-next-line hype/key-to\n"),
])
async def test_disable_on_this_line_writes_a_suppression_comment_that_works(client, workspace, name, language, comment):
    text = DRAFT.replace("# Green tea 🍵\n", "Green tea notes.\n") if language == "plaintext" else DRAFT
    uri = open_doc(client, workspace / name, text, language)
    found = await wait_for_diagnostics(client, uri, lambda d: KEY_TO in codes(d))
    key = by_code(found, KEY_TO)
    actions = await actions_at(client, uri, key.range)
    (disable,) = [a for a in actions if a.title == f"Disable {KEY_TO} on this line"]
    edits = edits_of(disable.edit, uri)
    fixed = apply_edits(text, edits)
    lines = text.splitlines(keepends=True)
    if comment.endswith("\n"):  # a comment line of its own, above the flagged line
        assert fixed == "".join(lines[:3]) + comment + "".join(lines[3:])
    else:  # Markdown and MDX: at the end of the paragraph line above, so the paragraph stays whole
        assert fixed == "".join(lines[:2]) + lines[2].rstrip("\n") + comment + "\n" + "".join(lines[3:])
    change(client, uri, edits)
    assert codes(await wait_for_diagnostics(client, uri, lambda d: KEY_TO not in codes(d))) == [CAUSAL]


async def test_html_and_plain_text_documents_are_linted(client: LanguageClient, workspace):
    html = "<html><body><main><p>The authors say it is the key to healthy ageing.</p></main></body></html>\n"
    uri = open_doc(client, workspace / "page.html", html, "html")
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)
    assert codes(found) == [KEY_TO]
    assert html[offset_of(html, found[0].range.start):offset_of(html, found[0].range.end)] == "the key to"
    # an unsaved buffer is linted by its language id
    uri = "untitled:Untitled-1"
    _versions[uri] = 1
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="plaintext", version=1, text="The authors say it is the key to healthy ageing.\n")))
    assert codes(await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)) == [KEY_TO]


async def test_hover_explains_the_finding_under_the_cursor(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "hover.md", DRAFT)
    causal = by_code(await wait_for_diagnostics(client, uri, lambda d: CAUSAL in codes(d)), CAUSAL)
    inside = types.Position(line=causal.range.start.line, character=causal.range.start.character + 2)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=inside))
    assert hover is not None and hover.range == causal.range
    text = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert f"`{CAUSAL}`" in text
    assert "states a cause and effect as fact" in text  # the finding's message
    assert "**Why.** Most health findings come from observational studies" in text  # the rationale
    assert "**References:** Sumner et al., BMJ 2014" in text
    assert "“may lower”" in text
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=1)))
    assert nothing is None


async def test_latest_edit_wins_after_a_burst_of_changes(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "burst.md", DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    published: list[int | None] = []
    receive = client.protocol._handle_notification

    def record(method: str, params) -> None:  # every notification, as the client reads it
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and params.uri == uri:
            published.append(params.version)
        receive(method, params)

    client.protocol._handle_notification = record
    try:
        # A new claim typed one keystroke at a time at the end, each its own version.
        for i, key in enumerate("Green tea reduces the risk of heart disease.\n"):
            at = types.Position(line=4, character=i)
            change(client, uri, [types.TextEdit(range=types.Range(start=at, end=at), new_text=key)])
        last = _versions[uri]
        found = await wait_for_diagnostics(client, uri, lambda d: bool(published) and published[-1] == last)
    finally:
        client.protocol._handle_notification = receive
    assert published == sorted(published), "an older version's diagnostics came after a newer one's"
    assert len(published) < 10, "every keystroke was linted: no debounce"
    assert [d.range.start.line for d in found if d.code == CAUSAL] == [2, 4]


async def test_editor_settings_select_ignore_and_fail_level(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "settings.md", DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    try:
        client.set_configuration({"ignore": ["hype"]}, section="healthlint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert codes(await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)) == [CAUSAL]

        client.set_configuration({"select": ["hype"], "failLevel": "error"}, section="healthlint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        found = await wait_for_diagnostics(client, uri, lambda d: codes(d) == [KEY_TO])
        # a warning below the fail level would not fail `check`: shown as a hint
        assert found[0].severity == types.DiagnosticSeverity.Hint
    finally:
        client.set_configuration({}, section="healthlint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    assert {d.severity for d in found} == {types.DiagnosticSeverity.Warning}


async def test_editing_the_configuration_file_relints_open_documents(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "config.md", DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    assert types.WORKSPACE_DID_CHANGE_WATCHED_FILES in REGISTERED  # so editors report the change
    config = workspace / ".healthlint.toml"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text('select = ["causation", "hype"]\nignore = ["causation"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)]))
        assert codes(await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)) == [KEY_TO]
    finally:
        config.write_text(before, encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)]))
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)


async def test_saving_picks_up_a_configuration_changed_without_a_watcher_event(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "save.md", DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    config = workspace / ".healthlint.toml"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text('select = ["causation"]\n', encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert codes(await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)) == [CAUSAL]
    finally:
        config.write_text(before, encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)


async def test_suppressions_in_the_document_are_honoured(client: LanguageClient, workspace):
    text = DRAFT + "\n<!-- healthlint-disable-next-line causation -->\nGreen tea reduces the risk of stroke, the study found.\n"
    uri = open_doc(client, workspace / "suppressed.md", text)
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) >= 2)
    assert sorted(d.range.start.line for d in found) == [2, 3]


async def test_closing_a_document_clears_its_diagnostics(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "close.md", DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)


async def test_requests_about_unknown_documents_get_an_error_and_the_server_goes_on(client: LanguageClient, workspace):
    from pygls.exceptions import JsonRpcException

    ghost = uri_of(workspace / "never-opened.md")
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=ghost), position=types.Position(line=0, character=0)))
    assert err.value.code == -32602 and "not open" in err.value.message
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=ghost), range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[])))
    assert err.value.code == -32602
    uri = open_doc(client, workspace / "after-errors.md", DRAFT)
    assert len(await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)) == 2


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def hurried(workspace: Path):
    """A second server that never waits for a lint to answer a hover or code action
    (HEALTHLINT_SERVER_WAIT=0), as with a document too long to re-lint between keystrokes."""
    config = ClientServerConfig(server_command=SERVER,
                                server_env={**os.environ, "HEALTHLINT_SERVER_WAIT": "0"})
    client = await config.start()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda ls, params: None)
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=uri_of(workspace)))
    yield client
    await client.shutdown_session()
    await client.stop()


async def test_while_a_lint_is_pending_requests_use_the_findings_whose_words_are_unchanged(hurried, workspace):
    client = hurried
    uri = open_doc(client, workspace / "hurried.md", DRAFT)
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) == 2, timeout=FIRST_LINT)
    causal, key = by_code(found, CAUSAL), by_code(found, KEY_TO)
    # Edit inside "the key to", and paste a long text after it: its lint takes a while.
    lines = DRAFT.splitlines(keepends=True)
    key_start = key.range.start.character
    edits = [types.TextEdit(range=types.Range(start=types.Position(line=3, character=key_start + 4),
                                              end=types.Position(line=3, character=key_start + 7)), new_text="KEY"),
             types.TextEdit(range=types.Range(start=types.Position(line=3, character=len(lines[3]) - 1),
                                              end=types.Position(line=3, character=len(lines[3]) - 1)),
                            new_text=" Truly.\n\n" + "Some plain words about tea and water.\n\n" * 8000)]
    change(client, uri, edits)
    text = apply_edits(DRAFT, edits)

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=causal.range.start))
    assert hover is not None and f"`{CAUSAL}`" in hover.contents.value
    actions = await actions_at(client, uri, causal.range)
    preferred = next(a for a in actions if a.title.startswith("Replace “lowers” with “may lower”"))
    (edit,) = preferred.edit.document_changes  # a versioned edit: for the new text, not the linted one
    assert edit.text_document.version == _versions[uri]
    assert apply_edits(text, edit.edits) == text.replace("tea lowers", "tea may lower")
    # the changed words are no longer offered a rewrite of the old ones (the new lint will
    # flag "the KEY to" again, but it is not done: the fallback answered)
    assert not [a for a in await actions_at(client, uri, key.range) if "approach" in a.title]
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) == 2 and KEY_TO in codes(d))
    assert text[offset_of(text, by_code(found, KEY_TO).range.start):][:10] == "the KEY to"
