"""Hostile input, one test per row of the reliability table: no traceback, no hang, nothing lost.

Each test reproduces what used to go wrong (a traceback, a hang, a broken
patch) and checks the promise of the README's exit-code table instead: one
clear line on stderr, exit 2 for errors, quiet ends where the reader left.
Tests that need a real process (FIFOs, pipes, signals, permissions) run the
installed command in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from golden_cases import run_cli

LEAKY = (
    "package p\n\nvar last string\n\nfunc keep(s string) {\n\tlast = s[:4]\n}"
    "\n\nfunc init() { keep(string(make([]byte, 1<<20))) }\n"
)
TIMEOUT = 60  # seconds; a hang fails the test instead of the suite


def gofixleak(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gofixleak", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, **kwargs
    )


def one_line(err: str | bytes) -> str:
    text = err.decode() if isinstance(err, bytes) else err
    assert "Traceback" not in text, text
    assert text.count("\n") == 1, f"expected one line on stderr, got:\n{text}"
    return text


def test_symlink_loop_named_a_go(tmp_path):
    (tmp_path / "good.go").write_text(LEAKY)
    (tmp_path / "a.go").symlink_to(tmp_path / "b.go")
    (tmp_path / "b.go").symlink_to(tmp_path / "a.go")
    code, out, err = run_cli(["check", "."], tmp_path)
    assert code == 1, err
    assert "a.go: skipped: symbolic link loop" in err and "Traceback" not in err
    assert "good.go:6:9: GFL001" in out
    code, out, err = run_cli(["check", "a.go"], tmp_path)
    assert code == 2
    assert one_line(err) == "gofixleak: error: a.go: skipped: symbolic link loop\n"


def test_a_fifo_named_x_go_neither_hangs_nor_is_read(tmp_path):
    (tmp_path / "good.go").write_text(LEAKY)
    os.mkfifo(tmp_path / "x.go")
    walked = gofixleak(["check", "."], tmp_path)
    assert walked.returncode == 1
    assert "x.go: skipped: a FIFO (named pipe), not a regular file" in walked.stderr.decode()
    named = gofixleak(["check", "x.go"], tmp_path)
    assert named.returncode == 2
    assert "x.go: skipped: a FIFO" in one_line(named.stderr)
    # a FIFO among a checked file's siblings must not block the package loader either
    sibling = gofixleak(["check", "good.go"], tmp_path)
    assert sibling.returncode == 1 and b"good.go:6:9: GFL001" in sibling.stdout


def test_dev_zero_linked_as_x_go(tmp_path):
    (tmp_path / "x.go").symlink_to("/dev/zero")
    done = gofixleak(["check", "x.go"], tmp_path)
    assert done.returncode == 2
    assert "x.go: skipped: a device, not a regular file" in one_line(done.stderr)
    done = gofixleak(["check", "."], tmp_path)
    assert b"skipped: a device" in done.stderr and b"Traceback" not in done.stderr


def test_a_file_over_the_size_cap_is_skipped(tmp_path):
    (tmp_path / "big.go").write_text(LEAKY + "// " + "x" * 2000 + "\n")
    code, out, err = run_cli(["check", "--max-file-size", "1K", "big.go"], tmp_path)
    assert code == 2
    assert "big.go: skipped: larger than --max-file-size" in one_line(err)
    code, out, err = run_cli(["check", "--max-file-size", "1K", "."], tmp_path)
    assert code == 0 and "warning: big.go: skipped: larger than --max-file-size" in err


def _without_root_privileges() -> list[str]:
    """A prefix that makes permission bits apply (as root they would not)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permission bits cannot be made to apply")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_named_file_in_a_folder_without_search_permission(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.go").write_text(LEAKY)
    locked.chmod(0o600)  # readable listing, no search: its files cannot be opened or stat'ed
    try:
        command = [*_without_root_privileges(), sys.executable, "-m", "gofixleak", "check", "locked/a.go"]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=TIMEOUT)
        assert done.returncode == 2
        assert "locked/a.go: Permission denied" in one_line(done.stderr)
        command[-1] = "."
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=TIMEOUT)
        assert b"Traceback" not in done.stderr and b"Permission denied" in done.stderr
    finally:
        locked.chmod(0o755)


def test_output_to_a_full_disk_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "a.go").write_text(LEAKY)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "gofixleak", "check", "."],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    assert done.returncode == 2
    assert one_line(done.stderr) == "gofixleak: error: cannot write output: No space left on device\n"


def test_a_closed_pipe_ends_quietly(tmp_path):
    # far more patch than a pipe holds (64 KiB), so the writer is still writing when the reader leaves
    stores = "".join(
        f"var last{j} string\n\nfunc keep{j}(s string) {{\n\tlast{j} = s[:4]\n}}"
        f"\n\nfunc init() {{ keep{j}(string(make([]byte, 1<<20))) }}\n\n"
        for j in range(80)
    )
    for i in range(40):
        (tmp_path / f"f{i}.go").write_text(f"package p{i}\n\n" + stores)
    writer = subprocess.Popen(
        [sys.executable, "-m", "gofixleak", "diff", "--jobs", "1", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.readline()  # `| head -1`
    writer.stdout.close()
    _, err = writer.communicate(timeout=TIMEOUT)
    assert writer.returncode == 141  # as a writer killed by SIGPIPE reports it
    assert err == b""


@pytest.mark.parametrize("value", ["99999999999999999999", "500", "0", "-3", "many"])
def test_jobs_out_of_range_is_a_usage_error(tmp_path, value):
    code, _, err = run_cli(["check", "--jobs", value, "."], tmp_path)
    assert code == 2
    assert "--jobs" in one_line(err)


def test_never_more_workers_than_folders(tmp_path, monkeypatch):
    from gofixleak.driver import runner

    started: list[int] = []
    real = runner.ProcessPoolExecutor

    def recording(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", recording)
    for folder in range(8):
        for i in range(10):
            path = tmp_path / f"d{folder}" / f"f{i}.go"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"package d{folder}\n")
    code, _, err = run_cli(["check", "--jobs", "200", "./..."], tmp_path)
    assert code == 0, err
    assert started == [8]


def test_file_names_that_are_not_utf8(tmp_path):
    name = os.fsdecode(b"caf\xe9.go")
    (tmp_path / name).write_text(LEAKY)
    code, out, err = run_cli(["check", "."], tmp_path)
    assert code == 1 and "Traceback" not in err
    assert out.startswith('"caf\\351.go":6:9: GFL001')
    code, out, err = run_cli(["check", "--format", "json", "."], tmp_path)
    assert json.loads(out)["findings"][0]["path"] == '"caf\\351.go"'
    _patch_applies_with_git_and_patch(tmp_path, name)


@pytest.mark.parametrize(
    "name", ["my dir/x y.go", "tab\there.go", 'quote"d.go', "back\\slash.go", "new\nline.go", "café/ü.go"]
)
def test_patches_for_odd_file_names_apply_with_git_apply_and_patch(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LEAKY)
    _patch_applies_with_git_and_patch(tmp_path, name)


def _patch_applies_with_git_and_patch(root: Path, name: str) -> None:
    code, patch_text, err = run_cli(["diff", "."], root)
    assert code == 1, err
    original = (root / name).read_bytes()
    for tool in (["git", "apply", "-"], ["patch", "-p1", "--quiet", "--batch"]):
        if shutil.which(tool[0]) is None:
            pytest.skip(f"{tool[0]} not installed")
        subprocess.run(tool, input=os.fsencode(patch_text), cwd=root, check=True, capture_output=True)
        fixed = (root / name).read_text()
        assert "last = strings.Clone(s[:4])" in fixed, (tool, patch_text)
        (root / name).write_bytes(original)


def _interrupt_in_the_middle_of_writing(monkeypatch, exception: BaseException) -> None:
    from gofixleak.driver import fileio

    def interrupted_replace(src, dst):
        raise exception

    monkeypatch.setattr(fileio.os, "replace", interrupted_replace)


@pytest.mark.parametrize(("exception", "status"), [(KeyboardInterrupt(), 130), (None, 143)])
def test_an_interrupt_during_fix_leaves_no_temporary_file_and_the_file_whole(tmp_path, monkeypatch, exception, status):
    from gofixleak import api

    (tmp_path / "a.go").write_text(LEAKY)
    _interrupt_in_the_middle_of_writing(monkeypatch, exception if exception is not None else api.Terminated())
    code, _, err = run_cli(["fix", "a.go"], tmp_path)
    assert code == status
    assert err in ("gofixleak: interrupted\n", "gofixleak: terminated\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.go"]
    assert (tmp_path / "a.go").read_text() == LEAKY


def _wait_until_working(pid: int) -> None:
    """Until the run has started its worker processes: by then it has long finished importing
    and installed its signal handlers (a signal during start-up is the interpreter's to handle)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if not children.exists():
        time.sleep(1.0)
        return
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if children.read_text().strip():
                return
        except OSError:
            return  # the run has ended
        time.sleep(0.02)


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_long_run_stops_it_cleanly(tmp_path, sent, status):
    for folder in range(60):  # enough work that the signal arrives mid-run
        for i in range(15):
            path = tmp_path / f"d{folder}" / f"f{i}.go"
            path.parent.mkdir(exist_ok=True)
            path.write_text(LEAKY.replace("package p", f"package d{folder}").replace("keep", f"keep{i}"))
    run = subprocess.Popen(
        [sys.executable, "-m", "gofixleak", "fix", "--jobs", "2", "./..."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_until_working(run.pid)
    run.send_signal(sent)
    _, err = run.communicate(timeout=TIMEOUT)
    if run.returncode == 1 and not err.strip():
        pytest.skip("the run finished before the signal arrived")
    assert run.returncode == status, err
    assert b"Traceback" not in err
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("value", ["0.5", "1.99", "2.0", "banana"])
def test_unknown_go_versions_are_refused(tmp_path, value):
    code, _, err = run_cli(["check", "--go", value, "."], tmp_path)
    assert code == 2
    assert "--go" in one_line(err)


def test_an_empty_selection_is_an_error(tmp_path):
    (tmp_path / "a.go").write_text(LEAKY)
    code, out, err = run_cli(["check", "--select", "", "."], tmp_path)
    assert code == 2 and out == ""
    assert "--select names no rule" in one_line(err)


def test_a_malformed_go_line_in_go_mod_is_a_warning_naming_file_and_line(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo garbage\n")
    (tmp_path / "a.go").write_text(LEAKY)
    code, out, err = run_cli(["check", "."], tmp_path)
    assert code == 1
    assert "gofixleak: warning: go.mod:3: malformed go line 'garbage'" in err


def test_ten_thousand_nested_blocks_are_refused_quickly_with_a_warning(tmp_path):
    depth = 10_000
    body = (
        "package p\n\nvar keep string\n\nfunc f(s string) {\n"
        + "{\n" * depth
        + "keep = s[:3]\n"
        + "}\n" * depth
        + "}\n"
        + "\nfunc init() { f(string(make([]byte, 1<<20))) }\n"
    )
    (tmp_path / "deep.go").write_text(body)
    done = gofixleak(["check", "deep.go"], tmp_path)
    assert done.returncode == 0
    assert b"deep.go: warning: nested about" in done.stderr and b"not analysed" in done.stderr
    assert b"Traceback" not in done.stderr


def test_files_just_under_the_nesting_limit_are_analysed(tmp_path):
    depth = 100
    body = (
        "package p\n\nvar keep string\n\nfunc f(s string, x int) {\n"
        + "if x > 0 {\n" * depth
        + "keep = s[:3]\n"
        + "}\n" * depth
        + "}\n"
        + "\nfunc init() { f(string(make([]byte, 1<<20)), 1) }\n"
    )
    (tmp_path / "deep.go").write_text(body)
    code, out, err = run_cli(["check", "deep.go"], tmp_path)
    assert code == 1 and "GFL001" in out and "Traceback" not in err


def test_a_file_with_syntax_errors_gets_no_patch(tmp_path):
    (tmp_path / "x.go").write_text(LEAKY + "\nfunc broken( {\n")
    code, out, err = run_cli(["diff", "x.go"], tmp_path)
    assert (code, out) == (0, "")
    assert "not fixed: the file has syntax errors" in err
