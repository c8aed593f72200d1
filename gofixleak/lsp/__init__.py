"""`gofixleak lsp`: the language server (pygls) that publishes findings as diagnostics and offers
quick fixes, suppressions and fix-all as code actions.

Modules: `server` wires the protocol; `documents` and `positions` keep open buffers as bytes and
convert the engine's byte offsets to LSP positions; `settings` reads editor settings; `folders`
holds one API session per workspace folder; `scheduler` runs analyses off the event loop;
`diagnostics` and `actions` turn reports into LSP objects.  Only `server` (and what it imports)
loads pygls and lsprotocol, and only when the `lsp` subcommand runs.
"""
