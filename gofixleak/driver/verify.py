"""Verifying fixes with the Go toolchain: `go build` and `go vet` with the fixed files overlaid.

Nothing is written into the user's tree: the fixed bytes go to temporary
files that `-overlay` substitutes for the originals.  Every package with a
changed file is built and vetted with the fixes; a package that fails is
built and vetted again without them, so failures that were there before
(a missing dependency, a vet complaint elsewhere) are not blamed on the fix.
Only messages the fix adds count (compared without line and column numbers,
which the fix shifts).

When a package newly fails, the culprits are narrowed down:

1. per file: each changed file's fixes alone on the unfixed package; a file
   that newly fails on its own is a culprit (with one changed file, it is);
2. per rule, inside a culprit file: the rules' fixes are added back one rule
   at a time, the file's fix loop run again without the rules left out (the
   caller's `refix`), and a rule is kept when the package still builds; the
   rules that could not be kept lose their fixes in that file (all of them
   when none can be kept);
3. the package is checked once more with what is left; if it still newly
   fails (fixes that break only together), every fix in the package is
   dropped.

Finer than per rule is not sound from outside the fix loop: a file's fixes
come from passes that each re-run the rules on the previous pass's output.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gofixleak.driver.runner import FileResult
from gofixleak.driver.workspace import Workspace
from gofixleak.engine.results import Diagnostic, FileReport

# Re-run one file's fix loop without some rules (for narrowing a failure down to a rule).
Refix = Callable[[FileResult, frozenset[str]], FileReport]

GO_TIMEOUT = 900.0  # seconds for one go command (a cold build cache on a large package)
_POSITION = re.compile(r"^(?:vet: )?(?P<file>[^\s:]+\.go):\d+(?::\d+)?: (?P<message>.*)$")


class VerifyError(RuntimeError):
    """The go command could not be run at all (not a build failure)."""


@dataclass(frozen=True)
class Dropped:
    """Fixes taken back because the package no longer built or vetted with them."""

    package: str  # the package folder as displayed
    file: str  # the file whose fixes were dropped, as displayed
    path: str  # that file's absolute path
    rules: tuple[str, ...]  # the rules whose fixes in that file were dropped
    message: str  # what go build / go vet said that they did not say before


@dataclass(frozen=True)
class PackageCheck:
    package: str  # folder as displayed
    folder: str  # absolute
    status: str  # "verified" | "dropped" | "narrowed" | "fails-before" | "not-built" | "no-module"
    detail: str = ""


@dataclass
class Verification:
    """What verification did: the results to use, and what it could and could not show."""

    results: list[FileResult]
    toolchain: str | None  # `go version` output, None when no go command was found
    packages: list[PackageCheck] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def ran(self) -> bool:
        return self.toolchain is not None

    @property
    def verified(self) -> bool:
        """True when every changed package was built and vetted with its (remaining) fixes."""
        return self.ran and all(p.status in ("verified", "dropped", "narrowed") for p in self.packages)

    def summary(self) -> str:
        """One line for stderr and the PR body."""
        if not self.ran:
            return "fixes were not verified: no Go toolchain (go) on PATH"
        if not self.packages:
            return f"nothing to verify ({self.toolchain})"
        counts = Counter(p.status for p in self.packages)
        good = counts["verified"] + counts["narrowed"] + counts["dropped"]
        parts = [
            f"{good} of {len(self.packages)} package(s) pass go build and go vet with the fixes ({self.toolchain})"
        ]
        if self.dropped:
            parts.append(f"{len(self.dropped)} file(s)' fixes dropped because the package no longer built")
        unverified = len(self.packages) - good
        if unverified:
            parts.append(f"{unverified} package(s) not verified")
        return "; ".join(parts)


def go_environment(env: Mapping[str, str]) -> dict[str, str]:
    """The environment for the go command: the user's, except a GOFLAGS `-mod=mod`, which lets go
    build and vet rewrite go.mod (verification writes nothing)."""
    out = dict(env)
    flags = [f for f in out.get("GOFLAGS", "").split() if f != "-mod=mod"]
    if flags:
        out["GOFLAGS"] = " ".join(flags)
    else:
        out.pop("GOFLAGS", None)
    return out


def find_go(env: Mapping[str, str] | None = None) -> str | None:
    """The go command on PATH (of `env`, else of this process), or None."""
    path = (env if env is not None else os.environ).get("PATH")
    return shutil.which("go", path=path)


def verify(
    results: Sequence[FileResult],
    workspace: Workspace,
    refix: Refix | None = None,
    *,
    go: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Verification:
    """Build and vet every package that `results` change, drop fixes that newly break one."""
    env = go_environment(env if env is not None else os.environ)
    go = go or find_go(env)
    out = list(results)
    if go is None:
        return Verification(out, None)
    runner = _GoRunner(go, env)
    verification = Verification(out, runner.version())
    changed = [i for i, r in enumerate(out) if r.report.changed]
    by_module: dict[Path | None, dict[Path, list[int]]] = {}
    for index in changed:
        folder = Path(out[index].report.path).parent
        module = workspace.module_for(folder)
        root = module.root if module is not None and module.path is not None else None
        by_module.setdefault(root, {}).setdefault(folder, []).append(index)
    with tempfile.TemporaryDirectory(prefix="gofixleak-verify-") as scratch:
        overlays = _Overlays(Path(scratch))
        for root, packages in sorted(by_module.items(), key=lambda kv: str(kv[0])):
            for folder in sorted(packages) if root is None else ():
                verification.packages.append(
                    PackageCheck(workspace.display(folder), str(folder), "no-module", "not in a Go module")
                )
            if root is None:
                continue
            _ModuleVerifier(runner, workspace, root, out, overlays, refix, verification).run(packages)
    return verification


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    lines: tuple[str, ...]  # what go build / go vet printed, package headers removed
    builds: bool = True  # go build passed (go vet may still have complained)

    def new_since(self, before: _Outcome) -> list[str]:
        """Messages this outcome has that `before` did not (compared without positions)."""
        if self.ok:
            return []
        if before.ok:
            return list(self.lines) or ["failed"]
        seen = Counter(_normalized(line) for line in before.lines)
        new = []
        for line in self.lines:
            key = _normalized(line)
            if seen[key]:
                seen[key] -= 1
            else:
                new.append(line)
        return new


def _normalized(line: str) -> str:
    match = _POSITION.match(line)
    if match is None:
        return line
    return f"{os.path.basename(match['file'])}: {match['message']}"


class _GoRunner:
    def __init__(self, go: str, env: dict[str, str]):
        self.go = go
        self.env = env

    def run(self, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [self.go, *args],
                cwd=cwd,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=GO_TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise VerifyError(f"cannot run {self.go} {args[0]}: {err}") from err

    def version(self) -> str:
        done = self.run(["version"], Path.cwd())
        text = done.stdout.strip()
        # "go version go1.27.3 linux/amd64" -> "go1.27.3 linux/amd64"
        return text.removeprefix("go version ") or "go (unknown version)"

    def check(self, root: Path, packages: list[str], overlay: _Overlay | None) -> _Outcome:
        """`go build` then `go vet` of `packages` (./rel paths) in the module at `root`.  Messages
        name the original files (not the overlay's copies), each message once."""
        flags = [f"-overlay={overlay.description}"] if overlay is not None else []
        lines: list[str] = []
        seen: set[str] = set()
        ok = builds = True
        for command in (["build", "-o", os.devnull], ["vet"]):
            done = self.run([*command, *flags, *packages], root)
            if done.returncode == 0:
                continue
            ok = False
            builds = builds and command[0] != "build"
            for line in (done.stderr + done.stdout).splitlines():
                if not line.strip() or line.startswith("# "):
                    continue
                for copy, original in overlay.copies.items() if overlay is not None else ():
                    line = line.replace(copy, os.path.relpath(original, root))
                key = _normalized(line)
                if key not in seen:  # go vet repeats what go build said
                    seen.add(key)
                    lines.append(line)
        return _Outcome(ok, tuple(lines), builds)

    def listed(self, root: Path, packages: list[str], overlay: _Overlay) -> dict[Path, set[str]]:
        """For each package folder, the file names the go command builds there on this platform
        (with tests): a changed file it leaves out (another GOOS, a build tag) is not verified."""
        fields = "-json=Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles"
        done = self.run(["list", "-e", f"-overlay={overlay.description}", fields, *packages], root)
        built: dict[Path, set[str]] = {}
        decoder = json.JSONDecoder()
        text, at = done.stdout, 0
        while True:
            while at < len(text) and text[at].isspace():
                at += 1
            if at >= len(text):
                break
            try:
                item, at = decoder.raw_decode(text, at)
            except json.JSONDecodeError:
                break
            if "Dir" in item:
                names = {
                    n for key in ("GoFiles", "CgoFiles", "TestGoFiles", "XTestGoFiles") for n in item.get(key) or ()
                }
                built[Path(item["Dir"]).resolve()] = names
        return built


@dataclass(frozen=True)
class _Overlay:
    description: Path  # the -overlay JSON file
    copies: dict[str, str]  # the temporary copy -> the file it stands in for


class _Overlays:
    """Temporary files holding fixed bytes, and overlay descriptions pointing at them."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.count = 0

    def write(self, replacements: Mapping[str, bytes]) -> _Overlay:
        self.count += 1
        folder = self.scratch / str(self.count)
        folder.mkdir()
        mapping = {}
        for n, (path, data) in enumerate(sorted(replacements.items())):
            # one folder per copy keeps its base name, which messages compared by name rely on
            copy = folder / str(n) / os.path.basename(path)
            copy.parent.mkdir()
            copy.write_bytes(data)
            mapping[path] = str(copy)
        description = folder / "overlay.json"
        description.write_text(json.dumps({"Replace": mapping}))
        return _Overlay(description, {copy: original for original, copy in mapping.items()})


class _ModuleVerifier:
    def __init__(
        self,
        go: _GoRunner,
        workspace: Workspace,
        root: Path,
        results: list[FileResult],
        overlays: _Overlays,
        refix: Refix | None,
        verification: Verification,
    ):
        self.go, self.workspace, self.root = go, workspace, root
        self.results, self.overlays, self.refix = results, overlays, refix
        self.verification = verification
        self._baselines: dict[Path, _Outcome] = {}

    def _target(self, folder: Path) -> str:
        rel = os.path.relpath(folder, self.root).replace(os.sep, "/")
        return "." if rel == "." else "./" + rel

    def _fixed(self, reports: Sequence[FileReport]) -> dict[str, bytes]:
        # the go command resolves symlinks in its file names; overlay both spellings
        out: dict[str, bytes] = {}
        for report in reports:
            assert report.fixed is not None
            out[os.path.abspath(report.path)] = report.fixed
            out[os.path.realpath(report.path)] = report.fixed
        return out

    def _check(self, folders: list[Path], reports: Sequence[FileReport]) -> _Outcome:
        overlay = self.overlays.write(self._fixed(reports)) if reports else None
        return self.go.check(self.root, [self._target(f) for f in folders], overlay)

    def _baseline(self, folder: Path) -> _Outcome:
        if folder not in self._baselines:
            self._baselines[folder] = self._check([folder], [])
        return self._baselines[folder]

    def run(self, packages: dict[Path, list[int]]) -> None:
        folders = sorted(packages)
        everything = [self.results[i].report for f in folders for i in packages[f]]
        built = self.go.listed(
            self.root, [self._target(f) for f in folders], self.overlays.write(self._fixed(everything))
        )
        together = self._check(folders, everything)
        for folder in folders:
            names = built.get(folder.resolve(), set())
            left_out = [
                self.results[i].report.display
                for i in packages[folder]
                if os.path.basename(self.results[i].report.path) not in names
            ]
            note = f"not built on this platform: {', '.join(left_out)}" if left_out else ""
            if together.ok:
                self._record(folder, "not-built" if left_out else "verified", note)
                continue
            self._package(folder, packages[folder], note)

    def _record(self, folder: Path, status: str, detail: str = "") -> None:
        self.verification.packages.append(PackageCheck(self.workspace.display(folder), str(folder), status, detail))

    def _package(self, folder: Path, indexes: list[int], note: str) -> None:
        display = self.workspace.display(folder)
        reports = {i: self.results[i].report for i in indexes}
        fixed = self._check([folder], list(reports.values()))
        if fixed.ok:
            self._record(folder, "not-built" if note else "verified", note)
            return
        baseline = self._baseline(folder)
        if not fixed.new_since(baseline):
            if fixed.builds and baseline.builds:
                # it builds; go vet says only what it said before the fixes
                self._record(folder, "verified", "go vet complained before the fixes too, and says nothing new")
                return
            detail = "fails go build without the fixes too: " + "; ".join(baseline.lines[:3])
            self._record(folder, "fails-before", detail)
            return
        # 1. per file: which files' fixes break the package on their own
        kept: dict[int, FileReport] = {}
        culprits: dict[int, list[str]] = {}
        if len(indexes) == 1:
            culprits[indexes[0]] = fixed.new_since(baseline)
        else:
            for i in indexes:
                new = self._check([folder], [reports[i]]).new_since(baseline)
                if new:
                    culprits[i] = new
                else:
                    kept[i] = reports[i]
        # 2. per rule inside each culprit file
        narrowed: dict[int, FileReport] = {}
        for i in culprits:
            report = self._narrow(folder, i, list(kept.values()), baseline)
            if report is not None:
                narrowed[i] = kept[i] = report
        # 3. what is left must build together
        together = self._check([folder], list(kept.values())).new_since(baseline) if kept else []
        if together:
            for i in indexes:
                self._drop(display, i, together)
            self._record(folder, "dropped", "the fixes break the package together: " + "; ".join(together[:3]))
            return
        for i, messages in culprits.items():
            if i in narrowed:
                self._narrowed(display, i, narrowed[i], messages)
            else:
                self._drop(display, i, messages)
        self._record(folder, "narrowed" if kept else "dropped", note)

    def _narrow(self, folder: Path, index: int, others: list[FileReport], baseline: _Outcome) -> FileReport | None:
        """The file's fixes from the largest set of its rules that builds with `others`, found
        greedily: each rule's fixes are added in turn and kept when the package still builds (the
        fix loop runs again without the rules left out).  None when no rule's fixes build."""
        result = self.results[index]
        rules = sorted({a.rule for a in result.report.applied})
        if self.refix is None or len(rules) < 2:
            return None
        kept: list[str] = []
        best: FileReport | None = None
        for rule in rules:
            excluded = frozenset(rules) - {*kept, rule}
            if not excluded:
                break  # every rule together is what failed
            report = self.refix(result, excluded)
            if not report.changed or report.has_errors:
                continue
            if not self._check([folder], [*others, report]).new_since(baseline):
                kept.append(rule)
                best = report
        return best

    def _narrowed(self, display: str, index: int, report: FileReport, messages: list[str]) -> None:
        original = self.results[index].report
        lost = tuple(sorted({a.rule for a in original.applied} - {a.rule for a in report.applied}))
        message = "; ".join(messages[:5])
        self.verification.dropped.append(Dropped(display, original.display, original.path, lost, message))
        # the refixed run ignored the dropped rules: their findings are still there, unfixed
        report = dataclasses.replace(
            report,
            remaining=[*report.remaining, *(f for f in original.findings if f.rule in lost)],
            diagnostics=[*report.diagnostics, _warning(lost, message)],
            display=original.display,
            version_note=original.version_note,
        )
        self.results[index] = dataclasses.replace(self.results[index], report=report)

    def _drop(self, display: str, index: int, messages: list[str]) -> None:
        original = self.results[index].report
        rules = tuple(sorted({a.rule for a in original.applied}))
        message = "; ".join(messages[:5])
        self.verification.dropped.append(Dropped(display, original.display, original.path, rules, message))
        unfixed = dataclasses.replace(
            original,
            fixed=original.src,
            applied=[],
            remaining=list(original.findings),
            diagnostics=[*original.diagnostics, _warning(rules, message)],
        )
        self.results[index] = dataclasses.replace(self.results[index], report=unfixed)


def _warning(rules: tuple[str, ...], message: str) -> Diagnostic:
    names = ", ".join(rules)
    return Diagnostic("warning", f"{names} fixes dropped: the package no longer builds with them: {message}")
