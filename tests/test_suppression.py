"""Suppression comments: where they apply, and why a bare one is itself reported."""

from golden_cases import run_cli


def check(tmp_path, body: str):
    (tmp_path / "x.go").write_text(
        "package p\n\nvar a, b string\n\nfunc f(s string) {\n"
        + body
        + "}\n\nfunc init() { f(string(make([]byte, 1<<20))) }\n"
    )
    code, out, err = run_cli(["check", "x.go"], tmp_path)
    return code, out


def test_same_line_and_line_above_with_a_reason(tmp_path):
    code, out = check(
        tmp_path,
        (
            "\t//gofixleak:ignore GFL001 at most 8 bytes\n"
            "\ta = s[:4]\n"
            "\tb = s[4:8] //gofixleak:ignore substring-retention bounded\n"
        ),
    )
    assert code == 0, out


def test_a_suppression_does_not_reach_two_lines_down(tmp_path):
    code, out = check(tmp_path, "\t//gofixleak:ignore GFL001 reason\n\n\ta = s[:4]\n")
    assert code == 1 and "GFL001" in out


def test_all_and_lists(tmp_path):
    code, _ = check(tmp_path, "\ta = s[:4] //gofixleak:ignore all fine here\n")
    assert code == 0
    code, _ = check(tmp_path, "\ta = s[:4] //gofixleak:ignore substring-retention,GFL001 fine here\n")
    assert code == 0


def test_a_suppression_without_a_reason_is_reported_and_does_not_apply(tmp_path):
    code, out = check(tmp_path, "\ta = s[:4] //gofixleak:ignore GFL001\n")
    assert code == 1
    assert "GFL000 suppression without a reason does not apply" in out
    assert "GFL001 package-level variable a" in out


def test_unknown_rule_in_a_suppression_is_reported(tmp_path):
    code, out = check(tmp_path, "\ta = s[:4] //gofixleak:ignore GFL042 because\n")
    assert "GFL000 suppression names unknown rule GFL042" in out
    assert "GFL001" in out


def test_other_rules_are_not_suppressed(tmp_path):
    code, out = check(tmp_path, "\ta = s[:4] //gofixleak:ignore GFL002 not this one\n")
    assert code == 1 and "GFL001" in out
