"""Units of work: the fixes of one module (or one package with --split package) make one PR.

A unit is named by its folder relative to the repository's top (`.` for the
top itself).  Its branch is `gofixleak/<slug>`, where the slug spells the
folder with `/` as `-` and `-` as `--` (so `a/b` and `a-b` never share a
branch, and `pkg` and `pkg/cache` never clash as git refs), and `root` for
the top folder.  Its fingerprint hashes what the fixes change (the removed
and added lines of each file), not where: unrelated edits on the base
branch that only move the fixed lines keep it, a new or vanished fix
changes it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gofixleak import api

BRANCH_PREFIX = "gofixleak/"
_REF_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class Unit:
    key: str  # folder relative to the repository top, "." for the top
    split: str  # "module" | "package"
    reports: list[api.FileReport] = field(default_factory=list)  # changed files, in path order
    paths: list[str] = field(default_factory=list)  # repository-relative paths of those files

    @property
    def branch(self) -> str:
        return BRANCH_PREFIX + slug(self.key)

    @property
    def label(self) -> str:
        return label(self.key, self.split)

    @property
    def files(self) -> dict[str, bytes]:
        return {path: report.fixed for path, report in zip(self.paths, self.reports, strict=True) if report.fixed}

    @property
    def fix_count(self) -> int:
        return sum(len(r.applied) for r in self.reports)

    @property
    def rules(self) -> list[str]:
        return sorted({a.rule for r in self.reports for a in r.applied})

    def fingerprint(self, patch: Callable[[api.FileReport], str]) -> str:
        digest = hashlib.sha256()
        for path, report in zip(self.paths, self.reports, strict=True):
            digest.update(f"\0{path}\0".encode())
            for line in patch(report).splitlines():
                if line.startswith(("+", "-")) and not line.startswith(("+++ ", "--- ")):
                    digest.update(line.encode() + b"\n")
        return digest.hexdigest()[:16]


def label(key: str, split: str) -> str:
    """How commit messages and titles name a unit: ./pkg/cache, or ./tools/... for a module."""
    folder = "." if key == "." else "./" + key
    if split == "module":
        return "./..." if key == "." else folder + "/..."
    return folder


def slug(key: str) -> str:
    if key == ".":
        return "root"
    return _REF_UNSAFE.sub("_", key.replace("-", "--").replace("/", "-"))


def unit_key(session: api.Session, top: Path, folder: Path, split: str) -> str:
    """The unit of the files in `folder`: their module's folder, or the folder with split=package."""
    if split == "module":
        root = session.module_root(folder)
        folder = root if root is not None and root.is_relative_to(top) else top
    rel = folder.relative_to(top).as_posix()
    return rel or "."


def group(session: api.Session, top: Path, reports: list[api.FileReport], split: str) -> dict[str, Unit]:
    """Changed files grouped into units, keyed and ordered by folder."""
    units: dict[str, Unit] = {}
    for report in sorted(reports, key=lambda r: r.path):
        path = Path(report.path)
        key = unit_key(session, top, path.parent, split)
        unit = units.setdefault(key, Unit(key, split))
        unit.reports.append(report)
        unit.paths.append(path.relative_to(top).as_posix())
    return dict(sorted(units.items()))
