"""What to check: expanding arguments into Go files, and each file's language version.

Arguments are files, folders (walked recursively) and Go patterns (`./...`,
`./pkg/...`).  Walks skip `vendor/`, `testdata/` and folders whose names start
with `.` or `_`, like the go command does.  A file's language version comes
from `--go`, else its `//go:build go1.N` line combined with the nearest
go.mod's `go` line (or go.work's, outside any module), else the newest version
gofixleak knows.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gofixleak.driver import fileio, paths
from gofixleak.semantics import goversion
from gofixleak.semantics.goversion import GoVersion

SKIPPED_DIRS = frozenset({"vendor", "testdata"})
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Module:
    root: Path
    path: str | None
    go: GoVersion | None
    manifest: Path  # the go.mod (or go.work) that defines it
    # module paths served from folders: go.mod/go.work `replace old => ./dir`, go.work `use ./dir`
    replaces: tuple[tuple[str, Path], ...] = ()
    uses: tuple[Path, ...] = ()
    go_line: bool = True  # whether the manifest has a `go` line at all (readable or not)


@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    explicit: set[Path] = field(default_factory=set)  # files named on the command line
    excluded: list[Path] = field(default_factory=list)  # dropped by a configuration file's exclude
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_generated(src: bytes) -> bool:
    """The Go convention: a `// Code generated ... DO NOT EDIT.` line before the package clause."""
    if src.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
        src = src[3:]
    head = src.split(b"\npackage ", 1)[0] if not src.startswith(b"package ") else b""
    return bool(_GENERATED.search(head))


def _skip_dir(name: str) -> bool:
    return name in SKIPPED_DIRS or name.startswith(".") or name.startswith("_")


def is_go_file(name: str) -> bool:
    return name.endswith(".go") and not name.startswith((".", "_"))


class Workspace:
    def __init__(
        self,
        cwd: Path | None = None,
        go_override: GoVersion | None = None,
        max_file_size: int = fileio.DEFAULT_MAX_FILE_SIZE,
    ):
        self.cwd = (cwd or Path.cwd()).resolve()
        self.go_override = go_override
        self.max_file_size = max_file_size
        self._modules: dict[Path, Module | None] = {}
        self._works: dict[Path, Module | None] = {}

    # --- files ----------------------------------------------------------------------

    def expand(self, args: list[str]) -> Expansion:
        out = Expansion()
        seen: set[Path] = set()

        def add(path: Path, explicit: bool = False) -> None:
            # only regular files within the size cap are read: others are named and skipped
            why = fileio.problem(path, self.max_file_size)
            if why is not None:
                shown = paths.shown(self.display(path))
                (out.errors if explicit else out.warnings).append(f"{shown}: skipped: {why}")
                return
            # keep the path as named (a symlink stays a symlink); dedupe by what it points to
            absolute = Path(os.path.abspath(path))
            key = Path(os.path.realpath(path))
            if key not in seen:
                seen.add(key)
                out.files.append(absolute)
            if explicit:
                out.explicit.add(absolute)

        for arg in args or ["./..."]:
            if "..." in arg:
                base, regex = self._pattern(arg)
                if not base.is_dir():
                    out.errors.append(f"{arg}: pattern matches no directory ({base} does not exist)")
                    continue
                before = len(out.files)
                for path in self._walk(base, regex, out):
                    add(path)
                if len(out.files) == before:
                    out.warnings.append(f"{arg}: matched no Go files")
                continue
            path = Path(arg)
            if not path.is_absolute():
                path = self.cwd / path
            try:
                st = path.lstat()
            except OSError as err:
                missing = err.errno in (errno.ENOENT, errno.ENOTDIR)
                out.errors.append(f"{arg}: {'no such file or directory' if missing else fileio.problem(path)}")
                continue
            if os.path.isdir(path) and (not stat.S_ISLNK(st.st_mode) or os.path.exists(path)):
                before = len(out.files)
                for found in self._walk(path, None, out):
                    add(found)
                if len(out.files) == before:
                    out.warnings.append(f"{arg}: no Go files in this folder")
            elif not path.name.endswith(".go"):
                out.errors.append(f"{arg}: not a Go file (expected a .go file, a folder or a pattern like ./...)")
            else:
                add(path, explicit=True)
        out.warnings.extend(self._manifest_warnings(out.files))
        return out

    def _manifest_warnings(self, files: list[Path]) -> list[str]:
        """One warning per go.mod/go.work of the checked files whose `go` line cannot be read."""
        warnings: list[str] = []
        manifests: set[Path] = set()
        for directory in {f.parent for f in files}:
            for found in (self.module_for(directory), self.work_for(directory)):
                if found is not None:
                    manifests.add(found.manifest)
        for manifest in sorted(manifests):
            try:
                problem = goversion.go_directive_problem(manifest.read_bytes())
            except OSError:
                continue
            if problem is not None:
                line, text = problem
                warnings.append(
                    f"{self.display(manifest)}:{line}: malformed go line {text!r}; "
                    f"its files get the newest version gofixleak knows ({goversion.NEWEST})"
                )
        return warnings

    def _pattern(self, arg: str) -> tuple[Path, re.Pattern[str]]:
        """The folder to walk for a Go pattern, and a regex its folders must match."""
        absolute = os.path.isabs(arg)
        text = arg if absolute else self._relative(arg)
        head = text.split("...", 1)[0]
        base_text = head.rsplit("/", 1)[0] if "/" in head else ("/" if absolute and head == "/" else ".")
        base = Path(base_text) if absolute else self.cwd / base_text
        if text == "...":
            regex = ".*"
        elif text.endswith("/..."):
            # `x/...` also matches x itself, like the go command
            regex = re.escape(text[: -len("/...")]) + "(/.*)?"
        else:
            regex = re.escape(text).replace(re.escape("..."), ".*")
        return base, re.compile("^" + regex + "$")

    @staticmethod
    def _relative(arg: str) -> str:
        text = arg.replace(os.sep, "/")
        while text.startswith("./"):
            text = text[2:]
        return text or "."

    def _walk(self, root: Path, regex: re.Pattern[str] | None, out: Expansion) -> Iterator[Path]:
        def unreadable(err: OSError) -> None:
            shown = paths.shown(self.display(err.filename if err.filename else root))
            out.warnings.append(f"{shown}: skipped: cannot list folder: {err.strerror or err}")

        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d))
            current = Path(dirpath)
            if regex is not None and not regex.match(self._pattern_path(current, regex)):
                continue
            for name in sorted(filenames):
                if is_go_file(name):
                    yield current / name

    def _pattern_path(self, directory: Path, regex: re.Pattern[str]) -> str:
        if regex.pattern.startswith("^/"):
            return directory.as_posix()
        return os.path.relpath(directory, self.cwd).replace(os.sep, "/")

    def display(self, path: Path | str) -> str:
        """The path as printed: relative to the working directory when inside it."""
        path = Path(os.path.abspath(path))
        try:
            return path.relative_to(self.cwd).as_posix()
        except ValueError:
            return str(path)

    # --- modules and versions ------------------------------------------------------

    def module_for(self, directory: Path) -> Module | None:
        if directory in self._modules:  # as named: spares resolve()'s system calls on every look-up
            return self._modules[directory]
        named = directory
        directory = directory.resolve()
        if directory in self._modules:
            self._modules[named] = self._modules[directory]
            return self._modules[directory]
        gomod = directory / "go.mod"
        module: Module | None
        if gomod.is_file():
            try:
                data = gomod.read_bytes()
            except OSError:
                data = b""
            module = Module(
                directory,
                goversion.module_path(data),
                goversion.go_directive(data),
                gomod,
                replaces=_replacements(directory, data),
                go_line=goversion.has_go_line(data),
            )
        elif directory.parent == directory:
            module = None
        else:
            module = self.module_for(directory.parent)
        self._modules[directory] = module
        self._modules[named] = module
        return module

    def work_for(self, directory: Path) -> Module | None:
        if directory in self._works:
            return self._works[directory]
        named = directory
        directory = directory.resolve()
        if directory in self._works:
            self._works[named] = self._works[directory]
            return self._works[directory]
        gowork = directory / "go.work"
        work: Module | None
        if gowork.is_file():
            try:
                data = gowork.read_bytes()
            except OSError:
                data = b""
            work = Module(
                directory,
                None,
                goversion.go_directive(data),
                gowork,
                replaces=_replacements(directory, data),
                uses=tuple((directory / use).resolve() for use in goversion.use_directives(data)),
            )
        elif directory.parent == directory:
            work = None
        else:
            work = self.work_for(directory.parent)
        self._works[directory] = work
        self._works[named] = work
        return work

    def version_for(self, path: Path | str, src: bytes) -> tuple[GoVersion, str]:
        """The file's Go language version and a short note of where it came from."""
        if self.go_override is not None:
            return self.go_override, f"--go {self.go_override}"
        directory = Path(path).parent
        module = self.module_for(directory)
        base: GoVersion | None = None
        origin = ""
        if module is not None and module.go is not None:
            base, origin = module.go, f"go {module.go} in {self.display(module.manifest)}"
        elif module is not None and not module.go_line:
            # the go command's rule: a go.mod without a go line means go 1.16
            base = goversion.GO_LINE_MISSING
            origin = f"go {base}, as the go command assumes for {self.display(module.manifest)} without a go line"
        else:
            work = self.work_for(directory)
            if work is not None and work.go is not None:
                base, origin = work.go, f"go {work.go} in {self.display(work.manifest)}"
        expr = goversion.build_constraint(src)
        constraint = goversion.constraint_version(expr) if expr else None
        version = goversion.file_version(base, constraint)
        if version is not None and constraint is not None and version != base:
            return version, f"go{version} from its //go:build line" + (f" ({origin})" if origin else "")
        if version is not None:
            return version, origin
        return goversion.NEWEST, f"newest known version {goversion.NEWEST} (no go.mod or go.work found)"

    def import_path_for(self, directory: Path, package_name: str | None) -> str:
        """A stable import path for the package in `directory` (external tests get `_test`)."""
        directory = directory.resolve()
        module = self.module_for(directory)
        if module is not None and module.path:
            rel = directory.relative_to(module.root).as_posix()
            if module.path == "std":  # $GOROOT/src: import paths have no module prefix
                base = rel
            else:
                base = module.path if rel == "." else f"{module.path}/{rel}"
        else:
            base = directory.as_posix()
        if package_name and package_name.endswith("_test"):
            return base + "_test"
        return base

    def directory_for_import(self, import_path: str, near: Path) -> Path | None:
        """The folder of a package by its import path, as the build around `near` finds it: in the
        module around `near`, its vendor/ folder, a folder its go.mod `replace`s a module with, or
        another module of the go.work around it (its `use` lines and `replace`s)."""
        module = self.module_for(near)
        if module is not None and module.path == "std":
            # the standard library vendors golang.org/x packages under src/vendor
            for candidate in (module.root / import_path, module.root / "vendor" / import_path):
                if candidate.is_dir():
                    return candidate
            return None
        if module is not None:
            found = _within(import_path, module.path, module.root)
            if found is not None:
                return found
            # a vendored module (`go mod vendor`, as kubernetes does): the build reads every
            # other module's packages from vendor/, replaces already applied
            if (module.root / "vendor" / "modules.txt").is_file():
                vendored = module.root / "vendor" / import_path
                if vendored.is_dir():
                    return vendored
        work = self.work_for(near)
        replaces = (work.replaces if work is not None else ()) + (module.replaces if module is not None else ())
        for old, folder in replaces:
            found = _within(import_path, old, folder)
            if found is not None:
                return found
        for folder in work.uses if work is not None else ():
            used = self.module_for(folder)
            if used is not None and used.root == folder and used is not module:
                found = _within(import_path, used.path, used.root)
                if found is not None:
                    return found
        return None


def _within(import_path: str, module_path: str | None, root: Path) -> Path | None:
    """The folder of `import_path` in a module with this path and root, if it belongs to it."""
    if not module_path:
        return None
    if import_path == module_path:
        return root
    if import_path.startswith(module_path + "/"):
        return root / import_path[len(module_path) + 1 :]
    return None


def _replacements(directory: Path, data: bytes) -> tuple[tuple[str, Path], ...]:
    return tuple((old, (directory / target).resolve()) for old, target in goversion.local_replacements(data))
