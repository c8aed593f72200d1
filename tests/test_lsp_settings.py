"""Editor settings for `gofixleak lsp`: initializationOptions, workspace/didChangeConfiguration and
workspace/configuration (per workspace folder), as Neovim's capabilities let a server use them."""

from __future__ import annotations

import asyncio

import lsp_client as h
import pytest
import pytest_lsp
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")

# GFL004 with an unsafe fix (a count that may be negative) and GFL001 with a safe one
MIXED = """package mixed

import "context"

var keep string

func attempt(i int) error { return nil }

func retry(ctx context.Context, n int) error {
	errc := make(chan error)
	for i := range n {
		go func() { errc <- attempt(i) }()
	}
	for range n {
		select {
		case err := <-errc:
			_ = err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func Keep(s string) {
	keep = s[:3]
}

func init() { Keep(string(make([]byte, 1<<20))) }
"""

TICKER = """package tick

import (
	"context"
	"time"
)

func Wait(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	select {
	case <-ctx.Done():
	case <-tick.C:
	}
}
"""

INIT = {"select": ["GFL004"], "diagnosticsDelay": 20}


@pytest_lsp.fixture(config=h.config(), scope="module")
async def client(lsp_client: h.Client, tmp_path_factory):
    root = h.module(
        tmp_path_factory.mktemp("ws"),
        {
            "mixed/m.go": MIXED,
            "old/o.go": h.keeper("old"),
            "proj/m.go": MIXED.replace("package mixed", "package proj"),
            "proj/gofixleak.toml": 'unsafe-fixes = true\nignore = ["GFL001"]\n',
            "broken/m.go": h.keeper("broken"),
            "broken/gofixleak.toml": 'selct = ["GFL001"]\n',
        },
    )
    h.module(root / "tick", {"t.go": TICKER}, go="1.23")  # timers are collected from Go 1.23 on
    await h.start(lsp_client, h.capabilities("neovim"), root, INIT)
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


async def _configure(client: h.Client, settings: dict, ed: h.Editor) -> list[lsp.Diagnostic]:
    """Change the settings as Neovim does (the new table, and the same answer when asked), and
    wait for the document's diagnostics under them."""
    client.set_configuration(settings, section="gofixleak")
    mark = len(client.published)
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"gofixleak": settings}))
    # the server re-analyses every open document; wait for the last publication of this one
    diagnostics = await client.diagnostics_for(ed.uri, ed.version, mark)
    await asyncio.sleep(0.3)
    later = [p for p in client.published[mark:] if p.uri == ed.uri]
    return list(later[-1].diagnostics) if later else diagnostics


async def test_initialization_options_select_rules_and_unsafe_fixes_stay_off(client):
    ed = h.Editor(client, client.root / "mixed" / "m.go", "utf-8")
    [d] = await ed.diagnostics(ed.open())
    assert d.code == "GFL004"  # GFL001 is not selected
    assert "\nunsafe fix (turn on the unsafeFixes setting to offer it): " in d.message
    titles = [a.title for a in await ed.actions(d.range, [d])]
    assert titles == ["Ignore GFL004 on this line"]


async def test_settings_changes_offer_unsafe_fixes_and_fix_all_applies_them_too(client):
    ed = h.Editor(client, client.root / "mixed" / "m.go", "utf-8")
    ed.version = 1
    diagnostics = await _configure(client, {"select": ["ALL"], "unsafeFixes": True}, ed)
    assert sorted(d.code for d in diagnostics) == ["GFL001", "GFL004"]
    gfl004 = next(d for d in diagnostics if d.code == "GFL004")
    assert "unsafe fix" not in gfl004.message
    actions = await ed.actions(gfl004.range, [gfl004])
    unsafe = next(a for a in actions if a.title.startswith("gofixleak (GFL004)"))
    assert unsafe.title.endswith(" (unsafe)") and not unsafe.is_preferred
    edit = (await ed.resolve(unsafe)).edit
    text = h.apply_edits(ed.text, edit.document_changes[0].edits, "utf-8")
    assert "errc := make(chan error, n)" in text
    # like `gofixleak fix --unsafe-fixes`
    [fix_all] = await ed.actions(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)), only=["source.fixAll"])
    assert fix_all.title == "gofixleak: Fix all, unsafe fixes too"
    text = h.apply_edits(ed.text, (await ed.resolve(fix_all)).edit.document_changes[0].edits, "utf-8")
    assert "strings.Clone(s[:3])" in text and "make(chan error, n)" in text


async def test_go_version_setting_picks_the_remedy(client):
    ed = h.Editor(client, client.root / "old" / "o.go", "utf-8")
    ed.open()
    [d] = await _configure(client, {"select": ["ALL"], "go": "1.17"}, ed)
    fix = next(a for a in await ed.actions(d.range, [d]) if a.title.startswith("gofixleak (GFL001)"))
    text = h.apply_edits(ed.text, (await ed.resolve(fix)).edit.document_changes[0].edits, "utf-8")
    assert "keep = string([]byte(s[:3]))" in text  # strings.Clone needs Go 1.18


async def test_rule_options_and_the_ignore_action_setting(client):
    ed = h.Editor(client, client.root / "tick" / "t.go", "utf-8")
    ed.open()
    assert await _configure(client, {"select": ["ALL"]}, ed) == []  # Go 1.23 collects the ticker anyway
    [d] = await _configure(client, {"select": ["ALL"], "options": {"GFL005.any_version": True}}, ed)
    assert d.code == "GFL005"
    assert any(a.title == "Ignore GFL005 on this line" for a in await ed.actions(d.range, [d]))
    await _configure(client, {"select": ["ALL"], "options": {"GFL005.any_version": True}, "ignoreAction": False}, ed)
    assert not any(a.title.startswith("Ignore") for a in await ed.actions(d.range, [d]))


async def test_bad_settings_are_reported_and_the_rest_apply(client):
    ed = h.Editor(client, client.root / "old" / "o.go", "utf-8")
    ed.version = 1
    diagnostics = await _configure(client, {"select": ["GFL777"], "go": "one", "bogus": 1, "unsafeFixes": 3}, ed)
    messages = [m.message for m in client.log_messages]
    assert any("setting 'select': unknown rule 'GFL777'" in m for m in messages)
    assert any("setting 'go'" in m for m in messages)
    assert any("unknown setting 'bogus'" in m for m in messages)
    assert any("setting 'unsafeFixes': expected true or false" in m for m in messages)
    # the bad select is dropped: the initialization options' select (GFL004 only) applies again
    assert diagnostics == []


async def test_gofixleak_toml_applies_where_the_editor_sets_nothing(client):
    ed = h.Editor(client, client.root / "proj" / "m.go", "utf-8")
    ed.open()
    # gofixleak.toml: unsafe fixes on, GFL001 ignored; the editor sets only `select`
    [d] = await _configure(client, {"select": ["GFL004"]}, ed)
    assert d.code == "GFL004" and "unsafe fix" not in d.message
    titles = [a.title for a in await ed.actions(d.range, [d])]
    assert [t for t in titles if t.startswith("gofixleak (GFL004)")][0].endswith(" (unsafe)")
    # the editor's own unsafeFixes wins over the file
    [d] = await _configure(client, {"select": ["GFL004"], "unsafeFixes": False}, ed)
    assert "unsafe fix (turn on the unsafeFixes setting to offer it)" in d.message


async def test_a_broken_gofixleak_toml_is_reported_once_and_the_server_goes_on(client):
    ed = h.Editor(client, client.root / "broken" / "m.go", "utf-8")
    mark = ed.open()
    assert await ed.diagnostics(mark) == []
    messages = [m.message for m in client.log_messages if "gofixleak.toml" in m.message and "selct" in m.message]
    assert len(messages) == 1
    mark = ed.replace("keep = s[:3]", "keep = s[:4]")
    assert await ed.diagnostics(mark) == []
    assert len([m for m in client.log_messages if "selct" in m.message]) == 1


@pytest_lsp.fixture(config=h.config(), loop_scope="module")
async def two_folders(lsp_client: h.Client, tmp_path):
    a = h.module(tmp_path / "a", {"m.go": MIXED})
    b = h.module(tmp_path / "b", {"m.go": MIXED})
    lsp_client.set_configuration({"select": ["GFL004"]}, section="gofixleak", scope_uri=a.as_uri())
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=h.capabilities("neovim"),
            workspace_folders=[
                lsp.WorkspaceFolder(uri=a.as_uri(), name="a"),
                lsp.WorkspaceFolder(uri=b.as_uri(), name="b"),
            ],
        )
    )
    lsp_client.roots = (a, b)
    yield
    await lsp_client.shutdown_session()


async def test_each_workspace_folder_has_its_own_settings(two_folders):
    a, b = two_folders.roots
    in_a, in_b = h.Editor(two_folders, a / "m.go", "utf-8"), h.Editor(two_folders, b / "m.go", "utf-8")
    in_a.open()
    in_b.open()
    # settings are asked for after `initialized`; the documents are re-diagnosed under them
    for _ in range(200):
        codes_a = [d.code for d in two_folders.diagnostics.get(in_a.uri, [])]
        codes_b = sorted(d.code for d in two_folders.diagnostics.get(in_b.uri, []))
        if codes_a == ["GFL004"] and codes_b == ["GFL001", "GFL004"]:
            break
        await asyncio.sleep(0.05)
    assert codes_a == ["GFL004"]
    assert codes_b == ["GFL001", "GFL004"]
