"""action.yml, run for real: its shell steps under bash as the Actions runner runs them.

The README's workflows are the inputs: each one's `with:` for our action is
handed to a local composite-action runner (tests/actionrunner.py).  The
`uses:` steps inside the action (actions/setup-python, codeql-action's
upload-sarif) are stood in for by the test, which checks what they are given
(upload-sarif gets a SARIF file valid against the official schema).  The
install step runs unchanged: `pip install gofixleak==VERSION` into a fresh
venv, with pip pointed at a local wheelhouse (gofixleak built from this
checkout, its dependencies repacked from the test environment) instead of
PyPI, and no network where the machine allows.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import wheelhouse
import yaml
from actionrunner import CompositeAction, ExpressionError, render
from test_formats import validate_sarif

from gofixleak import __version__

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
# the inputs of github/codeql-action/upload-sarif (its action.yml)
UPLOAD_SARIF_INPUTS = {
    "sarif_file",
    "checkout_path",
    "ref",
    "sha",
    "token",
    "matrix",
    "category",
    "wait-for-processing",
}
SETUP_PYTHON_INPUTS = {"python-version", "python-version-file", "cache", "architecture", "check-latest", "token"}

LEAK = (
    "package {pkg}\n\nvar last string\n\nfunc keep(s string) {{\n\tlast = s[:4]\n}}"
    "\n\nfunc init() {{ keep(string(make([]byte, 1<<20))) }}\n"
)


def readme_workflows() -> list[dict]:
    readme = (REPO / "README.md").read_text()
    section = readme.split("### GitHub Action", 1)[1].split("\n## ", 1)[0]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]


def our_step(workflow: dict) -> dict:
    [job] = workflow["jobs"].values()
    [step] = [s for s in job["steps"] if s.get("uses", "").startswith("gofixleak/gofixleak@")]
    return step


def workflow_with(kind: str) -> tuple[dict, dict]:
    for workflow in readme_workflows():
        [job] = workflow["jobs"].values()
        step = our_step(workflow)
        is_matrix = "strategy" in job
        mode = step["with"].get("mode", "code-scanning")
        if (kind == "matrix" and is_matrix) or (not is_matrix and kind == mode):
            return workflow, step
    raise AssertionError(f"README has no {kind} workflow")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> Path:
    return wheelhouse.make(tmp_path_factory.mktemp("wheels"), with_gofixleak=True)


class Runner:
    """Runs action.yml in a fresh workspace; records what the stood-in actions were given."""

    def __init__(self, tmp: Path, wheels: Path, temp: Path | None = None):
        self.workspace = tmp / "workspace"
        self.workspace.mkdir()
        (self.workspace / "go.mod").write_text("module example.com/mono\n\ngo 1.22\n")
        for i in range(6):
            folder = self.workspace / f"pkg{i}"
            folder.mkdir()
            (folder / "a.go").write_text(LEAK.format(pkg=f"pkg{i}"))
        self.temp = temp or tmp / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        tools = tmp / "hostedtoolcache"
        tools.mkdir()
        (tools / "python").symlink_to(sys.executable)  # what actions/setup-python puts on PATH
        self.env = wheelhouse.offline_pip_env(
            wheels, {"HOME": str(tmp), "PATH": f"{tools}:/usr/bin:/bin", "NO_COLOR": "1"}
        )
        self.uploads: list[dict[str, str]] = []

    def uses(self, action: str, with_: dict[str, str], env: dict[str, str]) -> int:
        if action.startswith("actions/setup-python@"):
            assert set(with_) <= SETUP_PYTHON_INPUTS and re.fullmatch(r"3\.\d+", with_["python-version"])
            return 0
        if action.startswith("github/codeql-action/upload-sarif@"):
            assert set(with_) <= UPLOAD_SARIF_INPUTS, with_
            path = self.workspace / with_["sarif_file"]
            log = json.loads(path.read_text())
            validate_sarif(log)
            self.uploads.append({**with_, "log": log})
            return 0
        raise AssertionError(f"unexpected action {action}")

    def run(self, inputs: dict[str, object], contexts: dict | None = None):
        action = CompositeAction(ACTION)
        return action.run(
            {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in inputs.items()},
            self.workspace,
            self.temp,
            self.env,
            self.uses,
            contexts=contexts,
            wrap=wheelhouse.network_blocked,
        )


def test_the_action_is_well_formed():
    spec = yaml.safe_load(ACTION.read_text())
    assert spec["runs"]["using"] == "composite"
    steps = spec["runs"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    assert scripts and all("${{" not in script for script in scripts)  # inputs reach scripts only through env:
    assert all(s.get("shell") == "bash" for s in steps if "run" in s)
    used = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", ACTION.read_text()))
    assert used == set(spec["inputs"]), "every input is used, and only declared ones"
    uploads = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert [set(s["with"]) for s in uploads] == [{"sarif_file", "category"}]
    assert spec["inputs"]["category"]["default"] == "gofixleak"


def test_the_readme_workflows_have_the_permissions_they_need():
    for workflow in readme_workflows():
        step = our_step(workflow)
        assert set(step["with"]) <= set(yaml.safe_load(ACTION.read_text())["inputs"])
        permissions = workflow["permissions"]
        if step["with"].get("mode", "code-scanning") == "code-scanning":
            assert permissions.get("security-events") == "write"
        else:
            assert "security-events" not in permissions
        assert permissions.get("contents") == "read"


def test_a_typo_in_an_expression_fails(tmp_path):
    broken = tmp_path / "action.yml"
    broken.write_text(
        ACTION.read_text().replace("inputs.sarif-file }}\n        category", "inputs.sarif-fiel }}\n        category")
    )
    with pytest.raises(ExpressionError, match="sarif-fiel"):
        CompositeAction(broken).run(
            {"version": __version__}, tmp_path, tmp_path, {"PATH": os.defpath}, lambda *a: 0, wrap=lambda c: ["true"]
        )


@pytest.mark.slow
def test_code_scanning_workflow(tmp_path, wheels):
    _, step = workflow_with("code-scanning")
    runner = Runner(tmp_path, wheels)
    run = runner.run({**step["with"], "version": __version__})
    install = run.step("Install gofixleak")
    assert install.ran and install.code == 0, install.stderr
    assert f"gofixleak {__version__}" in install.stdout
    check = run.step("Check")
    assert check.code == 0, check.stderr
    assert run.outputs == {"exit-code": "1", "sarif-file": "gofixleak.sarif"}
    [upload] = runner.uploads
    assert upload["category"] == "gofixleak"
    results = upload["log"]["runs"][0]["results"]
    assert sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results) == [
        f"pkg{i}/a.go" for i in range(6)
    ]
    assert not run.step("Fail on findings").ran and not run.failed  # the README sets fail-on-findings: false


@pytest.mark.slow
def test_annotations_workflow_fails_the_job_with_annotations(tmp_path, wheels):
    _, step = workflow_with("annotations")
    runner = Runner(tmp_path, wheels)
    run = runner.run({**step["with"], "version": __version__})
    check = run.step("Check")
    lines = check.stdout.splitlines()
    assert "::warning file=pkg0/a.go,line=6,col=9,endLine=6,endColumn=14,title=GFL001::" in lines[0]
    assert len([line for line in lines if line.startswith("::warning ")]) == 6
    assert not run.step("Upload SARIF to code scanning").ran and runner.uploads == []
    verdict = run.step("Fail on findings")
    assert verdict.ran and verdict.code == 1 and run.failed


@pytest.mark.slow
def test_matrix_shards_cover_the_tree_with_one_category_each(tmp_path, wheels):
    workflow, step = workflow_with("matrix")
    [job] = workflow["jobs"].values()
    shards = job["strategy"]["matrix"]["shard"]
    results = []
    categories = []
    for index, shard in enumerate(shards):
        (tmp_path / f"job{index}").mkdir()
        # one RUNNER_TEMP for all jobs: later jobs' install steps find gofixleak installed (faster)
        runner = Runner(tmp_path / f"job{index}", wheels, temp=tmp_path / "runner-temp")
        matrix = {"matrix": {"shard": shard}}
        inputs = {key: render(value, matrix) for key, value in step["with"].items()}
        run = runner.run({**inputs, "version": __version__})
        assert not run.failed, [(s.name, s.stderr) for s in run.steps]
        [upload] = runner.uploads
        categories.append(upload["category"])
        results += [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in upload["log"]["runs"][0]["results"]
        ]
    assert sorted(results) == [f"pkg{i}/a.go" for i in range(6)]  # every package once
    assert len(set(categories)) == len(shards)


@pytest.mark.slow
def test_an_unknown_version_or_mode_fails_the_step(tmp_path, wheels):
    runner = Runner(tmp_path, wheels)
    run = runner.run({"version": "999.0.0"})
    assert run.step("Install gofixleak").code != 0 and run.failed
    assert not run.step("Check").ran
    (tmp_path / "again").mkdir()
    runner = Runner(tmp_path / "again", wheels)
    run = runner.run({"version": __version__, "mode": "code-scaning"})
    check = run.step("Check")
    assert check.code == 2 and "::error title=gofixleak::mode must be code-scanning or annotations" in check.stdout
    assert run.failed and not run.step("Upload SARIF to code scanning").ran
