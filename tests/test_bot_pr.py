"""`gofixleak pr` end to end: a real bare git origin, a GitHub API stand-in checked against GitHub's
OpenAPI description, the go command verifying the fixes."""

from __future__ import annotations

import pytest
from bot_repo import REPO, TOKEN, BotRepo, go_environment, run_pr
from github_standin import GitHubStandIn, spec_dict


@pytest.fixture
def world(tmp_path, monkeypatch):
    spec_dict()
    repo = BotRepo.create(tmp_path)
    go_environment(monkeypatch)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandIn(repo.bare, REPO, TOKEN) as api:
        yield repo, api
        assert api.errors == [], "requests or responses GitHub's description rejects"


def test_first_run_opens_one_pull_request(world, capfd):
    repo, api = world
    before = repo.user_state()
    code, out, err = run_pr(repo, api.url, capfd, "-v")
    print(out, err)
    assert code == 0, err
    assert repo.user_state() == before
