"""Running a leak-proof Go program before and after gofixleak's own fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import gotool
from golden_cases import run_cli

PROOFS = Path(__file__).resolve().parent / "leakproofs"


def run_program(directory: Path) -> str:
    result = gotool.run_go(["run", "."], cwd=directory, timeout=300)
    assert result.returncode == 0, f"go run failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def prepare(rule: str, tmp_path: Path, go_version: str = "1.27") -> Path:
    """Copy the rule's proof program into a fresh module under tmp_path."""
    work = tmp_path / rule
    shutil.copytree(PROOFS / rule, work)
    gotool.write_module(work, go_version, module=f"example.com/proof/{rule.lower()}")
    return work


def apply_fix(work: Path, rule: str, *extra: str) -> str:
    """Run `gofixleak fix` on the proof module; return the fixed main.go."""
    code, out, err = run_cli(["fix", "--select", rule, "--jobs", "1", *extra, "."], work)
    assert code in (0, 1), f"gofixleak fix failed ({code}): {err}"
    assert "Fixed 0 " not in out, f"gofixleak fixed nothing in the proof program: {out}"
    return (work / "main.go").read_text()
