"""The persistent cache: a file's report, reused for as long as nothing it depends on changed.

Like ruff's, it is on by default and lives with the project: `.gofixleak_cache/` at
the root of the module (or go.work workspace) around the working directory, with a
`.gitignore` inside so it is never committed; `--cache-dir` puts it elsewhere and
`--no-cache` bypasses it.  There is one JSON file per package folder and kind of
run (check, or diff/fix), under a folder named by gofixleak's version and a digest
of its own source (editing a rule in development starts afresh).

An entry is used only when its key matches and its dependencies hold:

- key: the file's bytes, the run's configuration (rules, options, fix level, Go
  version override), whether the file was named explicitly, the working directory
  (paths in messages are relative to it) and the go.mod / go.work that give the
  file its Go version;
- dependencies (recorded as the check ran, see `semantics.deps`): the folder
  listings and top-level names of the packages it consulted (its own, and imported
  packages of the module), the text and line of each declaration it used, and every
  file of a package it read as a whole; how each import path resolved.

So editing one function body re-checks that file and the files that used that
function; adding a declaration re-checks the package.  Files are recognised by
their stat (modification and change times, size, inode) when that is old enough
to be trusted, else by their bytes.  An entry that does not parse, is truncated or
comes from another version is ignored and rewritten, never trusted; writes go
through a temporary file and a rename, so concurrent runs leave valid files, and
an interrupted write leaves no temporary file behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gofixleak
from gofixleak.driver import fileio
from gofixleak.driver.loader import FileNames, KnownNames
from gofixleak.driver.workspace import Workspace, is_go_file
from gofixleak.engine.config import Config
from gofixleak.engine.results import AppliedFix, Diagnostic, FileReport
from gofixleak.engine.rule import Edit, Finding, Fix, Safety, Severity
from gofixleak.semantics import deps
from gofixleak.semantics.deps import Reads, digest
from gofixleak.semantics.facts import DeclNames, PackageFacts, ParsedFile
from gofixleak.semantics.goversion import GoVersion

CACHE_DIR_NAME = ".gofixleak_cache"
FORMAT = 1
MAGIC = "gofixleak-cache"


# --- where, and under which key ---------------------------------------------------------------


def default_directory(workspace: Workspace) -> Path:
    """`.gofixleak_cache` at the root of the go.work or module around the working directory
    (else in the working directory)."""
    work = workspace.work_for(workspace.cwd)
    module = workspace.module_for(workspace.cwd)
    root = work.root if work is not None else module.root if module is not None else workspace.cwd
    return root / CACHE_DIR_NAME


_TOOL: str | None = None


def tool_fingerprint() -> str:
    """gofixleak's version and a digest of its own source (the rules included), with the
    versions of the Python and the parser it runs on (a new grammar can parse differently)."""
    global _TOOL
    if _TOOL is None:
        import importlib.metadata
        import sys

        import gofixleak.rewrites as rewrites

        h = hashlib.blake2b(gofixleak.__version__.encode(), digest_size=16)
        h.update(sys.version.encode())
        for dist in ("tree-sitter", "tree-sitter-golang"):
            try:
                h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
            except importlib.metadata.PackageNotFoundError:
                h.update(f"{dist}=?".encode())
        for package in (Path(gofixleak.__file__).parent, Path(rewrites.__file__).parent):
            for path in sorted(package.rglob("*.py")):
                h.update(path.relative_to(package).as_posix().encode())
                h.update(path.read_bytes())
        _TOOL = h.hexdigest()
    return _TOOL


def config_fingerprint(config: Config, go: GoVersion | None, note: str = "", max_file_size: int = 0) -> str:
    """Everything in a configuration that can change a report."""
    parts = {
        "select": sorted(config.select) if config.select is not None else None,
        "ignore": sorted(config.ignore),
        "unsafe_fixes": config.unsafe_fixes,
        "options": sorted((k, repr(v)) for k, v in config.options.items()),
        "go": str(go) if go is not None else None,
        "go_note": note,
        "max_file_size": max_file_size,
    }
    return digest(json.dumps(parts, sort_keys=True).encode())


@dataclass(frozen=True)
class Keying:
    """What every entry of one run shares in its key (sent to worker processes), and where the
    names of files (`NamesStore`) are kept."""

    tool: str
    mode: str  # "check" or "fix"
    config: str
    cwd: str
    names: str = ""  # the NamesStore folder ("": none)

    @classmethod
    def of(cls, workspace: Workspace, config: Config, fix: bool, directory: Path | None = None) -> Keying:
        tool = tool_fingerprint()
        return cls(
            tool,
            "fix" if fix else "check",
            config_fingerprint(config, workspace.go_override, "", workspace.max_file_size),
            str(workspace.cwd),
            str(directory / tool_folder(tool) / "names") if directory is not None else "",
        )


def tool_folder(tool: str) -> str:
    """The cache's folder for this version of gofixleak."""
    return f"v{FORMAT}-{gofixleak.__version__}-{tool[:16]}"


def plan_fingerprint(keying: Keying, plan: Any, workspace: Workspace) -> str:
    """The configuration fingerprint of a file checked with its own plan (driver.runner.Plan:
    a configuration file's settings), else the run's."""
    if plan is None:
        return keying.config
    go = plan.go if plan.go is not None else workspace.go_override
    return config_fingerprint(plan.config, go, plan.go_note, workspace.max_file_size)


def entry_key(keying: Keying, configuration: str, workspace_digest: str, explicit: bool, source_digest: str) -> str:
    text = "\0".join((keying.tool, keying.mode, configuration, keying.cwd, workspace_digest, str(explicit)))
    return digest(os.fsencode(f"{text}\0{source_digest}"))  # a path may not be valid UTF-8


# --- the state of files now -------------------------------------------------------------------


Stat = tuple[int, int, int, int]  # mtime_ns, ctime_ns, size, inode


def stat_of(st: os.stat_result) -> Stat:
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class FileStates:
    """What files hold now, for one run: digests of their bytes (from a remembered stat when it
    still matches, else read), folder listings, and the digests of files parsed anew."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.known: dict[str, tuple[Stat, str]] = {}  # path -> (trusted stat, digest)
        self._raw: dict[str, Any] = {}  # path -> stats as a cache file had them
        self._digests: dict[str, str | None] = {}
        self._snapshots: dict[str, fileio.Snapshot] = {}
        self._listings: dict[tuple[str, bool], str] = {}
        self._parsed: dict[str, deps.FileDigests | None] = {}
        self._manifests: dict[str, str] = {}

    def remember(self, path: str, stat: Stat, source: str) -> None:
        self.known[path] = (stat, source)

    def remember_table(self, table: dict[str, Any]) -> None:
        """A cache file's stats (path -> [mtime, ctime, size, inode, digest]), read as they are
        needed: most name files of other folders this run never asks about.  (Two files may
        know different stats of one path; the one that no longer matches only costs a read.)"""
        self._raw.update(table)

    def known_for(self, path: str) -> tuple[Stat, str] | None:
        known = self.known.get(path)
        if known is None:
            value = self._raw.get(path)
            if value is not None:
                try:
                    mtime, ctime, size, inode, source = value
                    known = self.known[path] = ((_int(mtime), _int(ctime), _int(size), _int(inode)), _str(source))
                except (TypeError, ValueError):
                    return None  # damaged: the file's bytes will tell
        return known

    def digest(self, path: str) -> str | None:
        """The digest of the file's bytes now (None: it cannot be read)."""
        if path not in self._digests:
            found: str | None = None
            try:
                known = self.known_for(path)
                if known is not None and known[0] == stat_of(os.stat(path)):
                    found = known[1]
                else:
                    found = digest(self._read(path).data)
            except OSError:
                found = None
            self._digests[path] = found
        return self._digests[path]

    def _read(self, path: str) -> fileio.Snapshot:
        snapshot = self._snapshots.get(path)
        if snapshot is None:
            snapshot = self._snapshots[path] = fileio.read(path, self.workspace.max_file_size)
            if snapshot.stamp is not None:
                self.known[path] = (snapshot.stamp, digest(snapshot.data))
        return snapshot

    def snapshot(self, path: str) -> fileio.Snapshot:
        """The file as read for this run (once: its bytes are not kept after this)."""
        snapshot = self._read(path)
        del self._snapshots[path]
        return snapshot

    def listing(self, directory: str, tests: bool) -> str:
        """A digest of the Go files a folder holds (with or without tests)."""
        key = (directory, tests)
        if key not in self._listings:
            self._listings[key] = listing_digest(directory, tests)
        return self._listings[key]

    def digests(self, path: str) -> deps.FileDigests | None:
        """The names and declaration digests of the file as it is now (parsed once per run)."""
        if path not in self._parsed:
            from gofixleak.driver.loader import make_parsed
            from gofixleak.syntax import grammar

            try:
                data = self._read(path).data
            except OSError:
                self._parsed[path] = None
                return None
            with deps.unrecorded():
                parsed = make_parsed(path, data, grammar.parse(data), self.workspace)
                self._parsed[path] = deps.file_digests(parsed)
        return self._parsed[path]

    def manifests(self, folder: str) -> str:
        """A digest of the go.mod and go.work that give the folder's files their Go version."""
        if folder not in self._manifests:
            self._manifests[folder] = manifest_digest(self.workspace, folder)
        return self._manifests[folder]


def listing_digest(directory: str, tests: bool) -> str:
    try:
        names = sorted(n for n in os.listdir(directory) if is_go_file(n))
    except OSError:
        names = []
    return names_digest(names, tests)


def names_digest(names: list[str], tests: bool = True) -> str:
    """A digest of a folder's Go file names (base names), with or without tests."""
    kept = sorted(os.path.basename(n) for n in names if tests or not n.endswith("_test.go"))
    return digest(os.fsencode("\n".join(kept)))


def manifest_digest(workspace: Workspace, folder: str) -> str:
    parts = []
    for found in (workspace.module_for(Path(folder)), workspace.work_for(Path(folder))):
        if found is None:
            parts.append("-")
            continue
        try:
            parts.append(digest(found.manifest.read_bytes()))
        except OSError:
            parts.append("?")
    return "/".join(parts)


# --- what an entry holds ------------------------------------------------------------------------


def encode_report(report: FileReport) -> dict[str, Any]:
    """A report as JSON data (its path, bytes and display are the runner's)."""
    findings = [_finding_data(f) for f in report.findings]
    remaining: Any = "findings" if report.remaining == report.findings else [_finding_data(f) for f in report.remaining]
    fixed: Any = None
    if report.fixed is not None:
        fixed = "src" if report.fixed == report.src else report.fixed.decode("utf-8")
    return {
        "findings": findings,
        "remaining": remaining,
        "diagnostics": [[d.level, d.message, d.offset, d.rule] for d in report.diagnostics],
        "fixed": fixed,
        "applied": [[a.rule, a.message, a.line] for a in report.applied],
        "skipped": report.skipped,
        "version": str(report.version),
        "version_note": report.version_note,
        "generated": report.generated,
    }


def decode_report(path: str, src: bytes, data: dict[str, Any]) -> FileReport:
    """The report `encode_report` wrote (raises KeyError/TypeError/ValueError on bad data)."""
    findings = [_finding(f) for f in data["findings"]]
    remaining = findings if data["remaining"] == "findings" else [_finding(f) for f in _list(data["remaining"])]
    fixed_data = data["fixed"]
    fixed = None if fixed_data is None else src if fixed_data == "src" else _str(fixed_data).encode("utf-8")
    report = FileReport(path, src, GoVersion.parse(_str(data["version"])))
    report.findings, report.remaining, report.fixed = findings, remaining, fixed
    report.diagnostics = [
        Diagnostic(_str(level), _str(message), _opt_int(offset), _opt_str(rule))
        for level, message, offset, rule in _list(data["diagnostics"])
    ]
    report.applied = [AppliedFix(_str(r), _str(m), _int(line)) for r, m, line in _list(data["applied"])]
    report.skipped = _opt_str(data["skipped"])
    report.version_note = _str(data["version_note"])
    report.generated = bool(data["generated"])
    return report


def _finding_data(f: Finding) -> list[Any]:
    fixes = [[x.message, str(x.safety), list(x.imports), [[e.start, e.end, e.text] for e in x.edits]] for x in f.fixes]
    return [f.rule, f.start, f.end, f.message, str(f.severity), fixes]


def _finding(data: Any) -> Finding:
    rule, start, end, message, severity, fixes = _list(data)
    return Finding(
        _str(rule),
        _int(start),
        _int(end),
        _str(message),
        tuple(
            Fix(
                _str(m),
                tuple(Edit(_int(s), _int(e), _str(t)) for s, e, t in _list(edits)),
                Safety(safety),
                tuple(_str(i) for i in _list(imports)),
            )
            for m, safety, imports, edits in _list(fixes)
        ),
        Severity(severity),
    )


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


# --- dependencies: recorded by the worker, checked by the next run -------------------------------


@dataclass
class Dependencies:
    """The JSON-ready dependencies of one entry (see the module docstring)."""

    packages: dict[str, dict[str, Any]] = field(default_factory=dict)  # folder -> listing, files, whole
    decls: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> source digest, decl digests
    imports: dict[str, str | None] = field(default_factory=dict)  # import path -> folder
    exact: dict[str, str] = field(default_factory=dict)  # path -> source digest: every byte counts
    stats: dict[str, tuple[Stat, str]] = field(default_factory=dict)  # path -> trusted stat, digest

    def data(self) -> dict[str, Any]:
        return {"packages": self.packages, "decls": self.decls, "imports": self.imports, "exact": self.exact}


def record_dependencies(
    reads: Reads,
    own: ParsedFile,
    workspace: Workspace,
    report: FileReport,
    listed: Callable[[str], list[str] | None] = lambda folder: None,
) -> Dependencies:
    """The dependencies of the check of file `own` (as read from disk) from what it read; its
    own bytes are the entry's key (fix passes read fixed versions of it: those are not recorded).
    A file whose name the report's messages give with a line (`x.go:12`) is depended on to the
    byte: declarations are recorded by their text, not by where they are.  `listed(folder)`: the
    folder's Go files as the check listed them (a file added since is then a change)."""
    out = Dependencies()
    for facts in [*reads.names.values(), *(f for f in reads.whole.values() if id(f) not in reads.names)]:
        _package(out, facts, own, workspace, id(facts) in reads.whole, listed)
    for file, keys in reads.decls.values():
        if file.path.startswith("<") or file.path == own.path:
            continue  # the standard-library stubs are part of gofixleak; the file itself is the key
        digests = deps.file_digests(file)
        entry = out.decls.setdefault(file.path, {"source": digests.source, "decls": {}})
        for key in sorted(keys):
            entry["decls"]["\0".join(key)] = digests.decl(key)
        _stat(out, file)
    for import_path, imported in reads.imports.items():
        files = imported.file_list() if imported is not None else []
        out.imports[import_path] = os.path.dirname(files[0].path) if files else None
    named = _files_named_with_lines(report)
    if named:
        read = [f for f, _ in reads.decls.values()]
        for facts in [*reads.names.values(), *reads.whole.values()]:
            read.extend(facts.file_list())
        for file in read:
            if os.path.basename(file.path) in named and file.path != own.path and not file.path.startswith("<"):
                out.exact[file.path] = deps.file_digests(file).source
    return out


_FILE_LINE = re.compile(r"([\w.+-]+\.go):\d+")


def _files_named_with_lines(report: FileReport) -> set[str]:
    """Base names of Go files the report's messages point into (`x.go:12`)."""
    texts = [f.message for f in report.findings] + [x.message for f in report.findings for x in f.fixes]
    texts += [f.message for f in report.remaining] + [d.message for d in report.diagnostics]
    texts += [a.message for a in report.applied]
    return {m.group(1) for text in texts for m in _FILE_LINE.finditer(text)}


def _package(
    out: Dependencies,
    facts: PackageFacts,
    own: ParsedFile,
    workspace: Workspace,
    whole: bool,
    listed: Callable[[str], list[str] | None],
) -> None:
    files = [f for f in facts.file_list() if not f.path.startswith("<")]
    if not files:
        return
    folder = os.path.dirname(files[0].path)
    entry = out.packages.get(folder)
    if entry is None:
        # every Go file of the folder, tests included: a package's facts take in its own
        # _test.go files, so adding the first one is a change; the names as the check listed
        # them, so a file added while it ran is a change for the next run too
        names = listed(folder)
        listing = names_digest(names) if names is not None else None
        entry = out.packages[folder] = {
            "folder": folder,
            "listing": listing or _memo(workspace, ("listing", folder, True), lambda: listing_digest(folder, True)),
            "tests": True,
            "files": {},
        }
    entry["whole"] = bool(entry.get("whole")) or whole
    for file in files:
        digests = deps.file_digests(own if file.path == own.path else file)
        entry["files"][file.path] = [digests.source, digests.names]
        _stat(out, file)


def _stat(out: Dependencies, file: ParsedFile) -> None:
    if file.stamp is not None:
        out.stats[file.path] = (file.stamp, deps.file_digests(file).source)


def entry_for(keying: Keying, plan: Any, checker: Any, result: Any, explicit: bool, reads: Reads) -> tuple[Any, Any]:
    """(cache entry, stats of the files it depends on) for a file just checked, or (None, None)
    when its result is not to be kept (unreadable, changed while read; a rule failed on it)."""
    report, snapshot = result.report, result.snapshot
    if snapshot is None or any(d.rule is not None for d in report.diagnostics):
        return None, None
    folder = os.path.dirname(report.path)
    own = None
    if reads.names or reads.whole or reads.decls:
        with deps.unrecorded():
            own = checker.engine.loader.parsed(report.path)
        if own is None or own.src != snapshot.data:
            return None, None
    source = digest(snapshot.data)
    workspace = checker.workspace
    manifests = _memo(workspace, ("manifests", folder), lambda: manifest_digest(workspace, folder))
    key = entry_key(keying, plan_fingerprint(keying, plan, workspace), manifests, explicit, source)
    loader = checker.engine.loader
    listed = getattr(loader, "listed", lambda folder: None)
    dependencies = record_dependencies(reads, own, workspace, report, listed) if own is not None else Dependencies()
    stats = dict(dependencies.stats)
    if snapshot.stamp is not None:
        stats[report.path] = (snapshot.stamp, source)
    entry = {"key": key, "report": encode_report(report), "deps": dependencies.data()}
    return entry, stats


# Workspace (one per run) -> digests of folder listings and manifests: the disk does not change
# during a run, and the next run has a new workspace.
_RUN_MEMO: weakref.WeakKeyDictionary[Workspace, dict[tuple, str]] = weakref.WeakKeyDictionary()


def _memo(workspace: Workspace, key: tuple, compute: Callable[[], str]) -> str:
    memo = _RUN_MEMO.setdefault(workspace, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _resolve(workspace: Workspace, import_path: str, near: str) -> str | None:
    found = workspace.directory_for_import(import_path, workspace.cwd)
    if found is None:
        found = workspace.directory_for_import(import_path, Path(near))
    return str(found) if found is not None and found.is_dir() else None


# --- one folder's file ------------------------------------------------------------------------------


class Cache:
    """The cache of one run: reads folder files, answers hits, writes entries back."""

    def __init__(self, directory: Path, keying: Keying, workspace: Workspace):
        self.directory = directory
        self.keying = keying
        self.workspace = workspace
        self.states = FileStates(workspace)
        # one folder per configuration: runs that alternate settings do not evict each other
        self.base = directory / tool_folder(keying.tool) / f"{keying.mode}-{keying.config[:16]}"
        self._loaded: dict[str, dict[str, Any]] = {}
        self.tables: dict[str, Any] = {}  # package table id -> table (see Dependencies)
        self._tables_ok: dict[tuple[str, bool], bool] = {}
        self.writable = True
        self.reused = 0  # files whose entry held in this run
        self._fingerprints: dict[int, str] = {}  # id of a plan (kept alive by the run) -> its fingerprint
        self._resolved: dict[tuple[str, str], str | None] = {}

    def _path(self, folder: str) -> Path:
        name = hashlib.blake2b(os.fsencode(folder), digest_size=16).hexdigest()
        return self.base / name[:2] / f"{name}.json"

    def _load(self, folder: str) -> dict[str, Any]:
        """The folder's entries by path ({} when missing, unreadable, corrupt or foreign)."""
        if folder in self._loaded:
            return self._loaded[folder]
        entries: dict[str, Any] = {}
        try:
            with open(self._path(folder), "rb") as handle:
                document = json.loads(handle.read())
            if (
                isinstance(document, dict)
                and document.get("magic") == MAGIC
                and document.get("format") == FORMAT
                and document.get("tool") == self.keying.tool
                and document.get("mode") == self.keying.mode
                and document.get("folder") == folder
            ):
                tables, stats, found = document["packages"], document["stats"], document["entries"]
                if isinstance(tables, dict) and isinstance(stats, dict) and isinstance(found, dict):
                    self.states.remember_table(stats)
                    for pid, table in tables.items():
                        if pid == _table_id(table):  # content-addressed: a damaged table is not used
                            self.tables[pid] = table
                    entries = found
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            entries = {}
        self._loaded[folder] = entries
        return entries

    def _holds(self, dependencies: Any, folder: str) -> bool:
        """Whether everything an entry depended on is as it was (raises on malformed data)."""
        for pid, whole in dependencies["packages"].items():
            if not self._table_holds(_str(pid), bool(whole)):
                return False
        states = self.states
        for path, entry in dependencies["decls"].items():
            if states.digest(_str(path)) == entry["source"]:
                continue
            now = states.digests(path)
            if now is None:
                return False
            for key, expected in entry["decls"].items():
                if now.decl(tuple(_str(key).split("\0"))) != expected:
                    return False
        for import_path, resolved in dependencies["imports"].items():
            key = (_str(import_path), folder)
            if key not in self._resolved:
                self._resolved[key] = _resolve(self.workspace, key[0], folder)
            if self._resolved[key] != resolved:
                return False
        for path, source in dependencies["exact"].items():
            if states.digest(_str(path)) != source:
                return False
        return True

    def _table_holds(self, pid: str, whole: bool) -> bool:
        """A package's listing and files are as recorded: every file's bytes when `whole`, else
        its top-level names (checked once per run and table)."""
        key = (pid, whole)
        if key not in self._tables_ok:
            table = self.tables[pid]
            ok = self.states.listing(_str(table["folder"]), bool(table["tests"])) == table["listing"]
            for path, (source, names) in table["files"].items() if ok else ():
                if self.states.digest(_str(path)) == source:
                    continue
                now = None if whole else self.states.digests(path)
                if now is None or now.names != names:
                    ok = False
                    break
            self._tables_ok[key] = ok
        return self._tables_ok[key]

    def lookup(self, path: str, explicit: bool, plan: Any = None) -> tuple[FileReport, fileio.Snapshot | None] | None:
        """The cached report of a file (checked with `plan`, see driver.runner.Plan) and, when
        the report needs its bytes (findings, diagnostics, fixes), the file as read now; None
        when there is no entry that holds."""
        folder = os.path.dirname(path)
        entry = self._load(folder).get(path)
        if not isinstance(entry, dict):
            return None
        try:
            source = self.states.digest(path)
            if source is None:
                return None
            configuration = self._fingerprints.get(id(plan))
            if configuration is None:
                configuration = self._fingerprints[id(plan)] = plan_fingerprint(self.keying, plan, self.workspace)
            key = entry_key(self.keying, configuration, self.states.manifests(folder), explicit, source)
            if entry.get("key") != key or not self._holds(entry["deps"], folder):
                return None
            data = entry["report"]
            if not data["findings"] and not data["diagnostics"] and data["fixed"] in (None, "src"):
                quiet = decode_report(path, b"", data)  # nothing to show: no bytes needed
                self.reused += 1
                return quiet, None
            snapshot = self.states.snapshot(path)
            if digest(snapshot.data) != source:
                return None  # changed while we looked
            found = decode_report(path, snapshot.data, data), snapshot
            self.reused += 1
            return found
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def store(self, folder: str, entries: dict[str, Any], stats: dict[str, tuple[Stat, str]]) -> None:
        """Add entries (path -> entry, as `entry_for` made them) to the folder's file and write
        it atomically, with the package tables and the stats of the files they depend on."""
        for path, (stat, source) in stats.items():
            self.states.remember(path, stat, source)
        if not self.writable or not entries:
            return
        merged = {**self._load(folder), **{path: self._shared(entry) for path, entry in entries.items()}}
        needed: set[str] = set()
        tables: dict[str, Any] = {}
        for path, entry in merged.items():
            needed.add(path)
            needed.update(_dependency_paths(entry))
            for pid in entry.get("deps", {}).get("packages", {}):
                if pid in self.tables:
                    tables[pid] = self.tables[pid]
                    needed.update(self.tables[pid]["files"])
        known = {p: found for p in sorted(needed) if (found := self.states.known_for(p)) is not None}
        document = {
            "magic": MAGIC,
            "format": FORMAT,
            "tool": self.keying.tool,
            "mode": self.keying.mode,
            "folder": folder,
            "stats": {p: [*stat, source] for p, (stat, source) in known.items()},
            "packages": tables,
            "entries": merged,
        }
        try:
            self._ensure_directory()
            target = self._path(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_cache_file(target, json.dumps(document, separators=(",", ":")).encode())
        except OSError:
            self.writable = False  # a read-only tree: run on without writing
            return
        self._loaded[folder] = merged

    def _shared(self, entry: dict[str, Any]) -> dict[str, Any]:
        """The entry with its package tables moved into the shared, content-addressed table set
        (the files of a package are listed once per folder file, not once per entry)."""
        dependencies = dict(entry["deps"])
        references: dict[str, bool] = {}
        for table in dependencies["packages"].values():
            whole = table.pop("whole")
            pid = _table_id(table)
            self.tables[pid] = table
            references[pid] = bool(references.get(pid)) or whole
        dependencies["packages"] = references
        return {**entry, "deps": dependencies}

    def _ensure_directory(self) -> None:
        if (self.directory / ".gitignore").exists():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        write_cache_file(self.directory / ".gitignore", b"# created by gofixleak\n*\n")
        write_cache_file(
            self.directory / "CACHEDIR.TAG",
            b"Signature: 8a477f597d28d172789f06886806bc55\n# gofixleak's cache: see https://bford.info/cachedir/\n",
        )


class NamesStore(KnownNames):
    """The package clause, imports and top-level names of files by the digest of their bytes,
    one JSON file per folder (shared by every kind of run and configuration): a worker builds
    package facts from them without parsing files it does not check, so re-checking one file of
    a large package, or loading an imported package, parses only what is read."""

    def __init__(self, base: Path):
        self.base = base
        self._folders: dict[str, dict[str, Any]] = {}
        self._learned: dict[str, dict[str, Any]] = {}

    def _path(self, folder: str) -> Path:
        name = hashlib.blake2b(os.fsencode(folder), digest_size=16).hexdigest()
        return self.base / name[:2] / f"{name}.json"

    def _load(self, folder: str) -> dict[str, Any]:
        if folder not in self._folders:
            table: Any = {}
            try:
                document = json.loads(self._path(folder).read_bytes())
                if isinstance(document, dict) and document.get("magic") == MAGIC and document.get("folder") == folder:
                    table = document["files"]
            except (OSError, ValueError, TypeError, KeyError):
                table = {}
            self._folders[folder] = table if isinstance(table, dict) else {}
        return self._folders[folder]

    def lookup(self, path: str, src: bytes) -> FileNames | None:
        entry = self._load(os.path.dirname(path)).get(path)
        if not isinstance(entry, dict) or entry.get("source") != digest(src):
            return None
        try:
            values, types, methods = entry["names"]
            return FileNames(
                _opt_str(entry["package"]),
                {_str(k): _str(v) for k, v in entry["imports"].items()},
                [_str(p) for p in _list(entry["dot"])],
                [_str(p) for p in _list(entry["blank"])],
                DeclNames(
                    tuple(_str(v) for v in _list(values)),
                    tuple(_str(t) for t in _list(types)),
                    tuple((_str(t), _str(m)) for t, m in _list(methods)),
                ),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def learn(self, parsed: ParsedFile) -> None:
        names = parsed.names
        self._learned.setdefault(os.path.dirname(parsed.path), {})[parsed.path] = {
            "source": digest(parsed.src),
            "package": parsed.package,
            "imports": parsed.imports,
            "dot": parsed.dot_imports,
            "blank": parsed.blank_imports,
            "names": [names.values, names.types, names.methods],
        }

    def flush(self) -> None:
        """Write what was learned (each folder's file atomically) and forget what was read."""
        for folder, learned in self._learned.items():
            document = {"magic": MAGIC, "format": FORMAT, "folder": folder, "files": {**self._load(folder), **learned}}
            try:
                target = self._path(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                write_cache_file(target, json.dumps(document, separators=(",", ":")).encode())
            except OSError:
                break  # a read-only cache: nothing more to write
        self._learned.clear()
        self._folders.clear()


_NAMES: dict[str, NamesStore] = {}


def names_store(keying: Keying) -> NamesStore | None:
    """The process's NamesStore for this run's cache (None without one)."""
    if not keying.names:
        return None
    if keying.names not in _NAMES:
        _NAMES.clear()
        _NAMES[keying.names] = NamesStore(Path(keying.names))
    return _NAMES[keying.names]


def _dependency_paths(entry: Any) -> Iterable[str]:
    try:
        yield from entry["deps"]["decls"]
        yield from entry["deps"]["exact"]
    except (KeyError, TypeError, AttributeError):
        return


def _table_id(table: Any) -> str:
    return digest(json.dumps(table, sort_keys=True, separators=(",", ":")).encode())


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a temporary file beside it, then a rename; an
    interrupted write removes its temporary file).  Not synced: a file a crash leaves damaged
    is ignored and rewritten."""
    fileio.write_atomic(str(path), data, durable=False)
