"""Rule documentation, generated from each rule's metadata and docstring.

`gofixleak explain GFL001` prints it; docs/rules/ holds the same pages, and a
test fails when they are stale.  Regenerate them with:

    python -m gofixleak.report.docs docs/rules
"""

from __future__ import annotations

import sys
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak import __version__
from gofixleak.engine.rule import DOC_SECTIONS, Rule

# Where the project lives, and its rule pages as released with this version: the one place
# every front end (SARIF helpUri, the editor's diagnostic links, the bot's PR bodies) takes
# its documentation links from.
HOME = "https://github.com/gofixleak/gofixleak"
DOCS = f"{HOME}/blob/v{__version__}/docs/rules"


def rule_url(rule_id: str | None) -> str:
    """The web page of a rule's documentation for this version (None: the rule index)."""
    return f"{DOCS}/{rule_id}.md" if rule_id else f"{DOCS}/README.md"


def render(rule: Rule) -> str:
    sections = rule.sections()
    facts = [f"Fix safety: **{rule.fix_safety}**", f"Severity: {rule.severity}"]
    if rule.min_go is not None:
        facts.append(f"Remedy needs Go ≥ {rule.min_go}")
    lines = [f"# {rule.id} {rule.name}", "", f"_{rule.title}_", "", " · ".join(facts), ""]
    if rule.options:
        lines += ["Options:", ""]
        lines += [f"- `{name}`: {help_text}" for name, help_text in sorted(rule.options.items())]
        lines.append("")
    lines += [
        f"Suppress one finding with `//gofixleak:ignore {rule.id} <reason>` on its line or the line above.",
        "",
    ]
    for heading in DOC_SECTIONS:
        body = sections.get(heading, "").strip()
        lines += [f"## {heading}", "", body, ""]
    for heading, body in sections.items():
        if heading not in DOC_SECTIONS:
            lines += [f"## {heading}", "", body.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def index() -> str:
    lines = ["# Rules", "", "| id | name | fix | min Go | what it finds |", "|---|---|---|---|---|"]
    for rule in rewrites.all_rules():
        min_go = str(rule.min_go) if rule.min_go else ""
        lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.fix_safety} | {min_go} | {rule.title} |")
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[str, str]:
    pages = {f"{rule.id}.md": render(rule) for rule in rewrites.all_rules()}
    pages["README.md"] = index()
    return pages


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in expected_pages().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    for path in write(target):
        print(f"wrote {path}")
