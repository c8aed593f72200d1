"""GFL004 on test failure paths: `s.T().Fatal` of a test suite whose type is out of view.

The golden cases cover `t.Fatal`, `t.Error` and `tb.FailNow` with types the checker resolves;
a suite from testify cannot be compiled in a golden case (no module download), so it is checked
here through the API, which never compiles.
"""

from __future__ import annotations

from pathlib import Path

from gofixleak import api

SUITE_TEST = """package m

import (
	"time"

	"github.com/stretchr/testify/suite"
)

type connSuite struct{ suite.Suite }

func dial() error { return nil }

func (s *connSuite) TestDial() {
	result := make(chan error)
	go func() { result <- dial() }()
	select {
	case <-result:
	case <-time.After(time.Second):
		s.T().FATAL("dial timed out")
	}
}
"""


def _findings(tmp_path: Path, source: str, **options: object) -> list[str]:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    path = tmp_path / "conn_test.go"
    path.write_text(source)
    settings = api.Settings(select=frozenset({"GFL004"}), options=options)
    report = api.Session(tmp_path, settings).check(path)
    return [f.message for f in report.findings]


def test_a_suite_fatal_is_a_failure_path(tmp_path: Path):
    assert _findings(tmp_path, SUITE_TEST.replace("FATAL", "Fatal")) == []


def test_the_option_reports_suite_failure_paths(tmp_path: Path):
    found = _findings(tmp_path, SUITE_TEST.replace("FATAL", "Fatal"), **{"GFL004.failure_paths": True})
    assert len(found) == 1 and "time.After" in found[0]


def test_a_suite_log_is_no_failure(tmp_path: Path):
    found = _findings(tmp_path, SUITE_TEST.replace("FATAL", "Log"))
    assert len(found) == 1 and "reaches the end of the function" in found[0]
