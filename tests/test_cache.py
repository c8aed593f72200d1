"""The persistent cache: a file is checked again exactly when something its result depends on
changed, a damaged or foreign cache is never trusted, and writers never leave it half-written."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import gofixleak.rewrites as rewrites
import pytest

import gofixleak
from gofixleak import api
from gofixleak.driver import cache as cachemod
from gofixleak.driver import runner
from gofixleak.engine.rule import Rule
from gofixleak.syntax.grammar import K

ALL_RULES = rewrites.all_rules()

# a.go's check reads one declaration of b.go (`queue`); b.go's check reads nothing of the
# package (no rule has a candidate there); c.go has a finding whose check asks a package-wide
# question (is the kept string's capacity observed anywhere?), so it depends on every file.
EVERY_FILE = ["a.go", "b.go", "c.go"]
# (the queue's elements own a buffer, so the dropped-element rule looks the queue up)
USES_QUEUE = "package m\n\ntype job struct{ data []byte }\n\nfunc Push(jobs []*job) {\n\tqueue = jobs[1:]\n}\n"
DECLARES_QUEUE = "package m\n\nvar queue []*job\n\nfunc other() int {\n\treturn 1\n}\n"
HOLD = (
    "package m\n\nvar hold string\n\nfunc Hold(s string) {\n\thold = s[:3]\n}"
    "\n\nfunc init() { Hold(string(make([]byte, 1<<20))) }\n"
)
OLD = 1_600_000_000  # a modification time far enough in the past for stats to be trusted


@pytest.fixture
def module(tmp_path: Path) -> Path:
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    write(root / "a.go", USES_QUEUE)
    write(root / "b.go", DECLARES_QUEUE)
    write(root / "c.go", HOLD)
    return root


def write(path: Path, text: str) -> None:
    """Write a file and date it in the past (as files are when a second run comes)."""
    path.write_text(text)
    os.utime(path, (OLD, OLD))


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The names of the files the engine really checks (not answered from the cache)."""
    names: list[str] = []
    original = runner.FileChecker.check

    def spy(self, path, explicit, fix, plan=None):
        names.append(os.path.basename(path))
        return original(self, path, explicit, fix, plan)

    monkeypatch.setattr(runner.FileChecker, "check", spy)
    return names


def run(root: Path, cache_dir: Path | None, fix: bool = False, **settings) -> list[api.FileResult]:
    session = api.Session(root, api.Settings(**settings), static=True)
    expansion = session.expand([str(root)])
    use = cache_dir is not None
    return session.check_files(expansion, fix=fix, jobs=1, cache=use, cache_dir=cache_dir)


def summary(results: list[api.FileResult]) -> list[tuple]:
    """Everything a report says, for comparing a cached run with a fresh one."""
    out = []
    for result in results:
        r = result.report
        fixed = None if r.fixed is None else (r.fixed if r.changed else "unchanged")
        out.append(
            (
                r.path,
                r.findings,
                r.remaining,
                r.diagnostics,
                fixed,
                r.applied,
                r.skipped,
                str(r.version),
                r.version_note,
            )
        )
    return out


def cache_files(cache_dir: Path) -> list[Path]:
    """The files of cached results (not the names of files, kept beside them)."""
    return sorted(p for p in cache_dir.rglob("*.json") if "names" not in p.relative_to(cache_dir).parts)


# --- reuse and invalidation ---------------------------------------------------------------------


def test_a_second_run_checks_nothing_and_says_the_same(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    first = run(module, cache_dir)
    assert sorted(checked) == ["a.go", "b.go", "c.go"]
    assert [f.rule for r in first for f in r.report.findings] == ["GFL001"]
    checked.clear()
    second = run(module, cache_dir)
    assert checked == []
    assert summary(second) == summary(first) == summary(run(module, None))


@pytest.mark.parametrize(
    "edit, rechecked",
    [
        # the file itself changed (c.go reads the whole package, but nothing read it)
        ({"c.go": HOLD + "\n// a comment\n"}, ["c.go"]),
        # the declaration a.go read changed (and b.go itself, and c.go which read every file)
        ({"b.go": DECLARES_QUEUE.replace("var queue []*job", "var queue = []*job{}")}, EVERY_FILE),
        # a body a.go never read (other() is not used there): not a.go
        ({"b.go": DECLARES_QUEUE.replace("return 1", "return 2")}, ["b.go", "c.go"]),
        # a new package-level name: any lookup may now find it
        ({"b.go": DECLARES_QUEUE + "\nvar added int\n"}, EVERY_FILE),
        # a new file in the package: the checks that read the package again, not b.go's
        ({"d.go": "package m\n"}, ["a.go", "c.go", "d.go"]),
    ],
    ids=["own-bytes", "used-declaration", "unused-body", "new-name", "new-file"],
)
def test_an_edit_rechecks_exactly_what_depends_on_it(
    module: Path, tmp_path: Path, checked: list[str], edit: dict[str, str], rechecked: list[str]
):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    for name, text in edit.items():
        write(module / name, text)
    checked.clear()
    results = run(module, cache_dir)
    assert sorted(checked) == rechecked
    assert summary(results) == summary(run(module, None))


def _points_at_declarations(ctx):
    """A rule that says where another file declares what it uses (`b.go:3`), as a rule
    pointing at a place elsewhere in the package would."""
    for ident in ctx.find(K.IDENTIFIER):
        symbol = ctx.resolve(ident)
        if symbol is not None and symbol.file is not None and symbol.file.path != ctx.file.path:
            where = f"{os.path.basename(symbol.file.path)}:{symbol.decl.start_point[0] + 1}"
            yield ctx.finding(ident, f"{symbol.name} is declared at {where}")


def test_a_message_that_points_into_another_file_depends_on_where_things_are_there(
    module: Path, tmp_path: Path, checked: list[str], monkeypatch
):
    rule = Rule("GFL900", "points-at-declarations", "says where", _points_at_declarations)
    monkeypatch.setattr(rewrites, "all_rules", lambda: (*ALL_RULES, rule))
    cache_dir = tmp_path / "cache"
    first = run(module, cache_dir)
    assert "queue is declared at b.go:3" in [f.message for r in first for f in r.report.findings]
    write(module / "b.go", "// a new first line\n" + DECLARES_QUEUE)  # `queue` moves down a line
    checked.clear()
    results = run(module, cache_dir)
    assert "a.go" in checked
    assert "queue is declared at b.go:4" in [f.message for r in results for f in r.report.findings]
    assert summary(results) == summary(run(module, None))


def test_a_changed_import_rechecks_its_importers(tmp_path: Path, checked: list[str]):
    root = tmp_path / "mod"
    (root / "dep").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    write(root / "dep" / "dep.go", "package dep\n\ntype Name string\n\nfunc Other() {}\n")
    use = (
        'package m\n\nimport "example.com/m/dep"\n\nvar keep dep.Name\n\nfunc K(s dep.Name) {\n\tkeep = s[:3]\n}'
        "\n\nfunc init() { K(dep.Name(make([]byte, 1<<20))) }\n"
    )
    write(root / "use.go", use)
    cache_dir = tmp_path / "cache"

    def check() -> list[str]:
        session = api.Session(root, static=True)
        [result] = session.check_files(session.expand([str(root / "use.go")]), jobs=1, cache=True, cache_dir=cache_dir)
        return [f.rule for f in result.report.findings]

    assert check() == ["GFL001"]
    write(root / "dep" / "dep.go", "package dep\n\ntype Name string\n\nfunc Other() { println() }\n")
    checked.clear()
    assert check() == ["GFL001"]
    assert checked == []  # what use.go read of dep did not change
    write(root / "dep" / "dep.go", "package dep\n\ntype Name []int\n\nfunc Other() { println() }\n")
    assert check() == ["GFL002"]
    assert checked == ["use.go"]


def test_configuration_and_version_are_part_of_the_key(module: Path, tmp_path: Path, checked: list[str], monkeypatch):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    checked.clear()
    run(module, cache_dir, select=frozenset({"GFL001"}))
    assert len(checked) == 3
    checked.clear()
    run(module, cache_dir, options={"GFL001.tests": False})
    assert len(checked) == 3
    checked.clear()
    run(module, cache_dir, go=api.GoVersion(1, 17))
    assert len(checked) == 3
    checked.clear()
    run(module, cache_dir)
    assert checked == []
    monkeypatch.setattr(gofixleak, "__version__", "99.0.0")
    monkeypatch.setattr(cachemod, "_TOOL", None)  # the version is part of the tool's fingerprint
    run(module, cache_dir)
    assert len(checked) == 3


def test_editing_gofixleak_itself_starts_afresh(module: Path, tmp_path: Path, checked: list[str], monkeypatch):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    monkeypatch.setattr(cachemod, "_TOOL", "0" * 32)  # what a rule edited in development does
    checked.clear()
    run(module, cache_dir)
    assert len(checked) == 3


def test_a_go_mod_change_rechecks(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    (module / "go.mod").write_text("module example.com/m\n\ngo 1.17\n")
    checked.clear()
    results = run(module, cache_dir)
    assert len(checked) == 3
    assert {str(r.report.version) for r in results} == {"1.17"}


def test_a_change_that_keeps_size_and_modification_time_is_seen(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    path = module / "c.go"
    write(path, HOLD.replace("hold", "held"))  # same size, same (old) modification time
    checked.clear()
    run(module, cache_dir)
    assert "c.go" in checked


def test_fix_results_come_back_exactly(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    first = run(module, cache_dir, fix=True)
    assert any(r.report.changed for r in first)
    checked.clear()
    second = run(module, cache_dir, fix=True)
    assert checked == []
    assert summary(second) == summary(first) == summary(run(module, None, fix=True))
    changed = [r for r in second if r.report.changed]
    assert changed and all(r.snapshot is not None and r.snapshot.data == r.report.src for r in changed)
    session = api.Session(module, static=True)
    assert [session.write(r) for r in changed] == [True] * len(changed)  # the snapshot is the disk's


def test_check_and_fix_results_are_kept_apart(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    checked.clear()
    fixed = run(module, cache_dir, fix=True)
    assert len(checked) == 3
    assert any(r.report.changed for r in fixed)


# --- where it lives, and bypassing it -----------------------------------------------------------


def test_the_cache_lives_at_the_module_root_and_ignores_itself(module: Path, monkeypatch):
    (module / "sub").mkdir()
    write(module / "sub" / "s.go", "package sub\n")
    monkeypatch.chdir(module / "sub")
    session = api.Session(module / "sub", static=True)
    session.check_files(session.expand(["./..."]), jobs=1, cache=True)
    directory = module / cachemod.CACHE_DIR_NAME
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert cache_files(directory)
    assert not (module / "sub" / cachemod.CACHE_DIR_NAME).exists()


def test_no_cache_reads_and_writes_nothing(module: Path, tmp_path: Path, checked: list[str]):
    from gofixleak.cli.main import main

    cache_dir = tmp_path / "cache"
    cwd = os.getcwd()
    os.chdir(module)
    try:
        assert main(["check", "--no-cache", "--cache-dir", str(cache_dir), "--jobs", "1"]) == 1
        assert not cache_dir.exists()
        assert main(["check", "--cache-dir", str(cache_dir), "--jobs", "1"]) == 1
        checked.clear()
        assert main(["check", "--no-cache", "--cache-dir", str(cache_dir), "--jobs", "1"]) == 1
        assert len(checked) == 3  # a cache is there, but not read
    finally:
        os.chdir(cwd)


def test_a_cache_that_cannot_be_written_is_no_error(module: Path, tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache would go")
    results = run(module, blocked / "cache")
    assert summary(results) == summary(run(module, None))


# --- damaged, foreign and concurrent caches ---------------------------------------------------


def test_a_truncated_cache_file_is_ignored_and_rewritten(module: Path, tmp_path: Path, checked: list[str]):
    cache_dir = tmp_path / "cache"
    expected = summary(run(module, cache_dir))
    [path] = cache_files(cache_dir)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    checked.clear()
    assert summary(run(module, cache_dir)) == expected
    assert len(checked) == 3
    assert json.loads(path.read_bytes())["magic"] == cachemod.MAGIC
    checked.clear()
    run(module, cache_dir)
    assert checked == []


# a damaged package table (content-addressed, so not used) only fails the entries that depend on
# it; b.go's check read nothing but its own bytes
USERS_OF_THE_PACKAGE = ["a.go", "c.go"]


def _each_entry(doc: dict, field: str, value: object) -> bytes:
    return json.dumps({**doc, "entries": {p: {**e, field: value} for p, e in doc["entries"].items()}}).encode()


def _each_table(doc: dict, field: str, value: object) -> bytes:
    return json.dumps({**doc, "packages": {k: {**t, field: value} for k, t in doc["packages"].items()}}).encode()


@pytest.mark.parametrize(
    "damage, rechecked",
    [
        (lambda doc: b"\x00\xff not json", EVERY_FILE),
        (lambda doc: json.dumps([1, 2, 3]).encode(), EVERY_FILE),
        (lambda doc: json.dumps({**doc, "magic": "someone-else"}).encode(), EVERY_FILE),
        (lambda doc: json.dumps({**doc, "tool": "another gofixleak"}).encode(), EVERY_FILE),
        (lambda doc: json.dumps({**doc, "entries": "no"}).encode(), EVERY_FILE),
        # damaged stats are not used: each file is recognised by its bytes instead (and holds)
        (lambda doc: json.dumps({**doc, "stats": {p: "no" for p in doc["stats"]}}).encode(), []),
        (lambda doc: _each_entry(doc, "report", 5), EVERY_FILE),
        (lambda doc: _each_entry(doc, "deps", []), EVERY_FILE),
        (lambda doc: _each_table(doc, "files", 1), USERS_OF_THE_PACKAGE),
    ],
    ids=["binary", "array", "magic", "tool", "entries", "stats", "report", "deps", "package-table"],
)
def test_a_damaged_or_foreign_cache_is_never_trusted(
    module: Path, tmp_path: Path, checked: list[str], damage, rechecked: list[str]
):
    cache_dir = tmp_path / "cache"
    expected = summary(run(module, cache_dir))
    [path] = cache_files(cache_dir)
    path.write_bytes(damage(json.loads(path.read_bytes())))
    checked.clear()
    assert summary(run(module, cache_dir)) == expected
    assert sorted(checked) == rechecked


def test_a_forged_finding_in_a_valid_looking_entry_is_not_served_for_other_bytes(
    module: Path, tmp_path: Path, checked: list[str]
):
    cache_dir = tmp_path / "cache"
    run(module, cache_dir)
    [path] = cache_files(cache_dir)
    document = json.loads(path.read_bytes())
    entry = document["entries"][str(module / "b.go")]
    entry["report"]["findings"] = document["entries"][str(module / "c.go")]["report"]["findings"]
    entry["key"] = "0" * 32  # a key that matches no bytes
    path.write_text(json.dumps(document))
    checked.clear()
    results = run(module, cache_dir)
    assert checked == ["b.go"]
    assert [r.report.findings for r in results if r.report.path.endswith("b.go")] == [[]]


def _store_many(args: tuple[str, str, int]) -> None:
    directory, folder, worker = args
    keying = cachemod.Keying("tool", "check", "config", "/")
    workspace = api.Session("/").workspace
    for i in range(60):
        cache = cachemod.Cache(Path(directory), keying, workspace)
        entry = {"key": f"{worker}-{i}", "report": {}, "deps": {"packages": {}, "decls": {}, "imports": {}}}
        cache.store(folder, {f"{folder}/f{worker}.go": entry}, {})


def test_concurrent_writers_leave_a_valid_cache(tmp_path: Path):
    cache_dir = tmp_path / "cache"
    folder = str(tmp_path / "pkg")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_store_many, [(str(cache_dir), folder, w) for w in range(4)])
    [path] = cache_files(cache_dir)
    document = json.loads(path.read_bytes())
    assert document["magic"] == cachemod.MAGIC and document["folder"] == folder
    assert document["entries"]  # whichever writer came last, its file is whole
    assert not list(cache_dir.rglob(".gofixleak-*.tmp"))


def test_two_runs_at_once_agree_and_leave_a_valid_cache(module: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-m", "gofixleak", "check", "--format", "json", "--cache-dir", str(cache_dir)]
    runs = [subprocess.Popen(command, cwd=module, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [1, 1, 1], [e for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1
    for path in cache_files(cache_dir):
        assert json.loads(path.read_bytes())["magic"] == cachemod.MAGIC
    assert not list(cache_dir.rglob(".gofixleak-*.tmp"))


# --- interrupts ---------------------------------------------------------------------------------


def test_an_interrupted_write_leaves_no_temporary_file(module: Path, tmp_path: Path, monkeypatch):
    cache_dir = tmp_path / "cache"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(cachemod.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(module, cache_dir)
    assert not [p for p in cache_dir.rglob("*") if p.is_file() and p.name not in (".gitignore", "CACHEDIR.TAG")]


def test_an_interrupted_cli_run_leaves_no_temporary_file(module: Path, tmp_path: Path):
    for i in range(40):  # enough packages for the run to be under way when interrupted
        sub = module / f"p{i}"
        sub.mkdir()
        for j in range(3):
            write(
                sub / f"f{j}.go",
                f"package p{i}\n\nvar keep{j} string\n\nfunc K{j}(s string) {{ keep{j} = s[:3] }}"
                f"\n\nfunc init() {{ K{j}(string(make([]byte, 1<<20))) }}\n",
            )
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-m", "gofixleak", "check", "--cache-dir", str(cache_dir), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=module, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not cache_files(cache_dir) and time.time() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(2)  # SIGINT, as Ctrl-C
    _, err = process.communicate(timeout=60)
    assert process.returncode in (130, 1), err
    assert not list(cache_dir.rglob(".gofixleak-*.tmp"))
    for path in cache_files(cache_dir):
        assert json.loads(path.read_bytes())["magic"] == cachemod.MAGIC


# Edits whose effect reaches a file's result through something package facts remember between
# checks (function summaries, reset methods), through the package's own test files, or through
# files the result does not read at all (generated twins): a warm run must still say what a cold
# one says.  Each case: the module's files, then the edit.
KEEPS_THROUGH_A_HELPER = {
    "a.go": "package m\n\nfunc A(s string) {\n\tkeep(s[:3])\n}\n",
    "b.go": "package m\n\nfunc B(s string) {\n\tkeep(s[:4])\n}\n",
    "f.go": "package m\n\nfunc keep(s string) {\n\tstore(s)\n}\n",
    "g.go": "package m\n\nvar global string\n\nfunc store(s string) {\n\tglobal = s\n}\n",
}
RESET_ELSEWHERE = {
    "t.go": "package m\n\ntype T struct {\n\tname string\n}\n\nvar cur = &T{}\n",
    "r.go": 'package m\n\nfunc (t *T) Reset() {\n\tt.name = ""\n}\n',
    "x.go": "package m\n\nfunc X(s string) {\n\tcur.name = s[:3]\n}\n",
    "y.go": "package m\n\nfunc Y(s string) {\n\tcur.name = s[:5]\n}\n",
}
MUTUAL_RECURSION = {
    "lib/fg.go": "package lib\n\nvar global string\n\nfunc F(s string) {\n\tG(s)\n\tglobal = s\n}\n\n"
    "func G(s string) {\n\tF(s)\n}\n",
    "p1/a.go": 'package p1\n\nimport "example.com/m/lib"\n\nfunc A(x string) {\n\tlib.F(x[:3])\n}\n',
    "p2/b.go": 'package p2\n\nimport "example.com/m/lib"\n\nfunc B(x string) {\n\tlib.G(x[:3])\n}\n',
}
TWIN = "// Code generated by hand. DO NOT EDIT.\n// Source: ../c.go\n\npackage gen\n"


@pytest.mark.parametrize(
    "files, edit, fix",
    [
        (KEEPS_THROUGH_A_HELPER, {"g.go": KEEPS_THROUGH_A_HELPER["g.go"].replace("global = s", "println(s)")}, False),
        (KEEPS_THROUGH_A_HELPER, {"g.go": KEEPS_THROUGH_A_HELPER["g.go"].replace("global = s", "println(s)")}, True),
        (RESET_ELSEWHERE, {"r.go": RESET_ELSEWHERE["r.go"].replace('t.name = ""', "println(t.name)")}, False),
        (
            {"x.go": RESET_ELSEWHERE["t.go"] + RESET_ELSEWHERE["x.go"].removeprefix("package m\n")},
            {"r_test.go": RESET_ELSEWHERE["r.go"]},
            False,
        ),
        (MUTUAL_RECURSION, {"p2/b.go": MUTUAL_RECURSION["p2/b.go"] + "// edited\n"}, False),
        ({"c.go": HOLD}, {"gen/c_gen.go": TWIN}, True),
    ],
    ids=["summary-of-a-callee", "summary-when-fixing", "reset-method", "first-test-file", "recursion", "new-twin"],
)
def test_a_warm_run_says_what_a_cold_run_says_after_an_edit(
    tmp_path: Path, files: dict[str, str], edit: dict[str, str], fix: bool
):
    root = tmp_path / "mod"
    for name, text in {"go.mod": "module example.com/m\n\ngo 1.22\n", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write(root / name, text)
    cache_dir = tmp_path / "cache"
    any_size = {"GFL001.any_size": True}  # the strings here are small: what matters is what depends on what
    first = run(root, cache_dir, fix=fix, options=any_size)
    for name, text in edit.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write(root / name, text)
    warm = run(root, cache_dir, fix=fix, options=any_size)
    cold = run(root, None, fix=fix, options=any_size)
    assert summary(warm) == summary(cold)
    # each case has a finding before or after the edit (else the comparison would prove nothing)
    assert any(r.report.findings for r in [*first, *cold])


def test_remembered_answers_replay_their_reads_and_cycles_are_not_kept():
    from gofixleak.semantics import deps
    from gofixleak.semantics.facts import PackageFacts

    facts = PackageFacts("example.com/m", "m")
    other = PackageFacts("example.com/o", "o")
    memo: dict = {}
    with deps.recording() as first:
        assert deps.remembered(memo, "k", lambda: deps.record_whole(other) or 1) == 1
    with deps.recording() as second:  # answered from the memo: the read is reported again
        assert deps.remembered(memo, "k", lambda: 2) == 1
    assert list(first.whole.values()) == list(second.whole.values()) == [other]

    # a -> b -> a: b's answer saw a cut short, so only a's answer (which saw the cycle whole) is kept
    following = {"a": "b", "b": "a"}

    def length(key: str) -> int:
        return deps.remembered(memo, key, lambda: 1 + length(following[key]), 0)

    assert length("a") == 2
    assert "a" in memo and "b" not in memo
    assert facts.remembered("kind", "x", lambda: 3) == facts.remembered("kind", "x", lambda: 4) == 3
