"""Every fix at every level keeps the standard library building and its tests passing.

Runs bench/fixcheck.py on a copy of the Go toolchain's tree.  Bounded for the
suite: fixes go into a few corners of the standard library that gofixleak's
rules reach (containers, text, go/, encoding), the standard library is built
(not the commands or the compiler), and the tests of every changed package
plus go/build run.  The whole tree with the compiler rebuild is
`python bench/fixcheck.py std` (see its docstring).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PATHS = ["./container/...", "./text/...", "./go/...", "./encoding/...", "./regexp/...", "./net/http/..."]


@pytest.mark.slow
def test_fixed_standard_library_builds_and_passes_its_tests(tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "fixcheck.py"),
            "std",
            "--no-cmd",
            "--work",
            str(tmp_path),
            "--paths",
            *PATHS,
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    report = done.stdout + done.stderr
    assert "fixes applied" in report, report
    assert "packages tested:" in report, report
    assert done.returncode == 0, report
    assert "fix-caused failures: 0" in report, report
