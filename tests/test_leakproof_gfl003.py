"""GFL003's leak is real, and gofixleak's own fix removes it."""

from leakproof import apply_fix, prepare, run_program


def test_zeroing_popped_slots_frees_the_jobs(tmp_path):
    work = prepare("GFL003", tmp_path)
    before = int(run_program(work).split()[-1])
    assert before >= 63 * (256 << 10), f"the unfixed program should retain the 63 popped jobs, retained {before} bytes"

    # the proof's queue lives in package main, where only package-level state and pools are owner
    # evidence by default; any_owner reports it as the article's example
    fixed = apply_fix(work, "GFL003", "--option", "GFL003.any_owner")
    assert "q.jobs[0] = nil\n\tq.jobs = q.jobs[1:]" in fixed

    after = int(run_program(work).split()[-1])
    assert after <= before * 0.10, f"retained heap fell only from {before} to {after} bytes"
