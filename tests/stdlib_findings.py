"""The standard library's findings, summarised: per-rule counts and every finding's location.

tests/data/stdlib_findings.json is the committed summary; tests/test_stdlib_findings.py checks
that gofixleak still finds exactly that (speed work must not add or lose a finding).  When a rule
changes what it finds on purpose, regenerate the summary and review the diff:

    .venv/bin/python tests/stdlib_findings.py      # rewrites tests/data/stdlib_findings.json
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import gotool

SUMMARY = Path(__file__).resolve().parent / "data" / "stdlib_findings.json"


def goroot_src() -> Path:
    return Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"


def go_version() -> str:
    return gotool.run_go(["env", "GOVERSION"], cwd=Path.cwd()).stdout.strip()


def scan(*extra: str) -> dict:
    """Check the whole standard library (`gofixleak check --format json ./...` in GOROOT/src)."""
    result = subprocess.run(
        [sys.executable, "-m", "gofixleak", "check", "--format", "json", *extra, "./..."],
        cwd=goroot_src(),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"gofixleak failed ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def summarise(document: dict) -> dict:
    findings = sorted(
        f"{f['path']}:{f['start']['line']}:{f['start']['column']} {f['rule']}" for f in document["findings"]
    )
    counts = collections.Counter(f["rule"] for f in document["findings"])
    return {
        "go": go_version(),
        "files": document["summary"]["files"],
        "counts": dict(sorted(counts.items())),
        "findings": findings,
    }


def main() -> int:
    summary = summarise(scan("--no-cache"))
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(summary, indent=1) + "\n")
    print(f"{SUMMARY}: {len(summary['findings'])} findings in {summary['files']} files, {summary['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
