"""What the engine says about one file: findings, diagnostics and the fixed bytes."""

from __future__ import annotations

from dataclasses import dataclass, field

from gofixleak.engine.rule import Finding
from gofixleak.semantics.goversion import GoVersion


@dataclass(frozen=True)
class Diagnostic:
    """Something to tell the user about a file that is not a rule finding."""

    level: str  # "error" or "warning"
    message: str
    offset: int | None = None
    rule: str | None = None  # the rule it concerns (an internal error in that rule), if any


@dataclass(frozen=True)
class AppliedFix:
    rule: str
    message: str
    line: int


@dataclass
class FileReport:
    path: str
    src: bytes
    version: GoVersion
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: bytes | None = None  # the source after applying fixes, when fixes were asked for
    applied: list[AppliedFix] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # findings left after fixing
    skipped: str | None = None  # why the file was not analysed at all
    display: str = ""  # the path as the user should see it (relative to where they stand)
    version_note: str = ""  # where the Go version came from (go.mod, //go:build, --go)
    generated: bool = False  # skipped as generated code

    def __post_init__(self) -> None:
        if not self.display:
            self.display = self.path

    @property
    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.diagnostics)

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.fixed != self.src
