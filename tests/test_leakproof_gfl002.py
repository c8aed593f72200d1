"""GFL002's leak is real, and gofixleak's own fix removes it."""

from leakproof import apply_fix, prepare, run_program


def test_subslice_fix_frees_the_backing_array(tmp_path):
    work = prepare("GFL002", tmp_path)
    before = int(run_program(work).split()[-1])
    assert before >= 8 << 20, f"the unfixed program should retain the 8 MiB array, retained {before} bytes"

    fixed = apply_fix(work, "GFL002")
    assert "s0 = make([]int, 30)\n\tcopy(s0, s1[len(s1)-30:])" in fixed

    after = int(run_program(work).split()[-1])
    assert after <= before * 0.10, f"retained heap fell only from {before} to {after} bytes"
