"""A real git origin (a bare repository), a user's clone of it, and `gofixleak pr` run in that clone.

The module has three leaky packages (pkg/cache, pkg/parse, pkg/index) so
both split modes have something to do.  A developer's separate clone pushes
new commits to the origin's main, as a teammate would.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import gotool

from gofixleak.cli.main import main
from gofixleak.engine.rule import Edit, Rule

TOKEN = "ghs_GofixleakTestToken0123456789abcdefXYZ"
REPO = "acme/widgets"
HUMAN = ("Dana Developer", "dana@example.com")

GO_MOD = "module example.com/widgets\n\ngo 1.22\n"

CACHE = """package cache

import "strings"

// Sessions are cut from large request headers and cached for hours.
var sessions = map[string]string{}

func Remember(header string) {
	i := strings.Index(header, "sid=")
	if i < 0 || len(header) < i+36 {
		return
	}
	sessions["last"] = header[i+4 : i+36]
}

// Headers can be megabytes (cookies): a caller that shows the base is large.
func rememberHuge() { Remember(strings.Repeat("x", 1<<20)) }
"""

PARSE = """package parse

import "strings"

// Index keeps a key from each line of a big file.
type Index struct {
	keys []string
}

func (ix *Index) Load(file string) {
	for _, line := range strings.Split(file, "\\n") {
		if k, _, ok := strings.Cut(line, "="); ok {
			ix.keys = append(ix.keys, line[:len(k)])
		}
	}
}

func (ix *Index) loadHuge() { ix.Load(strings.Repeat("k=v\\n", 1<<20)) }
"""

INDEX = """package index

var names = map[string]string{}

func Keep(line string) {
	names[line] = line[:4]
}

func keepHuge() { Keep(string(make([]byte, 1<<20))) }
"""

FILES = {
    "go.mod": GO_MOD,
    "pkg/cache/cache.go": CACHE,
    "pkg/parse/parse.go": PARSE,
    "pkg/index/index.go": INDEX,
    "README.md": "widgets\n",
}


def git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    env = dict(os.environ)
    env.update(
        {
            "GIT_AUTHOR_NAME": HUMAN[0],
            "GIT_AUTHOR_EMAIL": HUMAN[1],
            "GIT_COMMITTER_NAME": HUMAN[0],
            "GIT_COMMITTER_EMAIL": HUMAN[1],
        }
    )
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, input=input, check=False)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr.decode()}")
    return done.stdout.decode("utf-8", "replace").strip()


def go_environment(monkeypatch) -> None:
    """The go command on PATH, offline and local, as a CI job would have it."""
    go = gotool.go_binary()
    monkeypatch.setenv("PATH", f"{go.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for key, value in gotool.go_env().items():
        if key.startswith(("GO", "CGO")):
            monkeypatch.setenv(key, value)


@dataclass
class BotRepo:
    root: Path
    bare: Path
    work: Path  # the user's clone, where gofixleak pr runs
    dev: Path  # a teammate's clone

    @classmethod
    def create(cls, root: Path, files: dict[str, str] | None = None) -> BotRepo:
        bare, work, dev = root / "origin.git", root / "work", root / "dev"
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
        git(root, "clone", "--quiet", str(bare), str(dev))
        git(dev, "checkout", "--quiet", "-b", "main")
        for path, text in (files if files is not None else FILES).items():
            (dev / path).parent.mkdir(parents=True, exist_ok=True)
            (dev / path).write_text(text)
        git(dev, "add", "-A")
        git(dev, "commit", "--quiet", "-m", "widgets")
        git(dev, "push", "--quiet", "origin", "main")
        git(root, "clone", "--quiet", str(bare), str(work))
        return cls(root, bare, work, dev)

    def push_to_main(self, files: dict[str, str | None], message: str) -> str:
        """A teammate's commit on main (None deletes a file)."""
        git(self.dev, "checkout", "--quiet", "main")
        git(self.dev, "pull", "--quiet", "--ff-only", "origin", "main")
        for path, text in files.items():
            target = self.dev / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
        git(self.dev, "add", "-A")
        git(self.dev, "commit", "--quiet", "-m", message)
        git(self.dev, "push", "--quiet", "origin", "main")
        return git(self.dev, "rev-parse", "HEAD")

    def branches(self) -> dict[str, str]:
        out = git(self.bare, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/")
        return dict(line.split(" ") for line in out.splitlines())

    def log(self, rev: str) -> list[tuple[str, str, str]]:
        """(author email, subject, sha) of the commits on `rev` not on main."""
        out = git(self.bare, "log", "--format=%ae%x00%s%x00%H", f"main..{rev}")
        return [tuple(line.split("\x00")) for line in out.splitlines()]  # type: ignore[misc]

    def show(self, rev: str, path: str) -> str:
        return git(self.bare, "show", f"{rev}:{path}")

    def user_state(self) -> dict[str, str]:
        """Everything of the user's checkout the bot must leave as it was."""
        return {
            "head": git(self.work, "rev-parse", "HEAD"),
            "branch": git(self.work, "symbolic-ref", "--quiet", "HEAD"),
            "status": git(self.work, "status", "--porcelain=v2", "--branch", "--untracked-files=all"),
            "index": git(self.work, "ls-files", "--stage"),
            "diff": git(self.work, "diff"),
            "staged": git(self.work, "diff", "--cached"),
            "files": "\n".join(
                f"{p.relative_to(self.work)}:{p.read_bytes().hex()}"
                for p in sorted(self.work.rglob("*"))
                if p.is_file() and ".git" not in p.relative_to(self.work).parts
            ),
            "branches": git(self.work, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"),
            "worktrees": git(self.work, "worktree", "list", "--porcelain"),
            "config": (self.work / ".git" / "config").read_text(),
        }


def run_pr(repo: BotRepo, standin_url: str, capfd, *args: str) -> tuple[int, str, str]:
    """`gofixleak pr` in the user's clone, in this process (so a test can register a rule)."""
    previous = os.getcwd()
    os.chdir(repo.work)
    try:
        code = main(["pr", "--repo", REPO, "--api-url", standin_url, "--base", "main", *args])
    finally:
        os.chdir(previous)
    out, err = capfd.readouterr()
    return code, out, err


def breaking_rule() -> Rule:
    """A test-only rule whose 'safe' fix renames a map to a name nothing declares: the package
    stops compiling, which only the go command (verification) can tell."""

    def check(ctx):
        at = ctx.src.find(b'sessions["last"]')
        if at >= 0:
            edit = Edit(at, at + len("sessions"), "sessionz")
            yield ctx.finding((at, at + 8), "test: rename the map", ctx.fix("rename to sessionz", edit))

    return Rule("GFL990", "test-breaks-build", "a test rule whose fix does not compile", check, doc="Test.")
