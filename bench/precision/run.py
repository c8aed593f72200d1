"""The precision harness: gofixleak on real Go modules, a findings ledger, a judged sample, a report.

    python bench/precision/run.py export   [--mirrors DIR] [--work DIR]   # sources at the manifest's commits
    python bench/precision/run.py scan     [--work DIR]                    # -> findings.jsonl (the ledger)
    python bench/precision/run.py sample   [--per-rule N]                  # -> judgments.jsonl (new entries unjudged)
    python bench/precision/run.py buildtest [--work DIR] [--ids ID ...]    # safe fixes: go vet + go test the package
    python bench/precision/run.py report                                   # -> docs/precision.md

The modules and commits are in manifest.toml.  Their sources are never
committed: `export` copies each from a local mirror (a fetched snapshot at
DIR/owner+name/repo, or a bare clone at DIR/owner/name.git) into the work
folder.  `scan` runs the installed gofixleak exactly as a user would
(`gofixleak check --format json ./...` in the module's root), once with the
module's own Go version and once with `--go 1.22` for the timer rules
(GFL005, GFL008), whose leaks only exist below Go 1.23.

Judging: a reviewer who did not write the rule reads each sampled finding in
its module and answers one question — would this project's maintainers merge
this fix (or act on this report)? — writing `verdict` (true, false,
debatable) and a one-line `reason` into judgments.jsonl.  `report`
computes per-rule precision from the judged entries whose finding is still in
the ledger: the effective false-positive rate counts debatable findings as
false when they carry a safe fix.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LEDGER = HERE / "findings.jsonl"
JUDGMENTS = HERE / "judgments.jsonl"
REPORT = REPO / "docs" / "precision.md"
DEFAULT_WORK = Path(os.environ.get("GOFIXLEAK_PRECISION_WORK", Path(tempfile.gettempdir()) / "gofixleak-precision"))
DEFAULT_MIRRORS = Path(os.environ.get("GOFIXLEAK_MIRRORS", "/work/.mirror"))
TIMER_RULES = ("GFL005", "GFL008")
TIMER_GO = "1.22"


@dataclass(frozen=True)
class Module:
    name: str
    repo: str
    commit: str
    vendored: bool = False
    goroot: bool = False  # the standard library of the installed Go toolchain (commit: its version)


def manifest() -> list[Module]:
    data = tomllib.loads((HERE / "manifest.toml").read_text())
    return [Module(**entry) for entry in data["module"]]


# --- export -----------------------------------------------------------------------------


def _mirror(mirrors: Path, module: Module) -> Path | None:
    owner, name = module.repo.split("/")
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / owner / f"{name}.git"):
        if candidate.is_dir():
            return candidate
    return None


def _checkout(git_dir: Path, commit: str, target: Path) -> int:
    """Write the commit's regular files under `target`; returns how many blobs were absent
    (fetched snapshots lack files of 4 MiB and more).  Symbolic links and submodules are
    skipped: real repositories carry fixtures such as a link to /dev/null."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit], capture_output=True, check=False
    )
    if listing.returncode != 0:
        raise RuntimeError(listing.stderr.decode(errors="replace").strip())
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            entries.append((sha.decode(), name.decode("utf-8", "surrogateescape"), mode == b"100755"))
    batch = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert batch.stdin is not None and batch.stdout is not None
    missing = 0
    for sha, name, executable in entries:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)  # the newline after the object
        path = target / name
        if ".." in Path(name).parts:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if executable:
            path.chmod(0o755)
    batch.stdin.close()
    batch.wait()
    return missing


def _export_goroot(module: Module, target: Path, stamp: Path) -> int:
    go = shutil.which("go") or str(Path(sys.executable).parent / "go")
    done = subprocess.run([go, "env", "GOROOT", "GOVERSION"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{module.name}: no Go toolchain: {done.stderr.strip()}", file=sys.stderr)
        return 2
    goroot, version = done.stdout.split()
    if version != module.commit:
        print(f"{module.name}: the toolchain is {version}, the manifest pins {module.commit}", file=sys.stderr)
        return 2
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(Path(goroot) / "src", target, symlinks=True)
    stamp.write_text(module.commit + "\n")
    print(f"{module.name}: copied {goroot}/src ({version}) to {target}")
    return 0


def export(mirrors: Path, work: Path) -> int:
    work.mkdir(parents=True, exist_ok=True)
    status = 0
    for module in manifest():
        target = work / module.name
        stamp = target / ".gofixleak-commit"
        if stamp.is_file() and stamp.read_text().strip() == module.commit:
            print(f"{module.name}: up to date")
            continue
        if module.goroot:
            status |= _export_goroot(module, target, stamp)
            continue
        git_dir = _mirror(mirrors, module)
        if git_dir is None:
            print(f"{module.name}: no mirror of {module.repo} under {mirrors}", file=sys.stderr)
            status = 2
            continue
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        try:
            missing = _checkout(git_dir, module.commit, target)
        except RuntimeError as err:
            print(f"{module.name}: {err}", file=sys.stderr)
            status = 2
            continue
        if missing:
            print(f"{module.name}: {missing} blobs absent from the snapshot (large files), skipped")
        stamp.write_text(module.commit + "\n")
        print(f"{module.name}: exported {module.commit[:12]} to {target}")
    return status


# --- scan -------------------------------------------------------------------------------


def _line_text(root: Path, path: str, line: int) -> str:
    try:
        return (root / path).read_bytes().split(b"\n")[line - 1].decode("utf-8", "replace").strip()
    except (OSError, IndexError):
        return ""


def finding_id(module: str, path: str, rule: str, line_text: str, occurrence: int) -> str:
    """Stable across unrelated edits: the finding's file, rule and line text, not its line number."""
    key = f"{module}\0{path}\0{rule}\0{line_text}\0{occurrence}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _gofixleak(root: Path, extra: list[str]) -> dict:
    command = [sys.executable, "-m", "gofixleak", "check", "--format", "json", *extra, "./..."]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{root}: gofixleak exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def scan(work: Path) -> int:
    rows = []
    for module in manifest():
        root = work / module.name
        if not root.is_dir():
            print(f"{module.name}: not exported (run `export` first)", file=sys.stderr)
            return 2
        runs = [
            ("default", ["--ignore", ",".join(TIMER_RULES)]),
            (f"go{TIMER_GO}", ["--go", TIMER_GO, "--select", ",".join(TIMER_RULES)]),
        ]
        seen: Counter[tuple[str, str, str]] = Counter()
        for label, extra in runs:
            document = _gofixleak(root, extra)
            for f in document["findings"]:
                line = f["start"]["line"]
                text = _line_text(root, f["path"], line)
                key = (f["path"], f["rule"], text)
                seen[key] += 1
                safeties = [x["safety"] for x in f["fixes"]]
                best = min(safeties, key=("safe", "unsafe", "suggestion").index) if safeties else "none"
                rows.append(
                    {
                        "id": finding_id(module.name, f["path"], f["rule"], text, seen[key]),
                        "module": module.name,
                        "path": f["path"],
                        "line": line,
                        "column": f["start"]["column"],
                        "rule": f["rule"],
                        "run": label,
                        "fix": best,
                        "message": f["message"],
                        "text": text,
                    }
                )
        print(f"{module.name}: {sum(1 for r in rows if r['module'] == module.name)} findings")
    rows.sort(key=lambda r: (r["module"], r["path"], r["line"], r["column"], r["rule"]))
    LEDGER.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    counts = Counter(r["rule"] for r in rows)
    print("ledger:", LEDGER.relative_to(REPO), dict(sorted(counts.items())))
    return 0


# --- judging ------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows))


def sample(per_rule: int) -> int:
    ledger = _read_jsonl(LEDGER)
    judged = {j["id"]: j for j in _read_jsonl(JUDGMENTS)}
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for row in ledger:
        by_rule[row["rule"]].append(row)
    added = 0
    for _rule, rows in sorted(by_rule.items()):
        current = [r for r in rows if r["id"] in judged]
        # a deterministic sample: order by a hash of the id, so it does not favour one module or file
        for row in sorted(rows, key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest()):
            if len(current) >= per_rule:
                break
            if row["id"] in judged:
                continue
            judged[row["id"]] = {**row, "verdict": "unjudged", "reason": "", "judge": "", "build": ""}
            current.append(row)
            added += 1
    _write_jsonl(JUDGMENTS, sorted(judged.values(), key=lambda j: (j["rule"], j["module"], j["path"], j["line"])))
    print(f"{added} findings added to {JUDGMENTS.relative_to(REPO)} for judging")
    return 0


def _module_copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)
    # docker/cli keeps its module file as vendor.mod (its build links it to go.mod)
    if not (target / "go.mod").is_file() and (target / "vendor.mod").is_file():
        shutil.copyfile(target / "vendor.mod", target / "go.mod")
        if (target / "vendor.sum").is_file():
            shutil.copyfile(target / "vendor.sum", target / "go.sum")


def _go_steps(go: str, root: Path, package: str, env: dict[str, str]) -> list[tuple[str, bool, str]]:
    out = []
    for step in (["vet", package], ["test", "-short", "-count=1", package]):
        done = subprocess.run([go, *step], cwd=root, capture_output=True, text=True, env=env)
        last = (done.stdout + done.stderr).strip().splitlines()
        out.append((step[0], done.returncode == 0, last[-1][:160] if last else ""))
    return out


def buildtest(work: Path, ids: list[str]) -> int:
    """For sampled findings with a safe fix in vendored modules: `go vet` and `go test -short` the
    finding's package before and after fixing its file in a copy of the module, and record in
    `build` whether the fix newly breaks either (a failure before the fix is not blamed on it)."""
    modules = {m.name: m for m in manifest()}
    judgments = _read_jsonl(JUDGMENTS)
    go = shutil.which("go") or str(Path(sys.executable).parent / "go")
    env = {**os.environ, "GOFLAGS": "-mod=vendor", "GOTOOLCHAIN": "local", "GOPROXY": "off", "CGO_ENABLED": "0"}
    for entry in judgments:
        if (ids and entry["id"] not in ids) or entry.get("fix") != "safe":
            continue
        module = modules[entry["module"]]
        if not module.vendored:
            entry["build"] = "n/a: dependencies not vendored"
            continue
        package = "./" + str(Path(entry["path"]).parent)
        with tempfile.TemporaryDirectory(prefix="gofixleak-buildtest-") as tmp:
            copy = Path(tmp) / module.name
            _module_copy(work / module.name, copy)
            before = _go_steps(go, copy, package, env)
            fixed = subprocess.run(
                [sys.executable, "-m", "gofixleak", "fix", entry["path"]], cwd=copy, capture_output=True, text=True
            )
            if fixed.returncode == 2:
                entry["build"] = f"fix failed: {fixed.stderr.strip()[:200]}"
                continue
            after = _go_steps(go, copy, package, env)
        results = []
        for (step, ok_before, _), (_, ok_after, last) in zip(before, after, strict=True):
            if ok_after:
                results.append(f"{step} ok")
            elif not ok_before:
                results.append(f"{step} fails before the fix too (not counted)")
            else:
                results.append(f"{step} FAIL: {last}")
        entry["build"] = "; ".join(results)
        print(entry["id"], entry["module"], entry["path"], entry["build"])
    _write_jsonl(JUDGMENTS, judgments)
    return 0


# --- report -------------------------------------------------------------------------------


def report() -> int:
    ledger = _read_jsonl(LEDGER)
    present = {r["id"] for r in ledger}
    judgments = [j for j in _read_jsonl(JUDGMENTS) if j.get("verdict") in ("true", "false", "debatable")]
    found = Counter(r["rule"] for r in ledger)
    lines = [
        "# Precision on real modules",
        "",
        "Generated by `python bench/precision/run.py report`; do not edit by hand.",
        "",
        "Modules (bench/precision/manifest.toml): "
        + ", ".join(f"{m.name} ({m.repo}@{m.commit[:10]})" for m in manifest())
        + ".",
        "",
        "A reviewer who did not write the rule judged each sampled finding: would this project's "
        "maintainers merge the fix (or act on the report)?  Effective false-positive rate = "
        "(false + debatable findings whose fix is safe) / judged.  Target: at most 10% per rule.",
        "",
        "| rule | findings | judged | true | false | debatable | effective FP rate | safe fixes built & tested |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rule in sorted(set(found) | {j["rule"] for j in judgments}):
        current = [j for j in judgments if j["rule"] == rule and j["id"] in present]
        verdicts = Counter(j["verdict"] for j in current)
        bad = verdicts["false"] + sum(1 for j in current if j["verdict"] == "debatable" and j.get("fix") == "safe")
        rate = f"{100 * bad / len(current):.0f}%" if current else "—"
        built = [j for j in current if j.get("fix") == "safe" and j.get("build", "").startswith("vet")]
        passed = sum(1 for j in built if "FAIL" not in j["build"])  # a pre-existing failure is not the fix's
        lines.append(
            f"| {rule} | {found.get(rule, 0)} | {len(current)} | {verdicts['true']} | {verdicts['false']} | "
            f"{verdicts['debatable']} | {rate} | {passed}/{len(built)} |"
        )
    gone = [j for j in judgments if j["id"] not in present]
    if gone:
        lines += ["", f"{len(gone)} judged findings are no longer reported (kept in judgments.jsonl)."]
    REPORT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("export")
    p.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    p.add_argument("--work", type=Path, default=DEFAULT_WORK)
    p = sub.add_parser("scan")
    p.add_argument("--work", type=Path, default=DEFAULT_WORK)
    p = sub.add_parser("sample")
    p.add_argument("--per-rule", type=int, default=15)
    p = sub.add_parser("buildtest")
    p.add_argument("--work", type=Path, default=DEFAULT_WORK)
    p.add_argument("--ids", nargs="*", default=[])
    sub.add_parser("report")
    args = parser.parse_args()
    if args.command == "export":
        return export(args.mirrors, args.work)
    if args.command == "scan":
        return scan(args.work)
    if args.command == "sample":
        return sample(args.per_rule)
    if args.command == "buildtest":
        return buildtest(args.work, args.ids)
    return report()


if __name__ == "__main__":
    sys.exit(main())
