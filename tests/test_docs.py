"""docs/rules/ is generated from the rules' metadata and must not go stale."""

from pathlib import Path

from gofixleak.report import docs

RULE_DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_rule_docs_are_up_to_date():
    expected = docs.expected_pages()
    stale = [
        name
        for name, content in expected.items()
        if not (RULE_DOCS / name).exists() or (RULE_DOCS / name).read_text(encoding="utf-8") != content
    ]
    assert not stale, f"stale rule docs {stale}: run `python -m gofixleak.report.docs docs/rules`"
    extra = sorted(p.name for p in RULE_DOCS.glob("*.md") if p.name not in expected)
    assert not extra, f"docs for rules that do not exist: {extra}"
