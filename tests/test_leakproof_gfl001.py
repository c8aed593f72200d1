"""GFL001's leak is real, and gofixleak's own fix removes it."""

from leakproof import apply_fix, prepare, run_program


def test_substring_fix_frees_the_big_string(tmp_path):
    work = prepare("GFL001", tmp_path)
    before = int(run_program(work).split()[-1])
    assert before >= 2 << 20, f"the unfixed program should retain both 1 MiB strings, retained {before} bytes"

    fixed = apply_fix(work, "GFL001")
    assert "strings.Clone(big[:50])" in fixed
    # the local kept in two places is copied once, where it is made; the field key is left as it is
    assert "name := strings.Clone(line[i : i+50])" in fixed
    assert "index[name] = &entry{name: name}" in fixed

    after = int(run_program(work).split()[-1])
    assert after <= before * 0.10, f"retained heap fell only from {before} to {after} bytes"
