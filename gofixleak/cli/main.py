"""The command line: `gofixleak check | diff | fix | rules | explain | config`.

Exit codes: 0 nothing found (or nothing to change); 1 findings (check), a
non-empty patch (diff) or findings left unfixed (fix); 2 usage or I/O errors.
Patches go to stdout alone, so `gofixleak diff | git apply` works; warnings
and errors go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from typing import NoReturn, TextIO

from gofixleak import __version__, api
from gofixleak.bot import command as pr_command
from gofixleak.cli import caching, options, settings_cmd, terminal

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line instead of the usage block
        raise UsageError(message)


def _codes(values: list[str] | None, flag: str = "--select") -> frozenset[str] | None:
    if values is None:
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
    if not codes and flag == "--select":
        raise UsageError("--select names no rule: give rule ids or names (see `gofixleak rules`), or ALL")
    return frozenset(codes)


MAX_JOBS = 256


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_JOBS}, not {value}")
    return jobs


_SIZE_UNITS = {"": 1, "k": 1_000, "kb": 1_000, "m": 1_000_000, "mb": 1_000_000}


def _size(value: str) -> int:
    text = value.strip().lower()
    number = text.rstrip("kmb")
    unit = text[len(number) :]
    try:
        size = int(number) * _SIZE_UNITS[unit]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (bytes, or with K or M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"must be positive, not {value}")
    return size


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
        p.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply fixes marked unsafe")
        p.add_argument(
            "--no-unsafe-fixes", dest="unsafe_fixes", action="store_false", help="not even if the configuration says so"
        )
        p.add_argument(
            "--option", action="append", metavar="RULE.NAME[=VALUE]", help="set a rule option (see `gofixleak explain`)"
        )
        p.add_argument(
            "--jobs", "-j", type=_jobs, metavar="N", help=f"worker processes, 1 to {MAX_JOBS} (default: number of CPUs)"
        )
        p.add_argument(
            "--max-file-size",
            type=_size,
            metavar="SIZE",
            default=api.DEFAULT_MAX_FILE_SIZE,
            help=f"skip files larger than this (bytes, or with K or M; default {api.DEFAULT_MAX_FILE_SIZE:,})",
        )
        p.add_argument(
            "--verbose", "-v", action="store_true", help="say which Go version each file gets, and what is skipped"
        )
        options.add_configuration(p)
        options.add_scale(p)
        caching.add_cache(p)
        return p

    check = analysis("check", "report leaks")
    options.add_output(check)
    options.add_show_settings(check)
    diff = analysis("diff", "print the fixes as a unified diff (for git apply / patch -p1)")
    options.add_output(diff, formats=())
    fix = analysis("fix", "apply the fixes in place")
    options.add_output(fix)
    for command in (diff, fix):
        command.add_argument(
            "--verify", action="store_true", help="build and vet the fixed packages with go; drop fixes that break one"
        )
    pr_command.add_arguments(analysis("pr", "open, update or close pull requests with the fixes (the bot)"))

    config = sub.add_parser(
        "config",
        help="print the settings in force for a file (as gofixleak.toml)",
        description="print the settings in force for a file or folder (default: the current folder), as gofixleak.toml",
    )
    config.add_argument("file", nargs="?", help="a Go file or folder")
    options.add_configuration(config)

    sub.add_parser("rules", help="list the rules", description="list the rules")
    explain = sub.add_parser("explain", help="show a rule's documentation", description="show a rule's documentation")
    explain.add_argument("rule", help="rule id or name, e.g. GFL001")
    lsp = sub.add_parser("lsp", help="run the language server", description="run the language server (stdio)")
    lsp.add_argument("--tcp", type=int, metavar="PORT", help="serve one client on this TCP port instead of stdio")
    lsp.add_argument("--host", default="127.0.0.1", help="address to listen on with --tcp (default: 127.0.0.1)")
    lsp.add_argument("--log-file", metavar="PATH", help="write the server's debug log (every message) to this file")
    return parser


class OutputError(Exception):
    """Standard output could not be written (a full disk, a closed terminal)."""


def _write(stream: TextIO, text: str) -> None:
    # paths are quoted where they are not plain UTF-8, so this never meets a surrogate; if
    # something does, a replacement character is better than a crash
    data = text.encode("utf-8", "backslashreplace")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        if stream is sys.stdout:
            raise OutputError(err.strerror or str(err)) from err
        # stderr is gone too: nothing left to tell anyone


def _err(text: str) -> None:
    _write(sys.stderr, text + "\n")


EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_BROKEN_PIPE = 130, 143, 141  # 128 + SIGINT, SIGTERM, SIGPIPE


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's own flush at exit
    does not fail again on a closed pipe or a full disk."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """The entry point: one line and exit 2 for anything that goes wrong, never a traceback
    (unless -v asks for it)."""
    arguments = sys.argv[1:] if argv is None else argv
    previous = api.install_interrupt_handlers()
    try:
        return _main(arguments)
    except (UsageError, api.ConfigError) as err:
        _err(f"gofixleak: error: {err}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("gofixleak: interrupted")
        return EXIT_INTERRUPTED
    except api.Terminated:
        _err("gofixleak: terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        # the reader went away (`gofixleak diff | head`): stop quietly, as a killed writer would
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OutputError as err:
        _silence_stdout()
        _err(f"gofixleak: error: cannot write output: {err}")
        return EXIT_ERROR
    except Exception as err:  # a bug of ours: one line, the traceback only when asked
        if "-v" in arguments or "--verbose" in arguments:
            _err(traceback.format_exc().rstrip())
        _err(
            f"gofixleak: internal error: {type(err).__name__}: {err} (run with -v for the traceback; please report it)"
        )
        return EXIT_ERROR
    finally:
        api.restore_interrupt_handlers(previous)


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
    if args.command == "config":
        session = api.Session(os.getcwd(), options.explicit_settings(args), static=True)
        if args.file and not os.path.exists(args.file):
            raise UsageError(f"{args.file}: no such file or directory")
        _write(sys.stdout, settings_cmd.render(session, args.file))
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


def _settings(args: argparse.Namespace) -> api.Settings:
    go_override = None
    if args.go is not None:
        try:
            go_override = api.parse_go_version(args.go)
        except ValueError as err:
            raise UsageError(f"--go: {err}") from err
    return dataclasses.replace(
        options.explicit_settings(args),
        select=_codes(args.select),
        ignore=_codes(args.ignore, "--ignore"),
        go=go_override,
        options=_options(args.option),
        strict=os.environ.get("GOFIXLEAK_STRICT") == "1",
        max_file_size=args.max_file_size,
    )


def _analyse(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.command == "pr":
        return pr_command.run(args, settings)
    shard = None
    if args.shard:
        try:
            shard = api.parse_shard(args.shard)
        except ValueError as err:
            raise UsageError(str(err)) from err
    if getattr(args, "statistics", False) and args.format not in ("text", "json"):
        raise UsageError("--statistics prints text or json, not " + args.format)
    session = api.Session(os.getcwd(), settings, static=True)
    if getattr(args, "show_settings", None):
        _write(sys.stdout, settings_cmd.render(session, args.show_settings))
        return EXIT_OK
    expansion = session.expand(args.paths, shard=shard)
    failed = bool(expansion.errors)
    for message in expansion.errors:
        _err(f"gofixleak: error: {message}")
    for message in expansion.warnings if not args.quiet else ():
        _err(f"gofixleak: warning: {message}")
    if args.verbose:
        for path in expansion.excluded:
            _err(f"{session.workspace.display(path)}: skipped: excluded by {_config_name(session, path)}")
    wants_fixes = args.command in ("diff", "fix")
    progress = terminal.progress_for(sys.stderr, len(expansion.files), args.quiet)
    try:
        results = session.check_files(
            expansion, fix=wants_fixes, jobs=args.jobs, progress=progress, **caching.check_options(args)
        )
    finally:
        if progress is not None:
            progress.close()
    if args.verbose and caching.summary(session):
        _err(caching.summary(session) or "")
    if getattr(args, "verify", False):
        results = _verify(session, results)
    reports = [r.report for r in results]
    failed |= _report_problems(reports, args.verbose)
    if args.command == "check":
        failed |= not _emit(args, _formatted(session, args, reports, after_fix=False))
        if failed:
            return EXIT_ERROR
        return EXIT_FOUND if api.findings_of(reports) else EXIT_OK
    if args.command == "diff":
        return _diff(session, reports, failed, args)
    return _fix(session, results, failed, args)


def _config_name(session: api.Session, path: object) -> str:
    project = session.settings_for(str(path)).project
    return project.display if project is not None else "the configuration"


def _formatted(
    session: api.Session, args: argparse.Namespace, reports: list[api.FileReport], after_fix: bool
) -> list[tuple[str, str]]:
    """The output of check (or fix, after_fix) as (text, role) pieces (roles colour text output)."""
    lookup = session.config_for
    if args.statistics:
        rows = api.statistics(reports, lookup, after_fix=after_fix)
        if args.format == "json":
            return [(api.statistics_json(rows), "")]
        quiet_summary = [] if args.quiet else [(api.summary(reports, lookup) + "\n", "summary")]
        return [(api.statistics_text(rows), ""), *quiet_summary]
    if args.format == "json":
        return [(api.as_json(reports, lookup), "")]
    if args.format == "sarif":
        return [(api.as_sarif(reports, lookup, session.root, after_fix=after_fix), "")]
    if args.format == "github":
        return [(api.as_github(reports, lookup, after_fix=after_fix), "")]
    pieces = api.segments(reports, lookup, frames=sys.stdout.isatty() and not args.output_file)
    return [p for p in pieces if not (args.quiet and p[1] == "summary")]


def _emit(args: argparse.Namespace, pieces: list[tuple[str, str]]) -> bool:
    """Write the output to --output-file (atomically) or stdout (coloured on a terminal);
    False when the file could not be written."""
    if args.output_file:
        try:
            api.write_output(args.output_file, "".join(p for p, _ in pieces))
        except OSError as err:
            _err(f"{args.output_file}: error: cannot write: {err.strerror or err}")
            return False
        return True
    if any(role for _, role in pieces) and terminal.wants_colour(sys.stdout):
        terminal.render_segments(sys.stdout, pieces)
    else:
        _write(sys.stdout, "".join(p for p, _ in pieces))
    return True


def _verify(session: api.Session, results: list[api.FileResult]) -> list[api.FileResult]:
    """Results whose fixes build: dropped fixes come back as warnings on their files."""
    verification = session.verify(results)
    _err(f"gofixleak: {verification.summary()}")
    for package in verification.packages:
        if package.status in ("fails-before", "not-built", "no-module"):
            _err(f"{package.package}: not verified: {package.detail}")
    return verification.results


def _report_problems(reports: list[api.FileReport], verbose: bool) -> bool:
    """Print each file's diagnostics on stderr; True when one is an error."""
    failed = False
    for report in reports:
        if report.generated:
            if verbose:
                _err(f"{api.shown_path(report.display)}: skipped: generated file")
            continue
        if verbose and report.version_note:
            _err(f"{api.shown_path(report.display)}: Go {report.version} ({report.version_note})")
        for d in report.diagnostics:
            where = api.shown_path(report.display)
            if d.offset is not None:
                line, col = api.position(report.src, d.offset)
                where = f"{where}:{line}:{col}"
            _err(f"{where}: {d.level}: {d.message}")
            failed |= d.level == "error"
    return failed


def _diff(session: api.Session, reports: list[api.FileReport], failed: bool, args: argparse.Namespace) -> int:
    changed = 0
    patches: list[tuple[str, str]] = []
    for report in reports:
        try:
            text = session.patch(report)
        except api.PatchError as err:
            _err(f"{api.shown_path(report.display)}: error: {err}; no patch printed for this file")
            failed = True
            continue
        if text:
            changed += 1
            if args.output_file:
                patches.append((text, ""))
            else:
                _write(sys.stdout, text)  # streamed: `gofixleak diff | head` stops us early
    if args.output_file:
        failed |= not _emit(args, patches)
    if failed:
        return EXIT_ERROR
    return EXIT_FOUND if changed else EXIT_OK


def _fix(session: api.Session, results: list[api.FileResult], failed: bool, args: argparse.Namespace) -> int:
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
            _err(f"{api.shown_path(result.report.display)}: error: cannot write: {err.strerror or err}")
            failed = True
            continue
        if written:
            files += 1
            fixed_count += len(result.report.applied)
    reports = [r.report for r in results]
    remaining = sum(len(r.remaining) for r in reports)
    if args.format != "text" or args.statistics:
        failed |= not _emit(args, _formatted(session, args, reports, after_fix=True))
    elif not args.quiet or args.output_file:
        message = (
            f"Fixed {fixed_count} finding{'s' if fixed_count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
        message += f"; {remaining} remaining." if remaining else "."
        failed |= not _emit(args, [(message + "\n", "")])
    if failed:
        return EXIT_ERROR
    return EXIT_FOUND if remaining else EXIT_OK
