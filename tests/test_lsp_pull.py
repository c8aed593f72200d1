"""Pull diagnostics (textDocument/diagnostic) for clients that pull and can be asked to pull
again (workspace/diagnostic/refresh): VS Code's capabilities with LSP 3.17 pull support."""

from __future__ import annotations

import asyncio

import lsp_client as h
import pytest
import pytest_lsp
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")

CACHE = "package m\n\nvar cache = map[string]string{}\n"
PUT = 'package m\n\nfunc Put(s string) {\n\tcache["k"] = s[:3]\n}\n\nfunc init() { Put(string(make([]byte, 1<<20))) }\n'


@pytest_lsp.fixture(config=h.config(), scope="module")
async def client(lsp_client: h.Client, tmp_path_factory):
    root = h.module(tmp_path_factory.mktemp("ws"), {"a.go": CACHE, "b.go": PUT})
    lsp_client.init_result = await h.start(lsp_client, h.capabilities("visual-studio-code", pull=True), root)
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


async def _pull(client: h.Client, ed: h.Editor, previous: str | None = None):
    return await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(
            text_document=lsp.TextDocumentIdentifier(uri=ed.uri), identifier="gofixleak", previous_result_id=previous
        )
    )


async def test_pulled_diagnostics_and_unchanged_reports(client):
    provider = client.init_result.capabilities.diagnostic_provider
    assert provider.identifier == "gofixleak" and provider.inter_file_dependencies
    b = h.Editor(client, client.root / "b.go", "utf-16")
    b.open()
    report = await _pull(client, b)
    assert report.kind == "full"
    [d] = report.items
    assert (d.code, d.range) == ("GFL001", b.where("s[:3]"))
    again = await _pull(client, b, report.result_id)
    assert again.kind == "unchanged" and again.result_id == report.result_id
    # right after a keystroke, the pull answers for the new text (after the change's delay)
    b.replace("s[:3]", "s[:4]")
    report = await _pull(client, b, report.result_id)
    assert report.kind == "full" and report.items[0].range == b.where("s[:4]")
    assert client.published == []  # never pushed as well


async def test_a_change_to_another_buffer_asks_the_client_to_pull_again(client):
    a, b = h.Editor(client, client.root / "a.go", "utf-16"), h.Editor(client, client.root / "b.go", "utf-16")
    b.version = 2
    b.text = b.text.replace("s[:3]", "s[:4]")
    a.open()
    before = client.diagnostic_refresh_count
    a.set_text("package m\n\nfunc cacheFn() {}\n")
    for _ in range(400):
        if client.diagnostic_refresh_count > before:
            break
        await asyncio.sleep(0.05)
    assert client.diagnostic_refresh_count > before
    assert list((await _pull(client, b)).items) == []
