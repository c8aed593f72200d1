"""The package diagram of docs/ARCHITECTURE.md holds: imports run one way, front ends use the API."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "gofixleak"

# Top to bottom; a module may import only from its own layer's package or from lower layers.
LAYERS: list[tuple[str, ...]] = [
    ("cli", "lsp", "bot"),  # front ends
    ("api",),
    ("report",),  # output formats (they quote file names with driver.paths)
    ("driver",),
    ("rewrites",),  # the rules and their registry
    ("engine",),
    ("analysis", "fix"),
    ("semantics",),
    ("syntax",),
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
FRONT_ENDS = set(LAYERS[0])


def _layer_of(path: Path) -> str:
    if path.is_relative_to(REPO / "rewrites"):
        return "rewrites"
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted module) for every gofixleak import, `from gofixleak import x` as gofixleak.x."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, "relative import: use absolute gofixleak.* imports"
            if node.module == "gofixleak":
                out += [(node.lineno, f"gofixleak.{a.name}") for a in node.names]
            elif node.module.startswith("gofixleak."):
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("gofixleak.")]
    return out


def sources() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(REPO / "rewrites").glob("*.py")])


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_imports_run_down_the_layers(path: Path):
    me = _layer_of(path)
    if me not in RANK:  # gofixleak/__init__.py, __main__.py
        return
    for line, module in _imported(ast.parse(path.read_text())):
        target = module.split(".")[1]
        if target == "__version__":
            continue
        if me in FRONT_ENDS:
            # the command line dispatches to the other front ends (`gofixleak lsp`, `gofixleak pr`)
            allowed = {"api", me} | (FRONT_ENDS if me == "cli" else set())
            assert target in allowed, f"{path.name}:{line}: front end {me} imports {module}; use gofixleak.api"
            continue
        assert target in RANK, f"{path.name}:{line}: {module} is in no layer"
        assert target == me or RANK[target] > RANK[me], (
            f"{path.name}:{line}: {me} (layer {RANK[me]}) imports {module} (layer {RANK[target]})"
        )


def test_no_module_uses_another_modules_private_names():
    for path in sources():
        tree = ast.parse(path.read_text())
        modules: set[str] = set()  # local names bound to gofixleak modules
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gofixleak"):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                assert not private, f"{path.relative_to(REPO)}: imports private {private} from {node.module}"
                modules.update(a.asname or a.name for a in node.names)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                raise AssertionError(f"{path.relative_to(REPO)}:{node.lineno}: uses {node.value.id}.{node.attr}")


def test_the_architecture_page_opens_with_this_diagram():
    page = (REPO / "docs" / "ARCHITECTURE.md").read_text()
    first_section = page.find("\n## ")
    assert 0 < page.index("```") < first_section, "the diagram comes before the first section"
    diagram = page.split("```", 2)[1]
    layers_in_page = [set(re.findall(r"\b([a-z]+)(?:/|\.py)", row)) for row in diagram.splitlines()]
    assert [names for names in layers_in_page if names] == [set(names) for names in LAYERS]
