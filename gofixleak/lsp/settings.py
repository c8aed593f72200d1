"""Editor settings: what a user sets in their editor for gofixleak, read leniently and checked.

They arrive as `initializationOptions`, in `workspace/didChangeConfiguration`, and as the answer
to `workspace/configuration` (section "gofixleak", per workspace folder).  Each source may send
the settings themselves or wrap them as {"gofixleak": {...}}.  A setting the editor does not
set stays None, so whatever the project's own configuration says (or the default) applies:
editor settings win only where they are given, as command-line flags do.  A bad value is reported and ignored, never
fatal.

    {"select": ["GFL001"], "ignore": [], "unsafeFixes": false, "go": "1.22",
     "options": {"GFL005.any_version": true}, "ignoreAction": true, "diagnosticsDelay": 200}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from gofixleak import api

SECTION = "gofixleak"
DEFAULT_DELAY_MS = 200


@dataclass(frozen=True)
class EditorSettings:
    select: frozenset[str] | None = None
    ignore: frozenset[str] | None = None
    unsafe_fixes: bool | None = None  # like --unsafe-fixes: offered as quick fixes, applied by fix-all
    go: api.GoVersion | None = None
    options: Mapping[str, object] | None = None
    ignore_action: bool | None = None  # offer "Ignore GFL00N on this line"
    diagnostics_delay: int | None = None  # milliseconds after a change before analysing

    def over(self, base: EditorSettings) -> EditorSettings:
        """These settings where set, `base` elsewhere (options merge key by key)."""
        merged = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        if self.options is not None and base.options is not None:
            merged["options"] = {**base.options, **self.options}
        return replace(base, **merged)

    def api_settings(self) -> api.Settings:
        """The session's explicit settings: what the editor sets, in place of command-line flags
        (a gofixleak.toml decides the rest, file by file)."""
        return api.Settings(
            select=self.select,
            ignore=self.ignore,
            unsafe_fixes=self.unsafe_fixes,
            go=self.go,
            options=dict(self.options or {}),
        )

    @property
    def offers_ignore(self) -> bool:
        return self.ignore_action is None or self.ignore_action

    @property
    def delay_seconds(self) -> float:
        delay = DEFAULT_DELAY_MS if self.diagnostics_delay is None else self.diagnostics_delay
        return delay / 1000


_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "unsafeFixes": "unsafe_fixes",
    "go": "go",
    "options": "options",
    "ignoreAction": "ignore_action",
    "diagnosticsDelay": "diagnostics_delay",
}


def parse(raw: object) -> tuple[EditorSettings, list[str]]:
    """Settings from a JSON value, and one message per problem (the offending keys are ignored)."""
    if raw is None:
        return EditorSettings(), []
    if isinstance(raw, Mapping) and SECTION in raw:
        raw = raw[SECTION]
    if raw is None or raw == []:  # Lua's empty table reaches us as an empty array
        return EditorSettings(), []
    if not isinstance(raw, Mapping):
        return EditorSettings(), [f"settings must be an object, not {type(raw).__name__}"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        name = _KEYS.get(key) or (key if key in _KEYS.values() else None)
        if name is None:
            problems.append(f"unknown setting {key!r} (known: {', '.join(_KEYS)})")
            continue
        if value is None:
            continue
        try:
            values[name] = _READERS[name](value)
        except ValueError as err:
            problems.append(f"setting {key!r}: {err}")
    return EditorSettings(**values), problems


def _codes(value: object) -> frozenset[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("expected a list of rule ids or names")
    codes = set()
    for item in (i.strip() for i in items):
        if not item:
            continue
        if item.upper() in ("ALL", "GFL000"):
            codes.add(item.upper())
            continue
        rule = api.find_rule(item)
        if rule is None:
            raise ValueError(f"unknown rule {item!r}")
        codes.add(rule.id)
    return frozenset(codes)


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _go(value: object) -> api.GoVersion:
    if not isinstance(value, str):
        raise ValueError('expected a version such as "1.22"')
    return api.GoVersion.parse(value)


def _options(value: object) -> dict[str, object]:
    if not isinstance(value, Mapping):
        raise ValueError('expected an object such as {"GFL005.any_version": true}')
    known = {f"{r.id}.{name}" for r in api.rules() for name in r.options}
    out: dict[str, object] = {}
    for name, option in value.items():
        rule_part, _, option_name = str(name).partition(".")
        rule = api.find_rule(rule_part)
        key = f"{rule.id}.{option_name}" if rule else str(name)
        if key not in known:
            raise ValueError(f"unknown option {name!r} (known: {', '.join(sorted(known))})")
        out[key] = option
    return out


def _delay(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
        raise ValueError("expected milliseconds from 0 to 10000")
    return value


_READERS = {
    "select": _codes,
    "ignore": _codes,
    "unsafe_fixes": _bool,
    "go": _go,
    "options": _options,
    "ignore_action": _bool,
    "diagnostics_delay": _delay,
}
