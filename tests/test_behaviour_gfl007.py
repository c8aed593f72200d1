"""Loops that hold what they defer on purpose keep their meaning: gofixleak leaves them alone,
even with --unsafe-fixes.  The program checks what the code after each loop sees, and shows
that a function-literal rewrite of such a loop would change it (issue 11, FP-9 and FP-10)."""

from golden_cases import run_cli
from leakproof import prepare, run_program

EXPECTED = (
    "snapshots live after the loop: true\n"
    "wrapped, snapshots live after the loop: false\n"
    "slots held while running: true\n"
    "containers alive when measured: true\n"
)


def test_deliberate_holds_are_left_alone_and_keep_working(tmp_path):
    work = prepare("GFL007-holds", tmp_path)
    assert run_program(work) == EXPECTED  # the rewrite would break it: the second line

    before = (work / "main.go").read_text()
    code, out, err = run_cli(["check", "--select", "GFL007", "--jobs", "1", "."], work)
    assert code == 0, (out, err)  # no finding: every defer here is a deliberate hold
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--select", "GFL007", "--jobs", "1", "."], work)
    assert code in (0, 1), err
    assert (work / "main.go").read_text() == before
    assert run_program(work) == EXPECTED
