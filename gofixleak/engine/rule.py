"""The rule contract: what a rule is, what it reports, and how a fix is spelled.

A rule is a plain value (like a go/analysis Analyzer): metadata plus a
`check(ctx)` function that yields findings.  A finding carries byte ranges
and zero or more fixes; a fix is a list of byte-offset edits plus the imports
it needs, never a rewritten file.  A rule never reads files, prints, or builds
diffs.  Its module docstring *is* its documentation (see `report.docs`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from gofixleak.fix.edits import Edit, Fix, Safety
from gofixleak.semantics.goversion import GoVersion

__all__ = ["DOC_SECTIONS", "Edit", "Finding", "Fix", "Rule", "Safety", "Severity"]

if TYPE_CHECKING:
    from gofixleak.engine.context import Context


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule id, e.g. "GFL001"
    start: int
    end: int
    message: str
    fixes: tuple[Fix, ...] = ()
    severity: Severity = Severity.WARNING


_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
TESTS_OPTION = "tests"
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety")


@dataclass(frozen=True)
class Rule:
    id: str  # fixed, e.g. "GFL001"
    name: str  # kebab-case, e.g. "substring-retention"
    title: str  # lowercase, no period
    check: Callable[[Context], Iterable[Finding]] = field(repr=False)
    doc: str = field(repr=False, default="")  # the rule module's docstring
    fix_safety: Safety = Safety.SAFE  # the best safety any of its fixes has
    min_go: GoVersion | None = None  # oldest Go version its main remedy compiles under
    severity: Severity = Severity.WARNING
    needles: tuple[bytes, ...] = ()  # one must occur in a file for the rule to be run on it
    options: dict[str, str] = field(default_factory=dict)  # option name -> help text
    # Whether findings in _test.go files are reported by default.  Retention rarely matters in
    # a test (the process ends); hangs and exhausted descriptors do.  The `tests` option (added
    # to every rule) turns test findings on or off.
    in_tests: bool = True

    def __post_init__(self) -> None:
        default = "on" if self.in_tests else "off"
        help_text = f"report findings in _test.go files too (default: {default})"
        object.__setattr__(self, "options", {**self.options, TESTS_OPTION: help_text})

    def reports_tests(self, options: Mapping[str, object]) -> bool:
        """Whether this rule runs on _test.go files under these rule options."""
        value = options.get(f"{self.id}.{TESTS_OPTION}")
        return self.in_tests if value is None else bool(value)

    def sections(self) -> dict[str, str]:
        """The documentation sections of the rule's docstring, by heading."""
        parts = _SECTION.split(_dedent(self.doc))
        return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}

    @property
    def summary(self) -> str:
        return _dedent(self.doc).strip().split("\n\n", 1)[0].strip()

    @property
    def why(self) -> str:
        return self.sections().get("Why is this bad?", "")

    @property
    def example(self) -> str:
        return _code(self.sections().get("Example", ""))

    @property
    def use_instead(self) -> str:
        return _code(self.sections().get("Use instead", ""))

    def wants(self, src: bytes) -> bool:
        """Whether the rule could fire on this source (the needles prefilter)."""
        return not self.needles or any(needle in src for needle in self.needles)


def _dedent(doc: str) -> str:
    import textwrap

    lines = doc.strip("\n").split("\n")
    if len(lines) > 1:
        return lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))
    return doc.strip()


def _code(section: str) -> str:
    match = re.search(r"```go\n(.*?)```", section, re.DOTALL)
    return match.group(1) if match else section
