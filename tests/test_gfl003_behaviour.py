"""GFL003's fixes, applied at every level, keep programs running: the growing-reslice shapes.

`s = s[:n]` where `n` may exceed `len(s)` grows the slice into its capacity; a
fix that clears `s[n:]` before it panics.  Each program under
tests/behaviour/GFL003/ runs before and after `gofixleak fix --unsafe-fixes`
and must print the same thing, and not panic, both times.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import gotool
from golden_cases import run_cli

PROGRAMS = Path(__file__).resolve().parent / "behaviour" / "GFL003"


def _run(work: Path) -> str:
    done = gotool.run_go(["run", "."], cwd=work, timeout=300)
    assert done.returncode == 0, f"the program failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _fix_all(name: str, tmp_path: Path) -> tuple[Path, str, str]:
    """Copy the program into a module, run it, apply every GFL003 fix; (folder, output, fixed main.go)."""
    work = tmp_path / name
    shutil.copytree(PROGRAMS / name, work)
    gotool.write_module(work, "1.27", module=f"example.com/behaviour/{name}")
    before = _run(work)
    code, out, err = run_cli(
        ["fix", "--select", "GFL003", "--unsafe-fixes", "--option", "GFL003.any_owner", "--jobs", "1", "."], work
    )
    assert code in (0, 1), err
    fixed = (work / "main.go").read_text()
    assert fixed != (PROGRAMS / name / "main.go").read_text(), f"gofixleak fixed nothing: {out}"
    return work, before, fixed


def test_growing_reslices_do_not_panic_once_fixed(tmp_path: Path):
    work, before, fixed = _fix_all("growing", tmp_path)
    # every fix of a reslice that may grow is bounded by the length
    assert "clear(types[min(n, len(types)):])" in fixed
    assert "clear(d.palette[min(int(b[0]), len(d.palette)):])" in fixed
    assert "clear(r[min(n, len(r)):])" in fixed
    assert "cap(t.names):]" not in fixed
    assert _run(work) == before
