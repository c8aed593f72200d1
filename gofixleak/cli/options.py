"""The command-line options of project configuration, output and scale, and what they become.

Kept apart from cli/main.py so each group is one place: `add_*` declare the
options on a subcommand's parser, `explicit_settings` turns the parsed
arguments into the explicit part of api.Settings (None where a flag was not
given, so the configuration file decides).
"""

from __future__ import annotations

import argparse

from gofixleak import api

FORMATS = ("text", "json", "sarif", "github")


def add_configuration(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("configuration (gofixleak.toml)")
    group.add_argument("--config", metavar="PATH", help="use this configuration file for every path")
    group.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    group.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply the configuration's exclude to files named explicitly too (for pre-commit)",
    )


def add_output(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    group = parser.add_argument_group("output")
    if formats:
        group.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
        group.add_argument(
            "--statistics", action="store_true", help="one line per rule: how many findings, how many fixable"
        )
    group.add_argument("--output-file", "-o", metavar="PATH", help="write the output to this file (atomically)")
    group.add_argument("--quiet", "-q", action="store_true", help="no progress, no summary line, no warnings")


def add_scale(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scale")
    group.add_argument(
        "--shard",
        metavar="K/N",
        help="check only shard K of N (whole packages; the N shards of one tree cover it exactly once)",
    )


def add_show_settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--show-settings", metavar="FILE", help="print the settings in force for FILE (as gofixleak.toml) and exit"
    )


def explicit_settings(args: argparse.Namespace) -> api.Settings:
    """The api.Settings these flags set (None where a flag was not given)."""
    return api.Settings(
        config_file=args.config,
        isolated=args.isolated,
        force_exclude=args.force_exclude,
        unsafe_fixes=getattr(args, "unsafe_fixes", None),
    )
