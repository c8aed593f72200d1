"""The architecture holds: one grammar module, rules as registered values, docs from metadata."""

import ast
import importlib.util
import zipfile
from pathlib import Path

import pytest
import wheelhouse

from gofixleak import rewrites
from gofixleak.engine.rule import DOC_SECTIONS, Rule
from gofixleak.syntax import grammar

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "gofixleak"
REWRITES = REPO / "rewrites"
GRAMMAR_MODULE = ENGINE / "syntax" / "grammar.py"


def python_sources():
    return sorted([*ENGINE.rglob("*.py"), *REWRITES.rglob("*.py")])


@pytest.mark.parametrize("path", python_sources(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_only_the_syntax_module_knows_the_grammar(path):
    if path == GRAMMAR_MODULE:
        return
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            )
            assert not any(n and n.startswith("tree_sitter") for n in names), f"{path.name} imports tree-sitter"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "_" in node.value:
            assert not grammar.is_kind_name(node.value), (
                f"{path.name} spells the grammar node kind {node.value!r}; use grammar.K instead"
            )


def test_every_rule_module_is_registered_and_every_rule_has_golden_cases():
    modules = sorted(p.stem for p in REWRITES.glob("gfl*.py"))
    assert sorted(rewrites.RULE_MODULES) == modules
    ids = [r.id for r in rewrites.all_rules()]
    assert len(ids) == len(set(ids))
    for rule in rewrites.all_rules():
        assert (REPO / "golden" / rule.id).is_dir(), f"{rule.id} has no golden/{rule.id} folder"


@pytest.mark.parametrize("rule", rewrites.all_rules(), ids=lambda r: r.id)
def test_rule_metadata_is_complete(rule: Rule):
    assert rule.id.startswith("GFL") and len(rule.id) == 6
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.title == rule.title.lower() or rule.title[0].islower()
    assert not rule.title.endswith(".")
    sections = rule.sections()
    for heading in DOC_SECTIONS:
        assert sections.get(heading), f"{rule.id} docstring lacks '## {heading}'"
    assert rule.example.strip() and rule.use_instead.strip() and rule.why.strip()


def test_rules_install_inside_the_gofixleak_namespace(tmp_path):
    """Build the wheel and look inside: rules ship as gofixleak/rewrites, never as top-level rewrites."""
    wheel = wheelhouse.build_gofixleak(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "gofixleak/rewrites/gfl001_substring_retention.py" in names
    assert not [n for n in names if n.startswith("rewrites/")], "rules installed as a top-level package"
    assert importlib.util.find_spec("gofixleak.rewrites") is not None


def _constants(namespace: type) -> dict[str, str]:
    return {name: value for name, value in vars(namespace).items() if name.isupper() and isinstance(value, str)}


def test_every_node_kind_the_grammar_module_names_exists_in_the_installed_grammar():
    kinds = _constants(grammar.K)
    assert len(kinds) > 50
    missing = [f"K.{name} = {kind!r}" for name, kind in kinds.items() if not grammar.is_kind_name(kind)]
    assert not missing, f"not node kinds of the installed tree-sitter-golang: {missing}"


def test_every_field_name_the_grammar_module_names_exists_in_the_installed_grammar():
    fields = _constants(grammar.F)
    assert len(fields) > 10
    missing = [
        f"F.{name} = {field!r}" for name, field in fields.items() if grammar.LANGUAGE.field_id_for_name(field) is None
    ]
    assert not missing, f"not field names of the installed tree-sitter-golang: {missing}"
