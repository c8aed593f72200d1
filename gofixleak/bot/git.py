"""Git for the bot, without touching the user's checkout.

The fixes are computed in a temporary worktree at the base branch's head
(`git worktree add --detach`, hooks off), commits are built with plumbing and
a temporary index (`hash-object`, `update-index`, `write-tree`,
`commit-tree`), and pushes name the commit explicitly.  The user's working
tree, index, HEAD and branches are never written; the temporary worktree is
removed on success and on every failure.

The token reaches git only in the environment of the commands that talk to
the remote, as an `http.extraheader` passed through GIT_CONFIG_COUNT /
GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n: never in `.git/config`, a remote URL
or a process's arguments.  An empty extraheader goes first, so a header a
checkout persisted (actions/checkout) is not sent twice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from gofixleak.bot.redact import Redactor, basic_credentials

GIT_TIMEOUT = 600.0
# variables that would point git at another repository, index or worktree than the one we name
_INHERITED_GIT_STATE = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR")
NO_HOOKS = ("-c", f"core.hooksPath={os.devnull}")


class GitError(RuntimeError):
    """A git command failed; the message is already redacted."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    sha: str
    author_email: str
    committer_email: str
    message: str


class Git:
    """Runs git in one repository; every message it produces is redacted."""

    def __init__(
        self,
        repo: Path,
        redact: Redactor,
        *,
        token: str | None = None,
        log: Callable[[str], None] | None = None,
        env: Mapping[str, str] | None = None,
    ):
        self.repo = repo
        self.redact = redact
        self._token = token
        self._log = log
        base = dict(env if env is not None else os.environ)
        for name in _INHERITED_GIT_STATE:
            base.pop(name, None)
        base.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
        self._env = base

    def _auth_env(self) -> dict[str, str]:
        env = dict(self._env)
        if not self._token:
            return env
        count = int(env.get("GIT_CONFIG_COUNT", "0") or "0")
        header = f"AUTHORIZATION: basic {basic_credentials(self._token)}"
        for offset, value in enumerate(("", header)):
            env[f"GIT_CONFIG_KEY_{count + offset}"] = "http.extraheader"
            env[f"GIT_CONFIG_VALUE_{count + offset}"] = value
        env["GIT_CONFIG_COUNT"] = str(count + 2)
        return env

    def run(
        self,
        *args: str,
        cwd: Path | None = None,
        remote: bool = False,
        env: Mapping[str, str] | None = None,
        input: bytes | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run `git args`; `remote`: the command talks to the remote and gets the token."""
        full_env = self._auth_env() if remote else dict(self._env)
        full_env.update(env or {})
        shown = self.redact("git " + " ".join(args))
        if self._log is not None:
            self._log(shown)
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=cwd or self.repo,
                env=full_env,
                input=input,
                capture_output=True,
                timeout=GIT_TIMEOUT,
                stdin=None if input is not None else subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise GitError(self.redact(f"{shown}: {err}")) from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise GitError(self.redact(f"{shown} failed: {message}"))
        return done

    def text(self, *args: str, **kwargs) -> str:
        return self.run(*args, **kwargs).stdout.decode("utf-8", "replace").strip()

    # --- reading --------------------------------------------------------------------

    @staticmethod
    def toplevel(directory: Path, redact: Redactor) -> Path:
        """The top of the work tree around `directory` (GitError outside a repository)."""
        git = Git(directory, redact)
        return Path(git.text("rev-parse", "--show-toplevel"))

    def remote_url(self, remote: str) -> str:
        return self.text("remote", "get-url", remote)

    def resolve(self, rev: str) -> str | None:
        done = self.run("rev-parse", "--verify", "--quiet", rev + "^{commit}", check=False)
        if done.returncode != 0:
            return None
        return done.stdout.decode().strip() or None

    def fetch(self, remote: str, branch: str) -> str:
        """Fetch one branch of the remote into the object store (no local ref is written); its
        head commit as the remote advertised it just before."""
        sha = self.remote_heads(remote, f"refs/heads/{branch}").get(branch)
        if sha is None:
            raise GitError(self.redact(f"{remote} has no branch {branch}"))
        self.fetch_commit(remote, branch, sha)
        return sha

    def fetch_commit(self, remote: str, branch: str, sha: str) -> None:
        """Make sure `sha`, the head `branch` had on the remote, is in the local object store."""
        if self.resolve(sha) is None:
            refspec = f"refs/heads/{branch}"
            self.run("fetch", "--no-tags", "--quiet", "--no-write-fetch-head", remote, refspec, remote=True)
        if self.resolve(sha) is None:
            raise GitError(self.redact(f"fetched {branch} from {remote}, but commit {sha} is not there"))

    def remote_heads(self, remote: str, pattern: str) -> dict[str, str]:
        """Branch name -> head commit, for the remote's branches matching `pattern` (ls-remote)."""
        out = self.text("ls-remote", "--heads", remote, pattern, remote=True)
        heads = {}
        for line in out.splitlines():
            sha, _, ref = line.partition("\t")
            if ref.startswith("refs/heads/"):
                heads[ref.removeprefix("refs/heads/")] = sha
        return heads

    def default_branch(self, remote: str) -> str | None:
        """The branch the remote's HEAD points to."""
        out = self.text("ls-remote", "--symref", remote, "HEAD", remote=True)
        for line in out.splitlines():
            if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
                return line.removeprefix("ref: refs/heads/").removesuffix("\tHEAD")
        return None

    def commits(self, since: str, until: str) -> list[Commit]:
        """Commits reachable from `until` but not from `since`, newest first."""
        out = self.run("log", "--format=%H%x00%ae%x00%ce%x00%B%x1e", f"{since}..{until}").stdout.decode(
            "utf-8", "replace"
        )
        found = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, author, committer, message = record.split("\x00", 3)
            found.append(Commit(sha, author, committer, message))
        return found

    def changes(self, commit: str) -> dict[str, tuple[str, str]]:
        """Path -> (blob before, blob after) for a commit against its first parent."""
        out = self.run("diff-tree", "-r", "--no-renames", "-z", f"{commit}^", commit).stdout.decode()
        fields = out.split("\x00")
        found = {}
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(":").split()
            if len(parts) >= 4:
                found[path] = (parts[2], parts[3])
        return found

    def blob(self, rev: str, path: str) -> tuple[str, str] | None:
        """(mode, blob id) of `path` in `rev`'s tree, or None."""
        out = self.text("ls-tree", "-z", rev, "--", path).rstrip("\x00")
        if not out:
            return None
        meta, _, _ = out.partition("\t")
        mode, _, sha = meta.split(" ")
        return mode, sha

    # --- the temporary worktree ----------------------------------------------------------

    @contextlib.contextmanager
    def worktree(self, commit: str) -> Iterator[Path]:
        """A detached worktree at `commit` in a temporary folder, removed afterwards."""
        parent = Path(tempfile.mkdtemp(prefix="gofixleak-pr-"))
        path = parent / "tree"
        try:
            self.run(*NO_HOOKS, "worktree", "add", "--detach", "--quiet", str(path), commit)
            yield path
        finally:
            self.run("worktree", "remove", "--force", str(path), check=False)
            shutil.rmtree(parent, ignore_errors=True)
            self.run("worktree", "prune", check=False)

    # --- writing (objects and the remote only) ---------------------------------------------

    def hash_blob(self, path: str, data: bytes, *, write: bool) -> str:
        """The blob id of `data` as `git add` would store it at `path` (its clean filters)."""
        args = ["hash-object", "--stdin", f"--path={path}"] + (["-w"] if write else [])
        return self.run(*args, input=data).stdout.decode().strip()

    def commit_files(
        self, base: str, files: Mapping[str, bytes], message: str, author: Identity, cwd: Path
    ) -> tuple[str, dict[str, tuple[str, str]]]:
        """A commit on top of `base` with `files` (repository-relative path -> bytes) replaced;
        also path -> (blob before, blob after).  Only objects are written, through a temporary
        index; no branch, index or working tree of the user moves."""
        with tempfile.TemporaryDirectory(prefix="gofixleak-index-") as scratch:
            index = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
            self.run("read-tree", base, env=index, cwd=cwd)
            changes = {}
            for path, data in sorted(files.items()):
                entry = self.blob(base, path)
                mode, before = entry if entry is not None else ("100644", "0" * 40)
                blob = self.hash_blob(path, data, write=True)
                self.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=index, cwd=cwd)
                changes[path] = (before, blob)
            tree = self.text("write-tree", env=index, cwd=cwd)
        who = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name,
            "GIT_COMMITTER_EMAIL": author.email,
        }
        sha = self.run("commit-tree", tree, "-p", base, "-F", "-", env=who, input=message.encode()).stdout
        return sha.decode().strip(), changes

    def push(self, remote: str, commit: str, branch: str, expect: str | None) -> None:
        """Point the remote's `branch` at `commit`, only if it is still at `expect` (None: must not
        exist): a force-push that can only replace what the bot saw there."""
        lease = f"--force-with-lease=refs/heads/{branch}:{expect or ''}"
        self.run("push", "--quiet", "--no-verify", lease, remote, f"{commit}:refs/heads/{branch}", remote=True)

    def delete_branch(self, remote: str, branch: str, expect: str) -> None:
        lease = f"--force-with-lease=refs/heads/{branch}:{expect}"
        self.run("push", "--quiet", "--no-verify", lease, remote, f":refs/heads/{branch}", remote=True)
