"""Findings as GitHub Actions workflow commands (`--format github`): annotations on the diff.

One line per finding, for example

    ::warning file=pkg/a.go,line=6,col=9,endLine=6,endColumn=14,title=GFL001::package-level variable …

`error`/`warning`/`notice` follow the finding's severity; columns count
Unicode code points.  File problems (syntax errors, unreadable files) become
`::error`/`::warning` lines too.  Escaping is GitHub's: in the message, `%`,
CR and LF become `%25`, `%0D`, `%0A`; in property values `:` and `,` also
become `%3A` and `%2C`.
"""

from __future__ import annotations

from gofixleak.engine.results import FileReport
from gofixleak.engine.rule import Severity
from gofixleak.report.findings import ConfigLookup, char_position, config_of, fixability, shown
from gofixleak.report.json_output import json_path
from gofixleak.report.text import fix_note

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def as_github(reports: list[FileReport], config: ConfigLookup, *, after_fix: bool = False) -> str:
    out: list[str] = []
    for report in reports:
        src, findings = shown(report, after_fix)
        level = config_of(config, report)
        for finding in findings:
            line, col = char_position(src, finding.start)
            end_line, end_col = char_position(src, finding.end)
            message = finding.message
            note = fix_note(finding)
            if note:
                fixable = fixability(finding, level) == "fixable"
                message += f"\n{note}" + (" (run `gofixleak fix`)" if fixable else "")
            out.append(
                command(
                    _COMMANDS[finding.severity],
                    message,
                    file=json_path(report.display),
                    line=line,
                    col=col,
                    endLine=end_line,
                    endColumn=end_col,
                    title=finding.rule,
                )
            )
        for d in report.diagnostics:
            name = "error" if d.level == "error" else "warning"
            if d.offset is None:
                out.append(command(name, d.message, file=json_path(report.display), title="gofixleak"))
            else:
                line, col = char_position(report.src, d.offset)
                out.append(
                    command(name, d.message, file=json_path(report.display), line=line, col=col, title="gofixleak")
                )
    return "".join(out)
