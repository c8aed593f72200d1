"""Code actions: a quick fix per finding, "Ignore GFL00N on this line", and fix-all.

- Quick fix `gofixleak (GFL001): <fix>`: the edits `gofixleak diff` makes for that finding
  (its own edits, the imports it needs, comment alignment), from `Session.fixed_by`.  Safe fixes,
  and unsafe ones (titled "(unsafe)") only when unsafe fixes are in force (the unsafeFixes
  setting, or gofixleak.toml).  Suggestions are never actions: the tool does not trust them
  enough to edit, so the diagnostic's message carries them.
- Ignore: `//gofixleak:ignore GFL001 <reason>` on its own line above the finding or trailing it;
  the reason is a snippet placeholder where the client takes snippet edits, else left for the
  user to type (until then the comment does not apply and is reported as GFL000).
- Fix-all, kind `source.fixAll.gofixleak`: every fix of the file to a fixpoint, exactly as
  `gofixleak fix` would write it with the same settings (safe fixes only, unless unsafe fixes
  are in force).

A file with a syntax error gets no fixes at all (as `gofixleak fix`, and gofmt, leave it alone).
Edits are computed lazily in codeAction/resolve when the client resolves edits, else at once.
The findings come from the diagnostics in the request (their `data` names the finding and the
version it was found in: a diagnostic of an older version gets nothing) and from the requested
range.  Generated files get no actions.  Every edit names the version it was computed for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types as lsp

from gofixleak import api
from gofixleak.lsp import diagnostics as diag
from gofixleak.lsp.documents import Document, Documents
from gofixleak.lsp.edits import workspace_edit
from gofixleak.lsp.folders import Folders
from gofixleak.lsp.positions import LineIndex
from gofixleak.lsp.scheduler import Result, Scheduler, Superseded

QUICKFIX = lsp.CodeActionKind.QuickFix.value
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.gofixleak"
FIX_ALL_TITLE = "gofixleak: Fix all safe fixes"
FIX_ALL_UNSAFE_TITLE = "gofixleak: Fix all, unsafe fixes too"


@dataclass(frozen=True)
class ClientActions:
    """What the client can do with code actions."""

    resolve: bool = False  # resolves an action's edit through codeAction/resolve
    snippets: bool = False  # takes snippet edits in workspace edits (LSP 3.18)


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the request's `only` filter lets an action of this kind through (prefix match)."""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _title(rule: str, fix: api.Fix) -> str:
    message = fix.message[:1].upper() + fix.message[1:]
    return f"gofixleak ({rule}): {message}" + (" (unsafe)" if fix.safety is api.Safety.UNSAFE else "")


class Actions:
    def __init__(
        self,
        documents: Documents,
        folders: Folders,
        scheduler: Scheduler,
        client: Callable[[], ClientActions],
        encoding: Callable[[], str],
    ):
        self.documents = documents
        self.folders = folders
        self.scheduler = scheduler
        self.client = client
        self.encoding = encoding

    # --- textDocument/codeAction ---------------------------------------------------------

    async def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None or not doc.is_go or doc.path is None:
            return None
        result = await self._analysed(doc)
        report = result.report if result is not None else None
        if result is None or report is None or report.skipped or api.is_generated(report.src):
            return None
        settings = self.folders.settings_for(doc.path)
        index = _index(doc, report)
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        seen: set[tuple] = set()
        for finding, shown in self._targets(params, result, index):
            if not wanted(QUICKFIX, only):
                break
            lsp_diagnostic = shown or diag.diagnostic(finding, result.version, index, self.encoding(), result.unsafe)
            fix = diag.offered_fix(finding, result.unsafe) if result.parses else None
            if fix is not None and ("fix", fix.edits) not in seen:
                seen.add(("fix", fix.edits))
                data = {**diag.finding_data(result.version, finding), "kind": "fix", "fix": finding.fixes.index(fix)}
                actions.append(
                    self._action(
                        _title(finding.rule, fix), QUICKFIX, doc, data, [lsp_diagnostic], fix.safety is api.Safety.SAFE
                    )
                )
            line = index.position(finding.start, "utf-8")[0]
            if settings.offers_ignore and finding.rule != "GFL000" and ("ignore", finding.rule, line) not in seen:
                seen.add(("ignore", finding.rule, line))
                data = {**diag.finding_data(result.version, finding), "kind": "ignore"}
                actions.append(
                    self._action(f"Ignore {finding.rule} on this line", QUICKFIX, doc, data, [lsp_diagnostic])
                )
        if wanted(FIX_ALL, only) and result.parses and any(diag.offered_fix(f, result.unsafe) for f in report.findings):
            data = {"version": result.version, "kind": "fixAll"}
            title = FIX_ALL_UNSAFE_TITLE if result.unsafe else FIX_ALL_TITLE
            actions.append(self._action(title, FIX_ALL, doc, data, []))
        if not self.client().resolve:
            resolved = [await self.resolve(action) for action in actions]
            actions = [a for a in resolved if a.edit is not None]
            if self.documents.get(doc.uri) is not doc or doc.version != result.version:
                return None
        return actions

    async def _analysed(self, doc: Document) -> Result | None:
        """The document's current analysis, or None when it changed or closed meanwhile."""
        try:
            return await self.scheduler.current(doc)
        except Superseded:
            return None

    def _action(
        self, title: str, kind: str, doc: Document, data: dict[str, Any], shown: list[lsp.Diagnostic], preferred=False
    ) -> lsp.CodeAction:
        return lsp.CodeAction(
            title=title,
            kind=kind,
            diagnostics=shown or None,
            is_preferred=preferred or None,
            data={**data, "uri": doc.uri},
        )

    def _targets(
        self, params: lsp.CodeActionParams, result: Result, index: LineIndex
    ) -> list[tuple[api.Finding, lsp.Diagnostic | None]]:
        """The findings the request is about: its gofixleak diagnostics (matched by their data,
        or by code and range for clients that drop data) and the findings in its range."""
        report = result.report
        assert report is not None
        encoding = self.encoding()
        found: dict[tuple[str, int, int], tuple[api.Finding, lsp.Diagnostic | None]] = {}
        by_key = {(f.rule, f.start, f.end): f for f in report.findings}
        for shown in params.context.diagnostics:
            if shown.source != diag.SOURCE:
                continue
            data = shown.data if isinstance(shown.data, dict) else None
            if data is not None and "version" in data:
                if data.get("version") != result.version:
                    continue  # found in an older version of the buffer
                finding = by_key.get((data.get("rule"), data.get("start"), data.get("end")))  # type: ignore[arg-type]
            else:
                finding = next(
                    (
                        f
                        for f in report.findings
                        if f.rule == shown.code and diag.to_range(index, f.start, f.end, encoding) == shown.range
                    ),
                    None,
                )
            if finding is not None:
                found[(finding.rule, finding.start, finding.end)] = (finding, shown)
        start = index.offset(params.range.start.line, params.range.start.character, encoding)
        end = index.offset(params.range.end.line, params.range.end.character, encoding)
        for finding in report.findings:
            if finding.start <= end and start <= finding.end:
                found.setdefault((finding.rule, finding.start, finding.end), (finding, None))
        return sorted(found.values(), key=lambda pair: (pair[0].start, pair[0].rule))

    # --- codeAction/resolve ----------------------------------------------------------------

    async def resolve(self, action: lsp.CodeAction) -> lsp.CodeAction:
        """The action with its edit, or as it came (no edit) when its document changed since."""
        data = action.data if isinstance(action.data, dict) else {}
        doc = self.documents.get(str(data.get("uri")))
        if doc is None or doc.path is None or doc.version != data.get("version"):
            return action
        result = await self._analysed(doc)
        report = result.report if result is not None else None
        if result is None or report is None or result.version != data.get("version"):
            return action
        folder = self.folders.folder_for(doc.path)
        kind = data.get("kind")
        placeholder = None
        if kind == "fixAll":
            edits = await self.scheduler.with_session(folder, lambda s: _fix_all(s, report))
        else:
            key = (data.get("rule"), data.get("start"), data.get("end"))
            finding = next((f for f in report.findings if (f.rule, f.start, f.end) == key), None)
            if finding is None:
                return action
            if kind == "fix":
                number = data.get("fix")
                if not isinstance(number, int) or not 0 <= number < len(finding.fixes):
                    return action
                fix = finding.fixes[number]
                edits = await self.scheduler.with_session(folder, lambda s: _fix_one(s, report, fix))
            elif kind == "ignore":
                edit = await self.scheduler.with_session(folder, lambda s: s.suppression_edit(report, finding))
                edits = [edit] if edit is not None else None
                if self.client().snippets:
                    placeholder = (f"ignore {finding.rule}", "reason")
            else:
                return action
        if edits is None or self.documents.get(doc.uri) is not doc or doc.version != result.version:
            return action
        action.edit = workspace_edit(doc.uri, result.version, _index(doc, report), self.encoding(), edits, placeholder)
        return action


def _index(doc: Document, report: api.FileReport) -> LineIndex:
    return doc.index if doc.src is report.src else LineIndex(report.src)


def _fix_one(session: api.Session, report: api.FileReport, fix: api.Fix) -> list[api.Edit] | None:
    fixed = session.fixed_by(report, fix)
    return None if fixed is None else api.edits_between(report.src, fixed)


def _fix_all(session: api.Session, report: api.FileReport) -> list[api.Edit] | None:
    fixed = session.check(report.path, report.src, fix=True)
    if fixed.has_errors or fixed.fixed is None:
        return None
    return api.edits_between(report.src, fixed.fixed)
