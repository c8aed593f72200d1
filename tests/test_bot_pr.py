"""`gofixleak pr` end to end: a real bare git origin, a GitHub API stand-in checked against GitHub's
OpenAPI description, and the go command verifying the fixes.  The user's checkout is dirty and on
another branch in every test, and must come out exactly as it went in."""

from __future__ import annotations

import json
import time

import gofixleak.rewrites as rewrites
import pytest
from bot_repo import CACHE, HUMAN, REPO, TOKEN, BotRepo, breaking_rule, git, go_environment, run_pr
from github_standin import GitHubStandIn, Injected, spec_dict

import gofixleak.bot.github as github_module

BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
NEW_LEAK = """package cache

var tokens = map[string]string{}

func Token(line string) {
	tokens["t"] = line[:12]
}

func init() { Token(string(make([]byte, 1<<20))) }
"""


@pytest.fixture
def world(tmp_path, monkeypatch):
    spec_dict()
    repo = BotRepo.create(tmp_path)
    # the user is mid-work: on another branch, a staged change, an unstaged change, an untracked file
    git(repo.work, "checkout", "--quiet", "-b", "feature")
    (repo.work / "README.md").write_text("widgets, staged\n")
    git(repo.work, "add", "README.md")
    (repo.work / "pkg" / "cache" / "cache.go").write_text(CACHE + "\n// unstaged edit\n")
    (repo.work / "notes.txt").write_text("untracked\n")
    go_environment(monkeypatch)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandIn(repo.bare, REPO, TOKEN) as api:
        yield repo, api
        assert api.errors == [], "requests or responses GitHub's description rejects"


def _json(out: str) -> dict:
    return json.loads(out)


def test_first_run_opens_one_pull_request(world, capfd):
    repo, api = world
    before = repo.user_state()
    code, out, err = run_pr(repo, api.url, capfd, "--format", "json")
    assert code == 0, err
    assert repo.user_state() == before
    [pull] = api.open_pulls()
    assert pull.title == "gofixleak: fix 3 leaks in ./... (GFL001)"
    assert pull.head == "gofixleak/root" and pull.base == "main"
    assert pull.labels == ["gofixleak", "automated"]
    # the body: table, verification, rule docs, suppression, opt-out, marker
    assert "| [GFL001](" in pull.body and "`pkg/cache/cache.go:13`" in pull.body
    assert "✅ verified" in pull.body and "go build" in pull.body and "-overlay" in pull.body
    assert "//gofixleak:ignore GFL001 reason" in pull.body
    assert "Opt out" in pull.body and "Close this pull request without merging" in pull.body
    assert "<!-- gofixleak unit=. split=module fingerprint=" in pull.body
    # the branch: one commit by the bot on main, changing only the three fixed files
    [(email, subject, sha)] = repo.log("gofixleak/root")
    assert email == BOT_EMAIL and subject == pull.title
    changed = git(repo.bare, "diff", "--name-only", "main", "gofixleak/root").splitlines()
    assert changed == ["pkg/cache/cache.go", "pkg/index/index.go", "pkg/parse/parse.go"]
    assert 'sessions["last"] = strings.Clone(header[i+4 : i+36])' in repo.show("gofixleak/root", "pkg/cache/cache.go")
    report = _json(out)
    [unit] = report["units"]
    assert unit["action"] == "opened" and unit["pull_request"] == 1 and unit["fixes"] == 3
    assert unit["branch"] == "gofixleak/root" and unit["rules"] == ["GFL001"]
    assert "3 of 3 package(s) pass go build and go vet" in err


def test_second_identical_run_pushes_nothing_and_writes_nothing(world, capfd):
    repo, api = world
    assert run_pr(repo, api.url, capfd)[0] == 0
    branches, writes = repo.branches(), len(api.writes())
    # an unrelated change on main moves the base but not the fixed files: still identical
    repo.push_to_main({"README.md": "widgets, now documented\n"}, "docs")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: unchanged #1" in out
    assert repo.branches()["gofixleak/root"] == branches["gofixleak/root"]
    assert len(api.writes()) == writes, api.writes()[writes:]


def test_new_leak_on_base_updates_the_pull_request(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    old_head = repo.branches()["gofixleak/root"]
    old_body = api.pulls[1].body
    new_main = repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: updated #1" in out
    assert len(api.pulls) == 1 and api.pulls[1].state == "open"
    new_head = repo.branches()["gofixleak/root"]
    assert new_head != old_head
    assert git(repo.bare, "rev-parse", "gofixleak/root^") == new_main  # regenerated on the new base
    assert len(repo.log("gofixleak/root")) == 1
    assert 'tokens["t"] = strings.Clone(line[:12])' in repo.show("gofixleak/root", "pkg/cache/token.go")
    assert api.pulls[1].title == "gofixleak: fix 4 leaks in ./... (GFL001)"
    assert api.pulls[1].body != old_body and "pkg/cache/token.go:6" in api.pulls[1].body


def test_human_commit_on_the_branch_is_never_overwritten(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    git(repo.dev, "fetch", "--quiet", "origin")
    git(repo.dev, "checkout", "--quiet", "-b", "mine", "origin/gofixleak/root")
    (repo.dev / "pkg" / "index" / "index.go").write_text("package index\n\n// reviewed by hand\n")
    git(repo.dev, "commit", "--quiet", "-am", "hand fix")
    git(repo.dev, "push", "--quiet", "origin", "mine:gofixleak/root")
    human_head = repo.branches()["gofixleak/root"]
    new_main = repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")  # the bot would want to update
    assert repo.branches()["main"] == new_main
    for _ in range(2):
        code, out, err = run_pr(repo, api.url, capfd)
        assert code == 1, (out, err)
        assert "gofixleak/root: refused #1" in out and "did not make" in out
        assert repo.branches()["gofixleak/root"] == human_head
        comments = api.pulls[1].comments
        assert len(comments) == 1, "the explanation is left once"
        assert "did not make" in comments[0]["body"]


def test_a_pull_request_without_the_marker_is_left_alone(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    api.pulls[1].body = "I rewrote the description."  # the marker is gone: no longer provably ours
    repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")
    head, writes = repo.branches()["gofixleak/root"], len(api.writes())
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 1
    assert "gofixleak/root: refused #1" in out and "not gofixleak's" in out
    assert repo.branches()["gofixleak/root"] == head and len(api.writes()) == writes


def test_pull_request_closed_by_a_human_is_not_recreated(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    api.close_by_human(1)
    # and they kept the branch for an experiment of their own
    git(repo.dev, "fetch", "--quiet", "origin")
    git(repo.dev, "checkout", "--quiet", "-b", "experiment", "origin/gofixleak/root")
    (repo.dev / "notes.md").write_text("trying something\n")
    git(repo.dev, "add", "notes.md")
    git(repo.dev, "commit", "--quiet", "-m", "experiment")
    git(repo.dev, "push", "--quiet", "origin", "experiment:gofixleak/root")
    head = repo.branches()["gofixleak/root"]
    writes = len(api.writes())
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: skipped #1" in out and "closed without merging" in out
    assert len(api.writes()) == writes and len(api.pulls) == 1
    assert repo.branches()["gofixleak/root"] == head
    # new leaks are new fixes: those get a new pull request
    repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 1, (out, err)
    assert "gofixleak/root: refused" in out and repo.branches()["gofixleak/root"] == head
    git(repo.dev, "push", "--quiet", "origin", ":gofixleak/root")  # they are done with it
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: opened #2" in out
    assert [p.number for p in api.open_pulls()] == [2]


def test_all_leaks_fixed_on_base_closes_the_pull_request_and_deletes_the_branch(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    fixed = {
        path: repo.show("gofixleak/root", path)
        for path in ("pkg/cache/cache.go", "pkg/index/index.go", "pkg/parse/parse.go")
    }
    repo.push_to_main({k: v + "\n" for k, v in fixed.items()}, "fix the leaks by hand")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: closed #1" in out and "branch deleted" in out
    pull = api.pulls[1]
    assert pull.state == "closed" and not pull.merged
    assert "Nothing is left to fix" in pull.comments[-1]["body"]
    assert "state=obsolete" in pull.body
    assert "gofixleak/root" not in repo.branches()
    # and the next run has nothing to do
    writes = len(api.writes())
    code, out, _ = run_pr(repo, api.url, capfd)
    assert code == 0 and "nothing to fix" in out and len(api.writes()) == writes


def test_merged_pull_request_then_nothing_to_do(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    api.merge(1)
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "nothing to fix" in out and len(api.pulls) == 1


def test_403_with_retry_after_waits_and_succeeds(world, capfd, monkeypatch):
    repo, api = world
    slept: list[float] = []
    monkeypatch.setattr(github_module, "pause", slept.append)
    api.injected.append(
        Injected(
            "GET", r"/repos/acme/widgets/pulls", 403, {"Retry-After": "7"}, "You have exceeded a secondary rate limit"
        )
    )
    code, out, err = run_pr(repo, api.url, capfd, "--no-verify")
    assert code == 0, err
    assert slept == [7.0]
    assert "opened #1" in out


def test_429_with_rate_limit_reset_waits_until_the_reset(world, capfd, monkeypatch):
    repo, api = world
    slept: list[float] = []
    monkeypatch.setattr(github_module, "pause", slept.append)
    reset = int(time.time()) + 30
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
    api.injected.append(Injected("POST", r"/repos/acme/widgets/pulls", 429, headers, "API rate limit exceeded"))
    code, out, err = run_pr(repo, api.url, capfd, "--no-verify")
    assert code == 0, err
    [wait] = slept
    assert 25 <= wait <= 32
    assert "opened #1" in out


def test_repeated_500s_fail_clearly_and_leave_the_checkout_alone(world, capfd, monkeypatch):
    repo, api = world
    slept: list[float] = []
    monkeypatch.setattr(github_module, "pause", slept.append)
    api.injected.append(Injected("POST", r"/repos/acme/widgets/pulls", 500, message="Server Error", times=10))
    before = repo.user_state()
    code, out, err = run_pr(repo, api.url, capfd, "--no-verify")
    assert code == 2
    assert "GitHub answered 500" in err and "4 times; giving up" in err
    assert "your working tree, index and branch are as they were" in err
    assert slept == [1.0, 2.0, 4.0]  # bounded backoff
    assert repo.user_state() == before
    # once GitHub is back, the next run opens the pull request over the branch it pushed
    api.injected.clear()
    code, out, err = run_pr(repo, api.url, capfd, "--no-verify")
    assert code == 0, err
    assert "opened #1" in out and len(repo.log("gofixleak/root")) == 1


def test_fix_that_breaks_the_build_is_dropped_by_verification(world, capfd, monkeypatch):
    repo, api = world
    real = rewrites.all_rules()
    monkeypatch.setattr(rewrites, "all_rules", lambda: (*real, breaking_rule()))
    code, out, err = run_pr(repo, api.url, capfd, "--format", "json")
    assert code == 1, "a dropped fix makes the run exit 1"
    assert "GFL990 fixes dropped" in err and "undefined: sessionz" in err
    [unit] = _json(out)["units"]
    assert unit["action"] == "opened"
    [dropped] = unit["dropped"]
    assert dropped["file"] == "pkg/cache/cache.go" and dropped["rules"] == ["GFL990"]
    fixed = repo.show("gofixleak/root", "pkg/cache/cache.go")
    assert "sessionz" not in fixed
    assert "strings.Clone(header[i+4 : i+36])" in fixed  # the same file's good fix (another rule) stays
    body = api.pulls[1].body
    assert "Fixes left out because the package no longer built" in body and "undefined: sessionz" in body


def test_without_a_go_toolchain_the_fixes_are_said_to_be_unverified(world, capfd, monkeypatch):
    repo, api = world
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "fixes were not verified: no Go toolchain (go) on PATH" in err
    assert "**not verified**: no Go toolchain" in api.pulls[1].body


def test_split_package_opens_one_pull_request_per_package_within_max_prs(world, capfd):
    repo, api = world
    code, out, err = run_pr(repo, api.url, capfd, "--split", "package", "--max-prs", "2")
    assert code == 0, err
    assert sorted(p.head for p in api.open_pulls()) == ["gofixleak/pkg-cache", "gofixleak/pkg-index"]
    assert "gofixleak/pkg-parse: skipped" in out
    assert "--max-prs 2: 2 gofixleak pull requests are open already" in out
    assert "gofixleak/pkg-parse" not in repo.branches()
    assert api.pulls[1].title == "gofixleak: fix 1 leak in ./pkg/cache (GFL001)"
    code, out, err = run_pr(repo, api.url, capfd, "--split", "package")
    assert code == 0, err
    assert sorted(p.head for p in api.open_pulls()) == [
        "gofixleak/pkg-cache",
        "gofixleak/pkg-index",
        "gofixleak/pkg-parse",
    ]
    assert "gofixleak/pkg-cache: unchanged" in out


def test_dry_run_prints_patches_and_calls_and_makes_none(world, capfd, monkeypatch):
    repo, api = world
    monkeypatch.delenv("GITHUB_TOKEN")
    git(repo.work, "fetch", "--quiet", "origin")
    before = repo.user_state(), repo.branches()
    code, out, err = run_pr(repo, api.url, capfd, "--dry-run", "--split", "package")
    assert code == 0, err
    assert "+++ b/pkg/cache/cache.go" in out and "strings.Clone" in out
    assert "would POST /repos/acme/widgets/pulls" in out and '"head": "gofixleak/pkg-cache"' in out
    assert "would POST /repos/acme/widgets/issues/0/labels" in out
    assert "gofixleak/pkg-cache: would-open (1 fix: GFL001)" in out
    assert api.requests == []
    assert (repo.user_state(), repo.branches()) == before


def test_paths_name_the_base_branchs_files(world, capfd):
    """Relative or absolute, paths mean the same files on the base branch, not the dirty checkout."""
    repo, api = world
    code, out, err = run_pr(repo, api.url, capfd, "--split", "package", str(repo.work / "pkg" / "cache"), "pkg/index")
    assert code == 0, err
    assert sorted(p.head for p in api.open_pulls()) == ["gofixleak/pkg-cache", "gofixleak/pkg-index"]
    assert "// unstaged edit" not in repo.show("gofixleak/pkg-cache", "pkg/cache/cache.go")
    code, _, err = run_pr(repo, api.url, capfd, str(repo.root))
    assert code == 2 and "not inside the repository" in err


def test_usage_errors_exit_2(world, capfd, monkeypatch):
    repo, api = world
    code, _, err = run_pr(repo, api.url, capfd, "--token", TOKEN)
    assert code == 2 and "never pass the token as an argument" in err
    monkeypatch.delenv("GITHUB_TOKEN")
    code, _, err = run_pr(repo, api.url, capfd)
    assert code == 2 and "no token: set GITHUB_TOKEN" in err
    monkeypatch.setenv("BOT_TOKEN", "wrong")
    code, _, err = run_pr(repo, api.url, capfd, "--token-env", "BOT_TOKEN", "--no-verify")
    assert code == 2 and "401 Bad credentials" in err and "token" in err
    assert api.requests and not api.writes()


def test_the_token_never_leaks(world, capfd, monkeypatch):
    repo, api = world
    slept: list[float] = []
    monkeypatch.setattr(github_module, "pause", slept.append)
    seen = []
    api.injected.append(Injected("PATCH", r"/repos/acme/widgets/pulls/\d+", 500, times=10))
    for args in (("-v",), ("-v", "--format", "json")):
        seen.append(run_pr(repo, api.url, capfd, *args))
    repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")
    seen.append(run_pr(repo, api.url, capfd, "-v"))  # the update fails with 500s: an error path
    assert seen[-1][0] == 2
    api.injected.clear()
    seen.append(run_pr(repo, api.url, capfd, "-v"))
    everything = "\n".join(out + err for _, out, err in seen)
    assert "POST /repos/acme/widgets/pulls" in everything  # -v logged the calls and git commands
    assert "git push" in everything
    everything += (repo.work / ".git" / "config").read_text()
    everything += git(repo.bare, "for-each-ref")
    everything += git(repo.bare, "log", "--all", "--format=%an %ae %cn %ce %B")
    everything += git(repo.bare, "cat-file", "--batch-all-objects", "--batch")
    everything += git(repo.work, "config", "--list", "--show-origin")
    assert TOKEN not in everything
    from gofixleak.bot.redact import basic_credentials

    assert basic_credentials(TOKEN) not in everything
    assert HUMAN[1] not in git(repo.bare, "log", "--format=%ae", "main..gofixleak/root")


def test_pushes_over_https_carry_the_token_only_in_the_environment(world, capfd, monkeypatch):
    """The origin served over smart HTTP that demands the token: fetch, ls-remote and push get it
    from http.extraheader in git's environment, one header per request (a header a checkout
    persisted in .git/config is reset, not sent twice), and nothing of it is stored."""
    from git_http import GitHTTPServer

    repo, api = world
    with GitHTTPServer(repo.root, TOKEN) as server:
        git(repo.work, "remote", "set-url", "origin", server.url("origin.git"))
        # what actions/checkout leaves behind with persist-credentials: another token's header
        git(repo.work, "config", "http.extraheader", "AUTHORIZATION: basic c3RhbGU6dG9rZW4=")
        before = repo.user_state()
        code, out, err = run_pr(repo, api.url, capfd, "-v", "--no-verify")
        assert code == 0, err
        assert "opened #1" in out
        assert repo.user_state() == before  # .git/config included: nothing was written there
        assert server.authorizations and server.refused == 0
        assert all(len(sent) == 1 for sent in server.authorizations)
        assert git(repo.work, "remote", "get-url", "origin") == server.url("origin.git")
        assert TOKEN not in out + err
        assert len(repo.log("gofixleak/root")) == 1
        # with another token the same remote refuses: the header really is what authenticates
        monkeypatch.setenv("OTHER_TOKEN", "ghs_not_the_right_one")
        code, out, err = run_pr(repo, api.url, capfd, "--no-verify", "--token-env", "OTHER_TOKEN")
        assert code == 2 and "git ls-remote" in err and "failed" in err
        assert "ghs_not_the_right_one" not in out + err
        assert repo.user_state() == before


def test_some_leaks_fixed_by_hand_shrink_the_pull_request(world, capfd):
    repo, api = world
    run_pr(repo, api.url, capfd)
    by_hand = repo.show("gofixleak/root", "pkg/index/index.go")
    repo.push_to_main({"pkg/index/index.go": by_hand}, "fix index by hand")
    code, out, err = run_pr(repo, api.url, capfd)
    assert code == 0, err
    assert "gofixleak/root: updated #1" in out
    assert api.pulls[1].title == "gofixleak: fix 2 leaks in ./... (GFL001)"
    changed = git(repo.bare, "diff", "--name-only", "main", "gofixleak/root").splitlines()
    assert changed == ["pkg/cache/cache.go", "pkg/parse/parse.go"]


def test_one_pull_request_per_module(tmp_path, capfd, monkeypatch):
    from bot_repo import FILES

    spec_dict()
    files = dict(FILES)
    files["tools/go.mod"] = "module example.com/widgets/tools\n\ngo 1.22\n"
    files["tools/trim/trim.go"] = NEW_LEAK.replace("package cache", "package trim")
    repo = BotRepo.create(tmp_path, files)
    go_environment(monkeypatch)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandIn(repo.bare, REPO, TOKEN) as api:
        code, out, err = run_pr(repo, api.url, capfd)
        assert code == 0, err
        assert api.errors == []
    titles = sorted(p.title for p in api.pulls.values())
    assert titles == ["gofixleak: fix 1 leak in ./tools/... (GFL001)", "gofixleak: fix 3 leaks in ./... (GFL001)"]
    assert git(repo.bare, "diff", "--name-only", "main", "gofixleak/tools").splitlines() == ["tools/trim/trim.go"]
    assert "4 of 4 package(s) pass go build and go vet" in err


def test_a_shallow_checkout_works(tmp_path, capfd, monkeypatch):
    """actions/checkout clones one commit deep by default."""
    spec_dict()
    repo = BotRepo.create(tmp_path)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo.bare}", str(shallow))
    repo.work = shallow
    go_environment(monkeypatch)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandIn(repo.bare, REPO, TOKEN) as api:
        assert run_pr(repo, api.url, capfd, "--no-verify")[0] == 0
        repo.push_to_main({"pkg/cache/token.go": NEW_LEAK}, "tokens")
        code, out, err = run_pr(repo, api.url, capfd, "--no-verify")
        assert code == 0, err
        assert "updated #1" in out and api.errors == []
    assert len(repo.log("gofixleak/root")) == 1
