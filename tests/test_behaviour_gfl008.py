"""GFL008's watchdog fix keeps what the watchdogs report (Go 1.27 frees the timers anyway, so the
leak itself is not measurable here; the program's behaviour is)."""

from leakproof import apply_fix, prepare, run_program

EXPECTED = "slow jobs: [1 4]\n"


def test_watchdog_goroutines_get_their_own_stopped_timer_and_report_the_same(tmp_path):
    work = prepare("GFL008-watchdog", tmp_path, "1.22")
    assert run_program(work) == EXPECTED

    fixed = apply_fix(work, "GFL008")
    assert "time.After" not in fixed, fixed
    assert "timer := time.NewTimer(limit)" in fixed and "defer timer.Stop()" in fixed
    assert "case <-timer.C:" in fixed

    assert run_program(work) == EXPECTED
