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

from . import facts as factsmod
from . import syntax
from .facts import PackageFacts, ParsedFile
from .typecheck import PackageSource
from .workspace import Workspace, _is_go_file


def make_parsed(path: str, src: bytes, tree: syntax.Tree, workspace: Workspace) -> ParsedFile:
    package = syntax.package_name(tree)
    import_path = workspace.import_path_for(Path(path).parent, package)
    parsed = ParsedFile(path, src, tree, package, import_path)
    factsmod.read_imports(parsed)
    return parsed


class Loader(PackageSource):
    def __init__(self, workspace: Workspace, overlay: dict[str, bytes] | None = None):
        self.workspace = workspace
        self.overlay = overlay if overlay is not None else {}
        self._files: dict[str, tuple[tuple, ParsedFile | None]] = {}
        self._packages: dict[tuple, tuple[tuple, PackageFacts]] = {}
        self._imports: dict[str, PackageFacts | None] = {}

    # --- files ----------------------------------------------------------------------

    def parsed(self, path: str) -> ParsedFile | None:
        """The parsed file at `path` (the overlay wins over the disk), or None if unreadable."""
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
            try:
                with open(path, "rb") as handle:
                    src = handle.read()
            except OSError:
                self._files[path] = (stamp, None)
                return None
        if b"\x00" in src:
            self._files[path] = (stamp, None)
            return None
        parsed = make_parsed(path, src, syntax.parse(src), self.workspace)
        self._files[path] = (stamp, parsed)
        return parsed

    def _folder_files(self, directory: str, tests: bool = True) -> list[str]:
        try:
            names = sorted(n for n in os.listdir(directory) if _is_go_file(n))
        except OSError:
            names = []
        paths = [os.path.join(directory, n) for n in names]
        paths += [p for p in self.overlay if os.path.dirname(p) == directory and p not in paths]
        if not tests:
            paths = [p for p in paths if not p.endswith("_test.go")]
        return sorted(paths)

    # --- the package being checked -------------------------------------------------------

    def facts_for(self, current: ParsedFile) -> PackageFacts:
        """Facts of `current`'s package, with `current`'s own bytes standing in for the disk."""
        siblings = self._sibling_facts(current)
        facts = PackageFacts(siblings.import_path, current.package or siblings.name)
        facts.values = dict(siblings.values)
        facts.types = dict(siblings.types)
        facts.methods = {k: dict(v) for k, v in siblings.methods.items()}
        factsmod.index_file(facts, current)
        facts.files = [current, *siblings.files]
        return facts

    def _sibling_facts(self, current: ParsedFile) -> PackageFacts:
        directory = os.path.dirname(current.path)
        paths = [p for p in self._folder_files(directory) if p != current.path]
        members = [p for p in (self.parsed(path) for path in paths) if p is not None and p.package == current.package]
        stamp = tuple(id(p) for p in members)
        key = (directory, current.package, current.path)
        cached = self._packages.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        facts = factsmod.build_package(current.import_path, members)
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
            names = [p.package for p in parsed_files if p.package and p.package != "main"]
            if names:
                name = max(set(names), key=names.count)
                members = [p for p in parsed_files if p.package == name]
                found = factsmod.build_package(import_path, members)
        self._imports[import_path] = found
        return found

    def _directory_near_checked_files(self, import_path: str) -> Path | None:
        for path, (_, parsed) in list(self._files.items()):
            if parsed is None:
                continue
            directory = self.workspace.directory_for_import(import_path, Path(path).parent)
            if directory is not None:
                return directory
        return None
