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


def _by_function(case: str, *options: str) -> dict[str, dict]:
    """The case's one finding per function, by the function's name."""
    found = findings_by_function(case, ["--select", "GFL004", *options])
    out = {}
    for name, findings in found.items():
        (finding,) = findings
        out[name] = finding
    return out


def test_a_worker_count_that_may_be_negative_makes_the_pool_buffer_unsafe():
    found = _by_function("GFL004/worker_pools.go")
    (fix,) = found["pool"]["fixes"]
    assert fix["safety"] == "unsafe" and "make(chan error, workers)" in fix["message"]
    assert "make panics if workers is negative" in fix["message"]
    (fix,) = found["firstError"]["fixes"]
    assert fix["safety"] == "safe" and "len(items)" in fix["message"]
    # a worker that reports every failure: no buffer is known to be big enough, advice only
    assert not found["reportAll"]["fixes"]
    assert "give errCh a buffer for every send, or let the senders give up" in found["reportAll"]["message"]


def test_a_reply_channel_is_safe_to_buffer_only_when_each_request_gets_one_answer():
    found = _by_function("GFL004/reply_channels")
    for name in ("Get", "GetWithin", "TryGet"):  # a request answered once by the store's loop
        (fix,) = found[name]["fixes"]
        assert fix["safety"] == "safe", name
    (fix,) = found["Compute"]["fixes"]  # whoever runs the closure may run it again
    assert fix["safety"] == "unsafe" and "may run it more than once" in fix["message"]
    (fix,) = found["Deadline"]["fixes"]  # time.AfterFunc runs it once
    assert fix["safety"] == "safe"
    assert "StoppedDeadline" not in found and "Lookup" not in found and "Ask" not in found


def test_a_helper_in_another_file_gets_advice_and_one_in_this_file_a_fix():
    found = _by_function("GFL004/test_timeouts", "--option", "GFL004.failure_paths")  # failures time out
    elsewhere = found["TestStartServer"]
    assert not elsewhere["fixes"]
    assert "give the channel StartServer makes (server.go) a buffer" in elsewhere["message"]
    (fix,) = found["TestLocalHelper"]["fixes"]
    assert fix["safety"] == "safe" and "give ch in startLocal a buffer" in fix["message"]
