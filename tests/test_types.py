"""Types are checked: mypy (settings in pyproject.toml) passes over the package and the rules."""

from typecheck import run_mypy


def test_mypy_passes_on_the_package_and_the_rules():
    status, report = run_mypy()
    assert status == 0, report
    assert "Success: no issues found" in report
