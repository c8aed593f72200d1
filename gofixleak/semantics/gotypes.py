"""A small model of Go types, enough for the rules to tell a string from a []byte.

Types are immutable values that do not depend on the file they were spelled
in: a named type carries the import path of its package ("" never appears;
the package being checked uses its own import path).  Unknown types are
`None` everywhere; a rule that needs a type and gets `None` does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Type:
    """Base of all type values."""

    __slots__ = ()


@dataclass(frozen=True)
class Basic(Type):
    """A predeclared non-composite type, or an untyped constant kind ("untyped string")."""

    name: str
    # how the source spelled it ("byte" for uint8, "rune" for int32); not part of identity
    spelled: str = field(default="", compare=False, hash=False)

    def __str__(self) -> str:
        return self.spelled or self.name


@dataclass(frozen=True)
class Named(Type):
    """A defined type: `time.Ticker`, `T`, `List[int]`."""

    package: str  # import path ("" for the universe's `error` and `comparable`)
    name: str
    args: tuple[Type | None, ...] = ()

    def __str__(self) -> str:
        base = f"{self.package.rsplit('/', 1)[-1]}.{self.name}" if self.package else self.name
        if self.args:
            base += "[" + ", ".join(str(a) for a in self.args) + "]"
        return base


@dataclass(frozen=True)
class Pointer(Type):
    elem: Type | None

    def __str__(self) -> str:
        return f"*{self.elem}"


@dataclass(frozen=True)
class Slice(Type):
    elem: Type | None

    def __str__(self) -> str:
        return f"[]{self.elem}"


@dataclass(frozen=True)
class Array(Type):
    elem: Type | None
    length: int | None  # None when not a constant we can read

    def __str__(self) -> str:
        return f"[{'' if self.length is None else self.length}]{self.elem}"


@dataclass(frozen=True)
class Map(Type):
    key: Type | None
    value: Type | None

    def __str__(self) -> str:
        return f"map[{self.key}]{self.value}"


@dataclass(frozen=True)
class Chan(Type):
    elem: Type | None
    direction: str = "both"  # "both", "send" (chan<-) or "recv" (<-chan)

    def __str__(self) -> str:
        prefix = {"both": "chan ", "send": "chan<- ", "recv": "<-chan "}[self.direction]
        return f"{prefix}{self.elem}"


@dataclass(frozen=True)
class Signature(Type):
    params: tuple[Type | None, ...]
    results: tuple[Type | None, ...]
    variadic: bool = False
    type_params: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"func({', '.join(map(str, self.params))}) ({', '.join(map(str, self.results))})"


@dataclass(frozen=True)
class Field:
    name: str
    type: Type | None
    embedded: bool = False


@dataclass(frozen=True)
class Struct(Type):
    fields: tuple[Field, ...]

    def __str__(self) -> str:
        return "struct{" + "; ".join(f"{f.name} {f.type}" for f in self.fields) + "}"


@dataclass(frozen=True)
class Interface(Type):
    methods: tuple[tuple[str, Signature], ...] = ()
    embeds: tuple[Type | None, ...] = ()
    # union terms of a constraint interface, e.g. (~string, ~[]byte); tilde marked by the flag
    terms: tuple[tuple[bool, Type | None], ...] = ()

    def __str__(self) -> str:
        return "interface{...}" if self.methods or self.embeds or self.terms else "interface{}"


@dataclass(frozen=True)
class TypeParam(Type):
    name: str
    owner: str  # the generic function or type that declares it, to keep params apart
    constraint: Type | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Tuple(Type):
    """The results of a call returning several values."""

    items: tuple[Type | None, ...]

    def __str__(self) -> str:
        return "(" + ", ".join(map(str, self.items)) + ")"


# --- the universe -----------------------------------------------------------

BASIC_NAMES = (
    "bool string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr "
    "float32 float64 complex64 complex128"
).split()
ALIASES = {"byte": "uint8", "rune": "int32"}

STRING = Basic("string")
BOOL = Basic("bool")
INT = Basic("int")
UINT8 = Basic("uint8")
INT32 = Basic("int32")
UNTYPED_STRING = Basic("untyped string")
UNTYPED_INT = Basic("untyped int")
UNTYPED_FLOAT = Basic("untyped float")
UNTYPED_RUNE = Basic("untyped rune")
UNTYPED_BOOL = Basic("untyped bool")
UNTYPED_NIL = Basic("untyped nil")
ERROR = Named("", "error")
ANY = Interface()

_DEFAULTS = {
    UNTYPED_STRING: STRING,
    UNTYPED_INT: INT,
    UNTYPED_FLOAT: Basic("float64"),
    UNTYPED_RUNE: INT32,
    UNTYPED_BOOL: BOOL,
    Basic("untyped complex"): Basic("complex128"),
}

ERROR_INTERFACE = Interface(methods=(("Error", Signature((), (STRING,))),))

BUILTIN_FUNCS = frozenset(
    "append cap clear close complex copy delete imag len make max min new panic print println real recover".split()
)
UNIVERSE_TYPES = frozenset([*BASIC_NAMES, *ALIASES, "error", "any", "comparable"])
UNIVERSE_CONSTS = frozenset({"true", "false", "iota", "nil"})


def universe_type(name: str) -> Type | None:
    if name in ALIASES:
        return Basic(ALIASES[name], spelled=name)
    if name in BASIC_NAMES:
        return Basic(name)
    if name == "error":
        return ERROR
    if name == "any":
        return ANY
    if name == "comparable":
        return Named("", "comparable")
    return None


def default_type(t: Type | None) -> Type | None:
    """The type an untyped constant gets in a variable declaration."""
    if isinstance(t, Basic):
        return _DEFAULTS.get(t, t)
    return t


def is_untyped(t: Type | None) -> bool:
    return isinstance(t, Basic) and t.name.startswith("untyped")


def is_string_basic(t: Type | None) -> bool:
    return isinstance(t, Basic) and t.name in ("string", "untyped string")


def spell(t: Type | None, qualifier) -> str | None:
    """Go source for `t`, or None when it cannot be spelled.

    `qualifier(import_path)` returns the name to prefix a package's types
    with in the file being edited ("" for the current package), or None when
    the package is not reachable from that file.
    """
    if t is None:
        return None
    if isinstance(t, Basic):
        if t.name.startswith("untyped"):
            return spell(default_type(t), qualifier) if t != UNTYPED_NIL else None
        return t.spelled or t.name
    if isinstance(t, Named):
        if not t.package:
            base = t.name
        else:
            prefix = qualifier(t.package)
            if prefix is None or (prefix and not t.name[:1].isupper()):
                return None  # not imported here, or another package's unexported type
            base = f"{prefix}.{t.name}" if prefix else t.name
        if t.args:
            args = [spell(a, qualifier) for a in t.args]
            if any(a is None for a in args):
                return None
            base += "[" + ", ".join(args) + "]"  # type: ignore[arg-type]
        return base
    if isinstance(t, TypeParam):
        return t.name
    if isinstance(t, Pointer):
        inner = spell(t.elem, qualifier)
        return None if inner is None else "*" + inner
    if isinstance(t, Slice):
        inner = spell(t.elem, qualifier)
        return None if inner is None else "[]" + inner
    if isinstance(t, Array):
        inner = spell(t.elem, qualifier)
        if inner is None or t.length is None:
            return None
        return f"[{t.length}]{inner}"
    if isinstance(t, Map):
        key, value = spell(t.key, qualifier), spell(t.value, qualifier)
        return None if key is None or value is None else f"map[{key}]{value}"
    if isinstance(t, Chan):
        inner = spell(t.elem, qualifier)
        if inner is None:
            return None
        return {"both": "chan ", "send": "chan<- ", "recv": "<-chan "}[t.direction] + inner
    if isinstance(t, Interface) and not t.methods and not t.embeds and not t.terms:
        return "any"
    return None
