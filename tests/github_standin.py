"""A stand-in for the GitHub REST API on loopback, checked against GitHub's own OpenAPI description.

It keeps state (pull requests, comments, labels) over a real bare git
repository (a pull request's head is that repository's branch), and
validates every request it receives and every response it sends with
openapi-core against the description GitHub publishes (pinned by the npm
package @octokit/openapi, installed by `npm ci --prefix tests/github-api`).
A request the real API would reject is answered 422 and recorded in
`errors`, which the tests' fixture asserts is empty.

Responses are built from the description itself: `instance(schema)` makes
a value with every required property, which the stand-in then fills with
its state, so the objects have the full shape GitHub sends.  Injected
failures (a 403 rate limit, 500s) use GitHub's error body (`basic-error`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SPEC_PACKAGE = Path(__file__).parent / "github-api"
SPEC_FILE = SPEC_PACKAGE / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
SERVER = "https://api.github.com"
NOW = "2026-01-01T00:00:00Z"


def spec_dict() -> dict[str, Any]:
    if not SPEC_FILE.is_file():
        message = (
            f"GitHub's OpenAPI description is not installed ({SPEC_FILE}): "
            "run `npm ci --prefix tests/github-api` (the README's test command does)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _load_spec()


@functools.cache
def _load_spec() -> dict[str, Any]:
    return json.loads(SPEC_FILE.read_text())


@functools.cache
def openapi():
    """openapi-core over the description, without validating the description itself (a minute)."""
    from openapi_core import OpenAPI
    from openapi_core.configurations import Config

    return OpenAPI.from_dict(_load_spec(), config=Config(spec_validator_cls=None))


# --- instances of schemas ------------------------------------------------------------------


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = _load_spec()["components"]["schemas"][name]
    return schema


def instance(schema: dict[str, Any], depth: int = 0) -> Any:
    """A value valid for `schema`: required properties only, nullable ones null."""
    schema = _resolve(schema)
    if schema.get("nullable") and depth > 0:
        return None
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = instance(part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return instance(schema[key][0], depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: instance(props.get(name, {"type": "string"}), depth + 1) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    if fmt == "date-time":
        return NOW
    if fmt == "uri":
        return "https://github.example/"
    if fmt == "email":
        return "octocat@github.example"
    return "text"


def schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- the server ----------------------------------------------------------------------------


@dataclass
class Injected:
    """Answer requests matching `method` and `path` (a regex) with this, `times` times."""

    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Server Error"
    times: int = 1


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str
    base: str
    state: str = "open"
    merged: bool = False
    labels: list[str] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)


class GitHubStandIn:
    def __init__(self, bare: Path, repo: str, token: str, prefix: str = ""):
        self.prefix = prefix  # GitHub Enterprise Server serves the API under /api/v3
        self.bare = bare
        self.owner, self.name = repo.split("/")
        self.token = token
        self.pulls: dict[int, Pull] = {}
        self.requests: list[tuple[str, str, Any]] = []  # (method, path with query, JSON body)
        self.errors: list[str] = []  # requests GitHub would reject, responses GitHub would not send
        self.injected: list[Injected] = []
        self.labels: set[str] = set()
        self._next = 1
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> GitHubStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what tests look at and do ---------------------------------------------------------

    def writes(self) -> list[tuple[str, str, Any]]:
        return [r for r in self.requests if r[0] != "GET"]

    def open_pulls(self) -> list[Pull]:
        return [p for p in self.pulls.values() if p.state == "open"]

    def close_by_human(self, number: int) -> None:
        self.pulls[number].state = "closed"

    def merge(self, number: int) -> None:
        """Merge like the button does with a fast-forward-able head (the tests keep it so)."""
        pull = self.pulls[number]
        head = self._branch_sha(pull.head)
        assert head is not None
        _git(self.bare, "update-ref", f"refs/heads/{pull.base}", head)
        pull.state, pull.merged = "closed", True

    # --- state ------------------------------------------------------------------------------

    def _branch_sha(self, branch: str) -> str | None:
        done = subprocess.run(
            ["git", "-C", str(self.bare), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            capture_output=True,
            text=True,
        )
        return done.stdout.strip() or None

    def _pull_json(self, pull: Pull, kind: str) -> dict[str, Any]:
        data = instance(schema(kind))
        url = f"https://github.example/{self.owner}/{self.name}/pull/{pull.number}"
        data.update(
            {
                "number": pull.number,
                "id": 1000 + pull.number,
                "state": pull.state,
                "title": pull.title,
                "body": pull.body,
                "html_url": url,
                "merged_at": NOW if pull.merged else None,
                "closed_at": NOW if pull.state == "closed" else None,
                "labels": [self._label_json(n) for n in pull.labels],
            }
        )
        if kind == "pull-request":
            data["merged"] = pull.merged
        for side, branch in (("head", pull.head), ("base", pull.base)):
            data[side] = dict(data[side])
            data[side].update(
                {"ref": branch, "sha": self._branch_sha(branch) or "0" * 40, "label": f"{self.owner}:{branch}"}
            )
        return data

    def _label_json(self, name: str) -> dict[str, Any]:
        data = instance(schema("label"))
        data.update({"name": name, "id": sum(name.encode()), "color": "ededed", "default": False, "description": ""})
        return data

    def _comment_json(self, comment: dict[str, Any]) -> dict[str, Any]:
        data = instance(schema("issue-comment"))
        data.update(comment)
        return data

    # --- HTTP -------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                with standin._lock:
                    status, headers, payload = standin._answer(self.command, self.path, dict(self.headers), raw)
                data = json.dumps(payload).encode() if payload is not None else b""
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

        return Handler

    def _answer(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict, Any]:
        from openapi_core.testing import MockRequest, MockResponse

        split = urllib.parse.urlsplit(target)
        if not split.path.startswith(self.prefix + "/"):
            self.errors.append(f"{method} {target}: not under {self.prefix}/")
            return 404, {}, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        split = split._replace(path=split.path[len(self.prefix) :])
        query = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        body = json.loads(raw) if raw else None
        self.requests.append((method, target, body))
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
        request = MockRequest(
            SERVER,
            method.lower(),
            split.path,
            args=query,
            data=raw.decode() if raw else None,
            headers={k.lower(): v for k, v in headers.items()},
            content_type=headers.get("Content-Type", "application/json").split(";")[0],
        )
        try:
            openapi().validate_request(request)
        except Exception as err:  # the real API would reject it
            self.errors.append(f"request {method} {target}: {type(err).__name__}: {err} {err.__cause__ or ''}")
            return 422, {}, {"message": "Validation Failed", "documentation_url": "https://docs.github.com/rest"}
        for injected in self.injected:
            if injected.times > 0 and injected.method == method and re.fullmatch(injected.path, split.path):
                injected.times -= 1
                error = {"message": injected.message, "documentation_url": "https://docs.github.com/rest"}
                self._check_error_shape(error)
                return injected.status, injected.headers, error
        status, payload = self._route(method, urllib.parse.unquote(split.path), query, body)
        response = MockResponse(
            json.dumps(payload).encode() if payload is not None else b"",
            status_code=status,
            content_type="application/json",
        )
        try:
            openapi().validate_response(request, response)
        except Exception as err:  # GitHub would not answer this: the stand-in is wrong
            self.errors.append(f"response {status} to {method} {target}: {type(err).__name__}: {err} {err.__cause__}")
        return status, {}, payload

    def _check_error_shape(self, error: dict[str, Any]) -> None:
        from jsonschema import Draft4Validator

        problems = list(Draft4Validator(_load_spec()["components"]["schemas"]["basic-error"]).iter_errors(error))
        if problems:
            self.errors.append(f"injected error body is not GitHub's basic-error: {problems}")

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        prefix = f"/repos/{self.owner}/{self.name}"
        if not path.startswith(prefix + "/"):
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        rest = path[len(prefix) :]
        routes: list[tuple[str, str, Callable[..., tuple[int, Any]]]] = [
            ("GET", r"/pulls", self._list_pulls),
            ("POST", r"/pulls", self._create_pull),
            ("PATCH", r"/pulls/(\d+)", self._update_pull),
            ("GET", r"/issues/(\d+)/comments", self._list_comments),
            ("POST", r"/issues/(\d+)/comments", self._create_comment),
            ("POST", r"/issues/(\d+)/labels", self._add_labels),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, rest)
            if verb == method and match:
                return handler(*match.groups(), query=query, body=body)
        self.errors.append(f"the stand-in does not serve {method} {path}")
        return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}

    def _page(self, items: list[Any], query: dict[str, str]) -> list[Any]:
        per_page = int(query.get("per_page", 30))
        page = int(query.get("page", 1))
        return items[(page - 1) * per_page : page * per_page]

    def _list_pulls(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        state = query.get("state", "open")
        pulls = sorted(self.pulls.values(), key=lambda p: -p.number)  # newest first, like GitHub
        if state != "all":
            pulls = [p for p in pulls if p.state == state]
        if "head" in query:
            owner, _, branch = query["head"].partition(":")
            pulls = [p for p in pulls if owner == self.owner and p.head == branch]
        return 200, [self._pull_json(p, "pull-request-simple") for p in self._page(pulls, query)]

    def _unprocessable(self, message: str) -> tuple[int, Any]:
        return 422, {
            "message": "Validation Failed",
            "errors": [{"resource": "PullRequest", "code": "custom", "message": message}],
            "documentation_url": "https://docs.github.com/rest",
        }

    def _create_pull(self, query: dict[str, str], body: Any) -> tuple[int, Any]:
        head, base = body["head"], body["base"]
        if self._branch_sha(head) is None:
            return self._unprocessable(f"head {head} does not exist")
        if self._branch_sha(base) is None:
            return self._unprocessable(f"base {base} does not exist")
        if any(p.head == head and p.state == "open" for p in self.pulls.values()):
            return self._unprocessable(f"A pull request already exists for {self.owner}:{head}.")
        pull = Pull(self._next, body.get("title", ""), body.get("body", ""), head, base)
        self._next += 1
        self.pulls[pull.number] = pull
        return 201, self._pull_json(pull, "pull-request")

    def _update_pull(self, number: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        pull = self.pulls.get(int(number))
        if pull is None:
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        for key in ("title", "body", "state", "base"):
            if key in body:
                setattr(pull, key, body[key])
        return 200, self._pull_json(pull, "pull-request")

    def _list_comments(self, number: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        pull = self.pulls.get(int(number))
        if pull is None:
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        return 200, [self._comment_json(c) for c in self._page(pull.comments, query)]

    def _create_comment(self, number: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        pull = self.pulls.get(int(number))
        if pull is None:
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        comment = {"id": self._next * 100 + len(pull.comments), "body": body["body"]}
        pull.comments.append(comment)
        return 201, self._comment_json(comment)

    def _add_labels(self, number: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        pull = self.pulls.get(int(number))
        if pull is None:
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
        for name in body["labels"]:
            self.labels.add(name)
            if name not in pull.labels:
                pull.labels.append(name)
        return 200, [self._label_json(n) for n in pull.labels]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()
