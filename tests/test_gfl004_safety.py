"""GFL004 downgrades a buffer when the program could tell it is there, and says why."""

import json

from golden_cases import GOLDEN, run_cli


def _fixes(case: str) -> dict[int, dict]:
    """The case's fixes by the line of the channel's make."""
    code, out, err = run_cli(["check", "--format", "json", "--select", "GFL004", case], GOLDEN)
    assert code == 1, err
    found = {}
    for finding in json.loads(out)["findings"]:
        (fix,) = finding["fixes"]
        found[finding["start"]["line"]] = fix
    return found


def test_work_after_the_send_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/after_send.go")
    caveats = {
        63: "after its send the goroutine goes on at line 65 without",  # defer cancel()
        78: "after its send the goroutine goes on at line 81 without",  # log.Printf after the send
        93: "after its send the goroutine goes on at line 105 without",  # ... in a function of the package
        113: "the case at line 131 may then be chosen while a value waits in the buffer",  # <-done
    }
    for line, caveat in caveats.items():
        assert fixes[line]["safety"] == "unsafe", line
        assert caveat in fixes[line]["message"], (line, fixes[line]["message"])
    # wg.Done, a closer that only closes the channel, a deferred Unlock and plain returns are fine
    assert fixes[17]["safety"] == fixes[39]["safety"] == "safe"


def test_a_count_that_may_be_negative_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/negative_count.go")
    assert fixes[11]["safety"] == "unsafe"
    assert "make panics if n is negative" in fixes[11]["message"]
    assert fixes[29]["safety"] == fixes[45]["safety"] == "safe"


def test_reading_the_length_of_the_channel_makes_the_buffer_unsafe():
    fixes = _fixes("GFL004/measured.go")
    assert fixes[10]["safety"] == "unsafe"
    assert "len(ch) no longer reads 0" in fixes[10]["message"]


def _findings(case: str) -> list[dict]:
    code, out, err = run_cli(["check", "--format", "json", "--select", "GFL004", case], GOLDEN)
    assert code == 1, err
    return json.loads(out)["findings"]


def _one(findings: list[dict], *words: str) -> dict:
    """The single finding whose message says all of `words`."""
    (found,) = [f for f in findings if all(w in f["message"] for w in words)]
    return found


def test_a_worker_count_that_may_be_negative_makes_the_pool_buffer_unsafe():
    findings = _findings("GFL004/worker_pools.go")
    (fix,) = _one(findings, "running worker", "wg.Wait()")["fixes"]
    assert fix["safety"] == "unsafe" and "make(chan error, workers)" in fix["message"]
    assert "make panics if workers is negative" in fix["message"]
    (fix,) = _one(findings, "`errCh <- handle(it)`")["fixes"]
    assert fix["safety"] == "safe" and "len(items)" in fix["message"]
    assert not _one(findings, "give errCh a buffer for every send, or let the senders give up")["fixes"]


def test_a_reply_channel_is_safe_to_buffer_only_when_each_request_gets_one_answer():
    findings = _findings("GFL004/reply_channels")
    for found in [f for f in findings if "the responder to the request" in f["message"]]:
        (fix,) = found["fixes"]
        assert fix["safety"] == "safe", found["message"]
    (fix,) = _one(findings, "closure handed away", "`out <- slow()`")["fixes"]
    assert fix["safety"] == "unsafe" and "may run it more than once" in fix["message"]
    (fix,) = _one(findings, "closure handed away", "`expired <-")["fixes"]  # time.AfterFunc runs it once
    assert fix["safety"] == "safe"


def test_a_helper_in_another_file_gets_advice_and_one_in_this_file_a_fix():
    findings = _findings("GFL004/test_timeouts")
    elsewhere = _one(findings, "StartServer starts")
    assert not elsewhere["fixes"] and "give the channel StartServer makes (server.go) a buffer" in elsewhere["message"]
    (fix,) = _one(findings, "startLocal starts")["fixes"]
    assert fix["safety"] == "safe" and "give ch in startLocal a buffer" in fix["message"]
