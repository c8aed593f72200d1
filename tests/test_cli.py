"""The command line: subcommands, formats, exit codes, and safe writes."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from golden_cases import run_cli

from gofixleak import rewrites
from gofixleak.driver import fileio

LEAKY = """package leaky

var last string

func keep(s string) {
	last = s[:4]
}

func init() { keep(string(make([]byte, 1<<20))) }
"""

CLEAN = """package leaky

func local(s string) int {
	return len(s[:4])
}
"""


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/leaky\n\ngo 1.22\n")
    (tmp_path / "leaky.go").write_text(LEAKY)
    (tmp_path / "clean.go").write_text(CLEAN)
    return tmp_path


def test_check_reports_in_go_vet_style_and_exits_1(module):
    code, out, err = run_cli(["check"], module)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0].startswith("leaky.go:6:9: GFL001 package-level variable last keeps the substring s[:4]")
    assert lines[-1] == "Found 1 finding in 1 of 2 files (1 fixable with `gofixleak fix`)."


def test_check_on_clean_code_exits_0(module):
    code, out, _ = run_cli(["check", "clean.go"], module)
    assert code == 0
    assert out.strip() == "No leaks found in 1 file."


def test_json_output(module):
    code, out, _ = run_cli(["check", "--format", "json"], module)
    assert code == 1
    data = json.loads(out)
    [finding] = data["findings"]
    assert finding["rule"] == "GFL001" and finding["name"] == "substring-retention"
    assert finding["path"] == "leaky.go"
    assert finding["start"] == {"line": 6, "column": 9, "offset": LEAKY.index("s[:4]")}
    [fix] = finding["fixes"]
    assert fix["safety"] == "safe" and fix["applicable"] is True
    assert fix["imports"] == ["strings"]
    assert fix["edits"][0]["text"] == "strings.Clone(s[:4])"
    assert data["summary"] == {"files": 2, "files_with_findings": 1, "findings": 1, "fixable": 1, "unsafe_fixable": 0}


def test_diff_prints_a_patch_and_exits_1_then_0_after_fix(module):
    code, out, _ = run_cli(["diff"], module)
    assert code == 1
    assert out.startswith("--- a/leaky.go\n+++ b/leaky.go\n")
    assert "+\tlast = strings.Clone(s[:4])\n" in out
    code, out, _ = run_cli(["fix"], module)
    assert code == 0, out
    assert out.strip() == "Fixed 1 finding in 1 file."
    assert "strings.Clone(s[:4])" in (module / "leaky.go").read_text()
    assert run_cli(["diff"], module)[:2] == (0, "")
    assert run_cli(["check"], module)[0] == 0


def test_patch_for_a_file_outside_the_working_directory_applies_from_the_root(module, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    code, out, _ = run_cli(["diff", str(module / "leaky.go")], elsewhere)
    assert code == 1
    header = f"--- a/{(module / 'leaky.go').as_posix().lstrip('/')}\n"
    assert out.startswith(header), out
    applied = subprocess.run(["git", "apply", "-"], input=out.encode(), cwd="/", capture_output=True)
    assert applied.returncode == 0, applied.stderr.decode()
    assert "strings.Clone(s[:4])" in (module / "leaky.go").read_text()


def test_select_and_ignore(module):
    assert run_cli(["check", "--ignore", "GFL001"], module)[0] == 0
    assert run_cli(["check", "--ignore", "substring-retention"], module)[0] == 0
    assert run_cli(["check", "--select", "gfl001"], module)[0] == 1
    code, _, err = run_cli(["check", "--select", "GFL999"], module)
    assert code == 2 and err.strip() == "gofixleak: error: unknown rule 'GFL999' (see `gofixleak rules`)"


def test_go_version_flag(module):
    code, out, _ = run_cli(["diff", "--go", "1.17"], module)
    assert code == 1 and "string([]byte(s[:4]))" in out
    code, _, err = run_cli(["check", "--go", "latest"], module)
    assert code == 2 and err.count("\n") == 1 and "not a Go version" in err


def test_verbose_says_where_the_version_comes_from(module):
    _, _, err = run_cli(["check", "-v"], module)
    assert "leaky.go: Go 1.22 (go 1.22 in go.mod)" in err


def test_usage_errors_are_one_line_and_exit_2(module):
    for args in (["frobnicate"], ["check", "--format", "xml"], ["check", "--jobs", "0"], ["explain", "nope"]):
        code, out, err = run_cli(args, module)
        assert code == 2, args
        assert err.count("\n") == 1 and err.startswith("gofixleak: error:"), (args, err)


def test_rules_table_lists_every_rule():
    code, out, _ = run_cli(["rules"], Path.cwd())
    assert code == 0
    for rule in rewrites.all_rules():
        assert rule.id in out and rule.name in out and rule.title in out


def test_explain_prints_the_generated_documentation():
    code, out, _ = run_cli(["explain", "GFL001"], Path.cwd())
    assert code == 0
    assert out.startswith("# GFL001 substring-retention")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert heading in out
    assert run_cli(["explain", "substring-retention"], Path.cwd())[1] == out


def test_fix_refuses_a_file_changed_since_it_was_read(module, monkeypatch):
    original = fileio.write_if_unchanged

    def edit_first(snapshot, new):
        Path(snapshot.path).write_text(LEAKY + "\n// edited meanwhile\n")
        return original(snapshot, new)

    monkeypatch.setattr(fileio, "write_if_unchanged", edit_first)
    code, _, err = run_cli(["fix"], module)
    assert code == 2
    assert "changed on disk since it was read; not overwritten" in err
    assert (module / "leaky.go").read_text().endswith("// edited meanwhile\n")
    assert not [p for p in os.listdir(module) if p.startswith(".gofixleak-")], "temporary file left behind"


def test_fix_keeps_file_permissions(module):
    target = module / "leaky.go"
    target.chmod(0o640)
    run_cli(["fix"], module)
    assert (target.stat().st_mode & 0o777) == 0o640


def test_fix_through_a_symlink_rewrites_its_target_and_keeps_the_link(module):
    link = module / "link.go"
    link.symlink_to("leaky.go")
    code, _, _ = run_cli(["fix", "link.go"], module)
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == "leaky.go"
    assert "strings.Clone" in (module / "leaky.go").read_text()


def test_json_positions_in_a_large_file_with_many_findings(module):
    """Positions come from a line index (counting newlines per finding was quadratic)."""
    body = "".join(f"func keep{i}(s string) {{\n\tlast = s[:4]\n}}\n\n" for i in range(1500))
    body += "func init() {\n" + "".join(f"\tkeep{i}(string(make([]byte, 1<<20)))\n" for i in range(1500)) + "}\n"
    (module / "leaky.go").write_text("package leaky\n\nvar last string\n\n" + body)
    code, out, _ = run_cli(["check", "--format", "json"], module)
    assert code == 1
    findings = json.loads(out)["findings"]
    assert len(findings) == 1500
    assert [f["start"]["line"] for f in findings[:2]] == [6, 10] and findings[-1]["start"]["line"] == 5 + 4 * 1499 + 1


def test_python_dash_m_entry_point(module):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "gofixleak", "check"], cwd=module, capture_output=True, text=True)
    assert result.returncode == 1
    assert "GFL001" in result.stdout
