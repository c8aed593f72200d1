"""Loading the sibling files of a package and the module's other packages.

The engine checks one file at a time from bytes it is given (which may be an
editor's unsaved buffer), but types come from the whole package: the loader
reads and parses the other files of the folder, caches them by modification
time, and builds the package facts with the given file's bytes in place of
what is on disk.  Overlays (path -> bytes) stand in for files on disk.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gofixleak.driver import fileio
from gofixleak.driver.workspace import Workspace, is_go_file
from gofixleak.engine.checker import FileSource
from gofixleak.semantics import buildtags, deps
from gofixleak.semantics import facts as factsmod
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.syntax import grammar


def make_parsed(path: str, src: bytes, tree: grammar.Tree, workspace: Workspace) -> ParsedFile:
    package = grammar.package_name(tree)
    import_path = workspace.import_path_for(Path(path).parent, package)
    parsed = ParsedFile(path, src, tree, package, import_path)
    factsmod.read_imports(parsed)
    return parsed


class KnownNames:
    """Where a loader can find a file's package clause, imports and top-level names without
    parsing it (driver.cache.NamesStore), and hand over those of the files it parsed."""

    def lookup(self, path: str, src: bytes) -> FileNames | None:  # pragma: no cover - interface
        return None

    def learn(self, parsed: ParsedFile) -> None:  # pragma: no cover - interface
        return None


@dataclass(frozen=True)
class FileNames:
    """What a file declares and imports, enough for package facts (its tree is parsed only when
    one of its declarations, or its body, is read)."""

    package: str | None
    imports: dict[str, str]
    dot_imports: list[str]
    blank_imports: list[str]
    names: factsmod.DeclNames

    @classmethod
    def of(cls, parsed: ParsedFile) -> FileNames:
        return cls(parsed.package, parsed.imports, parsed.dot_imports, parsed.blank_imports, parsed.names)

    def parsed(self, path: str, src: bytes, workspace: Workspace) -> ParsedFile:
        import_path = workspace.import_path_for(Path(path).parent, self.package)
        parsed = ParsedFile(
            path,
            src,
            None,
            self.package,
            import_path,
            dict(self.imports),
            list(self.dot_imports),
            list(self.blank_imports),
        )
        parsed.adopt_names(self.names)
        return parsed


# A tree takes about forty times its source in memory.  Bytes of source whose trees a loader
# holds at most (beyond, a large package's files are read by name and parsed as they are used),
# and bytes of imported packages whose names (not trees) it keeps from one package to the next.
TREE_BUDGET = 4 * 1024 * 1024
IMPORT_BUDGET = 16 * 1024 * 1024
IMPORT_TREE_BUDGET = 1024 * 1024
GC_BYTES = 8 * 1024 * 1024
NAMES_KEPT = 4000  # files whose names a loader remembers (about 5 kB each)


class Loader(FileSource):
    def __init__(self, workspace: Workspace, overlay: dict[str, bytes] | None = None, static: bool = False):
        """`static`: the files do not change while this loader lives (a CLI run), so each
        file is read and each folder listed once; otherwise every use re-checks the disk."""
        self.workspace = workspace
        self.overlay = overlay if overlay is not None else {}
        self.static = static
        self._listings: dict[tuple[str, bool], list[str]] = {}
        self._files: dict[str, tuple[tuple, ParsedFile | None]] = {}
        self._packages: dict[tuple, tuple[tuple, PackageFacts]] = {}
        self._imports: dict[str, PackageFacts | None] = {}  # oldest use first
        self._anchors: dict[tuple, Path] = {}  # (module, go.work) -> a folder of a file read
        self._unanchored: dict[str, None] = {}  # folders of files read since anchors were updated
        self._anchored_folders: set[str] = set()
        self._loaded_bytes = 0  # source bytes of the parsed files held (with or without trees)
        self.known_names: KnownNames | None = None  # names of files without parsing them
        # path -> (digest of its bytes, names) of files parsed before: a package let go and
        # needed again (an import of the next package) is read by name, not parsed again
        self._names: dict[str, tuple[str, FileNames]] = {}

    # --- files ----------------------------------------------------------------------

    def parsed(self, path: str, budget: list[int] | None = None) -> ParsedFile | None:
        """The parsed file at `path` (the overlay wins over the disk), or None if unreadable.
        With `budget` (bytes of source whose trees may still be kept), a file parsed now keeps
        its tree only within the budget (which it then uses up); else it keeps its names and
        imports, and is parsed again if its tree is needed."""
        if self.static and path in self._files:
            return self._files[path][1]
        if path in self.overlay:
            stamp: tuple = ("overlay", hash(self.overlay[path]))
        else:
            try:
                st = os.stat(path)
            except OSError:
                return None
            stamp = (st.st_mtime_ns, st.st_size)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        src = self.overlay.get(path)
        disk_stamp = None
        if src is None:
            try:  # only regular files within the size cap: a sibling FIFO must not block us
                snapshot = fileio.read(path, self.workspace.max_file_size)
            except OSError:
                self._files[path] = (stamp, None)
                return None
            src, disk_stamp = snapshot.data, snapshot.stamp
        if b"\x00" in src:
            self._files[path] = (stamp, None)
            return None
        known = self._known(path, src) if budget is not None else None
        if known is not None:
            parsed = known.parsed(path, src, self.workspace)  # parsed later, if ever needed
        else:
            parsed = make_parsed(path, src, grammar.parse(src), self.workspace)
            self._learn(parsed)
            if budget is not None:
                if budget[0] >= len(src):
                    budget[0] -= len(src)
                else:
                    parsed.forget_tree()
        parsed.stamp = disk_stamp
        previous = self._files.get(path)
        if previous is not None and previous[1] is not None:
            self._loaded_bytes -= len(previous[1].src)
        self._loaded_bytes += len(src)
        self._files[path] = (stamp, parsed)
        folder = os.path.dirname(path)
        if folder not in self._anchored_folders:
            self._unanchored[folder] = None
        return parsed

    def _known(self, path: str, src: bytes) -> FileNames | None:
        """What the file declares and imports, if read before (this run, or a cache)."""
        remembered = self._names.get(path)
        if remembered is not None and remembered[0] == deps.digest(src):
            return remembered[1]
        return self.known_names.lookup(path, src) if self.known_names is not None else None

    def _learn(self, parsed: ParsedFile) -> None:
        if len(self._names) >= NAMES_KEPT:
            for path in list(self._names)[: NAMES_KEPT // 4]:  # the oldest quarter
                del self._names[path]
        self._names[parsed.path] = (deps.digest(parsed.src), FileNames.of(parsed))
        if self.known_names is not None:
            self.known_names.learn(parsed)

    def _folder_files(self, directory: str, tests: bool = True) -> list[str]:
        if self.static and (directory, tests) in self._listings:
            return self._listings[(directory, tests)]
        try:
            names = sorted(n for n in os.listdir(directory) if is_go_file(n))
        except OSError:
            names = []
        paths = [os.path.join(directory, n) for n in names]
        paths += [p for p in self.overlay if os.path.dirname(p) == directory and p not in paths]
        if not tests:
            paths = [p for p in paths if not p.endswith("_test.go")]
        paths.sort()
        self._listings[(directory, tests)] = paths
        return paths

    def listed(self, directory: str) -> list[str] | None:
        """The folder's Go files (tests included) as this loader last listed them, if it did."""
        return self._listings.get((directory, True))

    # --- the package being checked -------------------------------------------------------

    def parsed_for(self, path: str, src: bytes, tree: grammar.Tree | None = None) -> ParsedFile:
        """The parsed file for these bytes: the cached disk copy when it is the same, else a new one."""
        if tree is None:
            cached = self.parsed(path) if os.path.isabs(path) else None
            if cached is not None and cached.src == src:
                return cached
            tree = grammar.parse(src)
        elif path in self._files:
            cached = self._files[path][1]
            if cached is not None and cached.tree is tree:
                return cached
        return make_parsed(path, src, tree, self.workspace)

    def facts_for(self, current: ParsedFile) -> PackageFacts:
        """Facts of `current`'s package, with `current`'s own bytes standing in for the disk."""
        with deps.unrecorded():
            return self._facts_for(current)

    def _facts_for(self, current: ParsedFile) -> PackageFacts:
        directory = os.path.dirname(current.path)
        config = buildtags.config_for(current.constraint)
        full = self._folder_facts(directory, current.package, current.import_path, config)
        files = full.file_list()
        if any(f is current for f in files):
            return full
        disk = next((f for f in files if f.path == current.path), None)
        return factsmod.replace_file(full, disk, current)

    def _folder_facts(
        self, directory: str, package: str | None, import_path: str, config: buildtags.Config | None
    ) -> PackageFacts:
        """The facts of one package of a folder, as built in `config`: the files that
        configuration compiles come first, so their declarations win over another platform's
        version of the same name (`x_windows.go`) or an `//go:build ignore` file; the others
        still count, last, for names nothing else declares and for uses."""
        budget = [TREE_BUDGET - self.tree_bytes()]
        members = [
            p
            for p in (self.parsed(path, budget) for path in self._folder_files(directory))
            if p is not None and p.package == package
        ]
        if config is not None:
            members = _in_build_order(members, config)
        stamp = tuple(id(p) for p in members)
        key = (directory, package, config)
        cached = self._packages.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        facts = factsmod.build_package(import_path, members)
        self._packages[key] = (stamp, facts)
        return facts

    # --- other packages of the module ---------------------------------------------------

    def package(self, import_path: str) -> PackageFacts | None:
        """The facts of a package of the module (or vendored, or replaced), by import path."""
        if import_path not in self._imports:
            with deps.unrecorded():
                self._load_package(import_path)
        found = self._imports.pop(import_path)
        self._imports[import_path] = found  # most recently used last
        deps.record_import(import_path, found)
        return found

    def _load_package(self, import_path: str) -> None:
        self._imports[import_path] = None  # guards against import cycles while loading
        directory = self.workspace.directory_for_import(import_path, self.workspace.cwd)
        found = None
        if directory is None:
            directory = self._directory_near_checked_files(import_path)
        if directory is not None and directory.is_dir():
            paths = self._folder_files(str(directory), tests=False)
            # an imported package's declarations are read from their files as they are used
            parsed_files = [p for p in (self.parsed(path, [0]) for path in paths) if p is not None]
            built = [p for p in parsed_files if p.constraint.holds(buildtags.DEFAULT)]
            names = [p.package for p in built or parsed_files if p.package and p.package != "main"]
            if names:
                name = max(set(names), key=names.count)
                members = _in_build_order([p for p in parsed_files if p.package == name], buildtags.DEFAULT)
                found = factsmod.build_package(import_path, members)
        self._imports[import_path] = found

    def _directory_near_checked_files(self, import_path: str) -> Path | None:
        """Resolve `import_path` from the builds (module and go.work) of the files read so far:
        one folder stands for each distinct build, so this stays cheap in a large tree."""
        for folder in self._unanchored:
            directory = Path(folder)
            build = (self.workspace.module_for(directory), self.workspace.work_for(directory))
            self._anchors.setdefault(build, directory)
            self._anchored_folders.add(folder)
        self._unanchored.clear()
        for directory in self._anchors.values():
            found = self.workspace.directory_for_import(import_path, directory)
            if found is not None:
                return found
        return None

    # --- memory ------------------------------------------------------------------------

    def tree_bytes(self) -> int:
        """Bytes of source whose trees this loader holds (a tree takes about forty times that)."""
        if self._loaded_bytes <= TREE_BUDGET:
            return self._loaded_bytes  # an upper bound, cheap: no need to count
        return sum(len(p.src) for _, p in self._files.values() if p is not None and p.has_tree)

    def shed_trees(self) -> None:
        """Let every tree go, between two checks of a package too large to hold parsed at once:
        files are replaced by copies that keep their names and imports, and facts are built
        again from those, reading each declaration from its file as it is used."""
        for path, (stamp, parsed) in list(self._files.items()):
            if parsed is not None and parsed.has_tree:
                self._files[path] = (stamp, parsed.without_tree())
        self._packages.clear()
        self._imports.clear()
        gc.collect()  # the files' indexes refer back to them: free the trees now, not some day

    def release(self, keep_bytes: int = IMPORT_BUDGET, keep_tree_bytes: int = IMPORT_TREE_BUDGET) -> None:
        """Forget what was read to check a package (a worker moving on to the next): its files,
        trees and facts.  The most recently used imported packages stay, with the trees of the
        files whose declarations were read, within `keep_bytes` of source and `keep_tree_bytes`
        of it parsed (the next package likely imports them too).  Memory stays bounded however
        many packages one process checks."""
        kept_imports: dict[str, PackageFacts | None] = {}
        kept_files: set[str] = set()
        total = trees = 0
        for import_path, facts in reversed(self._imports.items()):  # most recently used first
            files = facts.file_list() if facts is not None else []
            size = sum(len(f.src) for f in files)
            parsed = sum(len(f.src) for f in files if f.has_tree)
            if total + size <= keep_bytes and trees + parsed <= keep_tree_bytes:
                total, trees = total + size, trees + parsed
                kept_imports[import_path] = facts
                kept_files.update(f.path for f in files)
        kept: dict[str, tuple[tuple, ParsedFile | None]] = {}
        for path, entry in self._files.items():
            if path in kept_files:
                kept[path] = entry
            elif entry[1] is not None:
                entry[1].forget_derived()  # its symbol tables and indexes refer back to it
        released = self.tree_bytes() - trees
        self._files = kept
        self._loaded_bytes = sum(len(p.src) for _, p in kept.values() if p is not None)
        self._imports = dict(reversed(kept_imports.items()))  # least recently used first, again
        self._packages.clear()
        self._listings.clear()
        if released > GC_BYTES:
            gc.collect()  # whatever else still refers back to the files: free large trees now
        trim_memory()


def trim_memory() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise: trees are freed in the
    middle of the heap, and the process would keep the footprint of its largest package)."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: Any = None


def _in_build_order(files: list[ParsedFile], config: buildtags.Config) -> list[ParsedFile]:
    """The files `config` builds first, then the others (each group in its original order)."""
    built = [f for f in files if f.constraint.holds(config)]
    return built + [f for f in files if not f.constraint.holds(config)]
