"""A folder of wheels for installing gofixleak with pip and no network (pre-commit, the Action).

pre-commit and the GitHub Action install gofixleak the way users get it:
`pip install` into a fresh virtual environment.  Tests must pass offline, so
instead of an index they point pip at a wheelhouse (`PIP_NO_INDEX=1`,
`PIP_FIND_LINKS=<folder>`) made here from what the test environment already
has: gofixleak's runtime dependencies (and setuptools, its build backend) are
repacked from their installed files into wheels (the files of an installed
distribution, listed in its RECORD, are a wheel's contents), and gofixleak's
own wheel is built from the checkout.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata as metadata
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
SKIPPED_METADATA = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def runtime_closure(name: str) -> list[str]:
    """`name`'s installed runtime dependencies, transitively (no extras)."""
    seen: dict[str, None] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        for text in metadata.distribution(current).requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = _normalized(requirement.name)
            if key not in seen:
                seen[key] = None
                todo.append(requirement.name)
    return list(seen)


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def repack(name: str, dest: Path) -> Path:
    """A wheel of the installed distribution `name` (files outside site-packages are left out)."""
    dist = metadata.distribution(name)
    base = Path(str(dist.locate_file("")))
    dist_info = next(str(f).split("/")[0] for f in dist.files or [] if str(f).endswith(".dist-info/METADATA"))
    wheel_text = (base / dist_info / "WHEEL").read_text()
    tag = next(line.split(":", 1)[1].strip() for line in wheel_text.splitlines() if line.startswith("Tag:"))
    target = dest / f"{_normalized(dist.metadata['Name'])}-{dist.version}-{tag}.whl"
    records = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in dist.files or []:
            relative = str(entry)
            if relative.startswith("..") or "__pycache__" in relative:
                continue
            if relative.startswith(dist_info + "/") and relative.split("/", 1)[1] in SKIPPED_METADATA:
                continue
            path = base / relative
            if not path.is_file():
                continue
            data = path.read_bytes()
            info = zipfile.ZipInfo(relative, date_time=(2020, 2, 2, 0, 0, 0))
            info.external_attr = (os.stat(path).st_mode & 0o777) << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
            records.append(_record_line(relative, data))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(records)
        writer.writerow([f"{dist_info}/RECORD", "", ""])
        archive.writestr(f"{dist_info}/RECORD", out.getvalue())
    return target


def build_gofixleak(dest: Path) -> Path:
    """gofixleak's own wheel, built from the checkout with the test environment's setuptools."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            dest,
            REPO,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = dest.glob("gofixleak-*.whl")
    return wheel


def make(dest: Path, with_gofixleak: bool) -> Path:
    """Wheels of gofixleak's dependencies and setuptools (and gofixleak itself when asked)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in [*runtime_closure("gofixleak"), "setuptools"]:
        repack(name, dest)
    if with_gofixleak:
        build_gofixleak(dest)
    return dest


def offline_pip_env(wheels: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which pip installs only from `wheels` and reads no configuration file."""
    env = dict(os.environ if base is None else base)
    for key in [k for k in env if k.startswith("PIP_")]:
        del env[key]
    env.update(
        {
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheels),
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
    )
    return env


def network_blocked(command: list[str]) -> list[str]:
    """`command` in a network namespace of its own (no network at all) where the machine allows
    it (root, or user namespaces); else as it is, still pointed at the wheelhouse only."""
    try:
        probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10)
        if probe.returncode == 0:
            return ["unshare", "--net", *command]
        probe = subprocess.run(["unshare", "--net", "--map-root-user", "true"], capture_output=True, timeout=10)
        if probe.returncode == 0:
            return ["unshare", "--net", "--map-root-user", *command]
    except (OSError, subprocess.SubprocessError):
        pass
    return command
