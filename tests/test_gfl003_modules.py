"""GFL003 follows element types into other packages of the module (and of a go.work workspace)."""

from __future__ import annotations

import json
from pathlib import Path

from golden_cases import run_cli

APP = """package app

import (
	"sync"

	"example.com/shop/model"
)

var entries = sync.Pool{New: func() any { return make([]model.Entry, 0, 64) }}

var counts = sync.Pool{New: func() any { return make([]model.Count, 0, 64) }}

func Total(names []string) int {
	buf := entries.Get().([]model.Entry)
	for _, n := range names {
		buf = append(buf, model.Entry{Name: n})
	}
	total := 0
	for _, e := range buf {
		total += len(e.Name)
	}
	entries.Put(buf[:0])
	return total
}

func Sum(values []int) int {
	buf := counts.Get().([]model.Count)
	for _, v := range values {
		buf = append(buf, model.Count{N: v})
	}
	total := 0
	for _, c := range buf {
		total += c.N
	}
	counts.Put(buf[:0])
	return total
}
"""

MODEL = """package model

// Entry holds a string: a pooled []Entry keeps the strings of its last use alive.
type Entry struct{ Name string }

// Count holds no pointer.
type Count struct{ N int }
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _findings(root: Path, target: str) -> list[dict]:
    code, out, err = run_cli(
        ["check", "--select", "GFL003", "--option", "GFL003.any_owner", "--format", "json", "--jobs", "1", target], root
    )
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def test_pooled_elements_of_a_type_from_another_package_of_the_module(tmp_path: Path):
    _write(
        tmp_path,
        {"go.mod": "module example.com/shop\n\ngo 1.22\n", "app/app.go": APP, "model/model.go": MODEL},
    )
    found = _findings(tmp_path, "./app")
    lines = [f["start"]["line"] for f in found]
    assert lines == [APP.splitlines().index("\tentries.Put(buf[:0])") + 1], found
    assert "model.Entry values alive while the pool holds the buffer" in found[0]["message"]
    assert (
        found[0]["fixes"][0]["edits"][0]["text"].strip() == "clear(buf[:cap(buf)])"
    )  # a pooled buffer: up to its capacity


def test_element_types_from_another_module_of_the_workspace(tmp_path: Path):
    _write(
        tmp_path,
        {
            "go.work": "go 1.22\n\nuse (\n\t./shop\n\t./model\n)\n",
            "shop/go.mod": "module example.com/shop\n\ngo 1.22\n\nrequire example.com/model v0.0.0\n",
            "shop/app/app.go": APP.replace("example.com/shop/model", "example.com/model"),
            "model/go.mod": "module example.com/model\n\ngo 1.22\n",
            "model/model.go": MODEL,
        },
    )
    found = _findings(tmp_path, "./shop/app")
    assert [f["start"]["line"] for f in found] == [APP.splitlines().index("\tentries.Put(buf[:0])") + 1], found
