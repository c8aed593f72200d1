"""One run of the bot: compute the fixes on the base branch's head, then bring each unit's branch
and pull request up to date.

For each unit with fixes, the pull request is found by its head branch and
the marker in its body, and the branch's commits since the base are read:

- a commit the bot did not make (author or fingerprint trailer) -> no push;
  one comment on the open PR explaining why (only once); exit 1;
- an open PR whose branch already holds exactly these changes on an
  unchanged copy of the fixed files and whose marker has this fingerprint
  -> nothing at all (no push, no API write);
- an open PR otherwise -> a new commit on the base head, force-pushed with a
  lease on the commit the bot inspected, and the body updated;
- no open PR, and a closed-unmerged one that the bot did not close with this
  fingerprint -> nothing (a person said no to these fixes);
- no open PR -> commit, push, open the PR, label it (within --max-prs).

An open PR of a unit inside the checked paths that has nothing left to fix
is closed with a comment, and its branch deleted (kept if someone else
committed to it).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gofixleak import api
from gofixleak.bot import body as texts
from gofixleak.bot.defaults import DEFAULT_AUTHOR_EMAIL, DEFAULT_AUTHOR_NAME
from gofixleak.bot.git import Git, GitError, Identity
from gofixleak.bot.github import GitHub, PullRequest
from gofixleak.bot.units import BRANCH_PREFIX, Unit, group, label, unit_key

LABELS = ["gofixleak", "automated"]
_PLANNED = {"opened": "would-open", "updated": "would-update", "closed": "would-close"}
DEFAULT_AUTHOR = Identity(DEFAULT_AUTHOR_NAME, DEFAULT_AUTHOR_EMAIL)


@dataclass(frozen=True)
class Options:
    repo: str
    base: str | None
    remote: str
    split: str  # "module" | "package"
    max_prs: int | None
    verify: bool
    dry_run: bool
    paths: list[str]
    settings: api.Settings
    author: Identity = DEFAULT_AUTHOR
    docs_url: str = texts.DEFAULT_DOCS_URL
    jobs: int | None = None


@dataclass
class Outcome:
    """What the run did for one unit (the --format json record)."""

    unit: str
    branch: str
    action: str  # opened|updated|unchanged|closed|refused|skipped
    reason: str = ""
    pull_request: int | None = None
    url: str = ""
    fixes: int = 0
    rules: list[str] = field(default_factory=list)
    fingerprint: str = ""
    verification: str = ""
    dropped: list[dict[str, object]] = field(default_factory=list)
    patch: str | None = None  # dry runs only

    def as_dict(self) -> dict[str, object]:
        data = dataclasses.asdict(self)
        if self.patch is None:
            data.pop("patch")
        return data


@dataclass
class RunResult:
    outcomes: list[Outcome] = field(default_factory=list)
    verification: str = ""
    dropped: list[api.Dropped] = field(default_factory=list)
    base: str = ""
    base_commit: str = ""

    @property
    def exit_code(self) -> int:
        if self.dropped or any(o.action == "refused" for o in self.outcomes):
            return 1
        return 0


class UsageError(Exception):
    pass


class BotRun:
    def __init__(
        self,
        options: Options,
        git: Git,
        github: GitHub,
        *,
        say: Callable[[str], None],
        warn: Callable[[str], None],
        patch_out: Callable[[str], None],
    ):
        self.options = options
        self.git = git
        self.github = github
        self.say, self.warn, self.patch_out = say, warn, patch_out
        self.result = RunResult()
        self.session: api.Session | None = None  # on the base branch's worktree, while the run lasts

    # --- the run ---------------------------------------------------------------------------

    def run(self, cwd: Path) -> RunResult:
        options = self.options
        top = Path(self.git.text("rev-parse", "--show-toplevel")).resolve()
        rel = Path(cwd).resolve().relative_to(top)
        base = options.base or self._default_branch()
        base_sha = self._base_commit(base)
        self.result.base, self.result.base_commit = base, base_sha
        with self.git.worktree(base_sha) as tree:
            tree = tree.resolve()
            session = self.session = api.Session(tree / rel, options.settings, static=True)
            expansion = session.expand(self._in_worktree(options.paths, top, tree))
            if expansion.errors:
                raise UsageError("; ".join(expansion.errors))
            for message in expansion.warnings:
                self.warn(message)
            results = session.check_files(expansion, fix=True, jobs=options.jobs)
            results = self._without_broken(results)
            verification = self._verify(session, results)
            results = verification.results if verification is not None else results
            changed = [r.report for r in results if r.report.changed]
            units = group(session, tree, changed, options.split)
            scope = {unit_key(session, tree, Path(p).parent, options.split) for p in expansion.files}
            self._sync(session, tree, units, scope, base, base_sha, verification)
        return self.result

    @staticmethod
    def _in_worktree(paths: list[str], top: Path, tree: Path) -> list[str]:
        """The arguments as they name the base's copy: an absolute path into the checkout becomes
        the same path in the worktree (relative ones already are, from the same folder)."""
        out = []
        for arg in paths:
            if not os.path.isabs(arg):
                out.append(arg)
                continue
            absolute = Path(os.path.abspath(arg))
            resolved = absolute.resolve() if absolute.exists() else absolute
            for candidate in (absolute, resolved):
                if candidate.is_relative_to(top):
                    out.append(str(tree / candidate.relative_to(top)))
                    break
            else:
                raise UsageError(f"{arg}: not inside the repository ({top})")
        return out

    def _default_branch(self) -> str:
        if self.options.dry_run:
            local = self.git.run("symbolic-ref", "--quiet", f"refs/remotes/{self.options.remote}/HEAD", check=False)
            name = local.stdout.decode().strip().removeprefix(f"refs/remotes/{self.options.remote}/")
            if local.returncode != 0 or not name:
                raise UsageError(f"cannot tell the base branch without asking {self.options.remote}: pass --base")
            return name
        found = self.git.default_branch(self.options.remote)
        if found is None:
            raise UsageError(f"{self.options.remote} has no default branch: pass --base")
        return found

    def _base_commit(self, base: str) -> str:
        remote = self.options.remote
        if not self.options.dry_run:
            return self.git.fetch(remote, base)
        # a dry run asks no remote: the last fetched head of the base branch, else the local branch
        for rev in (f"refs/remotes/{remote}/{base}", f"refs/heads/{base}"):
            sha = self.git.resolve(rev)
            if sha is not None:
                self.warn(f"dry run: using {rev} ({sha[:12]}) as the head of {base}, without fetching")
                return sha
        raise UsageError(f"no branch {base} here (dry runs do not fetch)")

    def _without_broken(self, results: list[api.FileResult]) -> list[api.FileResult]:
        """A file whose check met an error (a rule crash, an unreadable file) gets no fixes."""
        out = []
        for result in results:
            report = result.report
            for d in report.diagnostics:
                if d.level == "error":
                    self.warn(f"{report.display}: {d.message}")
            if report.has_errors and report.changed:
                report = dataclasses.replace(report, fixed=report.src, applied=[], remaining=list(report.findings))
                result = dataclasses.replace(result, report=report)
            out.append(result)
        return out

    def _verify(self, session: api.Session, results: list[api.FileResult]) -> api.Verification | None:
        if not self.options.verify:
            self.result.verification = "not verified (--no-verify)"
            self.warn("fixes were not verified (--no-verify)")
            return None
        verification = session.verify(results)
        self.result.verification = verification.summary()
        self.result.dropped = list(verification.dropped)
        (self.warn if not verification.verified else self.say)(verification.summary())
        for dropped in verification.dropped:
            self.warn(f"{dropped.file}: {', '.join(dropped.rules)} fixes dropped: {dropped.message}")
        for package in verification.packages:
            if package.status in ("fails-before", "not-built", "no-module"):
                self.warn(f"{package.package}: not verified: {package.detail}")
        return verification

    # --- units ---------------------------------------------------------------------------

    def _unsafe_for(self, report: api.FileReport) -> bool:
        """Whether unsafe fixes were allowed in this file (explicitly or by its configuration)."""
        assert self.session is not None
        return self.session.config_for(report.path).unsafe_fixes

    def _sync(
        self,
        session: api.Session,
        tree: Path,
        units: dict[str, Unit],
        scope: set[str],
        base: str,
        base_sha: str,
        verification: api.Verification | None,
    ) -> None:
        remote = self.options.remote
        heads = {} if self.options.dry_run else self.git.remote_heads(remote, f"refs/heads/{BRANCH_PREFIX}*")
        open_pulls = [p for p in self.github.pulls(state="open") if _ours(p)]
        open_count = len(open_pulls)
        for key, unit in units.items():
            fingerprint = unit.fingerprint(session.patch)
            outcome = Outcome(
                unit.label, unit.branch, "", fixes=unit.fix_count, rules=unit.rules, fingerprint=fingerprint
            )
            outcome.verification = self._unit_verification(unit, verification, session, tree)
            # dropped fixes of this unit, with repository-relative names (the worktree is temporary)
            folder_dropped = [
                dataclasses.replace(d, file=Path(d.path).relative_to(tree).as_posix(), path="")
                for d in self.result.dropped
                if unit_key(session, tree, Path(d.path).parent, self.options.split) == key
            ]
            outcome.dropped = [{"file": d.file, "rules": list(d.rules), "message": d.message} for d in folder_dropped]
            if self.options.dry_run:
                outcome.patch = "".join(session.patch(r) for r in unit.reports)
                self.patch_out(outcome.patch)
            opened = self._unit(unit, outcome, heads, base, base_sha, folder_dropped, open_count, tree)
            open_count += opened
            self._report(outcome)
        for pull in open_pulls:
            marker = texts.Marker.parse(pull.body)
            assert marker is not None
            if marker.split != self.options.split or marker.unit not in scope or marker.unit in units:
                continue
            outcome = Outcome(label(marker.unit, marker.split), pull.head_ref, "")
            self._close(pull, marker, heads, base, base_sha, outcome)
            self._report(outcome)

    def _unit_verification(
        self, unit: Unit, verification: api.Verification | None, session: api.Session, tree: Path
    ) -> str:
        if verification is None:
            return "not verified (`--no-verify`)."
        if not verification.ran:
            return "⚠️ **not verified**: no Go toolchain (`go`) was on PATH when gofixleak ran."
        mine = [
            p for p in verification.packages if unit_key(session, tree, Path(p.folder), self.options.split) == unit.key
        ]
        bad = [p for p in mine if p.status in ("fails-before", "not-built", "no-module")]
        how = (
            f"with {verification.toolchain}, the fixed files overlaid on the base "
            "(`go build -overlay`, `go vet -overlay`)"
        )
        if not bad:
            return f"✅ verified {how}: every changed package builds and vets with these fixes."
        listed = "; ".join(f"`{Path(p.folder).relative_to(tree).as_posix() or '.'}`: {p.detail}" for p in bad)
        return f"⚠️ partly verified {how}; not verified: {listed}"

    def _changes(self, unit: Unit, base_sha: str) -> dict[str, tuple[str, str]]:
        """Path -> (blob on the base, blob with the fixes), computing ids only (nothing written)."""
        changes = {}
        for path, data in unit.files.items():
            entry = self.git.blob(base_sha, path)
            changes[path] = (entry[1] if entry else "0" * 40, self.git.hash_blob(path, data, write=False))
        return changes

    def _others_commits(self, branch: str, head: str, base_sha: str) -> tuple[list[str], list[str]]:
        """(the bot's commits, other people's commits) on the branch since the base."""
        self.git.fetch_commit(self.options.remote, branch, head)
        ours: list[str] = []
        theirs: list[str] = []
        for commit in self.git.commits(base_sha, head):
            bot = commit.author_email == self.options.author.email and any(
                line.startswith(texts.FINGERPRINT_TRAILER + ":") for line in commit.message.splitlines()
            )
            (ours if bot else theirs).append(commit.sha)
        return ours, theirs

    def _unit(
        self,
        unit: Unit,
        outcome: Outcome,
        heads: dict[str, str],
        base: str,
        base_sha: str,
        dropped: list[api.Dropped],
        open_count: int,
        tree: Path,
    ) -> int:
        """Bring one unit up to date; 1 when it opened a new pull request."""
        options = self.options
        branch = unit.branch
        every = self.github.pulls(head=branch, state="all")
        pulls = [p for p in every if _ours(p)]
        current = next((p for p in pulls if p.state == "open"), None)
        foreign = next((p for p in every if p.state == "open" and not _ours(p)), None)
        if current is None and foreign is not None:
            # someone opened their own pull request from this branch (or removed the marker)
            outcome.action, outcome.pull_request, outcome.url = "refused", foreign.number, foreign.html_url
            outcome.reason = f"#{foreign.number} from {branch} is not gofixleak's (no marker in its body); not touched"
            return 0
        if current is None:
            said_no = next((p for p in pulls if _closed_by_a_person(p, outcome.fingerprint)), None)
            if said_no is not None:
                outcome.action, outcome.pull_request, outcome.url = "skipped", said_no.number, said_no.html_url
                outcome.reason = f"#{said_no.number} with these fixes was closed without merging; not opened again"
                return 0
        head = heads.get(branch)
        theirs: list[str] = []
        ours: list[str] = []
        if head is not None:
            ours, theirs = self._others_commits(branch, head, base_sha)
        if theirs:
            return self._refuse(current, branch, theirs, outcome)
        marker = texts.Marker(unit.key, options.split, outcome.fingerprint)
        title = texts.title(unit)
        text = texts.body(
            unit,
            marker,
            base=base,
            verification=outcome.verification,
            dropped=dropped,
            unsafe_for=self._unsafe_for,
            docs_url=options.docs_url,
        )
        if current is not None:
            outcome.pull_request, outcome.url = current.number, current.html_url
            same_changes = (
                head is not None and len(ours) == 1 and self.git.changes(ours[0]) == self._changes(unit, base_sha)
            )
            old = texts.Marker.parse(current.body)
            if same_changes and old == marker:
                outcome.action, outcome.reason = "unchanged", "the pull request already holds these fixes"
                return 0
            if not same_changes:
                self._commit_and_push(unit, outcome, base_sha, head, tree)
            self.github.update_pull(current.number, title=title, body=text)
            outcome.action = "updated"
            outcome.reason = "new fixes" if not same_changes else "new description"
            return 0
        if options.max_prs is not None and open_count >= options.max_prs:
            outcome.action = "skipped"
            outcome.reason = f"--max-prs {options.max_prs}: {open_count} gofixleak pull requests are open already"
            return 0
        self._commit_and_push(unit, outcome, base_sha, head, tree)
        created = self.github.create_pull(title=title, head=branch, base=base, body=text)
        self.github.add_labels(created.number, LABELS)
        outcome.action, outcome.pull_request, outcome.url = "opened", created.number, created.html_url
        return 1

    def _commit_and_push(self, unit: Unit, outcome: Outcome, base_sha: str, head: str | None, tree: Path) -> None:
        message = texts.commit_message(unit, outcome.fingerprint, self._unsafe_for)
        if self.options.dry_run:
            self.say(f"would commit {len(unit.files)} file(s) on {base_sha[:12]} and push to {unit.branch}")
            return
        commit, _ = self.git.commit_files(base_sha, unit.files, message, self.options.author, tree)
        self.git.push(self.options.remote, commit, unit.branch, head)

    def _refuse(self, current: PullRequest | None, branch: str, theirs: list[str], outcome: Outcome) -> int:
        outcome.action = "refused"
        short = [sha[:12] for sha in theirs]
        outcome.reason = f"{branch} has commits gofixleak did not make ({', '.join(short)}); not pushed"
        if current is not None:
            outcome.pull_request, outcome.url = current.number, current.html_url
            said = any(texts.HUMAN_COMMITS_MARKER in c.body for c in self.github.comments(current.number))
            if not said:
                self.github.comment(current.number, texts.human_commits_comment(branch, short))
        return 0

    def _close(
        self,
        pull: PullRequest,
        marker: texts.Marker,
        heads: dict[str, str],
        base: str,
        base_sha: str,
        outcome: Outcome,
    ) -> None:
        outcome.pull_request, outcome.url = pull.number, pull.html_url
        head = heads.get(pull.head_ref)
        theirs: list[str] = []
        if head is not None:
            _, theirs = self._others_commits(pull.head_ref, head, base_sha)
        self.github.comment(pull.number, texts.closing_comment(base))
        closed_marker = dataclasses.replace(marker, state="obsolete")
        body = pull.body.replace(marker.render(), "") if marker.render() in pull.body else pull.body
        self.github.update_pull(
            pull.number, state="closed", body=body.rstrip() + "\n\n" + closed_marker.render() + "\n"
        )
        outcome.action = "closed"
        if head is None:
            outcome.reason = "nothing left to fix"
        elif theirs:
            outcome.reason = "nothing left to fix; branch kept: it has commits gofixleak did not make"
        elif self.options.dry_run:
            self.say(f"would delete {self.options.remote} {pull.head_ref}")
            outcome.reason = "nothing left to fix"
        else:
            self.git.delete_branch(self.options.remote, pull.head_ref, head)
            outcome.reason = "nothing left to fix; branch deleted"

    def _report(self, outcome: Outcome) -> None:
        if self.options.dry_run and outcome.action in _PLANNED:
            outcome.action = _PLANNED[outcome.action]
            if outcome.pull_request == 0:  # the dry-run transport's made-up number
                outcome.pull_request = None
        self.result.outcomes.append(outcome)


def _closed_by_a_person(pull: PullRequest, fingerprint: str) -> bool:
    """Closed without merging, not by the bot (which marks what it closes obsolete), with these fixes."""
    marker = texts.Marker.parse(pull.body)
    return (
        pull.state == "closed"
        and not pull.merged
        and marker is not None
        and marker.state != "obsolete"
        and marker.fingerprint == fingerprint
    )


def _ours(pull: PullRequest) -> bool:
    return pull.head_ref.startswith(BRANCH_PREFIX) and texts.Marker.parse(pull.body) is not None


__all__ = ["BotRun", "GitError", "Options", "Outcome", "RunResult", "UsageError"]
