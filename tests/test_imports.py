"""Adding imports leaves the file gofmt-clean, whatever its import layout."""

import subprocess

import gotool
import pytest

from gofixleak.fix import edits, imports
from gofixleak.syntax import grammar


def add(src: str, *paths: str) -> str:
    data = src.encode()
    out = edits.apply(data, imports.import_edits(data, grammar.parse(data), list(paths)))
    return out.decode()


def gofmt(src: str) -> str:
    result = subprocess.run([str(gotool.gofmt_binary())], input=src, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


LAYOUTS = {
    "no imports": "package p\n\nfunc f() {}\n",
    "doc comment and no imports": "// Package p does things.\npackage p // trailing\n\nvar x = 1\n",
    "single import": 'package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n',
    "single renamed import": 'package p\n\nimport f "fmt"\n\nvar _ = f.Sprint\n',
    "block before": 'package p\n\nimport (\n\t"bufio"\n\t"fmt"\n)\n\nvar _ = fmt.Sprint\nvar _ bufio.Reader\n',
    "block after": 'package p\n\nimport (\n\t"unicode"\n\t"zzz/internal"\n)\n',
    "groups": 'package p\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/x" // the x\n)\n',
    "third party only": 'package p\n\nimport (\n\t"example.com/a"\n\t"example.com/b"\n)\n',
    "comments in block": 'package p\n\nimport (\n\t// formatting\n\t"fmt" // printf\n\t"os"\n)\n',
    "two declarations": 'package p\n\nimport "fmt"\nimport "os"\n',
    "single import with a comment": 'package p\n\nimport "fmt" // printing\n',
    "documented third party": 'package p\n\nimport (\n\t// the y client\n\t"example.com/y"\n)\n',
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_added_import_is_gofmt_clean_and_present(layout):
    src = LAYOUTS[layout]
    assert gofmt(src) == src, "the layout itself must be gofmt-clean"
    out = add(src, "strings")
    assert gofmt(out) == out, out
    assert '"strings"' in out
    assert "strings" in imports.imported_paths(grammar.parse(out.encode()))
    assert not grammar.error_spans(grammar.parse(out.encode()))


def test_several_imports_at_once_are_sorted():
    out = add(LAYOUTS["block before"], "strings", "io", "time")
    assert gofmt(out) == out
    assert out.index('"io"') < out.index('"strings"') < out.index('"time"')


def test_present_imports_are_not_added_again():
    src = LAYOUTS["single renamed import"]
    assert add(src, "fmt") == src
    # a blank or dot import does not make the package usable by name
    blank = 'package p\n\nimport _ "strings"\n'
    assert '\t"strings"' in add(blank, "strings") or 'import "strings"' in add(blank, "strings")


def test_std_import_goes_into_the_standard_group():
    out = add(LAYOUTS["groups"], "strings")
    assert '\t"os"\n\t"strings"\n\n\t"example.com/x"' in out


def test_cgo_preamble_import_is_left_alone():
    """The preamble is the doc comment of `import "C"`: a block of two specs would lose it."""
    alone = 'package p\n\n// #include <stdlib.h>\nimport "C"\n\nvar _ = C.free\n'
    out = add(alone, "strings")
    assert gofmt(out) == out
    assert '// #include <stdlib.h>\nimport "C"\n' in out and '\nimport "strings"\n' in out
    with_other = 'package p\n\n// #include <stdlib.h>\nimport "C"\n\nimport "fmt"\n'
    out = add(with_other, "strings")
    assert gofmt(out) == out
    assert '// #include <stdlib.h>\nimport "C"\n' in out and '\t"strings"\n' in out


@pytest.mark.parametrize("layout", ["no imports", "single import", "two declarations", "block before"])
def test_crlf_files_get_whole_crlf_line_ends(layout):
    src = LAYOUTS[layout].replace("\n", "\r\n").encode()
    tree = grammar.parse(src)
    out = edits.apply(src, imports.import_edits(src, tree, ["strings"]), "\r\n")
    assert b"\n" not in out.replace(b"\r\n", b""), out
    assert gofmt(out.decode().replace("\r\n", "\n")) == out.decode().replace("\r\n", "\n")


def test_comments_stay_with_the_imports_they_document():
    out = add(LAYOUTS["single import with a comment"], "strings")
    assert '\t"fmt" // printing\n' in out
    out = add(LAYOUTS["documented third party"], "strings")
    assert '\t// the y client\n\t"example.com/y"\n' in out
    documented = 'package p\n\nimport (\n\t"fmt"\n\t// net for dialing\n\t"net"\n)\n'
    out = add(documented, "math")
    assert gofmt(out) == out
    assert '\t"math"\n\t// net for dialing\n\t"net"\n' in out


def test_an_import_block_on_one_line_is_written_out_one_spec_a_line():
    """Not gofmt-clean input (`import ("os"; "time")`): the block is rewritten the way gofmt
    would lay it out, instead of a line inserted into the middle of one line."""
    src = 'package p\n\nimport ("os"; "time")\n\nvar _ = os.Args\nvar _ time.Duration\n'
    out = add(src, "strings")
    assert not grammar.error_spans(grammar.parse(out.encode()))
    assert out == gofmt(src.replace('import ("os"; "time")', 'import ("os"; "strings"; "time")'))
