"""GFL004's leak is real, and gofixleak's own fix removes it: no goroutine stays blocked."""

from leakproof import apply_fix, prepare, run_program


def test_buffering_the_abandoned_channels_lets_every_goroutine_exit(tmp_path):
    work = prepare("GFL004", tmp_path)
    before = int(run_program(work).split()[-1])
    # 100 fetches leave 1 worker each; 100 fan-outs over 10 elements leave 9 each
    assert before == 100 + 100 * 9, f"expected 1000 goroutines blocked before the fix, got {before}"

    fixed = apply_fix(work, "GFL004")
    assert "ch := make(chan int, 1)" in fixed
    assert "ch := make(chan result, len(xs))" in fixed

    after = int(run_program(work).split()[-1])
    assert after == 0, f"{after} goroutines are still blocked after the fix"
