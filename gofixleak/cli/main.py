"""The command line: `gofixleak check | diff | fix | rules | explain`.

Exit codes: 0 nothing found (or nothing to change); 1 findings (check), a
non-empty patch (diff) or findings left unfixed (fix); 2 usage or I/O errors.
Patches go to stdout alone, so `gofixleak diff | git apply` works; warnings
and errors go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from gofixleak import __version__, api
from gofixleak.api import GoVersion

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line instead of the usage block
        raise UsageError(message)


def _codes(values: list[str] | None) -> frozenset[str] | None:
    if not values:
        return None
    codes = set()
    for value in values:
        for code in value.split(","):
            code = code.strip()
            if not code:
                continue
            if code.upper() == "ALL":
                codes.add("ALL")
                continue
            rule = api.find_rule(code)
            if rule is None and code.upper() != "GFL000":
                raise UsageError(f"unknown rule {code!r} (see `gofixleak rules`)")
            codes.add(rule.id if rule else "GFL000")
    return frozenset(codes)


def _options(values: list[str] | None) -> dict[str, object]:
    known = {f"{r.id}.{name}": r for r in api.rules() for name in r.options}
    out: dict[str, object] = {}
    for value in values or []:
        name, _, raw = value.partition("=")
        rule_part, _, option = name.partition(".")
        rule = api.find_rule(rule_part)
        key = f"{rule.id}.{option}" if rule else name
        if key not in known:
            choices = ", ".join(sorted(known)) or "none"
            raise UsageError(f"unknown option {name!r} (known: {choices})")
        lowered = raw.strip().lower()
        out[key] = (
            True
            if lowered in ("", "1", "true", "yes", "on")
            else False
            if lowered in ("0", "false", "no", "off")
            else raw
        )
    return out


def build_parser() -> _Parser:
    parser = _Parser(
        prog="gofixleak",
        description="Find and fix the Go memory and resource leaks the garbage collector cannot save you from.",
    )
    parser.add_argument("--version", action="version", version=f"gofixleak {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def analysis(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("paths", nargs="*", help="files, folders or Go patterns (default: ./...)")
        p.add_argument(
            "--select", action="append", metavar="CODES", help="only these rules (ids or names, comma-separated)"
        )
        p.add_argument("--ignore", action="append", metavar="CODES", help="skip these rules")
        p.add_argument(
            "--go", metavar="VERSION", help="Go language version for every file (overrides go.mod and //go:build)"
        )
        p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
        p.add_argument(
            "--option", action="append", metavar="RULE.NAME[=VALUE]", help="set a rule option (see `gofixleak explain`)"
        )
        p.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: number of CPUs)")
        p.add_argument(
            "--verbose", "-v", action="store_true", help="say which Go version each file gets, and what is skipped"
        )
        return p

    check = analysis("check", "report leaks")
    check.add_argument("--format", choices=("text", "json"), default="text")
    analysis("diff", "print the fixes as a unified diff (for git apply / patch -p1)")
    fix = analysis("fix", "apply the fixes in place")
    fix.add_argument("--format", choices=("text", "json"), default="text")

    sub.add_parser("rules", help="list the rules", description="list the rules")
    explain = sub.add_parser("explain", help="show a rule's documentation", description="show a rule's documentation")
    explain.add_argument("rule", help="rule id or name, e.g. GFL001")
    lsp = sub.add_parser("lsp", help="run the language server", description="run the language server (stdio)")
    lsp.add_argument("--tcp", type=int, metavar="PORT", help="serve one client on this TCP port instead of stdio")
    lsp.add_argument("--host", default="127.0.0.1", help="address to listen on with --tcp (default: 127.0.0.1)")
    lsp.add_argument("--log-file", metavar="PATH", help="write the server's debug log (every message) to this file")
    return parser


def _write(stream, text: str) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def _err(text: str) -> None:
    _write(sys.stderr, text + "\n")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as err:
        _err(f"gofixleak: error: {err}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("gofixleak: interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `gofixleak diff | head`); not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        _write(sys.stdout, parser.format_help())
        return EXIT_ERROR
    if args.command == "rules":
        return _rules()
    if args.command == "explain":
        rule = api.find_rule(args.rule)
        if rule is None:
            raise UsageError(f"unknown rule {args.rule!r} (see `gofixleak rules`)")
        _write(sys.stdout, api.explain(rule))
        return EXIT_OK
    if args.command == "lsp":
        from gofixleak.lsp.server import serve  # pygls and lsprotocol load only here (~2 s)

        return serve(args.tcp, args.host, args.log_file)
    return _analyse(args)


def _rules() -> int:
    rows = [("id", "name", "fix", "min go", "what it finds")]
    for rule in api.rules():
        rows.append((rule.id, rule.name, str(rule.fix_safety), str(rule.min_go or ""), rule.title))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows]
    _write(sys.stdout, "\n".join(line.rstrip() for line in lines) + "\n")
    return EXIT_OK


def _analyse(args: argparse.Namespace) -> int:
    go_override = None
    if args.go:
        try:
            go_override = GoVersion.parse(args.go)
        except ValueError as err:
            raise UsageError(str(err)) from err
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    settings = api.Settings(
        select=_codes(args.select),
        ignore=_codes(args.ignore) or frozenset(),
        unsafe_fixes=args.unsafe_fixes,
        go=go_override,
        options=_options(args.option),
        strict=os.environ.get("GOFIXLEAK_STRICT") == "1",
    )
    session = api.Session(os.getcwd(), settings, static=True)
    expansion = session.expand(args.paths)
    failed = bool(expansion.errors)
    for message in expansion.errors:
        _err(f"gofixleak: error: {message}")
    for message in expansion.warnings:
        _err(f"gofixleak: warning: {message}")
    wants_fixes = args.command in ("diff", "fix")
    results = session.check_files(expansion, fix=wants_fixes, jobs=args.jobs)
    reports = [r.report for r in results]
    failed |= _report_problems(reports, args.verbose)
    if args.command == "check":
        if args.format == "json":
            _write(sys.stdout, api.as_json(reports, session.config))
        else:
            _write(sys.stdout, api.text(reports, session.config, frames=sys.stdout.isatty()))
        if failed:
            return EXIT_ERROR
        return EXIT_FOUND if api.findings_of(reports) else EXIT_OK
    if args.command == "diff":
        return _diff(session, reports, failed)
    return _fix(session, results, failed, args.format)


def _report_problems(reports: list[api.FileReport], verbose: bool) -> bool:
    """Print each file's diagnostics on stderr; True when one is an error."""
    failed = False
    for report in reports:
        if report.generated:
            if verbose:
                _err(f"{report.display}: skipped: generated file")
            continue
        if verbose and report.version_note:
            _err(f"{report.display}: Go {report.version} ({report.version_note})")
        for d in report.diagnostics:
            where = report.display
            if d.offset is not None:
                line, col = api.position(report.src, d.offset)
                where = f"{where}:{line}:{col}"
            _err(f"{where}: {d.level}: {d.message}")
            failed |= d.level == "error"
    return failed


def _diff(session: api.Session, reports: list[api.FileReport], failed: bool) -> int:
    changed = 0
    for report in reports:
        try:
            text = session.patch(report)
        except api.PatchError as err:
            _err(f"{report.display}: error: {err}; no patch printed for this file")
            failed = True
            continue
        if text:
            _write(sys.stdout, text)
            changed += 1
    if failed:
        return EXIT_ERROR
    return EXIT_FOUND if changed else EXIT_OK


def _fix(session: api.Session, results: list[api.FileResult], failed: bool, fmt: str) -> int:
    fixed_count = 0
    files = 0
    for result in results:
        try:
            written = session.write(result)
        except api.ChangedOnDisk as err:
            _err(f"gofixleak: error: {err}")
            failed = True
            continue
        except OSError as err:
            _err(f"{result.report.display}: error: cannot write: {err.strerror or err}")
            failed = True
            continue
        if written:
            files += 1
            fixed_count += len(result.report.applied)
    reports = [r.report for r in results]
    remaining = sum(len(r.remaining) for r in reports)
    if fmt == "json":
        _write(sys.stdout, api.as_json(reports, session.config))
    else:
        message = (
            f"Fixed {fixed_count} finding{'s' if fixed_count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
        message += f"; {remaining} remaining." if remaining else "."
        _write(sys.stdout, message + "\n")
    if failed:
        return EXIT_ERROR
    return EXIT_FOUND if remaining else EXIT_OK
