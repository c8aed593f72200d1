"""Project configuration: `gofixleak.toml` / `.gofixleak.toml`, and the settings in force per file.

A configuration file is found by walking up from each checked file's folder;
the nearest wins (as in ruff; files are not merged).  The walk stops at the
repository root (a folder holding `.git`); outside a repository, at the
outermost folder holding a go.mod or go.work, or else at the session root.
`--config PATH` names one file for every checked file; `--isolated` ignores
them all.

    select = ["GFL001", "defer-in-loop"]     # rule ids or names, or "ALL"
    ignore = ["GFL006"]
    unsafe-fixes = false
    go = "1.21"                               # overrides go.mod and //go:build
    exclude = ["gen/**", "*_mock.go"]         # globs, relative to this file's folder
    force-exclude = true                      # exclude files named explicitly too
    [per-file-ignores]
    "*_test.go" = ["GFL001", "GFL002"]
    [rules.GFL005]                            # rule options (see `gofixleak explain`)
    any_version = true

Every mistake is an error naming the file, the line and the key; nothing is
silently ignored.  Settings given explicitly (the command line, an editor's
settings) override the file: `select` starts afresh, `ignore` removes more,
options override one by one; per-file ignores always apply.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak.driver.fileio import DEFAULT_MAX_FILE_SIZE
from gofixleak.driver.tomlkeys import KeyPath, key_lines, line_of
from gofixleak.engine.config import Config
from gofixleak.engine.rule import TESTS_OPTION
from gofixleak.engine.suppression import META_RULE
from gofixleak.semantics.goversion import GoVersion

CONFIG_NAMES = ("gofixleak.toml", ".gofixleak.toml")
ALL = "ALL"
TOP_LEVEL_KEYS = (
    "exclude",
    "force-exclude",
    "go",
    "ignore",
    "per-file-ignores",
    "rules",
    "select",
    "unsafe-fixes",
)


class ConfigError(Exception):
    """A configuration file that cannot be used: where it is wrong and why, on one line."""

    def __init__(self, display: str, line: int | None, message: str):
        self.display = display
        self.line = line
        self.message = message
        super().__init__(f"{display}:{line}: {message}" if line else f"{display}: {message}")


# --- globs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Glob:
    """A path pattern relative to a folder: `*` and `?` stay within one path component, `**` is
    any number of folders, `[abc]` a character class.  A pattern without `/` matches a file or
    folder name at any depth; with one, it is anchored at the folder.  A trailing `/` matches
    folders only; a match on a folder covers everything below it."""

    pattern: str
    regex: re.Pattern[str] = field(compare=False, repr=False)
    folders_only: bool = False

    @classmethod
    def compile(cls, pattern: str) -> Glob:
        """Raise ValueError naming what is wrong with the pattern."""
        if not pattern.strip():
            raise ValueError("empty glob")
        text = pattern.replace("\\", "/") if os.sep == "\\" else pattern
        folders_only = text.endswith("/")
        text = text.rstrip("/")
        anchored = "/" in text
        text = text.lstrip("/")
        if not text:
            raise ValueError(f"glob {pattern!r} matches nothing (a bare '/')")
        parts = text.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise ValueError(
                f"glob {pattern!r}: write paths below the configuration file's folder, without '.', '..' or '//'"
            )
        regex = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == "**":
                regex.append(".*" if last else "(?:[^/]+/)*")
                continue
            if "**" in part:
                raise ValueError(f"glob {pattern!r}: '**' must be a whole path component (like a/**/b)")
            regex.append(_component(part, pattern) + ("" if last else "/"))
        body = "".join(regex)
        if not anchored:
            body = "(?:.*/)?" + body
        return cls(pattern, re.compile(body + r"\Z"), folders_only)

    def matches(self, relative: str, is_folder: bool = False) -> bool:
        """Whether the path (relative to the pattern's folder, '/'-separated) or a folder
        above it matches."""
        parts = relative.split("/")
        for end in range(1, len(parts) + 1):
            folder = end < len(parts) or is_folder
            if self.folders_only and not folder:
                continue
            if self.regex.match("/".join(parts[:end])):
                return True
        return False


def _component(part: str, pattern: str) -> str:
    out = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = i + 1
            if end < len(part) and part[end] in "!^":
                end += 1
            if end < len(part) and part[end] == "]":
                end += 1
            end = part.find("]", end)
            if end < 0:
                raise ValueError(f"glob {pattern!r}: '[' without a closing ']'")
            body = part[i + 1 : end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            if not body:
                raise ValueError(f"glob {pattern!r}: empty character class")
            out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        elif char == "]":
            raise ValueError(f"glob {pattern!r}: ']' without an opening '['")
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


# --- one configuration file ----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectConfig:
    """What one configuration file says; None where it says nothing."""

    path: Path
    display: str
    select: frozenset[str] | None = None
    ignore: frozenset[str] | None = None
    unsafe_fixes: bool | None = None
    go: GoVersion | None = None
    exclude: tuple[Glob, ...] = ()
    force_exclude: bool | None = None
    per_file_ignores: tuple[tuple[Glob, frozenset[str]], ...] = ()
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def relative(self, path: Path) -> str | None:
        """`path` relative to this file's folder ('/'-separated), or None when outside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.folder).as_posix()
        except ValueError:
            return None

    def excludes(self, path: Path, is_folder: bool = False) -> bool:
        relative = self.relative(path)
        return relative is not None and any(g.matches(relative, is_folder) for g in self.exclude)

    def ignored_here(self, path: Path) -> frozenset[str]:
        """The rules the per-file ignores turn off for this file."""
        relative = self.relative(path)
        if relative is None:
            return frozenset()
        return frozenset(code for glob, codes in self.per_file_ignores if glob.matches(relative) for code in codes)


class _Reader:
    """Checks one parsed document, raising ConfigError at the first mistake."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.lines = key_lines(text)

    def fail(self, path: KeyPath, message: str) -> ConfigError:
        return ConfigError(self.display, line_of(self.lines, path), message)

    def name(self, path: KeyPath) -> str:
        return ".".join(f'"{p}"' if not re.fullmatch(r"[A-Za-z0-9_-]+", p) else p for p in path)

    def unknown(self, path: KeyPath, known: list[str] | tuple[str, ...], what: str = "key") -> ConfigError:
        guess = difflib.get_close_matches(path[-1], known, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else f" (known: {', '.join(known)})"
        return self.fail(path, f"unknown {what} {self.name(path)!r}{hint}")

    def boolean(self, path: KeyPath, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"{self.name(path)} must be true or false, not {_shown(value)}")
        return value

    def strings(self, path: KeyPath, value: object, example: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(path, f"{self.name(path)} must be a list of strings, like {example}, not {_shown(value)}")
        return value

    def codes(self, path: KeyPath, value: object) -> frozenset[str]:
        out = set()
        for code in self.strings(path, value, '["GFL001", "defer-in-loop"]'):
            normalized = rule_code(code)
            if normalized is None:
                ids = [ALL, META_RULE, *(r.id for r in rewrites.all_rules()), *(r.name for r in rewrites.all_rules())]
                guess = difflib.get_close_matches(code, ids, n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else " (see `gofixleak rules`)"
                raise self.fail(path, f"{self.name(path)}: unknown rule {code!r}{hint}")
            out.add(normalized)
        return frozenset(out)

    def globs(self, path: KeyPath, patterns: list[str]) -> tuple[Glob, ...]:
        out = []
        for pattern in patterns:
            try:
                out.append(Glob.compile(pattern))
            except ValueError as err:
                raise self.fail(path, f"{self.name(path)}: {err}") from None
        return tuple(out)

    def read(self, path: Path, data: Mapping[str, object]) -> ProjectConfig:
        values: dict[str, object] = {}
        for key, value in data.items():
            where: KeyPath = (key,)
            if key not in TOP_LEVEL_KEYS:
                raise self.unknown(where, TOP_LEVEL_KEYS)
            if key in ("select", "ignore"):
                values[key] = self.codes(where, value)
            elif key in ("unsafe-fixes", "force-exclude"):
                values[key.replace("-", "_")] = self.boolean(where, value)
            elif key == "go":
                values["go"] = self.version(where, value)
            elif key == "exclude":
                values["exclude"] = self.globs(where, self.strings(where, value, '["gen/**", "*_mock.go"]'))
            elif key == "per-file-ignores":
                values["per_file_ignores"] = self.per_file_ignores(where, value)
            elif key == "rules":
                values["options"] = self.rule_options(where, value)
        return ProjectConfig(path, self.display, **values)  # type: ignore[arg-type]

    def version(self, path: KeyPath, value: object) -> GoVersion:
        if isinstance(value, float):  # go = 1.20 would be read as 1.2
            raise self.fail(
                path, f'go must be a string, like go = "1.21", not a number (TOML reads {value!r} as {value})'
            )
        if not isinstance(value, str):
            raise self.fail(path, f'go must be a string, like go = "1.21", not {_shown(value)}')
        try:
            return GoVersion.parse(value)
        except ValueError as err:
            raise self.fail(path, f"go: {err}") from None

    def per_file_ignores(self, path: KeyPath, value: object) -> tuple[tuple[Glob, frozenset[str]], ...]:
        if not isinstance(value, dict):
            raise self.fail(
                path,
                'per-file-ignores must be a table of glob = [rules], like {"*_test.go" = ["GFL001"]}, '
                f"not {_shown(value)}",
            )
        out = []
        for pattern, codes in value.items():
            where = (*path, pattern)
            [glob] = self.globs(where, [pattern])
            out.append((glob, self.codes(where, codes)))
        return tuple(out)

    def rule_options(self, path: KeyPath, value: object) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(path, f"rules must be tables like [rules.GFL005], not {_shown(value)}")
        options: dict[str, object] = {}
        for code, table in value.items():
            where = (*path, code)
            rule = rewrites.find_rule(code)
            if rule is None:
                raise self.unknown(where, [r.id for r in rewrites.all_rules()], "rule")
            if not isinstance(table, dict):
                raise self.fail(where, f"{self.name(where)} must be a table of rule options, not {_shown(table)}")
            for option, setting in table.items():
                at = (*where, option)
                if option not in rule.options:
                    raise self.unknown(at, sorted(rule.options), f"option of {rule.id}")
                if option == TESTS_OPTION:
                    setting = self.boolean(at, setting)
                elif isinstance(setting, (dict, list)) or not isinstance(setting, (bool, int, float, str)):
                    raise self.fail(at, f"{self.name(at)} must be a boolean, number or string, not {_shown(setting)}")
                options[f"{rule.id}.{option}"] = setting
        return options


def _shown(value: object) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    kind = kinds.get(type(value), type(value).__name__)
    text = repr(value) if not isinstance(value, dict) else "{…}"
    return f"{kind} ({text if len(text) <= 40 else text[:37] + '...'})"


def rule_code(code: str) -> str | None:
    """A rule id for an id or name as users write it (any case), ALL, GFL000, or None."""
    code = code.strip()
    if code.upper() == ALL:
        return ALL
    if code.upper() == META_RULE:
        return META_RULE
    rule = rewrites.find_rule(code)
    return rule.id if rule else None


def load(path: Path, display: str | None = None) -> ProjectConfig:
    """Read one configuration file; raise ConfigError (file, line, key) when it is wrong."""
    display = display or str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(display, None, "no such configuration file") from None
    except UnicodeDecodeError as err:
        raise ConfigError(display, None, f"not valid UTF-8 at byte {err.start}") from None
    except OSError as err:
        raise ConfigError(display, None, f"cannot read: {err.strerror or err}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column \d+\)", str(err))
        line = int(match.group(1)) if match else text.count("\n") + 1  # "(at end of document)"
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(err)) or "invalid TOML"
        raise ConfigError(display, line, f"invalid TOML: {message}") from None
    return _Reader(display, text).read(path, data)


# --- finding the file for a path -------------------------------------------------------------


class ConfigFinder:
    """The configuration file in force for each folder, or the one named explicitly.

    `static`: files do not change while the finder lives (a CLI run), so each folder is
    searched once.  Otherwise every look-up searches again and a file is re-read when its
    size or modification time changed (an editor session)."""

    def __init__(
        self, root: Path, explicit: str | os.PathLike[str] | None = None, isolated: bool = False, static: bool = True
    ):
        self.root = root
        self.isolated = isolated
        self.static = static
        self._loaded: dict[Path, tuple[tuple[int, int], ProjectConfig]] = {}
        self._by_folder: dict[Path, ProjectConfig | None] = {}
        self._files: dict[Path, list[Path]] = {}  # folder -> configuration files in it
        self._tops: dict[Path, tuple[Path | None, Path | None]] = {}  # folder -> (repository, outermost module)
        self.explicit_path: Path | None = None
        if explicit is not None and not isolated:
            self.explicit_path = Path(os.path.abspath(os.path.join(root, explicit)))
            self._load(self.explicit_path)  # a bad explicit file is an error before anything runs

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _load(self, path: Path) -> ProjectConfig:
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = (-1, -1)
        cached = self._loaded.get(path)
        if cached is not None and (self.static or cached[0] == stamp):
            return cached[1]
        loaded = load(path, self.display(path))
        self._loaded[path] = (stamp, loaded)
        return loaded

    def for_file(self, path: Path) -> ProjectConfig | None:
        """The configuration file in force for `path` (raises ConfigError when it is wrong)."""
        if self.isolated:
            return None
        if self.explicit_path is not None:
            return self._load(self.explicit_path)
        return self.for_folder(Path(os.path.abspath(path)).parent)

    def for_folder(self, folder: Path) -> ProjectConfig | None:
        if self.static and folder in self._by_folder:
            return self._by_folder[folder]
        if not self.static:
            self._files.clear()
            self._tops.clear()
        found = None
        top = self._top(folder)
        for candidate in [folder, *folder.parents]:
            names = self._names_in(candidate)
            if len(names) > 1:
                raise ConfigError(
                    self.display(names[1]), None, f"two configuration files in one folder; keep one of {CONFIG_NAMES}"
                )
            if names:
                found = self._load(names[0])
                break
            if candidate == top:
                break
        self._by_folder[folder] = found
        return found

    def _names_in(self, folder: Path) -> list[Path]:
        if folder not in self._files:
            self._files[folder] = [folder / name for name in CONFIG_NAMES if (folder / name).is_file()]
        return self._files[folder]

    def _top(self, folder: Path) -> Path:
        """The last folder to look in, going up from `folder`: the repository root (a folder
        holding `.git`); outside a repository, the outermost folder with a go.mod or go.work,
        else the session root when `folder` is inside it, else `folder` itself."""
        repository, module = self._roots(folder)
        if repository is not None:
            return repository
        if module is not None:
            return module
        return self.root if folder.is_relative_to(self.root) else folder

    def _roots(self, folder: Path) -> tuple[Path | None, Path | None]:
        """(the repository root above or at `folder`, the outermost module folder), memoized
        per folder so a walk over many folders stats each folder once."""
        if folder in self._tops:
            return self._tops[folder]
        if (folder / ".git").exists():
            roots: tuple[Path | None, Path | None] = (folder, None)
        else:
            above = (None, None) if folder.parent == folder else self._roots(folder.parent)
            is_module = (folder / "go.mod").is_file() or (folder / "go.work").is_file()
            roots = (above[0], above[1] or (folder if is_module else None))
        self._tops[folder] = roots
        return roots


# --- explicit settings, and what is in force for one file -------------------------------------


@dataclass(frozen=True)
class Settings:
    """What a user chose explicitly (command line, editor settings); None where they did not
    choose, so a configuration file or the default decides."""

    select: frozenset[str] | None = None  # rule ids or names, or ALL; starts the selection afresh
    ignore: frozenset[str] | None = None  # removed from the selection
    unsafe_fixes: bool | None = None
    go: GoVersion | None = None  # overrides the configuration file, go.mod and //go:build
    options: Mapping[str, object] = field(default_factory=dict)  # "GFL005.any_version" -> True; per key
    force_exclude: bool | None = None  # exclude files named explicitly too
    config_file: str | None = None  # use this configuration file for every path
    isolated: bool = False  # ignore every configuration file
    strict: bool = False  # re-raise a rule's exception (tests)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; larger files are skipped, never read

    @property
    def config(self) -> Config:
        """These settings over the defaults, with no configuration file."""
        return resolve(self, None, None).config


@dataclass(frozen=True)
class FileSettings:
    """The settings in force for one file, and where each came from."""

    config: Config  # what the engine runs with
    go: GoVersion | None  # None: go.mod, go.work and //go:build decide
    go_origin: str
    excluded: bool
    force_exclude: bool
    project: ProjectConfig | None
    origins: Mapping[str, str]  # setting -> "default", "explicit" or the configuration file


@functools.cache
def _all_codes() -> frozenset[str]:
    return frozenset({META_RULE, *(r.id for r in rewrites.all_rules())})


def _expand(codes: frozenset[str]) -> set[str]:
    everything = _all_codes()
    out: set[str] = set()
    for code in codes:
        normalized = rule_code(code) or code
        out |= everything if normalized == ALL else {normalized}
    return out


def resolve(settings: Settings, project: ProjectConfig | None, path: Path | None) -> FileSettings:
    """Explicit settings over the configuration file over the defaults, for one file."""
    origins: dict[str, str] = {}
    source = project.display if project is not None else "default"
    enabled = set(_all_codes())
    selection_origin = "default"
    for select, ignore, origin in (
        (project.select if project else None, project.ignore if project else None, source),
        (settings.select, settings.ignore, "explicit"),
    ):
        if select is not None:
            enabled = _expand(select)
            selection_origin = origin
        if ignore:
            enabled -= _expand(ignore)
            selection_origin = origin
    if project is not None and path is not None:
        per_file = project.ignored_here(path)
        if per_file:
            enabled -= _expand(per_file)
            selection_origin = f"{source} (per-file-ignores)"
    origins["select"] = selection_origin
    select = None if enabled == _all_codes() else frozenset(enabled)

    def pick(name: str, explicit: object, from_file: object, default: object) -> object:
        if explicit is not None:
            origins[name] = "explicit"
            return explicit
        if from_file is not None:
            origins[name] = source
            return from_file
        origins[name] = "default"
        return default

    unsafe = bool(pick("unsafe-fixes", settings.unsafe_fixes, project.unsafe_fixes if project else None, False))
    force = bool(pick("force-exclude", settings.force_exclude, project.force_exclude if project else None, False))
    go = pick("go", settings.go, project.go if project else None, None)
    assert go is None or isinstance(go, GoVersion)
    go_origin = {"explicit": f"go {go} given explicitly", "default": ""}.get(origins["go"], f'go = "{go}" in {source}')
    options = dict(project.options) if project is not None else {}
    for key in options:
        origins[key] = source
    for key, value in settings.options.items():
        options[key] = value
        origins[key] = "explicit"
    excluded = project is not None and path is not None and project.excludes(path)
    config = Config(select, frozenset(), unsafe, options, settings.strict)
    return FileSettings(config, go, go_origin, excluded, force, project, origins)


def config_key(config: Config) -> tuple[object, ...]:
    """A hashable identity for an engine configuration (one engine per distinct one)."""
    options = tuple(sorted((k, repr(v)) for k, v in config.options.items()))
    return (config.select, config.ignore, config.unsafe_fixes, options, config.strict)
