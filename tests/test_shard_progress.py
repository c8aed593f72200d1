"""--shard K/N covers a tree exactly once, by package; progress appears only on a terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from golden_cases import run_cli

from gofixleak.cli.terminal import ScanProgress, progress_for
from gofixleak.driver import shard

LEAK = (
    "package {pkg}\n\nvar last string\n\nfunc keep{n}(s string) {{\n\tlast = s[:{n}]\n}}"
    "\n\nfunc init() {{ keep{n}(string(make([]byte, 1<<20))) }}\n"
)


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    """Packages of uneven sizes, some nested, one file each finding."""
    (tmp_path / "go.mod").write_text("module example.com/mono\n\ngo 1.22\n")
    for p in range(23):
        folder = tmp_path / ("svc" if p % 3 else "lib") / f"p{p}" / ("inner" if p % 5 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1 + p % 4):
            (folder / f"f{n}.go").write_text(LEAK.format(pkg=f"p{p}", n=n + 1) + "// padding\n" * p * n)
    return tmp_path


def findings(out: str) -> list[tuple[str, int]]:
    return [(f["path"], f["start"]["line"]) for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("shards", [1, 2, 3, 7, 40])
def test_shards_cover_the_run_exactly_once(monorepo, shards):
    code, whole, _ = run_cli(["check", "--format", "json", "./..."], monorepo)
    everything = findings(whole)
    assert code == 1 and len(everything) == sum(1 + p % 4 for p in range(23))
    parts = []
    for k in range(1, shards + 1):
        code, out, err = run_cli(["check", "--format", "json", "--shard", f"{k}/{shards}", "./..."], monorepo)
        assert code in (0, 1), err
        parts.append(findings(out))
    union = [f for part in parts for f in part]
    assert sorted(union) == sorted(everything)  # no gap, no overlap
    # whole packages: a folder's files are all in one shard
    folders = [{os.path.dirname(path) for path, _ in part} for part in parts]
    for i, a in enumerate(folders):
        for b in folders[i + 1 :]:
            assert not a & b


def test_shards_are_balanced_and_independent_of_where_the_checkout_is(tmp_path, monorepo):
    files = sorted(monorepo.rglob("*.go"))
    owners = shard.assign(files, 3, monorepo)
    sizes = [sum(p.stat().st_size for p in files if owners[p] == k) for k in (1, 2, 3)]
    assert max(sizes) - min(sizes) <= max(p.stat().st_size for p in files) * 4  # within about one package
    moved = tmp_path / "elsewhere"
    os.rename(monorepo / "svc", moved)
    (monorepo / "svc").mkdir()
    os.rename(moved, monorepo / "svc" / "x")  # a different layout gets a different, but total, assignment
    again = sorted(monorepo.rglob("*.go"))
    assert set(shard.assign(again, 3, monorepo).values()) == {1, 2, 3}


@pytest.mark.parametrize("bad", ["0/3", "4/3", "1/0", "x", "1/2/3"])
def test_bad_shards_are_usage_errors(monorepo, bad):
    code, _, err = run_cli(["check", "--shard", bad], monorepo)
    assert code == 2 and err.startswith("gofixleak: error: --shard") and err.count("\n") == 1


# --- progress -----------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_files_done_and_the_package_then_clears():
    stream = FakeTerminal()
    bar = ScanProgress(stream, 10, delay=0.0, colour=False)
    try:
        for done in range(1, 4):
            bar(done, 10, f"pkg/server/f{done}.go")
        import time

        deadline = time.monotonic() + 5
        while "3/10" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        bar.close()
    drawn = stream.getvalue()
    assert "3/10" in drawn and "pkg/server" in drawn and "files" in drawn


def test_no_progress_off_a_terminal_or_when_quiet():
    assert progress_for(io.StringIO(), 100, quiet=False) is None
    assert progress_for(FakeTerminal(), 100, quiet=True) is None
    bar = progress_for(FakeTerminal(), 100, quiet=False)
    assert bar is not None
    bar.close()


def _run_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe); return code, stdout, terminal text."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixleak", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=60)
    os.close(leader)
    return code, out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_a_long_scan_shows_progress_on_a_terminal_stderr(tmp_path):
    import gotool

    src = Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    code, out, terminal = _run_on_a_terminal(["check", "--no-cache", "--jobs", "1", "-q", "./encoding/..."], src, env)
    assert terminal.strip() == "", "--quiet draws nothing"
    # --no-cache: a warm run answers from the cache too quickly for the bar to be drawn
    code, out, terminal = _run_on_a_terminal(["check", "--no-cache", "--jobs", "1", "./encoding/..."], src, env)
    assert "files" in terminal and "/" in terminal and "encoding" in terminal, terminal[-500:]
    assert "\x1b[3" not in terminal  # NO_COLOR: no colours (cursor movement only)
    assert "checking" not in out  # stdout carries the findings only
