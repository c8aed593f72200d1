"""GFL002 never changes what a program computes through the capacity of a subslice.

The program in tests/behaviour/GFL002 depends on the capacity three views carry (an
interpreter's reserved slot, a grown buffer kept for reuse, an accessor reading past a field's
length).  Earlier versions offered a make+copy fix for each, which broke it; this test runs
`gofixleak fix --unsafe-fixes` (every fix at every level) and then the program, and shows that
each of those old fixes, applied by hand, makes the program fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import gotool
import pytest
from golden_cases import run_cli

PROGRAM = Path(__file__).resolve().parent / "behaviour" / "GFL002"

# (the statement, the fix an earlier gofixleak offered for it)
OLD_FIXES = [
    (
        "\tf.env[id] = slice[:length]\n",
        "\tcopied := make([]Value, length)\n\tcopy(copied, slice[:length])\n\tf.env[id] = copied\n",
    ),
    ("\tkb.B = b[:len(kb.B)]\n", "\tkb.B = make([]byte, len(kb.B))\n\tcopy(kb.B, b[:len(kb.B)])\n"),
    ("\tc.suffix = buf[32:48]\n", "\tc.suffix = make([]byte, 16)\n\tcopy(c.suffix, buf[32:48])\n"),
]


def _module(tmp_path: Path) -> Path:
    work = tmp_path / "program"
    shutil.copytree(PROGRAM, work)
    gotool.write_module(work, "1.27", module="example.com/behaviour/gfl002")
    return work


def test_every_fix_keeps_the_program_working(tmp_path):
    work = _module(tmp_path)
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--select", "GFL002", "--jobs", "1", "."], work)
    assert code == 0, f"GFL002 should find nothing to fix here:\n{out}{err}"
    done = gotool.run_go(["run", "."], cwd=work)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr


@pytest.mark.parametrize(("statement", "old_fix"), OLD_FIXES, ids=["reserved-slot", "reused-buffer", "read-past"])
def test_the_old_fix_breaks_the_program(tmp_path, statement: str, old_fix: str):
    work = _module(tmp_path)
    main = work / "main.go"
    source = main.read_text()
    assert source.count(statement) == 1
    main.write_text(source.replace(statement, old_fix))
    done = gotool.run_go(["run", "."], cwd=work)
    assert done.returncode != 0, f"the old fix should break the program:\n{done.stdout}{done.stderr}"
