"""Golden cases: discovery, running the CLI on them, and reading their `// want` comments.

Layout (see docs/ARCHITECTURE.md): `golden/<RULE>/[go1.N/]<case>.go` (or a
folder `<case>/` holding several files of one package) and beside it
`<case>.diff`, the exact patch `gofixleak diff` must print (empty: must not
change).  A line that must be reported carries `// want "regexp"`, matched
against "<RULE> <message>" as in go/analysis's analysistest.  A case whose
first file starts with `// gofixleak-options: RULE.NAME[=VALUE] ...` runs
with those rule options (`--option` on the command line); the word
`--unsafe-fixes` there applies the unsafe fixes too, so their diff is checked.

Unsafe fixes are pinned too: where `gofixleak diff --unsafe-fixes` prints
something other than the safe run, `<case>.unsafe.diff` holds that patch (it
exists exactly when the two differ), and it is applied, type-checked and
gofmt-checked like the safe one.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from gofixleak.cli import main
from gofixleak.semantics import goversion

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "golden"
_VERSION_DIR = re.compile(r"^go(\d+\.\d+)$")
_WANT = re.compile(r"//\s*want\s+((?:\"(?:[^\"\\]|\\.)*\"\s*)+)")
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"")
_OPTIONS = re.compile(r"^//\s*gofixleak-options:(.*)$")
UNSAFE = "--unsafe-fixes"


@dataclass(frozen=True)
class Case:
    rule: str
    path: Path  # a .go file, or a folder of .go files
    version: str

    @property
    def id(self) -> str:
        return self.path.relative_to(GOLDEN).as_posix().removesuffix(".go")

    @property
    def rel(self) -> str:
        return self.path.relative_to(GOLDEN).as_posix()

    @property
    def diff_path(self) -> Path:
        if self.path.is_dir():
            return self.path.parent / (self.path.name + ".diff")
        return self.path.with_suffix(".diff")

    @property
    def unsafe_diff_path(self) -> Path:
        """The patch with unsafe fixes applied too; exists only when it differs from the safe one."""
        return self.diff_path.with_suffix(".unsafe.diff")

    @property
    def applies_unsafe(self) -> bool:
        """The case's own options already apply unsafe fixes (its .diff is the unsafe run)."""
        return UNSAFE in self.options

    def diff_for(self, unsafe: bool) -> str:
        """The golden patch of the safe run, or of the unsafe run (the safe one when they agree)."""
        path = self.unsafe_diff_path if unsafe and self.unsafe_diff_path.exists() else self.diff_path
        return path.read_text(encoding="utf-8") if path.exists() else ""

    @property
    def go_files(self) -> list[Path]:
        if self.path.is_dir():
            return sorted(self.path.glob("*.go"))
        return [self.path]

    @property
    def options(self) -> list[str]:
        """Rule options from a `// gofixleak-options: ...` first line of the case's first file."""
        first = self.go_files[0].read_text(encoding="utf-8").split("\n", 1)[0]
        match = _OPTIONS.match(first)
        return match.group(1).split() if match else []


def discover() -> list[Case]:
    cases: list[Case] = []
    for rule_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        _collect(rule_dir, rule_dir.name, str(goversion.NEWEST), cases)
    return cases


def _collect(folder: Path, rule: str, version: str, cases: list[Case]) -> None:
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            match = _VERSION_DIR.match(entry.name)
            if match:
                _collect(entry, rule, match.group(1), cases)
            elif any(entry.glob("*.go")):
                cases.append(Case(rule, entry, version))
        elif entry.suffix == ".go":
            cases.append(Case(rule, entry, version))


class _Captured(io.TextIOWrapper):
    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")

    def value(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]

    def isatty(self) -> bool:
        return False


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run `gofixleak <args>` in-process from `cwd`; return (exit code, stdout, stderr)."""
    import os

    out, err = _Captured(), _Captured()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            saved = sys.stdout, sys.stderr
            code = main.main(args)
            sys.stdout, sys.stderr = saved
    finally:
        os.chdir(old)
    return code, out.value(), err.value()


def common_args(case: Case, unsafe: bool = False) -> list[str]:
    # `--unsafe-fixes` among the options runs the case with unsafe fixes applied too
    options = [arg for option in case.options for arg in ((option,) if option == UNSAFE else ("--option", option))]
    if unsafe and UNSAFE not in options:
        options.append(UNSAFE)
    return ["--select", f"{case.rule},GFL000", "--go", case.version, "--jobs", "1", *options]


@contextmanager
def isolated(case: Case, files: dict[Path, str] | None = None) -> Iterator[Path]:
    """A temporary root holding only this case, at the same path relative to golden/.

    The cases of one folder share a package clause, so run in place the tool
    would see every sibling case as part of the same package; alone, each
    case is the whole package it means to be.  `files` replaces the contents.
    """
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        root = Path(tmp)
        for path in case.go_files:
            target = root / path.relative_to(GOLDEN)
            target.parent.mkdir(parents=True, exist_ok=True)
            if files is not None and path in files:
                target.write_text(files[path], encoding="utf-8")
            else:
                target.write_bytes(path.read_bytes())
        yield root


def produce_diff(case: Case, files: dict[Path, str] | None = None, unsafe: bool = False) -> tuple[int, str, str]:
    """`gofixleak diff` on the case alone (or on `files`, other contents for its files);
    with `unsafe`, unsafe fixes are applied too."""
    with isolated(case, files) as root:
        return run_cli(["diff", *common_args(case, unsafe), case.rel], root)


def run_on_case(rel: str, args: list[str]) -> tuple[int, str, str]:
    """Run `gofixleak <args> <rel>` on the golden case at `rel` (relative to golden/), isolated."""
    case = next(c for c in discover() if c.rel == rel)
    with isolated(case) as root:
        return run_cli([*args, rel], root)


_FUNC = re.compile(r"^func (?:\([^)]*\) )?(\w+)")


def enclosing_function(rel: str, line: int) -> str:
    """The name of the top-level function of golden/<rel> that contains `line` (1-based)."""
    lines = (GOLDEN / rel).read_text(encoding="utf-8").splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        match = _FUNC.match(lines[number - 1])
        if match:
            return match.group(1)
    raise AssertionError(f"{rel}:{line} is in no function")


def findings_by_function(rel: str, args: list[str]) -> dict[str, list[dict]]:
    """`gofixleak check --format json <args>` on the isolated case, findings grouped by the
    function they are in: tests select findings by what they are, not by line numbers."""
    code, out, err = run_on_case(rel, ["check", "--format", "json", *args])
    assert code in (0, 1), err
    grouped: dict[str, list[dict]] = {}
    for finding in json.loads(out)["findings"]:
        grouped.setdefault(enclosing_function(finding["path"], finding["start"]["line"]), []).append(finding)
    return grouped


def findings(case: Case) -> list[dict]:
    with isolated(case) as root:
        code, out, err = run_cli(["check", "--format", "json", *common_args(case), case.rel], root)
    assert code in (0, 1), f"check failed ({code}): {err}"
    return json.loads(out)["findings"]


def wanted(case: Case) -> dict[tuple[str, int], list[str]]:
    """(file relative to golden/, line) -> regexps that must match a finding reported there."""
    out: dict[tuple[str, int], list[str]] = {}
    for path in case.go_files:
        rel = path.relative_to(GOLDEN).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = _WANT.search(line)
            if match:
                out[(rel, number)] = [_unquote(q) for q in _QUOTED.findall(match.group(1))]
    return out


def _unquote(quoted: str) -> str:
    r"""The value of a `// want "..."` pattern, read like a Go string literal.

    `\\` and `\"` are unescaped; any other backslash is kept, so a pattern
    may write `\(` for a literal parenthesis as analysistest users do.
    """
    out = []
    i = 0
    while i < len(quoted):
        char = quoted[i]
        if char == "\\" and i + 1 < len(quoted) and quoted[i + 1] in '\\"':
            out.append(quoted[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)
