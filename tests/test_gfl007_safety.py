"""GFL007 says why a fix is unsafe or missing: the unsafe fixes name what to check, refusals carry no edits."""

import json

from golden_cases import run_on_case

ANY_LOOP = ("--option", "GFL007.any_loop")


def _findings(case: str, *extra: str) -> dict[str, dict]:
    """The case's findings by the function they are in (the name the message gives)."""
    # the fix-safety cases loop over what callers pass, which only GFL007.any_loop reports
    code, out, err = run_on_case(case, ["check", "--format", "json", "--select", "GFL007", *ANY_LOOP, *extra])
    assert code == 1, err
    found = {}
    for finding in json.loads(out)["findings"]:
        name = finding["message"].split(" runs only when ", 1)[1].split(" returns", 1)[0]
        found.setdefault(name, finding)
    return found


def test_unsafe_fixes_name_what_to_check_and_are_not_applied_by_default():
    found = _findings("GFL007/unsafe.go")
    concerns = {
        "record": "calls c.mu.Unlock on state from outside the iteration",
        "total": "total has named results",
        "announce": "starts goroutines",
        "tempFiles": "calls os.Remove on state from outside the iteration",
        "sameLock": "calls c.mu.Unlock on state from outside the iteration",
        "visitAll": "f is passed to visit, which may keep it after the iteration",
        "closeEach": "calls close on state from outside the iteration",
    }
    assert set(found) == set(concerns)
    for name, concern in concerns.items():
        (fix,) = found[name]["fixes"]
        assert fix["safety"] == "unsafe", name
        assert concern in fix["message"], (name, fix["message"])
        assert fix["edits"], name
    code, out, err = run_on_case("GFL007/unsafe.go", ["diff", "--select", "GFL007", *ANY_LOOP])
    assert (code, out) == (0, ""), err


def test_refusals_report_why_and_offer_a_suggestion_without_edits():
    found = _findings("GFL007/refusals.go")
    # goto, labelled continue, bare return, named result, a lock held on purpose beside it; the shapes
    # that keep the file past the iteration (stored, sent, handed to a goroutine or a keeping call) are
    # deliberate holds and not reported at all (issue 11, FP-9)
    assert len(found) == 5
    for name, finding in found.items():
        (fix,) = finding["fixes"]
        assert fix["safety"] == "suggestion", name
        assert fix["edits"] == [], name
        reason = finding["message"].split("; no automatic fix: ", 1)[1]
        assert fix["message"] == f"wrap the loop body in a function literal by hand: {reason}"


def test_late_effects_are_unsafe_or_not_reported():
    """What a deferred literal reads when it runs makes the fix unsafe; what is kept past the
    iteration by name, by the log package or in a variable used after the loop is not reported."""
    found = _findings("GFL007/late_effects.go")
    unsafe = {
        "openUnlessKept": "reads keep, which the function changes later",
    }
    for name, concern in unsafe.items():
        (fix,) = found[name]["fixes"]
        assert fix["safety"] == "unsafe", name
        assert concern in fix["message"], (name, fix["message"])
    # kept past the iteration on purpose: a removed directory's name used after the loop, a file the
    # log package keeps, servers used after the loop: not reported
    assert not {"tempDirs", "logTo", "slogTo", "startBoth"} & set(found)
