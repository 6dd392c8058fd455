"""`score init [FILE]`: write a complete facts template for a ruleset's year."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from jixiao.commands.options import add_rulesets_option
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem


def add_parser(verbs: Any) -> None:
    parser = verbs.add_parser(
        "init",
        help="write a facts template for a ruleset's year",
        description="Write a facts file with every section and field the ruleset's indicators "
        "read. An existing file is never overwritten unless --force is given.",
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="where to write (default dept-YEAR.toml; - for stdout)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--year",
        type=int,
        help="the budget year (default: this year if it has a ruleset, else last year)",
    )
    which.add_argument("--ruleset", metavar="NAME|PATH", help="the ruleset to follow")
    add_rulesets_option(parser)
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(handler=init)


def _ruleset_for(args: argparse.Namespace, registry: Any) -> Any:
    """The --year's ruleset; by default this year's or, before it is published, last year's:
    departments evaluate the year just ended."""
    if args.year is not None:
        return api.load_ruleset(year=args.year, registry=registry, search=args.rulesets)
    import datetime as dt

    this_year = dt.date.today().year
    try:
        return api.load_ruleset(year=this_year, registry=registry, search=args.rulesets)
    except InputError:
        return api.load_ruleset(year=this_year - 1, registry=registry, search=args.rulesets)


def init(args: argparse.Namespace) -> int:
    from jixiao.engine.facts.template import render_template

    registry = api.load_registry()
    if args.ruleset is not None:
        ruleset = api.load_ruleset(args.ruleset, registry=registry, search=args.rulesets)
    else:
        ruleset = _ruleset_for(args, registry)
    text = render_template(ruleset, registry)
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.file or f"dept-{ruleset.year}.toml")
    write_new(target, text, args.force)
    print(
        f"wrote {target}: a facts template for {ruleset.title.zh}; fill it in, then "
        f"`score run {target}`"
    )
    return 0


def write_new(target: Path, text: str, force: bool) -> None:
    """Write atomically (a temporary file renamed into place); refuse to overwrite unless
    `force`, so a half-written or clobbered file is never left behind."""
    if target.is_dir():
        raise InputError([Problem(str(target), "", "is a directory; give a file name")])
    from jixiao.commands.output import is_special

    if is_special(target):  # /dev/null, a pipe: written to, never replaced
        try:
            with target.open("w", encoding="utf-8", newline="\n") as device:
                device.write(text)
        except OSError as error:  # /dev/full
            from jixiao.commands.output import write_failure

            raise InputError([Problem(str(target), "", write_failure(error))]) from None
        return
    if target.exists() and not force:
        raise InputError(
            [Problem(str(target), "", "already exists; choose another name or add --force")]
        )
    from jixiao.commands.output import (
        temporary_file,  # only when writing: tempfile is slow to import
    )

    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(str(target), "", f"{folder} is a file, not a folder")])
    if not folder.is_dir():
        raise InputError([Problem(str(target), "", f"the folder {folder} does not exist")])
    handle, temp = temporary_file(target, "")
    try:
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except OSError as error:  # a full disk, a network folder gone: the disk failed, not score
            from jixiao.commands.output import write_failure

            raise InputError([Problem(str(target), "", write_failure(error))]) from None
        if force:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)  # fails if someone created the file meanwhile
            except FileExistsError:
                raise InputError(
                    [Problem(str(target), "", "already exists; choose another name or add --force")]
                ) from None
            except OSError:  # a file system without hard links
                if target.exists():
                    raise InputError(
                        [Problem(str(target), "", "already exists; add --force")]
                    ) from None
                os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
