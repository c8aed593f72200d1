"""The bundled example module: the README's first command, end to end."""

import shutil
import subprocess
from pathlib import Path

import gotool
from golden_cases import REPO, run_cli

EXAMPLE = REPO / "examples" / "leaky"


def copy_example(tmp_path: Path) -> Path:
    work = tmp_path / "leaky"
    shutil.copytree(EXAMPLE, work)
    return work


def test_diff_is_accepted_by_git_apply_and_the_result_compiles(tmp_path):
    work = copy_example(tmp_path)
    code, patch_text, err = run_cli(["diff", "./..."], work)
    assert code == 1, err
    assert patch_text.startswith("--- a/")
    check = subprocess.run(["git", "apply", "--check", "-"], input=patch_text, text=True, cwd=work, capture_output=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "-"], input=patch_text, text=True, cwd=work, check=True)
    vet = gotool.run_go(["vet", "./..."], cwd=work)
    assert vet.returncode == 0, vet.stdout + vet.stderr
    assert run_cli(["check", "./..."], work)[0] == 0


def test_fix_then_check_finds_nothing(tmp_path):
    work = copy_example(tmp_path)
    before = run_cli(["check", "./..."], work)
    assert before[0] == 1
    code, out, err = run_cli(["fix", "./..."], work)
    assert code == 0, out + err
    code, out, _ = run_cli(["check", "./..."], work)
    assert code == 0 and out.startswith("No leaks found")
    assert gotool.run_go(["vet", "./..."], cwd=work).returncode == 0


def test_example_itself_compiles():
    result = gotool.run_go(["vet", "./..."], cwd=EXAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
