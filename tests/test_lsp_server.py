"""`gofixleak lsp` as a client with VS Code's capabilities (plus LSP 3.18 snippet edits) sees it:
snippet placeholders, package context from other open buffers, closing, bad input of every kind,
malformed requests, a crashing rule, and shutdown/exit."""

from __future__ import annotations

import asyncio
import json
import sys
from concurrent.futures import Future

import lsp_client as h
import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

pytestmark = pytest.mark.asyncio(loop_scope="module")

CACHE = "package m\n\nvar cache = map[string]string{}\n"
PUT = 'package m\n\nfunc Put(s string) {\n\tcache["k"] = s[:3]\n}\n\nfunc init() { Put(string(make([]byte, 1<<20))) }\n'


@pytest_lsp.fixture(config=h.config(), scope="module")
async def client(lsp_client: h.Client, tmp_path_factory):
    root = h.module(tmp_path_factory.mktemp("ws"), {"pkg/a.go": CACHE, "pkg/b.go": PUT, "snip/s.go": "package s\n"})
    await h.start(lsp_client, h.capabilities("visual-studio-code", snippets=True), root)
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


def _editor(client, name: str, text: str | None = None) -> h.Editor:
    return h.Editor(client, client.root / name, "utf-16", text)


def _logged(client, needle: str) -> list[str]:
    return [m.message for m in client.log_messages if needle in m.message]


async def _until_logged(client, needle: str) -> list[str]:
    for _ in range(600):
        if found := _logged(client, needle):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no log message containing {needle!r}: {[m.message for m in client.log_messages]}")


async def test_the_ignore_reason_is_a_snippet_placeholder(client):
    ed = _editor(client, "snip/s.go", h.keeper("s"))
    [d] = await ed.diagnostics(ed.open())
    ignore = next(a for a in await ed.actions(d.range, [d]) if a.title.startswith("Ignore"))
    ignore = await ed.resolve(ignore)
    [change] = ignore.edit.document_changes
    [edit] = change.edits
    assert isinstance(edit, lsp.SnippetTextEdit)
    assert edit.snippet.value == "\t//gofixleak:ignore GFL001 ${1:reason}\n"
    assert edit.range == lsp.Range(lsp.Position(5, 0), lsp.Position(5, 0))


async def test_other_open_buffers_of_the_package_are_its_context(client):
    a, b = _editor(client, "pkg/a.go"), _editor(client, "pkg/b.go")
    await a.diagnostics(a.open())
    [found] = await b.diagnostics(b.open())
    assert found.code == "GFL001"
    # `cache` stops being a package-level map in a's unsaved buffer: b's finding goes
    mark = a.set_text("package m\n\nfunc cacheFn() {}\n")
    assert await client.diagnostics_for(b.uri, 1, mark) == []
    mark = a.set_text(CACHE)
    assert len(await client.diagnostics_for(b.uri, 1, mark)) == 1
    mark = a.set_text("package m\n\nfunc cacheFn() {}\n")
    assert await client.diagnostics_for(b.uri, 1, mark) == []
    # closing a: b sees the disk copy again (a package-level map), and a's diagnostics are cleared
    mark = a.close()
    assert await client.diagnostics_for(a.uri, None, mark) == []
    assert len(await client.diagnostics_for(b.uri, 1, mark)) == 1
    mark = b.close()
    assert await client.diagnostics_for(b.uri, None, mark) == []


async def test_a_burst_of_changes_publishes_only_the_newest_version(client):
    ed = _editor(client, "burst/b.go", h.keeper("burst"))
    await ed.diagnostics(ed.open())
    mark = len(client.published)
    for n in range(4, 14):  # typed faster than the diagnostics delay
        ed.replace(f"s[:{n - 1}]", f"s[:{n}]")
    [d] = await ed.diagnostics(mark)
    assert d.range == ed.where("s[:13]")
    await asyncio.sleep(0.5)
    assert [p.version for p in client.published[mark:] if p.uri == ed.uri] == [ed.version]
    ed.close()


async def test_a_sibling_changed_on_disk_rechecks_the_open_files(client):
    assert any(r.method == "workspace/didChangeWatchedFiles" for r in client.registrations)
    (client.root / "disk").mkdir()
    (client.root / "disk" / "a.go").write_text(CACHE)
    b = _editor(client, "disk/b.go", PUT)
    [d] = await b.diagnostics(b.open())
    assert d.code == "GFL001"
    # a checkout turns `cache` into a function on disk: b's finding goes
    (client.root / "disk" / "a.go").write_text("package m\n\nfunc cache() {}\n")
    mark = len(client.published)
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=(client.root / "disk" / "a.go").as_uri(), type=lsp.FileChangeType.Changed)]
        )
    )
    assert await client.diagnostics_for(b.uri, 1, mark) == []
    b.close()


async def test_a_file_outside_any_module_and_folder_is_checked(client, tmp_path):
    loose = tmp_path / "loose.go"
    loose.write_text(h.keeper("loose"))
    ed = h.Editor(client, loose, "utf-16")
    [d] = await ed.diagnostics(ed.open())
    assert d.code == "GFL001"
    ed.close()


async def test_a_file_that_is_not_go_is_left_alone(client):
    ed = _editor(client, "README.md", "# notes\n\nkeep = s[:3]\n")
    ed.client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=ed.uri, language_id="markdown", version=1, text=ed.text)
        )
    )
    await _until_logged(client, "README.md: not a Go file")
    assert await ed.actions(lsp.Range(lsp.Position(2, 0), lsp.Position(2, 3))) == []
    ed.close()


async def test_unknown_documents_get_empty_answers(client):
    ghost = _editor(client, "pkg/ghost.go", "package m\n")
    assert await ghost.actions(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))) == []
    ghost.version = 3
    ghost.set_text("package m\n")
    await _until_logged(client, "ghost.go, which is not open, was ignored")
    resolved = await ghost.resolve(lsp.CodeAction(title="x", data={"uri": ghost.uri, "version": 1, "kind": "fix"}))
    assert resolved.edit is None
    assert (await ghost.resolve(lsp.CodeAction(title="no data"))).edit is None


async def test_a_50_mb_file_is_not_analysed_and_the_server_keeps_serving(client):
    line = 'var keep = "' + "x" * 60 + '"\n'
    ed = _editor(client, "big/big.go", "package big\n\n" + line * (50 * 1024 * 1024 // len(line)))
    ed.open()
    await _until_logged(client, "big.go: not analysed: 52 MB is over the 5 MB limit")
    mark = ed.replace("package big", "package huge")  # changes still apply
    assert await ed.diagnostics(mark) == []
    ed.close()
    await _health_check(client)


async def _health_check(client) -> None:
    ed = _editor(client, "health/h.go", h.keeper("h"))
    [d] = await ed.diagnostics(ed.open())
    assert d.code == "GFL001"
    ed.close()


def _raw(client, payload: bytes) -> None:
    """Bytes straight onto the server's stdin, as a broken client might send them."""
    client._server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(payload) + payload)


async def test_invalid_utf8_from_the_client_is_reported_and_the_document_stays_in_step(client):
    ed = _editor(client, "utf/u.go", h.keeper("u", " // \x00"))
    text = json.dumps(ed.text).encode().replace(b"\\u0000", b"\xff\xfe")  # two bytes that are not UTF-8
    params = b'{"textDocument": {"uri": "%s", "languageId": "go", "version": 1, "text": %s}}' % (ed.uri.encode(), text)
    _raw(client, b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": %s}' % params)
    await _until_logged(client, "u.go: not valid UTF-8 at byte")
    # the two bytes count as two characters: replacing them makes the file valid and checked
    ed.text = ed.text.replace("\x00", "\udcff\udcfe")
    mark = ed.replace("\udcff\udcfe", "ok")
    [d] = await ed.diagnostics(mark)
    assert d.code == "GFL001" and d.range == ed.where("s[:3]")
    # a lone surrogate escaped in the JSON is not UTF-8 either
    mark = ed.replace("// ok", "// \ud800")
    assert await ed.diagnostics(mark) == []
    ed.close()


async def _raw_request(client, msg_id: str, method: str, params: object) -> object:
    """Send a request the typed client would refuse to build; its answer (or error) as it comes."""
    answer: Future = Future()
    client.protocol._request_futures[msg_id] = answer
    _raw(client, json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode())
    return await asyncio.wait_for(asyncio.wrap_future(answer), h.TIMEOUT)


async def test_malformed_requests_get_json_rpc_errors(client):
    with pytest.raises(JsonRpcException) as caught:
        await _raw_request(client, "bad-params", "textDocument/codeAction", {"textDocument": 5})
    assert caught.value.code == -32602  # invalid params
    with pytest.raises(JsonRpcException) as caught:
        await _raw_request(client, "no-method", "gofixleak/noSuchMethod", {})
    assert caught.value.code == -32601  # method not found
    _raw(client, b"{this is not json")
    await _until_logged(client, "internal error: JSONDecodeError")
    await _health_check(client)


@pytest_lsp.fixture(
    config=h.config([sys.executable, str(h.REPO / "tests" / "lsp_crashing_server.py")]), loop_scope="module"
)
async def crashing(lsp_client: h.Client, tmp_path):
    root = h.module(tmp_path, {"c.go": h.keeper("c", " // CRASH")})
    await h.start(lsp_client, h.capabilities("neovim"), root)
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


async def test_a_crashing_rule_is_logged_once_and_the_other_rules_still_report(crashing):
    ed = h.Editor(crashing, crashing.root / "c.go", "utf-8")
    [d] = await ed.diagnostics(ed.open())
    assert d.code == "GFL001"
    [message] = await _until_logged(crashing, "internal error in GFL099")
    assert "RuntimeError: this rule always fails" in message
    assert [m.type for m in crashing.log_messages if m.message == message] == [lsp.MessageType.Error]
    mark = ed.replace("keep = s[:3]", "keep = s[:4]")
    [d] = await ed.diagnostics(mark)
    assert d.code == "GFL001"
    assert len(_logged(crashing, "internal error in GFL099")) == 1
    # fix-all refuses a file a rule failed on, as `gofixleak fix` does
    actions = await ed.actions(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)), only=["source.fixAll"])
    assert [(await ed.resolve(a)).edit for a in actions] == [None] * len(actions)


@pytest_lsp.fixture(config=h.config(), loop_scope="module")
async def bare(lsp_client: h.Client, tmp_path):
    await h.start(lsp_client, h.capabilities("neovim"), h.module(tmp_path, {}))
    yield


async def test_shutdown_then_exit_ends_the_server_with_status_0(bare):
    await bare.shutdown_async(None)
    bare.exit(None)
    assert await asyncio.wait_for(bare._server.wait(), h.TIMEOUT) == 0
