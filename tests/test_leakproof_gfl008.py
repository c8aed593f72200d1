"""GFL008's rewrite keeps the loops' meaning (Go 1.27 frees the timers anyway, so no leak to measure)."""

import pytest
from leakproof import apply_fix, prepare, run_program

EXPECTED = "idle 0 0\nbusy 60 1830\nidle bound 0\nbusy bound 60\n"


@pytest.mark.parametrize(
    "go_version, options",
    [
        ("1.22", ()),
        # reported with the option; the program may still get buffered channels (its go.mod decides)
        ("1.23", ("--option", "GFL008.any_version")),
    ],
)
def test_reused_timer_still_times_out_and_handles_every_message(tmp_path, go_version, options):
    work = prepare("GFL008", tmp_path, go_version)
    assert run_program(work) == EXPECTED

    fixed = apply_fix(work, "GFL008", *options)
    assert "time.After" not in fixed, fixed
    assert fixed.count("timer := time.NewTimer(d)") == 2 and fixed.count("defer timer.Stop()") == 2
    # stop and drain a value a buffered channel may hold before every Reset
    assert fixed.count("if !timer.Stop() {") == 2

    assert run_program(work) == EXPECTED
