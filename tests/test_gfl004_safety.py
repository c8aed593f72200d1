"""GFL004 downgrades a buffer when the program could tell it is there, and says why."""

from golden_cases import findings_by_function


def _fixes(case: str) -> dict[str, dict]:
    """The case's one fix per function, by the function's name."""
    found = findings_by_function(case, ["--select", "GFL004"])
    out = {}
    for name, findings in found.items():
        (finding,) = findings
        (fix,) = finding["fixes"]
        out[name] = fix
    return out


def test_work_after_the_send_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/after_send.go")
    caveats = {
        "serveCancel": "after its send the goroutine goes on at line 65 without",  # defer cancel()
        "serveLogged": "after its send the goroutine goes on at line 81 without",  # log.Printf after the send
        "serveNamed": "after its send the goroutine goes on at line 105 without",  # ... in a function of the package
        "serveUntilDone": "may then be chosen while a value waits in the buffer",  # <-done
    }
    for name, caveat in caveats.items():
        assert fixes[name]["safety"] == "unsafe", name
        assert caveat in fixes[name]["message"], (name, fixes[name]["message"])
    # wg.Done, a closer that only closes the channel, a deferred Unlock and plain returns are fine
    assert fixes["serveAll"]["safety"] == fixes["serveLocked"]["safety"] == "safe"


def test_a_count_that_may_be_negative_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/negative_count.go")
    assert fixes["retry"]["safety"] == "unsafe"
    assert "make panics if n is negative" in fixes["retry"]["message"]
    assert fixes["retryEach"]["safety"] == fixes["retryUnsigned"]["safety"] == "safe"


def test_reading_the_length_of_the_channel_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/measured.go")
    assert fixes["pending"]["safety"] == "unsafe"
    assert "len(ch) no longer reads 0" in fixes["pending"]["message"]
