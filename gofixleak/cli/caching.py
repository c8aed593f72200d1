"""The command line's cache options: `--no-cache`, `--cache-dir DIR` (env GOFIXLEAK_CACHE_DIR)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from gofixleak import api


def add_cache(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("cache")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    group.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=os.environ.get("GOFIXLEAK_CACHE_DIR") or None,
        help="where to keep the cache (default: .gofixleak_cache at the module root; env GOFIXLEAK_CACHE_DIR)",
    )


def check_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of `Session.check_files` these options ask for."""
    return {"cache": not args.no_cache, "cache_dir": args.cache_dir}


def summary(session: api.Session) -> str | None:
    """For -v: how many files the cache answered (None without a cache)."""
    said = session.cache_summary()
    return f"gofixleak: {said}" if said else None
