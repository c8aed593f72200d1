"""A small local runner for composite GitHub Actions, enough to run action.yml's shell steps for real.

It does what the Actions runner does for a composite action's steps: evaluates
`${{ }}` expressions (in `env:`, `with:`, `if:` and `outputs:`; the subset the
action uses: contexts, literals, ==, !=, &&, ||, !, parentheses and the
status functions), runs each `run:` step with `bash --noprofile --norc -eo
pipefail` and the variables the runner sets (GITHUB_WORKSPACE, RUNNER_TEMP,
GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, ...), reads GITHUB_OUTPUT, GITHUB_ENV
and GITHUB_PATH back after each step (including `name<<DELIMITER` blocks),
and skips steps whose condition is false.  A reference to an undeclared
input, an unknown step or an unknown context is an error, so a typo fails.
`uses:` steps are handed to a callback (the test stands in for them).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\)|,)|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*))"
)


class ExpressionError(Exception):
    pass


class _Parser:
    def __init__(self, text: str, lookup: Callable[[str], Any], status: Callable[[str], bool]):
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            if not text[pos:].strip():
                break
            match = _TOKEN.match(text, pos)
            if not match:
                raise ExpressionError(f"cannot parse expression {text!r} at {text[pos:]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.pos = 0
        self.lookup = lookup
        self.status = status

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.compare()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.compare()
            value = right if truthy(value) else value
        return value

    def compare(self) -> Any:
        value = self.unary()
        while self.peek() in (("op", "=="), ("op", "!=")):
            op = self.take()[1]
            right = self.unary()
            equal = _loose(value) == _loose(right)
            value = equal if op == "==" else not equal
        return value

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if (kind, text) == ("op", "("):
            value = self.or_()
            self.take()
            return value
        if kind == "name":
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.peek() == ("op", "("):
                self.take()
                if self.take() != ("op", ")"):
                    raise ExpressionError(f"{text}() takes no arguments here")
                return self.status(text)
            return self.lookup(text)
        raise ExpressionError(f"unexpected {text!r}")


def _loose(value: Any) -> Any:
    # GitHub compares strings case-insensitively, and numbers with numeric strings
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value.lower()
    if isinstance(value, bool) or value is None:
        return value
    return float(value)


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, 0.0, "")


@dataclass
class StepRun:
    name: str
    ran: bool
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    steps: list[StepRun]
    outputs: dict[str, str]
    failed: bool

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name)


class CompositeAction:
    def __init__(self, path: Path):
        self.path = path
        self.spec = yaml.safe_load(path.read_text())
        assert self.spec["runs"]["using"] == "composite"
        self.inputs_declared = self.spec.get("inputs", {})
        self.step_ids = {s["id"] for s in self.spec["runs"]["steps"] if "id" in s}

    def run(
        self,
        inputs: Mapping[str, str],
        workspace: Path,
        temp: Path,
        env: Mapping[str, str],
        uses: Callable[[str, dict[str, str], dict[str, str]], int],
        contexts: Mapping[str, Any] | None = None,
        wrap: Callable[[list[str]], list[str]] = lambda command: command,
    ) -> ActionRun:
        """Run the steps; `wrap` may prefix each shell command (a network namespace)."""
        unknown = set(inputs) - set(self.inputs_declared)
        if unknown:
            raise ExpressionError(f"inputs not declared by the action: {sorted(unknown)}")
        values = {k: str(v.get("default", "")) for k, v in self.inputs_declared.items()}
        values.update({k: str(v) for k, v in inputs.items()})
        files = {name: temp / f"{name.lower()}.txt" for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH")}
        step_outputs: dict[str, dict[str, str]] = {i: {} for i in self.step_ids}
        job_env = dict(env)
        path_entries: list[str] = []
        failed = False
        runs: list[StepRun] = []
        github = {"workspace": str(workspace), "action_path": str(self.path.parent)}
        runner = {"temp": str(temp), "os": "Linux"}

        def lookup(name: str) -> Any:
            head, _, rest = name.partition(".")
            if head == "inputs":
                if rest not in self.inputs_declared:
                    raise ExpressionError(f"inputs.{rest} is not an input of the action")
                return values[rest]
            if head == "steps":
                step, _, tail = rest.partition(".")
                if step not in self.step_ids or not tail.startswith("outputs."):
                    raise ExpressionError(f"steps.{rest}: no step with id {step!r} (or not .outputs.)")
                return step_outputs[step].get(tail[len("outputs.") :], "")
            if head == "github" and rest in github:
                return github[rest]
            if head == "runner" and rest in runner:
                return runner[rest]
            if contexts and head in contexts and rest in contexts[head]:
                return contexts[head][rest]
            raise ExpressionError(f"unknown context value {name!r}")

        def status(function: str) -> bool:
            if function == "always":
                return True
            if function == "success":
                return not failed
            if function == "failure":
                return failed
            raise ExpressionError(f"unknown function {function}()")

        def evaluate(text: str) -> Any:
            return _Parser(text, lookup, status).parse()

        def template(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                value = evaluate(match.group(1))
                return "" if value is None else ("true" if value is True else "false" if value is False else str(value))

            return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

        for index, step in enumerate(self.spec["runs"]["steps"]):
            name = step.get("name", f"step {index}")
            condition = str(step.get("if", "success()"))
            condition = condition.strip()
            if condition.startswith("${{") and condition.endswith("}}"):
                condition = condition[3:-2]
            has_status = re.search(r"\b(always|success|failure|cancelled)\(\)", condition)
            wanted = truthy(evaluate(condition)) and (bool(has_status) or not failed)
            if not wanted:
                runs.append(StepRun(name, False))
                continue
            step_env = {k: template(v) for k, v in (step.get("env") or {}).items()}
            if "uses" in step:
                with_ = {k: template(v) for k, v in (step.get("with") or {}).items()}
                code = uses(step["uses"], with_, {**job_env, **step_env})
                runs.append(StepRun(name, True, code, with_=with_))
                failed |= code != 0
                continue
            script = step["run"]
            if "${{" in script:
                raise ExpressionError(f"step {name!r}: ${{{{ }}}} inside run: (pass values through env:)")
            assert step.get("shell") == "bash", f"step {name!r}: composite run steps need shell: bash"
            for file in files.values():
                file.write_text("")
            process_env = {
                **job_env,
                "GITHUB_WORKSPACE": str(workspace),
                "GITHUB_ACTION_PATH": str(self.path.parent),
                "GITHUB_ACTIONS": "true",
                "CI": "true",
                "RUNNER_TEMP": str(temp),
                "RUNNER_OS": "Linux",
                **{key: str(path) for key, path in files.items()},
                **step_env,
            }
            process_env["PATH"] = os.pathsep.join([*reversed(path_entries), job_env.get("PATH", os.defpath)])
            script_path = temp / f"step-{index}.sh"
            script_path.write_text(script)
            cwd = workspace / template(step.get("working-directory", "."))
            result = subprocess.run(
                wrap(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_path)]),
                cwd=cwd,
                env=process_env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            runs.append(StepRun(name, True, result.returncode, result.stdout, result.stderr))
            failed |= result.returncode != 0
            if "id" in step:
                step_outputs[step["id"]].update(_read_pairs(files["GITHUB_OUTPUT"].read_text()))
            job_env.update(_read_pairs(files["GITHUB_ENV"].read_text()))
            path_entries += [line for line in files["GITHUB_PATH"].read_text().splitlines() if line.strip()]
        outputs = {k: template(v["value"]) for k, v in (self.spec.get("outputs") or {}).items()}
        return ActionRun(runs, outputs, failed)


def render(text: str, contexts: Mapping[str, Mapping[str, Any]]) -> str:
    """A workflow-level value (`with:` of a workflow step) with its `${{ }}` evaluated in `contexts`
    (e.g. {"matrix": {"shard": 1}}); an unknown name is an error."""

    def lookup(name: str) -> Any:
        head, _, rest = name.partition(".")
        if head in contexts and rest in contexts[head]:
            return contexts[head][rest]
        raise ExpressionError(f"unknown context value {name!r}")

    def status(function: str) -> bool:
        raise ExpressionError(f"{function}() in a value")

    def one(match: re.Match[str]) -> str:
        value = _Parser(match.group(1), lookup, status).parse()
        return str(value if not isinstance(value, float) or not value.is_integer() else int(value))

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def _read_pairs(text: str) -> dict[str, str]:
    """NAME=value lines and NAME<<DELIMITER blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them."""
    out: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            i += 1
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            out[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out
