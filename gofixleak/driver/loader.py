"""Loading the sibling files of a package and the module's other packages.

The engine checks one file at a time from bytes it is given (which may be an
editor's unsaved buffer), but types come from the whole package: the loader
reads and parses the other files of the folder, caches them by modification
time, and builds the package facts with the given file's bytes in place of
what is on disk.  Overlays (path -> bytes) stand in for files on disk.
"""

from __future__ import annotations

import os
from pathlib import Path

from gofixleak.driver import fileio
from gofixleak.driver.workspace import Workspace, is_go_file
from gofixleak.engine.checker import FileSource
from gofixleak.semantics import buildtags
from gofixleak.semantics import facts as factsmod
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.syntax import grammar


def make_parsed(path: str, src: bytes, tree: grammar.Tree, workspace: Workspace) -> ParsedFile:
    package = grammar.package_name(tree)
    import_path = workspace.import_path_for(Path(path).parent, package)
    parsed = ParsedFile(path, src, tree, package, import_path)
    factsmod.read_imports(parsed)
    return parsed


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
        self._imports: dict[str, PackageFacts | None] = {}
        self._anchors: dict[tuple, Path] = {}  # (module, go.work) -> a folder of a file read
        self._anchored = 0  # how many of self._files the anchors cover

    # --- files ----------------------------------------------------------------------

    def parsed(self, path: str) -> ParsedFile | None:
        """The parsed file at `path` (the overlay wins over the disk), or None if unreadable."""
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
        if src is None:
            try:  # only regular files within the size cap: a sibling FIFO must not block us
                src = fileio.read(path, self.workspace.max_file_size).data
            except OSError:
                self._files[path] = (stamp, None)
                return None
        if b"\x00" in src:
            self._files[path] = (stamp, None)
            return None
        parsed = make_parsed(path, src, grammar.parse(src), self.workspace)
        self._files[path] = (stamp, parsed)
        return parsed

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
        directory = os.path.dirname(current.path)
        config = buildtags.config_for(current.constraint)
        full = self._folder_facts(directory, current.package, current.import_path, config)
        if any(f is current for f in full.files):
            return full
        disk = next((f for f in full.files if f.path == current.path), None)
        return factsmod.replace_file(full, disk, current)

    def _folder_facts(
        self, directory: str, package: str | None, import_path: str, config: buildtags.Config | None
    ) -> PackageFacts:
        """The facts of one package of a folder, as built in `config`: the files that
        configuration compiles come first, so their declarations win over another platform's
        version of the same name (`x_windows.go`) or an `//go:build ignore` file; the others
        still count, last, for names nothing else declares and for uses."""
        members = [
            p
            for p in (self.parsed(path) for path in self._folder_files(directory))
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
        if import_path in self._imports:
            return self._imports[import_path]
        self._imports[import_path] = None  # guards against import cycles while loading
        directory = self.workspace.directory_for_import(import_path, self.workspace.cwd)
        found = None
        if directory is None:
            directory = self._directory_near_checked_files(import_path)
        if directory is not None and directory.is_dir():
            paths = self._folder_files(str(directory), tests=False)
            parsed_files = [p for p in (self.parsed(path) for path in paths) if p is not None]
            built = [p for p in parsed_files if p.constraint.holds(buildtags.DEFAULT)]
            names = [p.package for p in built or parsed_files if p.package and p.package != "main"]
            if names:
                name = max(set(names), key=names.count)
                members = _in_build_order([p for p in parsed_files if p.package == name], buildtags.DEFAULT)
                found = factsmod.build_package(import_path, members)
        self._imports[import_path] = found
        return found

    def _directory_near_checked_files(self, import_path: str) -> Path | None:
        """Resolve `import_path` from the builds (module and go.work) of the files read so far:
        one folder stands for each distinct build, so this stays cheap in a large tree."""
        for path in list(self._files)[self._anchored :]:
            directory = Path(os.path.dirname(path))
            build = (self.workspace.module_for(directory), self.workspace.work_for(directory))
            self._anchors.setdefault(build, directory)
        self._anchored = len(self._files)
        for directory in self._anchors.values():
            found = self.workspace.directory_for_import(import_path, directory)
            if found is not None:
                return found
        return None


def _in_build_order(files: list[ParsedFile], config: buildtags.Config) -> list[ParsedFile]:
    """The files `config` builds first, then the others (each group in its original order)."""
    built = [f for f in files if f.constraint.holds(config)]
    return built + [f for f in files if not f.constraint.holds(config)]
