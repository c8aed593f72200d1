"""The bot's GitHub REST client against the stand-in: pagination, Enterprise URLs, rate limits,
server errors, network errors, redaction; and the stand-in's own checks really reject."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest
from github_standin import GitHubStandIn, Injected, Pull, spec_dict

from gofixleak.bot.github import GitHub, GitHubError

TOKEN = "ghp_clientTestToken0123456789"


@pytest.fixture
def standin(tmp_path):
    spec_dict()
    import subprocess

    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare)], check=True)
    with GitHubStandIn(bare, "acme/widgets", TOKEN, prefix="/api/v3") as api:
        yield api


def _client(api: GitHubStandIn, slept: list[float], **kwargs) -> GitHub:
    return GitHub("acme/widgets", TOKEN, api_url=api.url + "/api/v3", sleep=slept.append, **kwargs)


def test_lists_every_page_under_an_enterprise_api_root(standin):
    for n in range(1, 151):
        standin.pulls[n] = Pull(n, f"t{n}", "body", f"gofixleak/x{n}", "main")
    slept: list[float] = []
    pulls = _client(standin, slept).pulls(state="open")
    assert sorted(p.number for p in pulls) == list(range(1, 151))
    assert [r[1].split("page=")[-1] for r in standin.requests] == ["1", "2"]
    assert standin.errors == []


def test_secondary_rate_limit_without_headers_waits_a_minute(standin):
    standin.injected.append(Injected("GET", r"/repos/acme/widgets/pulls", 403, message="secondary rate limit hit"))
    slept: list[float] = []
    assert _client(standin, slept).pulls() == []
    assert slept == [60.0]


def test_a_wait_longer_than_allowed_fails_at_once(standin):
    standin.injected.append(Injected("GET", r"/repos/acme/widgets/pulls", 429, {"Retry-After": "3600"}, "slow down"))
    slept: list[float] = []
    with pytest.raises(GitHubError, match="asks to wait 3600s, more than this run waits"):
        _client(standin, slept, max_wait=600).pulls()
    assert slept == []


def test_forbidden_without_rate_limit_is_a_permission_error(standin):
    standin.injected.append(
        Injected(
            "POST", r"/repos/acme/widgets/issues/\d+/comments", 403, message="Resource not accessible by integration"
        )
    )
    slept: list[float] = []
    with pytest.raises(GitHubError, match="403 Resource not accessible by integration.*pull-requests: write"):
        _client(standin, slept).comment(1, "hello")
    assert slept == []


def test_server_errors_are_retried_with_backoff_then_reported(standin):
    standin.injected.append(Injected("GET", r"/repos/acme/widgets/pulls", 502, message="Bad Gateway", times=2))
    slept: list[float] = []
    assert _client(standin, slept).pulls() == []
    assert slept == [1.0, 2.0]


def test_unreachable_api_is_a_clear_error(standin):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    slept: list[float] = []
    client = GitHub("acme/widgets", TOKEN, api_url=f"http://127.0.0.1:{port}", sleep=slept.append, retries=2)
    with pytest.raises(GitHubError, match="cannot reach"):
        client.pulls()
    assert slept == [1.0, 2.0]


def test_error_messages_never_carry_the_token(standin):
    standin.injected.append(Injected("GET", r"/repos/acme/widgets/pulls", 404, message=f"no such thing as {TOKEN}"))
    with pytest.raises(GitHubError) as caught:
        _client(standin, []).pulls()
    assert TOKEN not in str(caught.value) and "***" in str(caught.value)


def test_the_stand_in_rejects_what_github_would(standin):
    """A request outside GitHub's description is answered 422 and recorded, so a test fails."""

    def send(method: str, path: str, body: object) -> int:
        request = urllib.request.Request(
            standin.url + "/api/v3" + path,
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as reply:
                return reply.status
        except urllib.error.HTTPError as err:
            return err.code

    assert send("PATCH", "/repos/acme/widgets/pulls/1", {"state": "merged"}) == 422
    assert send("POST", "/repos/acme/widgets/issues/1/comments", {"text": "no body"}) == 422
    assert len(standin.errors) == 2 and all("request" in e for e in standin.errors)
    standin.errors.clear()


def test_the_stand_in_checks_its_own_answers(standin, monkeypatch):
    """A response outside GitHub's description is recorded too (the stand-in would be lying)."""
    standin.pulls[1] = Pull(1, "t", "b", "gofixleak/x", "main")
    original = standin._pull_json
    monkeypatch.setattr(standin, "_pull_json", lambda pull, kind: {**original(pull, kind), "number": "one"})
    with pytest.raises(GitHubError, match="answered something unexpected"):
        _client(standin, []).pulls()
    assert len(standin.errors) == 1 and "response 200" in standin.errors[0]
    standin.errors.clear()
