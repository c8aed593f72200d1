"""`gofixleak config [FILE]` and `gofixleak check --show-settings FILE`: the settings in force.

The output is itself a valid gofixleak.toml, each setting followed by a
comment saying where it came from: `explicit` (the command line), a
configuration file, go.mod, or `default`; a comment says whether the path
is excluded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from gofixleak import api


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def _line(key: str, value: object, origin: str) -> str:
    return f"{key} = {_toml(value)}  # {origin}" if origin else f"{key} = {_toml(value)}"


def render(session: api.Session, target: str | None) -> str:
    """The settings in force for `target` (a file, or a folder: a file in it), as TOML."""
    given = Path(os.path.abspath(target or "."))
    path = given / "file.go" if given.is_dir() else given
    settings = session.settings_for(path)
    config, origins = settings.config, settings.origins
    project = settings.project
    shown = session.workspace.display(given)
    lines = [f"# gofixleak settings in force for {shown}{' (a file in this folder)' if given.is_dir() else ''}"]
    if session.settings.isolated:
        lines.append("# configuration file: none (--isolated)")
    elif project is None:
        lines.append("# configuration file: none found (defaults)")
    else:
        lines.append(f"# configuration file: {project.display}")
    enabled = [r.id for r in api.rules() if config.enabled(r.id, r.name)]
    if config.enabled("GFL000"):
        enabled.insert(0, "GFL000")
    lines.append(_line("select", enabled, origins.get("select", "default")))
    lines.append(_line("unsafe-fixes", config.unsafe_fixes, origins.get("unsafe-fixes", "default")))
    try:
        src = path.read_bytes()
    except OSError:
        src = b""
    version, note = session.version_for(path, src)
    lines.append(_line("go", str(version), note or origins.get("go", "default")))
    if project is not None and project.exclude:
        lines.append(_line("exclude", [g.pattern for g in project.exclude], project.display))
    lines.append(_line("force-exclude", settings.force_exclude, origins.get("force-exclude", "default")))
    matched = [
        (glob.pattern, sorted(codes))
        for glob, codes in (project.per_file_ignores if project else ())
        if project is not None and project.relative(path) is not None and glob.matches(project.relative(path) or "")
    ]
    if matched:
        lines.append("per-file-ignores = { " + ", ".join(f"{_toml(p)} = {_toml(c)}" for p, c in matched) + " }")
    verdict = "yes (walks skip this path)" if settings.excluded else "no (walks check this path)"
    lines.append(f"# excluded: {verdict}")
    by_rule: dict[str, list[str]] = {}
    for key in sorted(config.options):
        rule, _, option = key.partition(".")
        by_rule.setdefault(rule, []).append(_line(option, config.options[key], origins.get(key, "")))
    for rule, options in by_rule.items():
        lines += ["", f"[rules.{rule}]", *options]
    return "\n".join(lines) + "\n"
