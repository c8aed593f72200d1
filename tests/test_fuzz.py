"""Seeded mutation fuzzing: broken and odd variants of real Go files never break gofixleak.

The corpus is a fixed set of real files (standard-library files of the
installed toolchain that hold leaks, and every golden case); each is mutated
in the ways real editors and file systems produce: truncated, a line deleted
or doubled, braces swapped, a token inserted, a NUL byte, invalid UTF-8, CRLF
line ends, a byte-order mark, no final newline.  The mutants are numbered and
deterministic; a run checks a bounded sample of them (`--fuzz-all` checks
every one).  For each: no traceback and no internal error, no hang (a time
bound per mutant), and any patch printed applies with both `git apply` and
`patch -p1` and adds no syntax error.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import gotool
import pytest
from golden_cases import GOLDEN, run_cli

from gofixleak.syntax import grammar

SAMPLE = 48  # mutants per run without --fuzz-all
SECONDS_PER_MUTANT = 30
STDLIB_FILES = [
    "strings/builder.go",
    "bufio/scan.go",
    "net/http/transport.go",
    "container/heap/heap.go",
    "go/parser/parser.go",
    "sync/pool.go",
    "time/sleep.go",
    "os/exec/exec.go",
]


def corpus() -> list[tuple[str, bytes]]:
    goroot = Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"
    files = [(name, (goroot / name).read_bytes()) for name in STDLIB_FILES if (goroot / name).is_file()]
    files += [(p.relative_to(GOLDEN).as_posix(), p.read_bytes()) for p in sorted(GOLDEN.rglob("*.go"))]
    return files


Mutation = Callable[[bytes, random.Random], bytes]


def _lines(src: bytes) -> list[bytes]:
    return src.split(b"\n")


def truncate(src: bytes, rng: random.Random) -> bytes:
    return src[: rng.randrange(1, max(2, len(src)))]


def delete_line(src: bytes, rng: random.Random) -> bytes:
    lines = _lines(src)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(src: bytes, rng: random.Random) -> bytes:
    lines = _lines(src)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def swap_braces(src: bytes, rng: random.Random) -> bytes:
    spots = [i for i, b in enumerate(src) if b in b"{}"]
    if not spots:
        return src
    i = rng.choice(spots)
    return src[:i] + (b"}" if src[i : i + 1] == b"{" else b"{") + src[i + 1 :]


def insert_token(src: bytes, rng: random.Random) -> bytes:
    token = rng.choice([b"func ", b"{", b"}", b"(", b")", b"defer ", b"go ", b"[:", b":=", b"'", b'"', b"`", b"/*"])
    i = rng.randrange(len(src) + 1)
    return src[:i] + token + src[i:]


def nul_byte(src: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(src) + 1)
    return src[:i] + b"\x00" + src[i:]


def invalid_utf8(src: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(src) + 1)
    return src[:i] + rng.choice([b"\xff", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80"]) + src[i:]


def crlf(src: bytes, rng: random.Random) -> bytes:
    return src.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bom(src: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + src


def no_final_newline(src: bytes, rng: random.Random) -> bytes:
    return src.rstrip(b"\n")


MUTATIONS: list[Mutation] = [
    truncate,
    delete_line,
    duplicate_line,
    swap_braces,
    insert_token,
    nul_byte,
    invalid_utf8,
    crlf,
    bom,
    no_final_newline,
]
SEEDS_PER_KIND = 3


def mutants() -> Iterator[tuple[str, bytes]]:
    for name, src in corpus():
        for mutation in MUTATIONS:
            seeds = range(SEEDS_PER_KIND) if mutation not in (crlf, bom, no_final_newline) else range(1)
            for seed in seeds:
                rng = random.Random(f"{name}/{mutation.__name__}/{seed}")
                yield f"{name}:{mutation.__name__}:{seed}", mutation(src, rng)


def chosen(all_mutants: bool) -> list[tuple[str, bytes]]:
    every = list(mutants())
    if all_mutants:
        return every
    return random.Random("gofixleak-fuzz").sample(every, min(SAMPLE, len(every)))


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _check_one(tmp: Path, label: str, mutant: bytes) -> list[str]:
    """Problems with gofixleak on one mutant (empty when all is well)."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "go.mod").write_text("module example.com/fuzz\n\ngo 1.22\n")
    target = tmp / "case.go"
    target.write_bytes(mutant)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_MUTANT)
    try:
        code, patch_text, err = run_cli(["diff", "--unsafe-fixes", "--jobs", "1", "case.go"], tmp)
        check_code, _, check_err = run_cli(["check", "--format", "json", "--jobs", "1", "case.go"], tmp)
    except _Timeout:
        return [f"{label}: no answer within {SECONDS_PER_MUTANT} s"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    problems = []
    for output in (err, check_err):
        if "Traceback" in output or "internal error" in output:
            problems.append(f"{label}: {output.strip()[-300:]}")
    if code not in (0, 1, 2) or check_code not in (0, 1, 2):
        problems.append(f"{label}: exit codes {code}, {check_code}")
    if code == 1 and patch_text:
        problems += _patch_problems(tmp, label, mutant, patch_text)
    return problems


def _patch_problems(tmp: Path, label: str, mutant: bytes, patch_text: str) -> list[str]:
    problems = []
    results = []
    for tool in (["git", "apply", "-"], ["patch", "-p1", "--quiet", "--batch"]):
        (tmp / "case.go").write_bytes(mutant)
        done = subprocess.run(tool, input=patch_text.encode(), cwd=tmp, capture_output=True)
        if done.returncode != 0:
            problems.append(f"{label}: {tool[0]} rejects the patch: {(done.stdout + done.stderr)[-200:]!r}")
            continue
        results.append((tmp / "case.go").read_bytes())
    if len(results) == 2 and results[0] != results[1]:
        problems.append(f"{label}: git apply and patch -p1 disagree")
    for fixed in results[:1]:
        before = len(grammar.error_spans(grammar.parse(mutant)))
        after = len(grammar.error_spans(grammar.parse(fixed)))
        if after > before:
            problems.append(f"{label}: the patch adds a syntax error ({before} -> {after})")
    return problems


def test_mutants_of_real_files_never_break_gofixleak(tmp_path, request):
    if shutil.which("git") is None or shutil.which("patch") is None:
        pytest.skip("git and patch are needed to apply the patches")
    everything = request.config.getoption("--fuzz-all")
    problems: list[str] = []
    checked = 0
    for label, mutant in chosen(everything):
        problems += _check_one(tmp_path / "m", label, mutant)
        checked += 1
    assert checked >= min(SAMPLE, 1)
    assert not problems, "\n".join(problems[:20])


def test_the_mutations_do_what_they_say():
    src = b"package p\n\nfunc f() {\n\tx := 1\n\t_ = x\n}\n"
    rng = random.Random(1)
    assert crlf(src, rng).count(b"\r\n") == src.count(b"\n")
    assert bom(src, rng).startswith(b"\xef\xbb\xbf")
    assert not no_final_newline(src, rng).endswith(b"\n")
    assert b"\x00" in nul_byte(src, rng)
    assert len(truncate(src, rng)) < len(src)
    assert len(_lines(delete_line(src, rng))) == len(_lines(src)) - 1
    assert len(_lines(duplicate_line(src, rng))) == len(_lines(src)) + 1
    assert swap_braces(src, rng).count(b"{") != src.count(b"{")
    try:
        invalid_utf8(src, rng).decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("invalid_utf8 produced valid UTF-8")
    assert len(list(mutants())) > 1000
