"""Run mypy (settings in pyproject.toml) over the gofixleak package and the rules.

The rules live in the repository's top-level rewrites/ folder but are the
package gofixleak.rewrites, which mypy cannot see through the editable
install; so mypy runs on a folder of symbolic links that puts rewrites/
inside gofixleak/, and the paths it prints are mapped back.

    python tests/typecheck.py        # prints mypy's report, exits with its status
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_mypy() -> tuple[int, str]:
    with tempfile.TemporaryDirectory(prefix="gofixleak-mypy-") as tmp:
        package = Path(tmp) / "gofixleak"
        package.mkdir()
        for entry in (REPO / "gofixleak").iterdir():
            if entry.name != "__pycache__":
                (package / entry.name).symlink_to(entry)
        (package / "rewrites").symlink_to(REPO / "rewrites")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(REPO / "pyproject.toml"),
                "--cache-dir",
                str(REPO / ".mypy_cache"),
                "-p",
                "gofixleak",
            ],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
    report = (done.stdout + done.stderr).replace("gofixleak/rewrites/", "rewrites/")
    return done.returncode, report


if __name__ == "__main__":
    status, report = run_mypy()
    print(report, end="")
    sys.exit(status)
