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

from generator.commands.common import Command, enter_store, fail, plural, say, seconds, warn, warned
from generator.errors import LapakError, Problem
from generator.messages import define, t
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
    from generator.content.config_file import find_config
    from generator.parallel import Workers
    from generator.site.hosting import limit_warnings
    from generator.site.writer import check_output, file_size

    started = time.perf_counter()
    root = find_config(source).parent.resolve()
    if output is not None:
        check_output(output, root, force)
    with Workers(jobs or default_jobs(), pipeline.warm) as workers:
        done = pipeline.assemble(root, mode="check", base_url=base_url, drafts=drafts, workers=workers)
    hosting = limit_warnings((rel, file_size(item)) for rel, item in done.files.items())
    return CheckResult(products=len(done.site.products), photos=len(done.site.photos), pages=done.pages,
                       warnings=done.warnings, hosting=hosting, seconds=time.perf_counter() - started)


define({
    "cmd.check.short_help": ("Periksa kesalahan di toko, tanpa membangunnya.",
                             "Check the store for mistakes, without building it."),
    "cmd.check.help": (
        "Periksa semua yang diperiksa build di FOLDER (store.yml, produk, foto, tautan, tema), tanpa menulis apa "
        "pun.\n\nSemua masalah ditampilkan sekaligus; kalau ada masalah, perintah ini keluar dengan status 1.",
        "Check everything a build checks in SOURCE (store.yml, products, photos, links, theme), writing "
        "nothing.\n\nLists every problem at once and exits with status 1 when there is one."),
    "cmd.check.output_help": ("Folder hasil yang akan dipakai build (ikut diperiksa).",
                              "The output folder a build would use (checked too)."),
    "cmd.check.base_url_help": ("Alamat tempat toko akan diterbitkan.", "The address the store will be published at."),
    "cmd.check.drafts_help": ("Periksa juga produk yang ditandai 'draft: true', seperti build dengan --drafts.",
                              "Also check as if building products marked 'draft: true'."),
    "cmd.check.force_help": ("Seperti lapak build --force: izinkan folder hasil yang bukan buatan Lapak.",
                             "As lapak build --force: allow an output folder Lapak did not make."),
    "cmd.check.ok": (
        "Tidak ada masalah: {products}, {photos}, {pages} diperiksa dalam {seconds} detik{warned} (tidak ada yang "
        "ditulis).",
        "No problems: {products}, {photos}, {pages} checked in {seconds} s{warned} (nothing was written)."),
})


@click.command("check", cls=Command, short_help=t("cmd.check.short_help"), help=t("cmd.check.help"))
@click.argument("source", required=False, type=click.Path(path_type=Path), metavar=t("cmd.source_metavar"))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help=t("cmd.check.output_help"))
@click.option("--base-url", metavar="URL", help=t("cmd.check.base_url_help"))
@click.option("--drafts", is_flag=True, help=t("cmd.check.drafts_help"))
@click.option("--force", is_flag=True, help=t("cmd.check.force_help"))
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help=t("cmd.jobs_help"))
def command(source: Path | None, output: Path, base_url: str | None, drafts: bool, force: bool,
            jobs: int | None) -> None:
    """Check everything a build checks in SOURCE, writing nothing (the help text is cmd.check.help)."""
    source = enter_store(source)
    try:
        result = check(source, output, base_url=base_url, drafts=drafts, force=force, jobs=jobs)
    except LapakError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.echo(t("cmd.stopped"), err=True)
        sys.exit(130)
    for w in result.warnings:
        warn(f"{w.where()}: {w.message}")
    for text in result.hosting:
        warn(text)
    say("cmd.check.ok", products=plural("cmd.products", result.products), photos=plural("cmd.photos", result.photos),
        pages=plural("cmd.pages", result.pages), seconds=seconds(result.seconds),
        warned=warned(len(result.warnings) + len(result.hosting)))


COMMAND = command
