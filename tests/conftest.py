from __future__ import annotations

import re
import shutil
from pathlib import Path

import golden_cases
import gotool
import pytest
import unidiff

from gofixleak.report import patch


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite every golden/**/*.diff from the tool's current output (review with git diff)",
    )
    parser.addoption(
        "--fuzz-all",
        action="store_true",
        help="test_fuzz.py checks every mutant, not a bounded sample",
    )


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def expected_fix(case: golden_cases.Case, unsafe: bool = False) -> dict[Path, str]:
    """The case's files after applying its golden .diff (or, with `unsafe`, its unsafe patch)."""
    originals = {p: p.read_text(encoding="utf-8") for p in case.go_files}
    text = case.diff_for(unsafe)
    fixed = dict(originals)
    if not text:
        return fixed
    for patched in unidiff.PatchSet(text):
        path = golden_cases.GOLDEN / patched.path
        assert path in originals, f"{case.diff_path.name} patches {patched.path}, which is not part of the case"
        fixed[path] = patch.apply(originals[path], patched)
    return fixed


SIDES = ("orig", "fixed", "unsafe")  # the input, its safe fix, its fix with unsafe fixes too


def _package_dir(case: golden_cases.Case) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", case.id)


@pytest.fixture(scope="session")
def go_checks(tmp_path_factory) -> dict[str, list[str]]:
    """Type-check every case before and after its golden fix, safe and unsafe (go vet), and gofmt.

    All cases of one Go version share one temporary module, so the toolchain
    runs once per version instead of once per case.  Returns case id -> problems.
    """
    problems: dict[str, list[str]] = {}
    by_version: dict[str, list[golden_cases.Case]] = {}
    for case in golden_cases.discover():
        problems[case.id] = []
        by_version.setdefault(case.version, []).append(case)
    gofmt = str(gotool.gofmt_binary())
    for version, cases in by_version.items():
        root = tmp_path_factory.mktemp(f"golden-go{version}")
        gotool.write_module(root, version)
        owners: dict[str, str] = {}
        for case in cases:
            name = _package_dir(case)
            owners[name] = case.id
            try:
                fixed = expected_fix(case)
                unsafe = expected_fix(case, unsafe=True) if case.unsafe_diff_path.exists() else {}
            except Exception as err:  # reported by the case's own test too
                problems[case.id].append(f"golden diff does not apply: {err}")
                continue
            for path, text in fixed.items():
                sides = [("orig", path.read_text(encoding="utf-8")), ("fixed", text)]
                if path in unsafe:
                    sides.append(("unsafe", unsafe[path]))
                for side, content in sides:
                    target = root / side / name / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(content, encoding="utf-8")
        result = gotool.run_go(["vet", "./..."], cwd=root)
        for line in (result.stdout + result.stderr).splitlines():
            for side in SIDES:
                match = re.search(rf"{side}/([A-Za-z0-9_]+)/", line)
                if match and match.group(1) in owners:
                    problems[owners[match.group(1)]].append(f"go vet ({side}): {line.strip()}")
        if result.returncode != 0 and not any(problems[c.id] for c in cases):
            raise AssertionError(f"go vet failed without naming a case:\n{result.stdout}{result.stderr}")
        for side in SIDES:
            if not (root / side).is_dir():
                continue
            listed = gotool.subprocess.run(
                [gofmt, "-l", str(root / side)], capture_output=True, text=True
            ).stdout.split()
            for path in listed:
                name = Path(path).parent.name
                if name in owners:
                    problems[owners[name]].append(f"not gofmt-clean ({side}): {Path(path).name}")
        shutil.rmtree(root, ignore_errors=True)
    return problems
