"""``lapak check``: every problem a build would find, from the same pipeline, writing nothing.

The pipeline runs in its ``check`` mode: photos are decoded but not converted (a photo the cache
already holds is known good), cards and QR codes are named but not drawn, and every page is
rendered (so a theme mistake is found) and thrown away. Neither the output folder nor the
cache is written.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from generator.commands.common import fail, resolve_source, warn
from generator.errors import LapakError, Problem
from generator.parallel import default_jobs


@dataclass
class CheckResult:
    """What a check looked at, for the one-line summary."""

    products: int = 0
    photos: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    hosting: list[str] = field(default_factory=list)  # what hosts would refuse (see hosting.limit_warnings)
    seconds: float = 0.0


def check(source: Path, output: Path | None = None, base_url: str | None = None, drafts: bool = False,
          force: bool = False, jobs: int | None = None) -> CheckResult:
    """Check the store in ``source`` as a build into ``output`` would; raise ContentError listing every problem."""
    from generator import pipeline
    from generator.cache import CACHE_DIR
    from generator.content.catalog import read_cache
    from generator.content.config_file import find_config
    from generator.parallel import Workers
    from generator.site.hosting import limit_warnings
    from generator.site.writer import check_output, file_size

    started = time.perf_counter()
    root = find_config(source).parent.resolve()
    if output is not None:
        check_output(output, root, force)
    with Workers(jobs or default_jobs(), pipeline.warm) as workers:
        done = pipeline.assemble(root, mode="check", base_url=base_url, drafts=drafts, workers=workers,
                                 entries=read_cache(root / CACHE_DIR))
    hosting = limit_warnings((rel, file_size(item)) for rel, item in done.files.items())
    return CheckResult(products=len(done.site.products), photos=len(done.site.photos), pages=done.pages,
                       warnings=done.warnings, hosting=hosting, seconds=time.perf_counter() - started)


@click.command("check", short_help="Check the store for mistakes, without building it.")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help="The output folder a build would use (checked too).")
@click.option("--base-url", metavar="URL", help="The address the store will be published at.")
@click.option("--drafts", is_flag=True, help="Also check as if building products marked 'draft: true'.")
@click.option("--force", is_flag=True, help="As lapak build --force: allow an output folder Lapak did not make.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
def command(source: Path | None, output: Path, base_url: str | None, drafts: bool, force: bool,
            jobs: int | None) -> None:
    """Check everything a build checks in SOURCE (store.yml, products, photos, links, theme), writing nothing.

    Lists every problem at once and exits with status 1 when there is one.
    """
    source = resolve_source(source)
    try:
        result = check(source, output, base_url=base_url, drafts=drafts, force=force, jobs=jobs)
    except LapakError as exc:
        fail(exc, "The store has problems")
        return
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    for w in result.warnings:
        warn(f"{w.where()}: {w.message}")
    for text in result.hosting:
        warn(text)
    n = len(result.warnings) + len(result.hosting)
    warned = f", {n} warning{'s' if n != 1 else ''}" if n else ""
    photos = f"{result.photos} photo{'s' if result.photos != 1 else ''}"
    click.echo(f"No problems: {result.products} products, {photos}, {result.pages} pages checked in "
               f"{result.seconds:.2f} s{warned} (nothing was written).")


COMMAND = command
