"""GFL008's rewrite keeps the loops' meaning (Go 1.27 frees the timers anyway, so no leak to measure)."""

import pytest
from leakproof import apply_fix, prepare, run_program

EXPECTED = "idle 0 0\nbusy 60 1830\nidle bound 0\nbusy bound 60\n"


@pytest.mark.parametrize(
    "go_version, options, reset",
    [
        # below 1.23: stop and drain the buffered channel before every Reset
        ("1.22", (), "if !timer.Stop() {"),
        # 1.23 semantics (synchronous timer channels): Reset alone, reported with the option
        ("1.23", ("--option", "GFL008.any_version"), "\t\ttimer.Reset(d)\n\t\tselect {"),
    ],
)
def test_reused_timer_still_times_out_and_handles_every_message(tmp_path, go_version, options, reset):
    work = prepare("GFL008", tmp_path, go_version)
    assert run_program(work) == EXPECTED

    fixed = apply_fix(work, "GFL008", *options)
    assert "time.After" not in fixed, fixed
    assert fixed.count("timer := time.NewTimer(d)") == 2 and fixed.count("defer timer.Stop()") == 2
    assert reset in fixed

    assert run_program(work) == EXPECTED
