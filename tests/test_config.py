"""Project configuration: gofixleak.toml / .gofixleak.toml, found per file, overridden by flags,
and every mistake reported with its file, line and key (exit 2)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from golden_cases import run_cli

from gofixleak import api
from gofixleak.driver.config import ConfigError, Glob, load
from gofixleak.driver.tomlkeys import key_lines

SUBSTRING = """package {pkg}

var last string

func keep(s string) {{
	last = s[:4]
}}

func init() {{ keep(string(make([]byte, 1<<20))) }}
"""

TICKER = """package {pkg}

import "time"

func poll(f func()) {{
	t := time.NewTicker(time.Second)
	for range t.C {{
		f()
		return
	}}
}}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one module and two packages holding a substring leak each."""
    (tmp_path / ".git").mkdir()
    return write(
        tmp_path,
        {
            "go.mod": "module example.com/m\n\ngo 1.22\n",
            "a/a.go": SUBSTRING.format(pkg="a"),
            "b/b.go": SUBSTRING.format(pkg="b"),
        },
    )


def rules_found(out: str) -> list[tuple[str, str]]:
    return sorted((f["path"], f["rule"]) for f in json.loads(out)["findings"])


# --- finding the file ---------------------------------------------------------------------------


def test_nearest_configuration_file_wins_per_folder(repo):
    (repo / "gofixleak.toml").write_text('ignore = ["GFL001"]\n')
    (repo / "b" / ".gofixleak.toml").write_text('select = ["substring-retention"]\n')
    code, out, err = run_cli(["check", "--format", "json"], repo)
    assert code == 1, err
    assert rules_found(out) == [("b/b.go", "GFL001")]


def test_the_walk_stops_at_the_repository_root(tmp_path, repo):
    # a configuration above the repository (here: its parent folder) is not the repository's
    outer = repo.parent / "gofixleak.toml"
    outer.write_text('ignore = ["ALL"]\n')
    try:
        code, out, _ = run_cli(["check", "--format", "json"], repo)
    finally:
        outer.unlink()
    assert code == 1
    assert rules_found(out) == [("a/a.go", "GFL001"), ("b/b.go", "GFL001")]


def test_outside_a_repository_the_walk_stops_at_the_outermost_module(tmp_path):
    write(tmp_path, {"outer/gofixleak.toml": 'ignore = ["GFL001"]\n', "outer/go.work": "go 1.22\n\nuse ./m\n"})
    write(
        tmp_path / "outer" / "m", {"go.mod": "module example.com/m\n\ngo 1.22\n", "p/p.go": SUBSTRING.format(pkg="p")}
    )
    (tmp_path / "gofixleak.toml").write_text('select = ["GFL001"]\nignore = []\n')  # above the go.work: not used
    code, out, _ = run_cli(["check", "--format", "json"], tmp_path / "outer" / "m")
    assert code == 0, out
    assert rules_found(out) == []


def test_explicit_config_and_isolated(repo):
    (repo / "gofixleak.toml").write_text('ignore = ["GFL001"]\n')
    (repo / "strict.toml").write_text('select = ["ALL"]\n')
    assert run_cli(["check"], repo)[0] == 0
    code, out, _ = run_cli(["check", "--config", "strict.toml", "--format", "json"], repo)
    assert code == 1 and len(rules_found(out)) == 2
    code, out, _ = run_cli(["check", "--isolated", "--format", "json"], repo)
    assert code == 1 and len(rules_found(out)) == 2


def test_two_configuration_files_in_one_folder_are_an_error(repo):
    (repo / "gofixleak.toml").write_text("")
    (repo / ".gofixleak.toml").write_text("")
    code, _, err = run_cli(["check"], repo)
    assert code == 2
    assert err.startswith("gofixleak: error: .gofixleak.toml: two configuration files in one folder")


# --- what the file sets, and flags over it --------------------------------------------------------


def test_command_line_select_starts_afresh_and_ignore_removes_more(repo):
    (repo / "gofixleak.toml").write_text('ignore = ["GFL001"]\n')
    code, out, _ = run_cli(["check", "--select", "GFL001", "--format", "json"], repo)
    assert code == 1 and len(rules_found(out)) == 2
    (repo / "gofixleak.toml").write_text('select = ["GFL001"]\n')
    assert run_cli(["check", "--ignore", "GFL001"], repo)[0] == 0


def test_exclude_skips_walked_files_and_force_exclude_named_ones(repo):
    (repo / "gofixleak.toml").write_text('exclude = ["b/"]\n')
    code, out, err = run_cli(["check", "-v", "--format", "json"], repo)
    assert rules_found(out) == [("a/a.go", "GFL001")]
    assert "b/b.go: skipped: excluded by gofixleak.toml" in err
    # named explicitly: checked (as ruff does) unless --force-exclude (what the pre-commit hooks pass)
    assert rules_found(run_cli(["check", "b/b.go", "--format", "json"], repo)[1]) == [("b/b.go", "GFL001")]
    assert run_cli(["check", "b/b.go", "--force-exclude"], repo)[0] == 0
    (repo / "gofixleak.toml").write_text('exclude = ["b/"]\nforce-exclude = true\n')
    assert run_cli(["check", "b/b.go"], repo)[0] == 0


def test_per_file_ignores(repo):
    write(repo, {"a/a_extra.go": SUBSTRING.format(pkg="a").replace("last", "other")})
    (repo / "gofixleak.toml").write_text('[per-file-ignores]\n"a/*_extra.go" = ["substring-retention"]\n')
    code, out, _ = run_cli(["check", "--format", "json"], repo)
    assert rules_found(out) == [("a/a.go", "GFL001"), ("b/b.go", "GFL001")]


def test_go_version_and_rule_options_from_the_file(repo):
    write(repo, {"go.mod": "module example.com/m\n\ngo 1.24\n", "t/t.go": TICKER.format(pkg="t")})
    # Go 1.23+ collects unstopped tickers: GFL005 is quiet unless any_version asks for it
    assert ("t/t.go", "GFL005") not in rules_found(run_cli(["check", "--format", "json"], repo)[1])
    (repo / "gofixleak.toml").write_text("[rules.GFL005]\nany_version = true\n")
    assert ("t/t.go", "GFL005") in rules_found(run_cli(["check", "--format", "json"], repo)[1])
    # go = "1.17": no strings.Clone, so the fix copies through []byte
    (repo / "gofixleak.toml").write_text('go = "1.17"\n')
    code, out, _ = run_cli(["diff", "a/a.go"], repo)
    assert code == 1 and "+\tlast = string([]byte(s[:4]))" in out
    code, out, _ = run_cli(["diff", "a/a.go", "--go", "1.22"], repo)  # the flag wins
    assert "strings.Clone(s[:4])" in out


def test_unsafe_fixes_from_the_file_and_no_unsafe_fixes(repo):
    write(repo, {"go.mod": "module example.com/m\n\ngo 1.21\n", "t/t.go": TICKER.format(pkg="t")})
    session = api.Session(repo, api.Settings())
    (repo / "gofixleak.toml").write_text("unsafe-fixes = true\n")
    assert api.Session(repo).config_for(repo / "t" / "t.go").unsafe_fixes
    assert session.config_for(repo / "t" / "t.go").unsafe_fixes  # an editor session re-reads: it sees the new file
    explicit = api.Session(repo, api.Settings(unsafe_fixes=False))
    assert not explicit.config_for(repo / "t" / "t.go").unsafe_fixes


def test_editor_sessions_see_a_changed_configuration_file(repo):
    session = api.Session(repo, api.Settings())  # not static, as the language server opens it
    path = repo / "a" / "a.go"
    assert [f.rule for f in session.check(path, path.read_bytes()).findings] == ["GFL001"]
    (repo / "gofixleak.toml").write_text('ignore = ["GFL001"]\n')
    assert session.check(path, path.read_bytes()).findings == []
    # explicit settings (an editor's) override the file
    editor = api.Session(repo, api.Settings(select=frozenset({"GFL001"})))
    assert [f.rule for f in editor.check(path, path.read_bytes()).findings] == ["GFL001"]


def test_parallel_workers_use_each_files_own_configuration(tmp_path):
    (tmp_path / ".git").mkdir()
    files = {"go.mod": "module example.com/m\n\ngo 1.22\n", "quiet/gofixleak.toml": 'ignore = ["GFL001"]\n'}
    for i in range(40):
        files[f"loud/p{i}/x.go"] = SUBSTRING.format(pkg=f"p{i}")
        files[f"quiet/p{i}/x.go"] = SUBSTRING.format(pkg=f"p{i}")
    write(tmp_path, files)
    code, out, _ = run_cli(["check", "--jobs", "2", "--format", "json"], tmp_path)
    found = rules_found(out)
    assert len(found) == 40 and all(path.startswith("loud/") for path, _ in found)


# --- errors: file, line, key; exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('# settings\nselct = ["GFL001"]\n', "gofixleak.toml:2: unknown key 'selct'; did you mean 'select'?"),
        (
            'select = [\n  "GFL001",\n  "GFL01",\n]\n',
            "gofixleak.toml:1: select: unknown rule 'GFL01'; did you mean 'GFL001'?",
        ),
        (
            "\n\ngo = 1.20\n",
            'gofixleak.toml:3: go must be a string, like go = "1.21", not a number (TOML reads 1.2 as 1.2)',
        ),
        ('go = "one"\n', "gofixleak.toml:1: go: not a Go version: 'one' (expected something like 1.21)"),
        (
            'exclude = "gen"\n',
            'gofixleak.toml:1: exclude must be a list of strings, like ["gen/**", "*_mock.go"], not a string (\'gen\')',
        ),
        (
            'exclude = ["gen/**x"]\n',
            "gofixleak.toml:1: exclude: glob 'gen/**x': '**' must be a whole path component (like a/**/b)",
        ),
        (
            'exclude = ["../x"]\n',
            "gofixleak.toml:1: exclude: glob '../x': write paths below the configuration file's folder, "
            "without '.', '..' or '//'",
        ),
        (
            '[per-file-ignores]\n"ok.go" = ["GFL001"]\n"[x.go" = ["GFL001"]\n',
            "gofixleak.toml:3: per-file-ignores.\"[x.go\": glob '[x.go': '[' without a closing ']'",
        ),
        (
            '[per-file-ignores]\n"*.go" = ["GFL009"]\n',
            "gofixleak.toml:2: per-file-ignores.\"*.go\": unknown rule 'GFL009'; did you mean 'GFL008'?",
        ),
        ("unsafe-fixes = 1\n", "gofixleak.toml:1: unsafe-fixes must be true or false, not a number (1)"),
        (
            "[rules.GFL005]\nany_verison = true\n",
            "gofixleak.toml:2: unknown option of GFL005 'rules.GFL005.any_verison'; did you mean 'any_version'?",
        ),
        (
            '[rules.GFL003]\ntests = "yes"\n',
            "gofixleak.toml:2: rules.GFL003.tests must be true or false, not a string ('yes')",
        ),
        (
            "[rules]\nGFL002 = { small_array_bytes = [1] }\n",
            "gofixleak.toml:2: rules.GFL002.small_array_bytes must be a boolean, number or string, not a list ([1])",
        ),
        (
            "[rules.nonsense]\n",
            "gofixleak.toml:1: unknown rule 'rules.nonsense' "
            "(known: GFL001, GFL002, GFL003, GFL004, GFL005, GFL006, GFL007, GFL008)",
        ),
        ('select = ["GFL001"\n', "gofixleak.toml:2: invalid TOML: Unclosed array"),
    ],
)
def test_a_mistake_is_one_line_naming_file_line_and_key(repo, text, expected):
    (repo / "gofixleak.toml").write_text(text)
    code, out, err = run_cli(["check"], repo)
    assert code == 2 and out == ""
    assert err == f"gofixleak: error: {expected}\n"


def test_a_missing_explicit_config_is_an_error(repo):
    code, _, err = run_cli(["check", "--config", "nope.toml"], repo)
    assert (code, err) == (2, "gofixleak: error: nope.toml: no such configuration file\n")


def test_every_key_of_a_document_has_its_line():
    text = (
        '# comment with key = "value"\n'
        'select = ["a", # = not a key\n'
        '  "b"]\n'
        'go = """\n'
        "x = 1\n"
        '"""\n'
        "[per-file-ignores]\n"
        '"a=b.go" = []\n'
        "'lit.go' = []\n"
        "[rules]\n"
        "GFL002 = { small_array_bytes = 1, 'tests' = true }\n"
        "a.b.c = 2\n"
    )
    tomllib.loads(text)
    lines = key_lines(text)
    assert lines[("select",)] == 2 and lines[("go",)] == 4 and ("x",) not in lines
    assert lines[("per-file-ignores", "a=b.go")] == 8 and lines[("per-file-ignores", "lit.go")] == 9
    assert lines[("rules", "GFL002", "small_array_bytes")] == 11 and lines[("rules", "GFL002", "tests")] == 11
    assert lines[("rules", "a")] == 12 and lines[("rules", "a", "b", "c")] == 12


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*_mock.go", "deep/x/a_mock.go", True),
        ("*_mock.go", "a_mock.go.txt", False),
        ("gen", "gen/a.go", True),
        ("gen", "x/gen/a.go", True),
        ("gen/", "gen", False),  # a file named gen: folders only
        ("gen/", "x/gen/a.go", True),
        ("/gen", "x/gen/a.go", False),  # anchored
        ("pkg/*.go", "pkg/a.go", True),
        ("pkg/*.go", "pkg/sub/a.go", False),
        ("pkg/**/*.go", "pkg/a.go", True),
        ("pkg/**/*.go", "pkg/x/y/a.go", True),
        ("**/testdata/**", "a/testdata/b/c.go", True),
        ("[ab].go", "a.go", True),
        ("[!ab].go", "a.go", False),
        ("?.go", "ab.go", False),
    ],
)
def test_globs(pattern, path, matches):
    assert Glob.compile(pattern).matches(path) is matches


def test_load_reads_every_key(tmp_path):
    path = tmp_path / "gofixleak.toml"
    path.write_text(
        'select = ["ALL"]\nignore = ["defer-in-loop"]\nunsafe-fixes = true\ngo = "1.21"\n'
        'exclude = ["gen/**"]\nforce-exclude = true\n[per-file-ignores]\n"*_test.go" = ["GFL001"]\n'
        "[rules.GFL002]\nsmall_array_bytes = 2048\n"
    )
    config = load(path)
    assert config.select == {"ALL"} and config.ignore == {"GFL007"} and config.unsafe_fixes is True
    assert str(config.go) == "1.21" and config.force_exclude is True
    assert [g.pattern for g in config.exclude] == ["gen/**"]
    assert config.options == {"GFL002.small_array_bytes": 2048}
    with pytest.raises(ConfigError):
        load(tmp_path / "missing.toml")


# --- printing the settings in force ----------------------------------------------------------------


def test_config_command_prints_valid_toml_with_origins(repo):
    (repo / "gofixleak.toml").write_text('ignore = ["GFL006"]\nexclude = ["b/"]\n[rules.GFL005]\nany_version = true\n')
    code, out, err = run_cli(["config", "a/a.go"], repo)
    assert code == 0, err
    data = tomllib.loads(out)
    assert "GFL006" not in data["select"] and "GFL001" in data["select"]
    assert data["go"] == "1.22" and data["rules"]["GFL005"] == {"any_version": True}
    assert "# configuration file: gofixleak.toml" in out
    assert 'go = "1.22"  # go 1.22 in go.mod' in out
    assert "unsafe-fixes = false  # default" in out
    # the same through check --show-settings, with a flag overriding the file
    code, out, _ = run_cli(["check", "--show-settings", "b/b.go", "--unsafe-fixes"], repo)
    assert code == 0 and "unsafe-fixes = true  # explicit" in out and "# excluded: yes" in out
    assert load_output_as_config(repo, out).unsafe_fixes is True


def load_output_as_config(root: Path, text: str):
    path = root / "shown.toml"
    path.write_text(text)
    return load(path)
