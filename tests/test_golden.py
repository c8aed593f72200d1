"""The golden-file harness: every case's diff, findings, fix and compile checks.

For each case under golden/ (see golden_cases): the diff printed by
`gofixleak diff` equals the golden .diff byte for byte; the findings sit
exactly on the `// want` lines; the golden diff applies (parsed with unidiff
and with `git apply --check`), the result re-parses without error nodes, and
a second run changes nothing; and both the input and the fixed output pass
`go vet` at the case's Go version and are gofmt-clean.
The same holds for the run with unsafe fixes, pinned in `<case>.unsafe.diff`
wherever it differs from the safe run.
`pytest --update-golden` rewrites the .diff files from the current output.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import expected_fix
from golden_cases import GOLDEN, Case, discover, findings, produce_diff, wanted

from gofixleak.syntax import grammar

CASES = discover()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_diff_matches_golden(case: Case, update_golden: bool):
    code, out, err = produce_diff(case)
    assert code == (1 if out else 0), f"exit {code}: {err}"
    assert "error" not in err, err
    if update_golden:
        case.diff_path.write_text(out, encoding="utf-8")
        return
    assert case.diff_path.exists(), f"missing {case.diff_path.name}: run pytest --update-golden and review it"
    assert out == case.diff_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_unsafe_diff_matches_golden(case: Case, update_golden: bool):
    """With --unsafe-fixes: the .unsafe.diff, which exists exactly when the patch differs from the safe one."""
    if case.applies_unsafe:
        assert not case.unsafe_diff_path.exists(), "the case's .diff already is the unsafe run"
        return
    code, out, err = produce_diff(case, unsafe=True)
    assert code == (1 if out else 0), f"exit {code}: {err}"
    assert "error" not in err, err
    safe = case.diff_path.read_text(encoding="utf-8") if case.diff_path.exists() else ""
    if update_golden:
        if out != safe:
            case.unsafe_diff_path.write_text(out, encoding="utf-8")
        else:
            case.unsafe_diff_path.unlink(missing_ok=True)
        return
    if out == safe:
        assert not case.unsafe_diff_path.exists(), "the unsafe run equals the safe one: remove the .unsafe.diff"
    else:
        assert case.unsafe_diff_path.exists(), (
            f"missing {case.unsafe_diff_path.name}: run pytest --update-golden and review it"
        )
        assert out == case.unsafe_diff_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_findings_match_want_comments(case: Case):
    want = wanted(case)
    got: dict[tuple[str, int], list[str]] = {}
    for f in findings(case):
        got.setdefault((f["path"], f["start"]["line"]), []).append(f"{f['rule']} {f['message']}")
    assert sorted(got) == sorted(want), "findings are not on the `// want` lines"
    for key, patterns in want.items():
        messages = got[key]
        assert len(messages) == len(patterns), f"{key}: {messages}"
        for pattern in patterns:
            assert any(re.search(pattern, m) for m in messages), f"{key}: no finding matches {pattern!r}: {messages}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fix_applies_reparses_and_is_idempotent(case: Case, tmp_path):
    fixed = expected_fix(case)
    for path, text in fixed.items():
        tree = grammar.parse(text.encode())
        assert not grammar.error_spans(tree), f"{path.name}: the fixed file does not parse"
    # run again on the fixed files: a second run must have nothing left to do
    code, out, err = produce_diff(case, files=fixed)
    assert out == "", f"not idempotent: a second run still changes the fixed code:\n{out}"
    if case.unsafe_diff_path.exists():
        unsafe = expected_fix(case, unsafe=True)
        for path, text in unsafe.items():
            assert not grammar.error_spans(grammar.parse(text.encode())), f"{path.name}: unsafe fix does not parse"
        code, out, err = produce_diff(case, files=unsafe, unsafe=True)
        assert out == "", f"not idempotent with --unsafe-fixes:\n{out}"
    diff = case.diff_path.read_text(encoding="utf-8") if case.diff_path.exists() else ""
    if diff and shutil.which("git"):
        original = tmp_path / "original"
        for path in case.go_files:
            target = original / path.relative_to(GOLDEN)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        result = subprocess.run(
            ["git", "apply", "--check", "-"], input=diff, text=True, cwd=original, capture_output=True
        )
        assert result.returncode == 0, f"git apply --check rejects the patch: {result.stderr}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_input_and_fix_compile_and_are_gofmt_clean(case: Case, go_checks):
    assert go_checks[case.id] == []
