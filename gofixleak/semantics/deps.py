"""What a check read besides its own file: the dependencies of one file's result.

Checking a file reads its package's top-level declarations, sometimes every file of
the package (package-wide questions: who else stores into this field?) and the
declarations of packages it imports.  The persistent cache (driver/cache) keeps a
file's result exactly as long as everything the check read is unchanged, so
editing one function body re-checks the files that used that function, not the
whole package.  This module records those reads while a check runs:

- `names`: a package whose top-level names a lookup consulted.  A lookup that
  finds nothing, or finds a name in one file, depends on every file's names
  (another file could declare it), so this covers all files of the package.
- `decls`: one declaration a lookup returned, by file and key (`("v", name)`,
  `("t", name)`, `("m", type, name)`); its text is what was read.  Where it is (its line)
  is not: a result that names a place in another file (`x.go:12`) depends on all of that
  file's bytes (driver.cache finds such mentions in the report's messages).
- `whole`: a package whose files were read as a whole (`PackageFacts.files`, the
  package index).
- `imports`: how import paths resolved to packages (None: not found).

The package facts hold their declarations in tracked containers (`TrackedDict`,
`TrackedFiles`) that report reads to the recording in progress.  Building facts
(the loader) runs `unrecorded()`.  Caches that outlive one check must be pure
functions of one file, or record what they read each time they answer: `remembered`
(through `PackageFacts.remembered`) keeps each answer with its reads and replays them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from gofixleak.semantics.facts import PackageFacts, ParsedFile

T = TypeVar("T")


@dataclass(eq=False)
class Reads:
    """Everything one check read from other files (and from its own package as a whole)."""

    names: dict[int, PackageFacts] = field(default_factory=dict)  # id -> facts
    decls: dict[int, tuple[ParsedFile, set[tuple[str, ...]]]] = field(default_factory=dict)
    whole: dict[int, PackageFacts] = field(default_factory=dict)
    imports: dict[str, PackageFacts | None] = field(default_factory=dict)

    def add_names(self, facts: PackageFacts) -> None:
        self.names.setdefault(id(facts), facts)

    def add_decl(self, file: ParsedFile, key: tuple[str, ...]) -> None:
        entry = self.decls.get(id(file))
        if entry is None:
            entry = self.decls[id(file)] = (file, set())
        entry[1].add(key)

    def add_whole(self, facts: PackageFacts) -> None:
        self.whole.setdefault(id(facts), facts)

    def merge(self, other: Reads) -> None:
        """Add everything `other` read to these reads."""
        for facts in other.names.values():
            self.add_names(facts)
        for file, keys in other.decls.values():
            for key in keys:
                self.add_decl(file, key)
        for facts in other.whole.values():
            self.add_whole(facts)
        for path, facts_or_none in other.imports.items():
            self.imports.setdefault(path, facts_or_none)


_current: Reads | None = None


def current() -> Reads | None:
    """The recording in progress (None when nothing records)."""
    return _current


@contextmanager
def recording() -> Iterator[Reads]:
    """Record the reads of the code run inside (recordings nest: the inner one wins)."""
    global _current
    previous, reads = _current, Reads()
    _current = reads
    try:
        yield reads
    finally:
        _current = previous


@contextmanager
def unrecorded() -> Iterator[None]:
    """Run code whose reads are not the check's (building facts, indexing files)."""
    global _current
    previous, _current = _current, None
    try:
        yield
    finally:
        _current = previous


def replay(reads: Reads) -> None:
    """Report `reads` to the recording in progress, as if read again now."""
    if _current is not None and _current is not reads:
        _current.merge(reads)


_MISSING = object()
# The answers being computed (outermost first), and whether each was cut short by a cycle back
# into one below it: such an answer depends on where the cycle was entered, and is not kept.
_ACTIVE: list[tuple[int, Any]] = []
_CUT: list[bool] = []


def remembered(memo: dict[Any, tuple[Any, Reads]], key: Any, compute: Callable[[], T], cycle: Any = _MISSING) -> T:
    """`compute()`, kept in `memo` under `key` with the reads it made; a later call with the same
    key replays those reads before answering, so a remembered answer (kept with package facts,
    for the checks of other files) still makes each asking file's result depend on what the
    answer was computed from.  A question asked again while it is being answered gets `cycle`
    (without one, that is an error); answers that used such a cut are not kept, so what is kept
    never depends on which file asked first."""
    hit = memo.get(key, _MISSING)
    if hit is not _MISSING:
        value, reads = cast(tuple[T, Reads], hit)
        replay(reads)
        return value
    frame = (id(memo), key)
    if frame in _ACTIVE:
        if cycle is _MISSING:
            raise RecursionError(f"{key!r} asked while being answered")
        for position in range(_ACTIVE.index(frame) + 1, len(_ACTIVE)):
            _CUT[position] = True
        return cast(T, cycle)
    _ACTIVE.append(frame)
    _CUT.append(False)
    try:
        with recording() as reads:
            value = compute()
    finally:
        _ACTIVE.pop()
        cut = _CUT.pop()
    replay(reads)
    if not cut:
        memo[key] = (value, reads)
    return value


def record_import(import_path: str, facts: PackageFacts | None) -> None:
    if _current is not None:
        _current.imports.setdefault(import_path, facts)


def record_whole(facts: PackageFacts) -> None:
    if _current is not None:
        _current.add_whole(facts)


class TrackedDict(dict):
    """A package's declarations by name (`values`, `types`, or one type's `methods`) that
    report every read to the recording in progress.  Writes are not reads."""

    __slots__ = ("facts", "kind", "prefix")

    def __init__(self, facts: PackageFacts, kind: str, prefix: tuple[str, ...] = (), *args: Any):
        super().__init__(*args)
        self.facts = facts
        self.kind = kind  # "v", "t", "m" (one type's methods) or "M" (types -> methods)
        self.prefix = prefix

    def _found(self, name: Any) -> Any:
        """The declaration under `name`, read from its file now if only the file was entered
        (see facts.index_file)."""
        found = dict.get(self, name)
        if found is not None and self.kind != "M" and not hasattr(found, "file"):  # a ParsedFile
            found = found.declaration((self.kind, *self.prefix, str(name)))
            dict.__setitem__(self, name, found)
        return found

    def _read(self, name: object, found: object) -> None:
        reads = _current
        if reads is None:
            return
        reads.add_names(self.facts)
        if found is not None and self.kind != "M":
            _add(reads, found, (self.kind, *self.prefix, str(name)))

    def _read_all(self) -> None:
        reads = _current
        if reads is None:
            return
        reads.add_names(self.facts)
        for name, found in dict.items(self):
            if self.kind == "M":
                for method, decl in dict.items(found):
                    _add(reads, decl, ("m", str(name), str(method)))
            else:
                _add(reads, found, (self.kind, *self.prefix, str(name)))

    def _materialize(self) -> None:
        if self.kind == "M":
            return  # the values are the tables of each type's methods
        for name in [n for n, found in dict.items(self) if not hasattr(found, "file")]:
            self._found(name)

    def get(self, name: Any, default: Any = None) -> Any:
        found = self._found(name)
        self._read(name, found)
        return default if found is None else found

    def __getitem__(self, name: Any) -> Any:
        self._read(name, self._found(name))
        return dict.__getitem__(self, name)

    def __contains__(self, name: object) -> bool:
        self._read(name, dict.get(self, name))
        return dict.__contains__(self, name)

    # reading every entry: each declaration is read
    def __iter__(self) -> Iterator[Any]:
        self._read_all()
        return dict.__iter__(self)

    def keys(self) -> Any:
        self._read_all()
        return dict.keys(self)

    def values(self) -> Any:
        self._read_all()
        self._materialize()
        return dict.values(self)

    def items(self) -> Any:
        self._read_all()
        self._materialize()
        return dict.items(self)

    def __len__(self) -> int:
        self._read_all()
        return dict.__len__(self)

    def __reduce__(self) -> Any:  # pickled as a plain dict: the recording is per process
        return (dict, (dict(dict.items(self)),))


def _add(reads: Reads, decl: Any, key: tuple[str, ...]) -> None:
    # a declaration, or the file standing for it until it is read
    file = getattr(decl, "file", decl)
    if file is not None:
        reads.add_decl(file, key)


class TrackedFiles(list):
    """A package's files: reading them (iterating, indexing, counting) reads the whole package."""

    __slots__ = ("facts",)

    def __init__(self, facts: PackageFacts, files: Any = ()):
        super().__init__(files)
        self.facts = facts

    def _read(self) -> None:
        if _current is not None:
            _current.add_whole(self.facts)

    def __iter__(self) -> Iterator[Any]:
        self._read()
        return list.__iter__(self)

    def __getitem__(self, index: Any) -> Any:
        self._read()
        return list.__getitem__(self, index)

    def __len__(self) -> int:
        self._read()
        return list.__len__(self)

    def __contains__(self, item: object) -> bool:
        self._read()
        return list.__contains__(self, item)

    def __reduce__(self) -> Any:
        return (list, (list(list.__iter__(self)),))

    def untracked(self) -> list[Any]:
        """The files, without recording a read (the loader and the cache)."""
        return list(list.__iter__(self))


# --- digests: what a recorded read saw, to compare with what is there now ----------------------


def digest(data: bytes) -> str:
    """A short digest of bytes (file contents, declaration text)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class FileDigests:
    """One parsed file's digests for the dependencies of others: its bytes, its top-level names
    (with its package clause, imports and build constraints) and each declaration (text and line)."""

    def __init__(self, file: ParsedFile):
        self.file = file
        self.source = digest(file.src)
        self._names: str | None = None
        self._decls: dict[tuple[str, ...], str | None] = {}

    @property
    def names(self) -> str:
        if self._names is None:
            names, file = self.file.names, self.file
            parts = [
                f"package {file.package}",
                repr(file.constraint),
                repr(sorted(file.imports.items())),
                repr(file.dot_imports),
                repr(names.values),
                repr(names.types),
                repr(names.methods),
            ]
            self._names = digest("\n".join(parts).encode("utf-8", "surrogateescape"))
        return self._names

    def decl(self, key: tuple[str, ...]) -> str | None:
        """The digest of the declaration `key` names (None: the file declares no such thing)."""
        if key not in self._decls:
            node = _declaration_node(self.file, key)
            if node is None:
                self._decls[key] = None
            else:
                # the top-level declaration holding it (a grouped const's value may come from the
                # spec above it); its text, not where it is: an edit above it leaves it be
                while node.parent is not None and node.parent.parent is not None:
                    node = node.parent
                self._decls[key] = digest(self.file.src[node.start_byte : node.end_byte])
        return self._decls[key]


def _declaration_node(file: ParsedFile, key: tuple[str, ...]) -> Any:
    decl = file.declaration(key)
    return getattr(decl, "spec", None) or getattr(decl, "node", None)


def file_digests(file: ParsedFile) -> FileDigests:
    """The digests of a parsed file (computed as asked, once per parsed file)."""
    return file.derived(FileDigests)
