"""The pre-commit hooks of .pre-commit-hooks.yaml, run for real with `pre-commit try-repo`.

pre-commit installs this repository into a virtual environment of its own
with pip, exactly as for a user; here pip is pointed at a wheelhouse made
from the test environment (tests/wheelhouse.py) and, where the machine
allows, run with no network at all, so the test needs no index.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import wheelhouse
import yaml

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / ".pre-commit-hooks.yaml"

LEAKY = """package leaky

var last string

func keep(s string) {
	last = s[:4]
}

func init() { keep(string(make([]byte, 1<<20))) }
"""

FIXED = """package leaky

import "strings"

var last string

func keep(s string) {
	last = strings.Clone(s[:4])
}

func init() { keep(string(make([]byte, 1<<20))) }
"""


def test_the_hooks_manifest_is_valid():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text())}
    assert set(hooks) == {"gofixleak-fix", "gofixleak-check"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["go"]
    assert hooks["gofixleak-fix"]["entry"].startswith("gofixleak fix")
    assert hooks["gofixleak-check"]["entry"].startswith("gofixleak check")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def readme_precommit_config() -> str:
    readme = (REPO / "README.md").read_text()
    section = readme.split("### pre-commit", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_the_readme_configuration_is_valid_and_names_these_hooks(tmp_path):
    text = readme_precommit_config()
    config = yaml.safe_load(text)
    ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert ids <= {hook["id"] for hook in yaml.safe_load(HOOKS.read_text())}
    (tmp_path / ".pre-commit-config.yaml").write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def git(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.slow
def test_try_repo_fixing_hook_rewrites_and_fails_then_passes(tmp_path):
    wheels = wheelhouse.make(tmp_path / "wheels", with_gofixleak=False)  # pre-commit builds gofixleak itself
    env = wheelhouse.offline_pip_env(wheels)
    env.update(
        {
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "NO_COLOR": "1",
        }
    )
    env.pop("FORCE_COLOR", None)
    project = tmp_path / "project"
    project.mkdir()
    git(["init", "-q"], project, env)
    (project / "go.mod").write_text("module example.com/leaky\n\ngo 1.22\n")
    (project / "leaky.go").write_text(LEAKY)
    git(["add", "."], project, env)

    def try_repo(hook: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--verbose"]
        return subprocess.run(
            wheelhouse.network_blocked(command), cwd=project, env=env, capture_output=True, text=True, timeout=900
        )

    first = try_repo("gofixleak-fix")
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "gofixleak fix" in output and "Failed" in output
    assert "files were modified by this hook" in output
    assert "Fixed 1 finding in 1 file." in output
    assert (project / "leaky.go").read_text() == FIXED

    git(["add", "."], project, env)
    second = try_repo("gofixleak-fix")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout

    (project / "more.go").write_text(LEAKY.replace("last", "again"))
    git(["add", "."], project, env)
    check = try_repo("gofixleak-check")
    output = check.stdout + check.stderr
    assert check.returncode == 1, output
    assert "more.go:6:10: GFL001 package-level variable again keeps the substring s[:4]" in output
    assert (project / "more.go").read_text() == LEAKY.replace("last", "again")  # checking changes nothing
    assert not os.path.exists(project / ".gofixleak-tmp")
