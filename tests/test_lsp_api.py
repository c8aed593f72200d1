"""The API the language server's code actions stand on: one finding's fix as `fix` applies it, the
suppression comment for one finding, and edits between two versions of a file."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from gofixleak import api

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    return tmp_path


def _apply(src: bytes, edits: list[api.Edit]) -> bytes:
    out, pos = [], 0
    for edit in edits:
        assert edit.start >= pos, "edits are ascending and do not overlap"
        out += [src[pos : edit.start], edit.text.encode()]
        pos = edit.end
    return b"".join([*out, src[pos:]])


def test_one_findings_fix_is_what_fix_does_for_it_imports_included(module: Path):
    src = (
        b'package m\n\nimport "fmt"\n\nvar keep string\n\n'
        b"func Keep(s string) {\n\tkeep = s[:3] // short\n\tfmt.Println(keep) // print it\n}"
        b"\n\nfunc init() { Keep(string(make([]byte, 1<<20))) }\n"
    )
    path = module / "a.go"
    session = api.Session(module)
    report = session.check(path, src, fix=True)
    [finding] = report.findings
    fixed = session.fixed_by(report, finding.fixes[0])
    assert fixed == report.fixed  # one finding: the same bytes as `gofixleak fix`
    assert b'import (\n\t"fmt"\n\t"strings"\n)' in fixed
    # the trailing comments are re-aligned the way gofmt does, as in a fix pass
    body = fixed.split(b"{\n", 1)[1].splitlines()
    assert body[0].index(b"// short") == body[1].index(b"// print it")
    assert _apply(src, api.edits_between(src, fixed)) == fixed


def test_each_finding_of_the_example_gets_its_own_fix(tmp_path: Path):
    src = (REPO / "examples" / "leaky" / "parse.go").read_bytes()
    session = api.Session(REPO / "examples" / "leaky")
    report = session.check(REPO / "examples" / "leaky" / "parse.go", src)
    assert len(report.findings) == 3
    changed = set()
    for finding in report.findings:
        fixed = session.fixed_by(report, finding.fixes[0])
        assert fixed is not None
        edits = api.edits_between(src, fixed)
        # one finding's fix touches the bytes around that finding only
        assert any(e.start < finding.end and finding.start < max(e.end, e.start + 1) for e in edits)
        changed.add(fixed)
    assert len(changed) == 3


def test_no_fix_goes_into_a_file_with_a_syntax_error_nor_one_that_would_break_the_parse(module: Path):
    src = (
        b"package m\n\nvar keep string\n\nfunc Keep(s string) {\n\tkeep = s[:3]\n}"
        b"\n\nfunc init() { Keep(string(make([]byte, 1<<20))) }\n"
    )
    session = api.Session(module)
    report = session.check(module / "a.go", src)
    [finding] = report.findings
    assert session.parses(report)
    unbalanced = api.Fix("unbalanced", (api.Edit(finding.start, finding.end, "s[:3"),))
    assert session.fixed_by(report, unbalanced) is None
    # like `gofixleak fix` (and gofmt): a file that does not parse is left alone
    broken = session.check(module / "a.go", src + b"\nfunc Broken() {\n\tx := := 1\n}\n", fix=True)
    [finding] = broken.findings
    assert not session.parses(broken) and broken.fixed == broken.src
    assert session.fixed_by(broken, finding.fixes[0]) is None


GO = """package m

var keep, hold, other string

func Keep(s string) {
	keep = s[:3]
}

func init() { Keep(string(make([]byte, 1<<20))) }
"""


def _suppress(session: api.Session, path: Path, src: str, reason: str = "") -> tuple[str, api.Edit | None]:
    report = session.check(path, src.encode())
    finding = next(f for f in report.findings if f.rule == "GFL001")
    edit = session.suppression_edit(report, finding, reason)
    return (_apply(src.encode(), [edit]).decode() if edit else src), edit


def test_ignore_goes_on_its_own_line_above_and_needs_a_reason(module: Path):
    session = api.Session(module)
    path = module / "a.go"
    text, _ = _suppress(session, path, GO)
    assert "\t//gofixleak:ignore GFL001\n\tkeep = s[:3]\n" in text
    report = session.check(path, text.encode())
    assert [f.rule for f in report.findings] == ["GFL000", "GFL001"]  # no reason yet: it does not apply
    text, _ = _suppress(session, path, GO, "bounded by the protocol")
    assert "\t//gofixleak:ignore GFL001 bounded by the protocol\n\tkeep = s[:3]\n" in text
    assert session.check(path, text.encode()).findings == []


def test_ignore_keeps_crlf_line_endings(module: Path):
    session = api.Session(module)
    text, _ = _suppress(session, module / "a.go", GO.replace("\n", "\r\n"), "why")
    assert "\r\n\t//gofixleak:ignore GFL001 why\r\n\tkeep = s[:3]\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_ignore_trails_the_line_when_a_suppression_above_covers_it(module: Path):
    session = api.Session(module)
    src = GO.replace("\tkeep = s[:3]", "\t//gofixleak:ignore GFL002 not a slice\n\tkeep = s[:3]")
    text, _ = _suppress(session, module / "a.go", src, "why")
    # a line between the existing suppression and its line would break it
    assert "\t//gofixleak:ignore GFL002 not a slice\n\tkeep = s[:3] //gofixleak:ignore GFL001 why\n" in text
    assert session.check(module / "a.go", text.encode()).findings == []


def test_ignore_is_never_written_inside_a_raw_string(module: Path):
    session = api.Session(module)
    # the finding's line starts inside a raw string: the comment trails the line instead
    src = GO.replace("\tkeep = s[:3]", "\thold, keep = `a\nb`, s[:3]")
    text, _ = _suppress(session, module / "a.go", src, "why")
    assert "\thold, keep = `a\nb`, s[:3] //gofixleak:ignore GFL001 why\n" in text
    assert session.check(module / "a.go", text.encode()).findings == []
    # ... and when the line also ends inside one, there is no place at all
    src = GO.replace("\tkeep = s[:3]", "\thold, keep, other = `a\nb`, s[:3], `c\nd`")
    _, edit = _suppress(session, module / "a.go", src, "why")
    assert edit is None


def test_ignore_does_not_extend_a_line_comment(module: Path):
    session = api.Session(module)
    src = GO.replace("\tkeep = s[:3]", "\t//gofixleak:ignore GFL002 not a slice\n\tkeep = s[:3] // the key")
    _, edit = _suppress(session, module / "a.go", src, "why")
    assert edit is None  # above would split the suppression from its line; trailing would join `// the key`
    src = GO.replace("\tkeep = s[:3]", "\tkeep = s[:3] // the key")
    text, _ = _suppress(session, module / "a.go", src, "why")
    assert "\t//gofixleak:ignore GFL001 why\n\tkeep = s[:3] // the key\n" in text


def test_edits_between_reproduce_the_new_bytes_and_split_no_character():
    rng = random.Random(7)
    pieces = [b"a", b"\n", b"\r\n", "é".encode(), "😀".encode(), b"b", b"\t"]
    for _ in range(2000):
        old = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        new = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        edits = api.edits_between(old, new)
        assert _apply(old, edits) == new
        for edit in edits:
            for offset in (edit.start, edit.end):
                assert offset == len(old) or not 0x80 <= old[offset] < 0xC0
                assert old[offset - 1 : offset + 1] != b"\r\n"
    assert api.edits_between(b"same", b"same") == []


def test_docs_url_names_the_rule_page_of_this_version():
    rule = api.find_rule("GFL003")
    assert rule is not None
    url = api.docs_url(rule)
    assert url.endswith("/docs/rules/GFL003.md") and (REPO / "docs" / "rules" / "GFL003.md").is_file()


def test_the_command_line_does_not_load_the_language_server_libraries():
    # importing lsprotocol alone takes about two seconds; only `gofixleak lsp` pays for it
    code = (
        "import sys; from gofixleak.cli.main import main; main(['rules']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol') or 'gofixleak.lsp' in m))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
