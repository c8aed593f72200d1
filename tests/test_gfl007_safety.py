"""GFL007 says why a fix is unsafe or missing: the unsafe fixes name what to check, refusals carry no edits."""

import json

from golden_cases import run_on_case


def _findings(case: str, *extra: str) -> dict[str, dict]:
    """The case's findings by the function they are in (the name the message gives)."""
    code, out, err = run_on_case(case, ["check", "--format", "json", "--select", "GFL007", *extra])
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
        "trace": "prints (fmt.Println)",
        "tempFiles": "calls os.Remove on state from outside the iteration",
        "lockedByKey": "calls l.Unlock on state from outside the iteration",
        "sameLock": "calls c.mu.Unlock on state from outside the iteration",
        "visitAll": "f is passed to visit, which may keep it after the iteration",
        "closeEach": "calls close on state from outside the iteration",
        "backends": "srv is named by an address that is stored in urls, which outlives the iteration",
    }
    assert set(found) == set(concerns)
    for name, concern in concerns.items():
        (fix,) = found[name]["fixes"]
        assert fix["safety"] == "unsafe", name
        assert concern in fix["message"], (name, fix["message"])
        assert fix["edits"], name
    code, out, err = run_on_case("GFL007/unsafe.go", ["diff", "--select", "GFL007"])
    assert (code, out) == (0, ""), err


def test_refusals_report_why_and_offer_a_suggestion_without_edits():
    found = _findings("GFL007/refusals.go")
    assert len(found) == 15
    for name, finding in found.items():
        (fix,) = finding["fixes"]
        assert fix["safety"] == "suggestion", name
        assert fix["edits"] == [], name
        reason = finding["message"].split("; no automatic fix: ", 1)[1]
        assert fix["message"] == f"wrap the loop body in a function literal by hand: {reason}"
