"""No finding lost or added: the standard library's findings match the committed summary, and a
cold run, a warm run (answered from the cache) and a run without the cache agree.

Regenerate the summary after a deliberate change of what a rule finds:
    .venv/bin/python tests/stdlib_findings.py
"""

from __future__ import annotations

import json

import pytest
import stdlib_findings


@pytest.mark.slow
def test_standard_library_findings_match_the_summary(tmp_path):
    expected = json.loads(stdlib_findings.SUMMARY.read_text())
    if expected["go"] != stdlib_findings.go_version():
        pytest.skip(f"the summary is of {expected['go']}'s standard library; regenerate it for this toolchain")
    cache = ("--cache-dir", str(tmp_path / "cache"))
    cold = stdlib_findings.summarise(stdlib_findings.scan(*cache))
    warm = stdlib_findings.summarise(stdlib_findings.scan(*cache))
    assert warm == cold, "the cache changed what was found"
    lost = sorted(set(expected["findings"]) - set(cold["findings"]))
    added = sorted(set(cold["findings"]) - set(expected["findings"]))
    assert (lost, added) == ([], []), (
        f"{len(lost)} findings lost, {len(added)} added (first: {lost[:5]} {added[:5]}); if a rule changed "
        "on purpose, regenerate with `.venv/bin/python tests/stdlib_findings.py` and review the diff"
    )
    assert cold == expected
