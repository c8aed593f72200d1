"""A small typed client for the GitHub REST API endpoints the bot needs.

Endpoints: list pull requests (by head branch), create and update a pull
request, list and create issue comments, add labels.  Branches are written
and deleted with git itself (`--force-with-lease`), which the refs endpoints
cannot do conditionally.  `api_url` points it at GitHub Enterprise Server
(`https://HOST/api/v3`).

Requests are serial.  A 403 or 429 that is a rate limit waits as GitHub asks
(`retry-after` seconds; else, with `x-ratelimit-remaining: 0`, until
`x-ratelimit-reset`; else a minute for a secondary limit) up to `max_wait`
seconds; a 5xx or a network failure is retried `retries` times with
exponential backoff; then `GitHubError` with a clear, redacted message.  The
clock and sleep are injectable so tests wait for nothing.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from gofixleak import __version__
from gofixleak.bot.defaults import DEFAULT_API_URL
from gofixleak.bot.redact import Redactor

T = TypeVar("T")
API_VERSION = "2022-11-28"
PAGE_SIZE = 100


def pause(seconds: float) -> None:
    """How the client waits between attempts (tests replace it so nothing waits)."""
    time.sleep(seconds)


class GitHubError(RuntimeError):
    """A request failed for good; the message is redacted and says what to do where it can."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes


class Transport(Protocol):
    def __call__(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, timeout: float
    ) -> Response: ...


def urllib_transport(method: str, url: str, headers: Mapping[str, str], body: bytes | None, timeout: float) -> Response:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return Response(reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read())
    except urllib.error.HTTPError as err:
        with err:
            return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


@dataclass(frozen=True)
class PullRequest:
    number: int
    state: str  # "open" | "closed"
    merged: bool
    title: str
    body: str
    head_ref: str
    head_sha: str
    base_ref: str
    html_url: str
    labels: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PullRequest:
        return cls(
            number=int(data["number"]),
            state=str(data["state"]),
            merged=data.get("merged_at") is not None,
            title=str(data.get("title") or ""),
            body=str(data.get("body") or ""),
            head_ref=str(data["head"]["ref"]),
            head_sha=str(data["head"].get("sha") or ""),
            base_ref=str(data["base"]["ref"]),
            html_url=str(data.get("html_url") or ""),
            labels=tuple(str(label["name"]) for label in data.get("labels") or ()),
        )


@dataclass(frozen=True)
class Comment:
    id: int
    body: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        return cls(int(data["id"]), str(data.get("body") or ""))


class GitHub:
    """The REST API of one repository ("OWNER/NAME")."""

    def __init__(
        self,
        repo: str,
        token: str,
        *,
        api_url: str = DEFAULT_API_URL,
        transport: Transport = urllib_transport,
        redact: Redactor | None = None,
        log: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.time,
        retries: int = 3,
        max_wait: float = 900.0,
        timeout: float = 60.0,
    ):
        self.owner, _, self.name = repo.partition("/")
        self.api_url = api_url.rstrip("/")
        self._token = token
        self._transport = transport
        self.redact = redact or Redactor(token)
        self._log = log
        # looked up at each wait, so replacing `pause` reaches clients made inside a command
        self._sleep = sleep if sleep is not None else (lambda seconds: pause(seconds))
        self._clock = clock
        self.retries, self.max_wait, self.timeout = retries, max_wait, timeout

    # --- endpoints -----------------------------------------------------------------------

    def _repo_path(self, *parts: str | int) -> str:
        quoted = [urllib.parse.quote(str(p), safe="") for p in (self.owner, self.name, *parts)]
        return "/repos/" + "/".join(quoted)

    def pulls(self, *, head: str | None = None, state: str = "all") -> list[PullRequest]:
        """Pull requests of the repository; `head` a branch of the repository itself."""
        query = {"state": state}
        if head is not None:
            query["head"] = f"{self.owner}:{head}"
        return [self._parse(PullRequest.from_json, p) for p in self._pages(self._repo_path("pulls"), query)]

    def create_pull(self, *, title: str, head: str, base: str, body: str) -> PullRequest:
        payload = {"title": title, "head": head, "base": base, "body": body, "maintainer_can_modify": True}
        return self._parse(PullRequest.from_json, self._json("POST", self._repo_path("pulls"), body=payload))

    def update_pull(
        self, number: int, *, title: str | None = None, body: str | None = None, state: str | None = None
    ) -> PullRequest:
        payload = {k: v for k, v in (("title", title), ("body", body), ("state", state)) if v is not None}
        return self._parse(PullRequest.from_json, self._json("PATCH", self._repo_path("pulls", number), body=payload))

    def comments(self, number: int) -> list[Comment]:
        path = self._repo_path("issues", number, "comments")
        return [self._parse(Comment.from_json, c) for c in self._pages(path, {})]

    def comment(self, number: int, body: str) -> Comment:
        made = self._json("POST", self._repo_path("issues", number, "comments"), body={"body": body})
        return self._parse(Comment.from_json, made)

    def add_labels(self, number: int, labels: list[str]) -> None:
        """Add labels to a pull request (GitHub creates labels the repository lacks)."""
        self._json("POST", self._repo_path("issues", number, "labels"), body={"labels": labels})

    # --- requests ------------------------------------------------------------------------

    def _parse(self, parse: Callable[[Any], T], data: Any) -> T:
        try:
            return parse(data)
        except (KeyError, TypeError, ValueError) as err:
            raise GitHubError(self.redact(f"GitHub API answered something unexpected: {err!r}")) from None

    def _pages(self, path: str, query: Mapping[str, str]) -> list[Any]:
        items: list[Any] = []
        page = 1
        while True:
            batch = self._json("GET", path, query={**query, "per_page": str(PAGE_SIZE), "page": str(page)})
            if not isinstance(batch, list):
                raise GitHubError(self.redact(f"GitHub API GET {path}: expected a list, got {type(batch).__name__}"))
            items.extend(batch)
            if len(batch) < PAGE_SIZE:
                return items
            page += 1

    def _json(self, method: str, path: str, *, query: Mapping[str, str] | None = None, body: Any = None) -> Any:
        url = self.api_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        response = self._send(method, path, url, data)
        if not response.body:
            return None
        try:
            return json.loads(response.body)
        except ValueError:
            raise GitHubError(self.redact(f"GitHub API {method} {path}: the answer is not JSON")) from None

    def _headers(self, data: bytes | None) -> dict[str, str]:
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": f"gofixleak/{__version__}",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def _send(self, method: str, path: str, url: str, data: bytes | None) -> Response:
        what = f"GitHub API {method} {path}"
        failures = 0  # 5xx and network errors
        limited = 0  # rate-limit waits
        while True:
            if self._log is not None:
                self._log(self.redact(f"{method} {url.removeprefix(self.api_url)}"))
            try:
                response = self._transport(method, url, self._headers(data), data, self.timeout)
            except (urllib.error.URLError, OSError, TimeoutError) as err:
                reason = getattr(err, "reason", err)
                failures += 1
                if failures > self.retries:
                    raise GitHubError(self.redact(f"{what}: cannot reach {self.api_url}: {reason}")) from None
                self._backoff(failures)
                continue
            if response.status < 400:
                return response
            message = _error_message(response.body)
            if response.status in (403, 429):
                wait = self._rate_limit_wait(response, message)
                if wait is not None:
                    limited += 1
                    if wait > self.max_wait or limited > self.retries + 1:
                        raise GitHubError(
                            self.redact(
                                f"{what}: rate limited ({response.status}: {message}); "
                                f"GitHub asks to wait {wait:.0f}s, more than this run waits"
                            ),
                            response.status,
                        )
                    if self._log is not None:
                        self._log(f"rate limited ({response.status}); waiting {wait:.0f}s as GitHub asks")
                    self._sleep(wait)
                    continue
            if response.status >= 500:
                failures += 1
                if failures <= self.retries:
                    self._backoff(failures)
                    continue
                raise GitHubError(
                    self.redact(f"{what}: GitHub answered {response.status} ({message}) {failures} times; giving up"),
                    response.status,
                )
            raise GitHubError(
                self.redact(f"{what}: {response.status} {message}{_hint(response.status)}"), response.status
            )

    def _backoff(self, failures: int) -> None:
        self._sleep(min(2.0 ** (failures - 1), 30.0))

    def _rate_limit_wait(self, response: Response, message: str) -> float | None:
        """Seconds to wait when a 403/429 is a rate limit, None when it is not one."""
        headers = response.headers
        retry_after = headers.get("retry-after")
        if retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                return 60.0
        if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset"):
            try:
                return max(0.0, float(headers["x-ratelimit-reset"]) - self._clock()) + 1.0
            except ValueError:
                return 60.0
        if response.status == 429 or "rate limit" in message.lower():
            return 60.0  # a secondary rate limit without headers: GitHub says wait at least a minute
        return None


def _error_message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace").strip()[:200] or "no message"
    if not isinstance(data, dict):
        return "no message"
    message = str(data.get("message") or "no message")
    details = [str(e.get("message") or e.get("code") or "") for e in data.get("errors") or () if isinstance(e, dict)]
    details = [d for d in details if d]
    return message + (": " + "; ".join(details) if details else "")


def _hint(status: int) -> str:
    if status == 401:
        return " (the token is missing, expired or wrong)"
    if status == 403:
        return " (the token lacks a permission: the bot needs contents: write and pull-requests: write)"
    if status == 404:
        return " (no such repository, or the token cannot see it; check --repo and --api-url)"
    return ""


class DryRunTransport:
    """Sends nothing: says each call it would make.  Lists come back empty (so a dry run plans
    as if no pull request existed); writes come back as the object they would create."""

    def __init__(self, say: Callable[[str], None]):
        self._say = say

    def __call__(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, timeout: float
    ) -> Response:
        parsed = urllib.parse.urlsplit(url)
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        payload = json.loads(body) if body else {}
        shown = {k: (f"<{len(v)} characters>" if k == "body" and isinstance(v, str) else v) for k, v in payload.items()}
        self._say(f"would {method} {path}" + (f" {json.dumps(shown)}" if shown else ""))
        if method == "GET":
            return Response(200, {}, b"[]")
        made = {
            "id": 0,
            "number": 0,
            "state": payload.get("state", "open"),
            "title": payload.get("title", ""),
            "body": payload.get("body", ""),
            "head": {"ref": payload.get("head", ""), "sha": ""},
            "base": {"ref": payload.get("base", "")},
            "html_url": "",
            "merged_at": None,
            "labels": [{"name": n} for n in payload.get("labels", [])],
        }
        return Response(201 if method == "POST" else 200, {}, json.dumps(made).encode())
