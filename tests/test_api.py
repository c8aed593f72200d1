"""The public API's promises: an in-memory buffer is never read from disk, and a fix writes only
the paths it was asked about.  Checked with a Python audit hook that sees every open and rename."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from gofixleak import api

_events: list[tuple[str, tuple]] | None = None


def _hook(event: str, args: tuple) -> None:
    if _events is not None and event in ("open", "os.rename", "os.replace", "os.remove", "shutil.copyfile"):
        _events.append((event, args))


sys.addaudithook(_hook)  # hooks cannot be removed; it records only while a test asks


@pytest.fixture
def audit():
    global _events
    _events = []
    try:
        yield _events
    finally:
        _events = None


LEAKY = (
    "package m\n\nvar keep string\n\nfunc Keep(s string) {\n\tkeep = s[:3]\n}"
    "\n\nfunc init() { Keep(string(make([]byte, 1<<20))) }\n"
)


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_text(LEAKY)
    (tmp_path / "b.go").write_text(LEAKY.replace("keep", "hold").replace("Keep", "Hold"))
    (tmp_path / "types.go").write_text("package m\n\ntype T struct{ s string }\n")
    return tmp_path


def _opened(events: list[tuple[str, tuple]]) -> list[str]:
    return [os.path.realpath(args[0]) for event, args in events if event == "open" and isinstance(args[0], str)]


def test_checking_an_in_memory_buffer_never_opens_that_path(module: Path, audit):
    path = module / "a.go"
    path.write_text("package m\n")  # the disk copy is stale and must not matter
    session = api.Session(module)
    audit.clear()
    report = session.check(path, LEAKY.encode(), fix=True)
    assert [f.rule for f in report.findings] == ["GFL001"]
    assert report.fixed is not None and b"strings.Clone(s[:3])" in report.fixed
    opened = _opened(audit)
    assert str(path.resolve()) not in opened
    assert str((module / "types.go").resolve()) in opened  # siblings do come from disk


def test_other_open_buffers_stand_in_for_the_disk(module: Path, audit):
    (module / "types.go").write_text("package m\n")
    session = api.Session(module)
    audit.clear()
    session.set_overlay(module / "types.go", b"package m\n\nvar keep string\n")
    report = session.check(module / "a.go", LEAKY.replace("var keep string\n", "").encode())
    assert [f.rule for f in report.findings] == ["GFL001"]
    assert str((module / "types.go").resolve()) not in _opened(audit)


def test_a_fix_writes_only_the_paths_asked_for(module: Path, audit):
    session = api.Session(module, static=True)
    expansion = session.expand([str(module / "a.go")])
    results = session.check_files(expansion, fix=True, jobs=1)
    audit.clear()
    assert [session.write(r) for r in results] == [True]
    target = str((module / "a.go").resolve())
    for event, args in audit:
        if event == "open" and isinstance(args[0], str):
            path, mode = args[0], args[1]
            flags = args[2] if len(args) > 2 else 0
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            if writing:
                name = os.path.basename(path) if isinstance(path, str) else ""
                assert os.path.dirname(os.path.realpath(path)) == str(module.resolve()), path
                assert name.startswith(".gofixleak-") and name.endswith(".tmp"), path
        elif event in ("os.rename", "os.replace"):
            assert os.path.realpath(args[1]) == target, args
    assert "strings.Clone" in (module / "a.go").read_text()
    assert "strings.Clone" not in (module / "b.go").read_text()
    assert not [p for p in module.iterdir() if p.name.endswith(".tmp")]


def test_write_refuses_a_file_changed_since_it_was_read(module: Path):
    session = api.Session(module, static=True)
    [result] = session.check_files(session.expand([str(module / "a.go")]), fix=True, jobs=1)
    (module / "a.go").write_text(LEAKY + "\n// edited meanwhile\n")
    with pytest.raises(api.ChangedOnDisk):
        session.write(result)
    assert "edited meanwhile" in (module / "a.go").read_text()


def test_patch_of_a_report():
    session = api.Session(".")
    report = session.check("/nonexistent/m/a.go", LEAKY.encode(), fix=True)
    patch = session.patch(report)
    assert patch.startswith("--- a/nonexistent/m/a.go\n+++ b/nonexistent/m/a.go\n")
    assert "+\tkeep = strings.Clone(s[:3])" in patch
