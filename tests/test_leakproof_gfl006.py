"""GFL006 documented by behaviour: a finalizer on an object in a reference cycle never runs.

The program drops a two-node cycle with a finalizer and an acyclic object with
the same finalizer, then collects until every queued finalizer has had its
turn.  Only the acyclic one runs, and the cycle's memory stays allocated.
gofixleak reports the cycle, and the runtime's own checker
(GODEBUG=checkfinalizers=1, which the finding recommends) agrees.
"""

import subprocess

import gotool
from golden_cases import run_cli
from leakproof import prepare, run_program


def test_finalizer_on_a_cycle_never_runs_and_gofixleak_says_so(tmp_path):
    work = prepare("GFL006", tmp_path)
    out = run_program(work)
    assert "acyclic finalizer ran: true" in out, out
    assert "cyclic finalizer ran: false" in out, out
    assert "held finalizer ran: false" in out, out
    retained = int(out.split("retained bytes:")[1].split()[0])
    assert retained >= 2 * (1 << 20), f"the 2 MiB cycle should stay allocated, {retained} bytes retained"

    code, report, err = run_cli(["check", "--select", "GFL006", "--jobs", "1", "."], work)
    assert code == 1, err
    assert "a is linked into a reference cycle in this function (a.next → b, b.next → a)" in report
    assert "the finalizer closure uses held (line 43), a copy of a" in report

    checked = subprocess.run(
        [str(gotool.go_binary()), "run", "."],
        cwd=work,
        env={**gotool.go_env(), "GODEBUG": "checkfinalizers=1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "is reachable from finalizer" in checked.stderr, checked.stderr[-2000:]
    assert "main.makeCyclic" in checked.stderr
    assert "main.makeAcyclic" not in checked.stderr
