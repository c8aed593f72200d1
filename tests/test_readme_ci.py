"""The README's configuration and output-format examples, run as written.

(The pre-commit configuration and the workflows are run by test_precommit.py
and test_action.py.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from golden_cases import run_cli

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()

LEAK = (
    "package {pkg}\n\nvar last string\n\nfunc keep(s string) {{\n\tlast = s[:4]\n}}"
    "\n\nfunc init() {{ keep(string(make([]byte, 1<<20))) }}\n"
)


def section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/p\n\ngo 1.24\n")
    for name, pkg in [
        ("pkg/server/conn.go", "server"),
        ("pkg/server/conn_test.go", "server"),
        ("gen/gen.go", "gen"),
        ("pkg/x_mock.go", "pkg"),
        ("pkg/p.go", "pkg"),
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LEAK.format(pkg=pkg).replace("last", f"last{len(name)}"))
    return tmp_path


def test_the_configuration_example_does_what_it_says(project):
    [config] = blocks(section("Configuration"), "toml")
    (project / "gofixleak.toml").write_text(config)
    code, out, err = run_cli(["check"], project)
    assert code == 1, err
    paths = sorted(line.split(":")[0] for line in out.splitlines()[:-1])
    # gen/ and *_mock.go excluded; conn_test.go's GFL001 ignored per file (and GFL001 is off in tests anyway)
    assert paths == ["pkg/p.go", "pkg/server/conn.go"]
    # named explicitly, an excluded file stays excluded: the example sets force-exclude
    assert run_cli(["check", "gen/gen.go"], project)[0] == 0


def test_the_error_example_is_what_a_typo_prints(project):
    console = blocks(section("Configuration"), "console")[0]
    command, expected = console.strip().splitlines()
    assert command == "$ gofixleak check"
    (project / "gofixleak.toml").write_text('# settings\nselct = ["GFL001"]\n')
    code, out, err = run_cli(["check"], project)
    assert (code, out, err) == (2, "", expected + "\n")


def test_the_config_example_is_what_config_prints(project):
    [config] = blocks(section("Configuration"), "toml")
    (project / "gofixleak.toml").write_text(config)
    console = blocks(section("Configuration"), "console")[1]
    command, *expected = console.strip().splitlines()
    args = shlex.split(command.removeprefix("$ "))
    code, out, _ = run_cli(args[1:], project)
    assert code == 0
    shown = [line for line in expected if line != "..."]
    assert out.splitlines()[: len(shown)] == shown


def test_the_output_format_examples_run(project):
    commands = [
        shlex.split(line.split("#", 1)[0])
        for line in blocks(section("Output formats"), "sh")[0].splitlines()
        if line.strip()
    ]
    assert len(commands) >= 5
    for args in commands:
        assert args[0] == "gofixleak"
        code, out, err = run_cli(args[1:], project)
        assert code in (0, 1), (args, err)
        assert "error" not in err, (args, err)
    assert (project / "gofixleak.sarif").read_text().startswith("{")
