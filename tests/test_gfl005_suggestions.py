"""GFL005's suggestions (never applied automatically) still compile when a user applies them."""

import json
import subprocess

import gotool
from golden_cases import GOLDEN, run_on_case


def apply_suggestions(path, findings) -> str:
    src = path.read_bytes()
    edits = [e for f in findings for x in f["fixes"] if x["safety"] == "suggestion" for e in x["edits"]]
    for edit in sorted(edits, key=lambda e: e["start"]["offset"], reverse=True):
        start, end = edit["start"]["offset"], edit["end"]["offset"]
        src = src[:start] + edit["text"].encode() + src[end:]
    return src.decode()


def test_suggested_stops_and_selects_compile_and_are_gofmt_clean(tmp_path):
    cases = ["GFL005/goroutine_range.go", "GFL005/go1.22/fields.go"]
    gotool.write_module(tmp_path, "1.22")
    suggested = 0
    for i, case in enumerate(cases):
        code, out, err = run_on_case(case, ["check", "--format", "json", "--go", "1.22", "--select", "GFL005"])
        assert code == 1, err
        findings = json.loads(out)["findings"]
        suggested += sum(1 for f in findings for x in f["fixes"] if x["safety"] == "suggestion")
        target = tmp_path / f"p{i}" / "case.go"
        target.parent.mkdir()
        target.write_text(apply_suggestions(GOLDEN / case, findings))
    assert suggested == 4  # two goroutines with a done signal, Cache.Close and Pinger.Shutdown
    result = gotool.run_go(["vet", "./..."], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    gofmt = subprocess.run([str(gotool.gofmt_binary()), "-l", str(tmp_path)], capture_output=True, text=True)
    assert gofmt.stdout == "", gofmt.stdout
