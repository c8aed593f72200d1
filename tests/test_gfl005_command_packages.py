"""GFL005 in the commands of a command-line program: a package importing cobra runs one
command per process, so a ticker its command leaves running is lost once, when the process
exits anyway.  (Checked through the API: a golden case cannot compile against cobra.)"""

from __future__ import annotations

from pathlib import Path

from gofixleak import api

COPY = """package container

import (
	"context"
	"time"
IMPORT)

func reportProgress(ctx context.Context, copied func() int64) {
	ticker := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			_ = copied()
		}
	}
}
"""


def _findings(tmp_path: Path, imports: str) -> list[str]:
    (tmp_path / "go.mod").write_text("module example.com/cli\n\ngo 1.22\n")
    path = tmp_path / "cp.go"
    path.write_text(COPY.replace("IMPORT", imports))
    other = tmp_path / "commands.go"
    other.write_text('package container\n\nimport _ "github.com/spf13/cobra"\n' if imports else "package container\n")
    settings = api.Settings(select=frozenset({"GFL005"}))
    report = api.Session(tmp_path, settings).check(path)
    return [f.message for f in report.findings]


def test_a_command_package_runs_once_per_process(tmp_path: Path):
    assert _findings(tmp_path, '\n\t"github.com/spf13/cobra"\n') == []


def test_the_same_function_in_a_library_is_reported(tmp_path: Path):
    (found,) = _findings(tmp_path, "")
    assert "ticker ticker is never stopped" in found
