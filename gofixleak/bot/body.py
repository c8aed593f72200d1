"""What the bot writes: commit messages, PR titles and bodies, comments, and the hidden marker.

The marker, an HTML comment at the end of every body, is how the bot knows
its own pull requests and what they held:

    <!-- gofixleak unit=pkg/cache split=package fingerprint=0123456789abcdef state=open -->

`state=obsolete` marks a pull request the bot closed itself (nothing left to
fix); a closed one without it was closed by a person, and the bot never
opens the same fixes again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gofixleak import api
from gofixleak.bot.units import Unit

FINGERPRINT_TRAILER = "Gofixleak-Fingerprint"
HUMAN_COMMITS_MARKER = "<!-- gofixleak human-commits -->"
DEFAULT_DOCS_URL = api.docs_url("{rule}")  # a template: {rule} is filled per row
_MARKER = re.compile(r"<!-- gofixleak (?P<fields>(?:[a-z]+=\S+ ?)+)-->")


@dataclass(frozen=True)
class Marker:
    unit: str
    split: str
    fingerprint: str
    state: str = "open"  # "open" | "obsolete" (closed by the bot)

    def render(self) -> str:
        return (
            f"<!-- gofixleak unit={_quote(self.unit)} split={self.split} "
            f"fingerprint={self.fingerprint} state={self.state} -->"
        )

    @classmethod
    def parse(cls, body: str) -> Marker | None:
        # the last marker wins (a person may quote an old body above it)
        match = max(_MARKER.finditer(body or ""), key=lambda m: m.start(), default=None)
        if match is None:
            return None
        fields = dict(item.split("=", 1) for item in match["fields"].split())
        if not {"unit", "split", "fingerprint"} <= fields.keys():
            return None
        return cls(_unquote(fields["unit"]), fields["split"], fields["fingerprint"], fields.get("state", "open"))


def _quote(text: str) -> str:
    return text.replace("%", "%25").replace(" ", "%20").replace("-->", "--%3E")


def _unquote(text: str) -> str:
    return text.replace("--%3E", "-->").replace("%20", " ").replace("%25", "%")


@dataclass(frozen=True)
class Row:
    rule: str
    where: str  # path:line
    message: str
    safety: str


# whether unsafe fixes were allowed in a file (by --unsafe-fixes or its configuration file)
UnsafeFor = Callable[[api.FileReport], bool]


def rows(unit: Unit, unsafe_for: UnsafeFor) -> list[Row]:
    """One row per applied fix.  A fix from the first pass is matched to its finding (message and
    the safety of the fix taken); a fix from a later pass (written on another fix's output) is
    shown with its fix message."""
    out = []
    for path, report in zip(unit.paths, unit.reports, strict=True):
        unsafe_fixes = unsafe_for(report)
        level = api.Safety.UNSAFE if unsafe_fixes else api.Safety.SAFE
        by_line: dict[tuple[str, int], list[api.Finding]] = {}
        for finding in report.findings:
            by_line.setdefault((finding.rule, api.position(report.src, finding.start)[0]), []).append(finding)
        for applied in report.applied:
            candidates = by_line.get((applied.rule, applied.line))
            if candidates:
                finding = candidates.pop(0)
                chosen = next((f for f in finding.fixes if level.allows(f.safety)), None)
                safety = str(chosen.safety) if chosen is not None else "safe"
                out.append(Row(applied.rule, f"{path}:{applied.line}", finding.message, safety))
            else:
                safety = "safe" if not unsafe_fixes else "safe or unsafe"
                out.append(Row(applied.rule, f"{path}:{applied.line}", applied.message, safety))
    return out


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def title(unit: Unit) -> str:
    return f"gofixleak: fix {plural(unit.fix_count, 'leak')} in {unit.label} ({', '.join(unit.rules)})"


def commit_message(unit: Unit, fingerprint: str, unsafe_for: UnsafeFor) -> str:
    lines = [title(unit), ""]
    lines += [f"- {r.where}: {r.rule} {r.message}" for r in rows(unit, unsafe_for)]
    lines += ["", f"{FINGERPRINT_TRAILER}: {fingerprint}", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def body(
    unit: Unit,
    marker: Marker,
    *,
    base: str,
    verification: str,
    dropped: list[api.Dropped],
    unsafe_for: UnsafeFor,
    docs_url: str = DEFAULT_DOCS_URL,
) -> str:
    table = rows(unit, unsafe_for)
    parts = [
        f"gofixleak found {plural(len(table), 'leak')} in `{unit.label}` that Go's garbage collector cannot "
        f"free, and fixes {'it' if len(table) == 1 else 'them'} on top of `{base}`.",
        "",
        "| rule | where | what | fix |",
        "|---|---|---|---|",
    ]
    for row in table:
        rule = api.find_rule(row.rule)
        name = f"[{row.rule}]({docs_url.format(rule=row.rule)})" + (f" {rule.name}" if rule else "")
        parts.append(f"| {name} | `{row.where}` | {_cell(row.message)} | {row.safety} |")
    parts += ["", f"**Verification:** {verification}"]
    if dropped:
        parts += ["", "Fixes left out because the package no longer built or vetted with them:", ""]
        parts += [f"- `{d.file}` ({', '.join(d.rules)}): `{_cell(d.message)[:300]}`" for d in dropped]
    parts += ["", "**Rules:**", ""]
    for code in unit.rules:
        rule = api.find_rule(code)
        what = f" — {rule.title}" if rule else ""
        parts.append(f"- [{code}]({docs_url.format(rule=code)}){what} (`gofixleak explain {code}`)")
    parts += [
        "",
        "<details><summary>Not a leak here, or not now?</summary>",
        "",
        "- Keep a finding: put `//gofixleak:ignore GFL001 reason` (the rule's id and why) on its line or the "
        "line above; the next run drops the fix from this pull request.",
        "- Close this pull request without merging: gofixleak will not open it again for the same fixes "
        "(new leaks get a new one).",
        "- Opt out: pass `--ignore GFL001` or narrower paths to `gofixleak pr` in the workflow, or remove the "
        "workflow's schedule.",
        "- Pushing your own commits to this branch stops gofixleak from updating it.",
        "",
        "</details>",
        "",
        marker.render(),
    ]
    return "\n".join(parts) + "\n"


def closing_comment(base: str) -> str:
    return (
        f"Nothing is left to fix here: the leaks this pull request fixed are gone from `{base}` "
        "(fixed by hand, suppressed, or the code changed). gofixleak closes it and deletes its branch."
    )


def human_commits_comment(branch: str, commits: list[str]) -> str:
    shown = ", ".join(commits[:5]) + (" …" if len(commits) > 5 else "")
    return (
        f"gofixleak did not update `{branch}`: it has commits gofixleak did not make ({shown}), and "
        "updating the branch would overwrite them. Merge or close this pull request as it is, or delete "
        "the branch to let gofixleak recreate it.\n\n" + HUMAN_COMMITS_MARKER
    )
