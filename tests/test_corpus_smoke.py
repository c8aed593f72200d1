"""Real code nobody here wrote: a slice of the Go standard library, in strict mode.

Every rule runs with GOFIXLEAK_STRICT=1 (an exception in a rule fails the
run instead of becoming a warning); every patch must parse and apply, and
every fixed file must still parse.  The whole library is covered by
bench/stdlib.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import gotool
import pytest
import unidiff

from gofixleak.report import patch
from gofixleak.syntax import grammar

PACKAGES = ["archive/tar", "encoding/csv", "go/printer", "net/http", "net/mail", "runtime", "text/template/parse"]


def goroot_src() -> Path:
    return Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"


@pytest.mark.slow
def test_standard_library_sample_in_strict_mode(tmp_path):
    src = goroot_src()
    targets = [str(src / p) for p in PACKAGES]
    env = dict(os.environ, GOFIXLEAK_STRICT="1")
    result = subprocess.run(
        [sys.executable, "-m", "gofixleak", "diff", *targets],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    for patched in unidiff.PatchSet(result.stdout):
        path = src / patched.path
        original = path.read_text(encoding="utf-8")
        fixed = patch.apply(original, patched)
        assert not grammar.error_spans(grammar.parse(fixed.encode())), f"fix breaks {patched.path}"
