"""`gofixleak pr`: the pull-request bot's subcommand (options, token, output, exit codes).

Exit codes: 0 the pull requests are up to date (opened, updated, closed or
nothing to do); 1 a fix was dropped by verification, or a branch was not
updated because someone else committed to it; 2 usage, authentication,
network or git errors (the user's checkout is untouched either way).

The token comes from the environment only (GITHUB_TOKEN, or the variable
named by --token-env): an argument would show in process lists and shell
history.  Everything printed goes through one redactor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gofixleak.bot.defaults import DEFAULT_API_URL, DEFAULT_AUTHOR_EMAIL, DEFAULT_AUTHOR_NAME

if TYPE_CHECKING:  # the rest is imported when the subcommand runs: `gofixleak check` starts faster
    from gofixleak import api
    from gofixleak.bot.redact import Redactor
    from gofixleak.bot.run import RunResult

EXIT_OK, EXIT_ATTENTION, EXIT_ERROR = 0, 1, 2
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_AUTHOR = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The bot's own options (the analysis options come from the CLI)."""
    parser.add_argument("--repo", required=True, metavar="OWNER/NAME", help="the GitHub repository")
    parser.add_argument("--base", metavar="BRANCH", help="branch to fix and target (default: the remote's HEAD)")
    parser.add_argument("--remote", default="origin", help="git remote to fetch from and push to (default: origin)")
    parser.add_argument(
        "--api-url", default=DEFAULT_API_URL, help="GitHub API root (GitHub Enterprise: https://HOST/api/v3)"
    )
    parser.add_argument(
        "--split", choices=("module", "package"), default="module", help="one pull request per module or package"
    )
    parser.add_argument("--max-prs", type=int, metavar="N", help="at most N gofixleak pull requests open at once")
    parser.add_argument("--no-verify", action="store_true", help="do not build and vet the fixes with go")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the patches and the API calls it would make; change nothing"
    )
    parser.add_argument(
        "--token-env", default="GITHUB_TOKEN", metavar="NAME", help="environment variable holding the token"
    )
    parser.add_argument("--token", help=argparse.SUPPRESS)  # refused with an explanation
    parser.add_argument(
        "--author",
        default=f"{DEFAULT_AUTHOR_NAME} <{DEFAULT_AUTHOR_EMAIL}>",
        metavar="'NAME <EMAIL>'",
        help="the identity of the bot's commits (default: the GitHub Actions bot)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


class _Output:
    """stdout and stderr, every line redacted."""

    def __init__(self, redact: Redactor, verbose: bool):
        self.redact = redact
        self.verbose = verbose

    def _write(self, stream, text: str) -> None:
        text = self.redact(text)
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show a check mark still gets the line
            stream.write(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii"))
        stream.flush()

    def out(self, text: str) -> None:
        self._write(sys.stdout, text)

    def err(self, text: str) -> None:
        self._write(sys.stderr, text + "\n")

    def log(self, text: str) -> None:
        if self.verbose:
            self.err(f"gofixleak pr: {text}")


def run(args: argparse.Namespace, settings: api.Settings) -> int:
    from gofixleak import api
    from gofixleak.bot.git import GitError
    from gofixleak.bot.github import GitHubError
    from gofixleak.bot.redact import Redactor
    from gofixleak.bot.run import UsageError

    token_env = args.token_env
    token = os.environ.get(token_env, "") if token_env else ""
    redact = Redactor(token)
    output = _Output(redact, args.verbose)
    try:
        return _run(args, settings, token, redact, output)
    except UsageError as err:
        output.err(f"gofixleak pr: error: {err}")
        return EXIT_ERROR
    except (GitError, GitHubError, api.VerifyError, OSError) as err:
        output.err(f"gofixleak pr: error: {redact(str(err))}")
        output.err("gofixleak pr: your working tree, index and branch are as they were")
        return EXIT_ERROR
    except Exception as err:  # a bug: still never print the token
        output.err(f"gofixleak pr: internal error: {type(err).__name__}: {redact(str(err))}; please report it")
        if args.verbose:
            output.err(redact("".join(traceback.format_exc())))
        return EXIT_ERROR


def _run(args: argparse.Namespace, settings: api.Settings, token: str, redact: Redactor, output: _Output) -> int:
    from gofixleak.bot.git import Git, GitError, Identity
    from gofixleak.bot.github import DryRunTransport, GitHub
    from gofixleak.bot.run import BotRun, Options, UsageError

    if args.token is not None:
        raise UsageError(
            "never pass the token as an argument (process lists and shell history show it): "
            f"put it in {args.token_env or 'GITHUB_TOKEN'}, or name another variable with --token-env"
        )
    if getattr(args, "shard", None):
        raise UsageError("--shard does not apply to gofixleak pr (it works on whole units: --split, paths)")
    if not _REPO.match(args.repo):
        raise UsageError(f"--repo must be OWNER/NAME, not {args.repo!r}")
    if args.max_prs is not None and args.max_prs < 0:
        raise UsageError("--max-prs must be 0 or more")
    match = _AUTHOR.match(args.author)
    if match is None:
        raise UsageError(f"--author must look like 'NAME <EMAIL>', not {args.author!r}")
    if not token and not args.dry_run:
        raise UsageError(f"no token: set {args.token_env} (or name another variable with --token-env)")
    options = Options(
        repo=args.repo,
        base=args.base,
        remote=args.remote,
        split=args.split,
        max_prs=args.max_prs,
        verify=not args.no_verify,
        dry_run=args.dry_run,
        paths=list(args.paths),
        settings=settings,
        author=Identity(match["name"], match["email"]),
        jobs=args.jobs,
    )
    cwd = Path.cwd()
    try:
        top = Git.toplevel(cwd, redact)
    except GitError as err:
        raise UsageError(f"not in a git repository ({err})") from None
    git = Git(top, redact, token=token or None, log=output.log)
    text = args.format == "text"
    # in JSON mode stdout holds one document: the planned calls go to stderr, patches into the JSON
    planned = (lambda line: output.out(line + "\n")) if text else (lambda line: output.err(line))
    if args.dry_run:
        transport: Callable = DryRunTransport(planned)
        github = GitHub(args.repo, token, api_url=args.api_url, transport=transport, redact=redact, log=output.log)
    else:
        github = GitHub(args.repo, token, api_url=args.api_url, redact=redact, log=output.log)
    bot = BotRun(
        options,
        git,
        github,
        say=lambda text: output.err(f"gofixleak pr: {text}"),
        warn=lambda text: output.err(f"gofixleak pr: warning: {text}"),
        patch_out=output.out if text else (lambda _patch: None),
    )
    result = bot.run(cwd)
    _print(result, args.format, output)
    return result.exit_code


def _print(result: RunResult, fmt: str, output: _Output) -> None:
    if fmt == "json":
        document = {
            "base": result.base,
            "base_commit": result.base_commit,
            "verification": result.verification,
            "units": [o.as_dict() for o in result.outcomes],
            "exit_code": result.exit_code,
        }
        output.out(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    if not result.outcomes:
        output.out(f"nothing to fix on {result.base} ({result.base_commit[:12]})\n")
    for o in result.outcomes:
        where = f" #{o.pull_request}" if o.pull_request else ""
        url = f" {o.url}" if o.url else ""
        fixes = f" ({o.fixes} fix{'es' if o.fixes != 1 else ''}: {', '.join(o.rules)})" if o.fixes else ""
        reason = f": {o.reason}" if o.reason else ""
        output.out(f"{o.branch}: {o.action}{where}{fixes}{reason}{url}\n")
