"""`gofixleak lsp` with one extra rule, registered here for the tests alone, that raises on any
file containing the word CRASH: the server must log it once and still publish the other rules'
findings.  (No switch in gofixleak itself makes a rule crash.)"""

from __future__ import annotations

import sys

import gofixleak.rewrites as rewrites

from gofixleak import api


def _check(ctx):
    raise RuntimeError("this rule always fails")
    yield  # a generator, like every rule


CRASH = api.Rule(
    id="GFL099",
    name="test-crash",
    title="fails on purpose",
    check=_check,
    doc="Fails on purpose.",
    needles=(b"CRASH",),
)

_builtin = rewrites.all_rules


def _with_crash() -> tuple[api.Rule, ...]:
    return (*_builtin(), CRASH)


rewrites.all_rules = _with_crash  # type: ignore[assignment]

if __name__ == "__main__":
    from gofixleak.cli.main import main

    sys.exit(main(["lsp"]))
