"""GFL005's rewrites keep the program's meaning (Go 1.27 frees the tickers anyway, so no leak to measure)."""

from leakproof import apply_fix, prepare, run_program

EXPECTED = "5 5 5 true 5\n"


def test_stopped_tickers_still_tick(tmp_path):
    work = prepare("GFL005", tmp_path, "1.22")
    assert run_program(work) == EXPECTED

    fixed = apply_fix(work, "GFL005")
    assert "time.Tick(" not in fixed, fixed
    assert fixed.count("defer t.Stop()") == 2  # in count, and first thing in background's goroutine
    assert fixed.count("ticker := time.NewTicker(") == 2 and fixed.count("defer ticker.Stop()") == 2
    assert "<-time.After(time.Millisecond)" in fixed

    assert run_program(work) == EXPECTED
