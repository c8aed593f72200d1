"""GFL004's leak is real, and gofixleak's own fix removes it: no goroutine stays blocked."""

from leakproof import apply_fix, prepare, run_program


def _left(output: str) -> dict[str, int]:
    """The goroutines each phase of the proof program left alive."""
    return {name: int(count) for name, count in (line.split() for line in output.strip().splitlines())}


def test_buffering_the_abandoned_channels_lets_every_goroutine_exit(tmp_path):
    work = prepare("GFL004", tmp_path)
    before = _left(run_program(work))
    assert before == {
        "fetch": 100,  # one worker per fetch that gave up on its context
        "fanOut": 100 * 9,  # nine workers per fan-out that returned on the first error
        "import": 100,  # one per import that returned on a write error (an error check came first)
        "pool": 10 * 3,  # per call, two failed workers and the caller itself, deadlocked in wg.Wait()
        "reply": 1,  # the server, stuck on its first answer; nothing is answered after it
        "helper": 100,  # one per receiver that gave up on the channel a helper returned
    }, before

    fixed = apply_fix(work, "GFL004")
    assert "ch := make(chan int, 1)" in fixed
    assert "ch := make(chan result, len(xs))" in fixed
    assert "errCh := make(chan error, 1)" in fixed
    assert "errCh := make(chan error, len(xs))" in fixed
    assert "reply := make(chan int, 1)" in fixed

    after = _left(run_program(work))
    assert after == dict.fromkeys(before, 0), f"goroutines still blocked after the fix: {after}"
