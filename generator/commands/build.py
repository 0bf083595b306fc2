"""``lapak build``: make the site with the pipeline and publish it into the output folder at once.

A build first asks whether anything it depends on changed since the build in place: every file
and folder listing the last build recorded (with the size, time and hash each had when it was
read), the options, and the versions of Lapak and its libraries. When nothing did, it stops
there; this check imports nothing heavy, so it takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from generator import __version__
from generator.cache import CACHE_DIR, prune, read_json, versions_digest, write_json
from generator.commands.common import (Command, RichProgress, after_build, enter_store, fail, plural, say, seconds,
                                      warn, warned)
from generator.content.config_file import find_config
from generator.content.sources import unchanged
from generator.errors import ContentError, LapakError, Problem
from generator.messages import catalogue, define, msg, t
from generator.parallel import Progress, default_jobs
from generator.site.writer import check_output, read_marker


@dataclass
class BuildResult:
    """What a build did, for the one-line summary."""

    output: Path
    pages: int = 0
    photos: int = 0
    products: int = 0
    parsed: int = 0
    warnings: list[Problem] = field(default_factory=list)
    hosting: list[str] = field(default_factory=list)  # what hosts would refuse (hosting.limit_warnings)
    seconds: float = 0.0
    unchanged: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def _state_path(root: Path, output: Path) -> Path:
    """Where the cache keeps what the last build into ``output`` read and wrote (never published)."""
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return root / CACHE_DIR / f"build-{key}.json"


def _memo(state: dict, root: Path) -> dict:
    """The sizes, times and hashes the last build recorded for files that had settled when read."""
    from generator.content.sources import Inputs

    inputs = Inputs(root)
    memo = {}
    files = (state.get("inputs") or {}).get("files") or {}
    for name, entry in files.items() if isinstance(files, dict) else ():
        if isinstance(entry, list) and len(entry) == 6 and entry[1]:
            memo[inputs.where(name)] = (entry[0], tuple(entry[2:]))
    return memo


def _intact(output: Path, state: dict) -> bool:
    files = state.get("files")
    base = os.path.join(output, "")
    return isinstance(files, list) and all(os.path.isfile(base + f.replace("/", os.sep)) for f in files)


def build(source: Path, output: Path, base_url: str | None = None, drafts: bool = False, force: bool = False,
          jobs: int | None = None, progress: Progress | None = None) -> BuildResult:
    """Build the store in ``source`` into ``output``; raise ContentError listing every problem."""
    started = time.perf_counter()
    root = find_config(source).parent.resolve()
    check_output(output, root, force)
    options = {"base_url": base_url, "drafts": drafts}
    state_path = _state_path(root, output)
    state = read_json(state_path) or {}
    if (state.get("versions") == versions_digest() and state.get("options") == options
            and state.get("build") and read_marker(output).get("build") == state["build"]
            and _intact(output, state) and unchanged(root, state.get("inputs") or {})):
        summary = state.get("summary") or {}
        return BuildResult(output, pages=summary.get("pages", 0), photos=summary.get("photos", 0),
                           products=summary.get("products", 0), unchanged=True,
                           warnings=[Problem.from_json(w) for w in state.get("warnings", [])],
                           hosting=list(state.get("hosting", [])), seconds=time.perf_counter() - started)
    return _full_build(root, output, options, state, jobs, progress, started)


def _full_build(root: Path, output: Path, options: dict, state: dict, jobs: int | None,
                progress: Progress | None, started: float) -> BuildResult:
    # The pipeline's modules (Markdown, Jinja, Pillow) are imported only when there is work to do.
    from generator import pipeline
    from generator.parallel import Workers
    from generator.site.hosting import limit_warnings
    from generator.site.writer import OutputWriter, file_size

    cache_dir = root / CACHE_DIR
    workers = Workers(jobs or default_jobs(), pipeline.warm)
    with workers:  # what parsed is kept in the cache even when another file stops the build
        done = pipeline.assemble(root, mode="build", base_url=options["base_url"], drafts=options["drafts"],
                                 workers=workers, progress=progress, stat_memo=_memo(state, root))
    t = time.perf_counter()
    inputs = done.inputs.to_json()
    # What was read (names and hashes, not the times: two builds of the same files publish the same bytes).
    read = {name: entry[0] for name, entry in inputs["files"].items()}
    build_id = hashlib.sha256(json.dumps([read, inputs["listings"], options, versions_digest()],
                                         sort_keys=True).encode()).hexdigest()
    spare = cache_dir / f"output-{_state_path(root, output).stem.split('-', 1)[1]}"  # the replaced output, reused
    used = {item.name for item in done.files.values() if isinstance(item, Path)}
    # The caches shed what this build did not use while the site is written (deleting is slow on some
    # disks; the two touch different files: the site links only used ones).
    tidying = threading.Thread(target=_tidy, args=(cache_dir, used, done.site.photos), name="lapak-tidy")
    tidying.start()
    try:
        OutputWriter(output, spare).publish(done.files, {"generator": f"lapak {__version__}", "build": build_id})
    finally:
        tidying.join()
    done.timings["write"] = time.perf_counter() - t
    hosting = limit_warnings((rel, file_size(item)) for rel, item in done.files.items())
    result = BuildResult(output, pages=done.pages, photos=len(done.site.photos), products=len(done.site.products),
                         parsed=done.parsed, warnings=done.warnings, hosting=hosting, timings=done.timings)
    write_json(_state_path(root, output), {
        "versions": versions_digest(), "options": options, "build": build_id, "inputs": inputs,
        "files": sorted(done.files), "hosting": hosting, "warnings": [w.to_json() for w in done.warnings],
        "summary": {"pages": result.pages, "photos": result.photos, "products": result.products},
    })
    result.seconds = time.perf_counter() - started
    return result


def _tidy(cache_dir: Path, used: set[str], photos: dict) -> None:
    """Delete the cached pages and photos no build needs any more (keeping the newest for an undo)."""
    from generator.media.images import prune as prune_photos

    prune(cache_dir / "pages", used, ".html")
    prune_photos(cache_dir / "photos", used | {f"{ph.key}.json" for ph in photos.values()})


define({
    "cmd.build.short_help": ("Bangun toko menjadi folder berisi file statis.",
                             "Build the store into a folder of static files."),
    "cmd.build.help": (
        "Bangun toko di FOLDER ke folder --output (bawaan: output).\n\nFOLDER adalah folder yang berisi store.yml "
        "dan products/ (bawaan: folder ini kalau berisi store.yml, kalau tidak folder content).",
        "Build the store in SOURCE into --output (default: output).\n\nSOURCE is the folder that holds store.yml "
        "and products/ (default: this folder when it has store.yml, else content)."),
    "cmd.build.output_help": ("Folder tempat toko jadi ditulis. Isinya diganti seluruhnya setiap kali build.",
                              "Folder to write the finished store into. It is replaced as a whole on every build."),
    "cmd.build.base_url_help": (
        "Alamat tempat toko akan diterbitkan, misalnya https://tokoku.netlify.app/ (menggantikan base_url di "
        "store.yml).",
        "The address the store will be published at, such as https://tokoku.netlify.app/ (overrides base_url in "
        "store.yml)."),
    "cmd.build.drafts_help": ("Ikut bangun produk yang ditandai 'draft: true'.",
                              "Also build products marked 'draft: true'."),
    "cmd.build.force_help": ("Ganti folder hasil walaupun folder itu bukan buatan Lapak.",
                             "Replace the output folder even if Lapak did not make it."),
    "cmd.build.timings_help": ("Tampilkan lama setiap tahap build.", "Show how long each phase of the build took."),
    "cmd.build.zip_help": (
        "Kemas juga hasilnya menjadi <output>.zip, siap diseret ke Netlify Drop (https://app.netlify.com/drop).",
        "Also pack the output into <output>.zip, ready to drag onto Netlify Drop (https://app.netlify.com/drop)."),
    "cmd.build.timing": ("{phase} {seconds} detik", "{phase} {seconds} s"),
    "cmd.phase.content": ("isi toko", "content"),
    "cmd.phase.media": ("foto dan gambar", "media"),
    "cmd.phase.pages": ("halaman", "pages"),
    "cmd.phase.write": ("menulis", "write"),
    "cmd.build.not_built": ("Toko belum dibangun", "The store was not built"),
    "cmd.build.to_fix": ("{problems} yang perlu diperbaiki (hasil sebelumnya tidak diubah).",
                         "{problems} to fix (the previous output is untouched)."),
    "cmd.build.stopped": ("Dihentikan. Hasil sebelumnya tidak diubah.", "Stopped. The previous output is untouched."),
    "cmd.build.unchanged": (
        "Tidak ada yang berubah: {output} sudah terbaru ({products}, {pages}{warned}), dicek dalam {seconds} detik",
        "Nothing changed: {output} is up to date ({products}, {pages}{warned}) in {seconds} s"),
    "cmd.build.built": ("Selesai membangun {products}: {pages}, {photos} dalam {seconds} detik{warned} -> {output}/",
                        "Built {products}: {pages}, {photos} in {seconds} s{warned} -> {output}/"),
})


@click.command("build", cls=Command, short_help=t("cmd.build.short_help"), help=t("cmd.build.help"))
@click.argument("source", required=False, type=click.Path(path_type=Path), metavar=t("cmd.source_metavar"))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help=t("cmd.build.output_help"))
@click.option("--base-url", metavar="URL", help=t("cmd.build.base_url_help"))
@click.option("--drafts", is_flag=True, help=t("cmd.build.drafts_help"))
@click.option("--force", is_flag=True, help=t("cmd.build.force_help"))
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help=t("cmd.jobs_help"))
@click.option("--timings", is_flag=True, help=t("cmd.build.timings_help"))
@click.option("--zip", "make_zip", is_flag=True, help=t("cmd.build.zip_help"))
def command(source: Path | None, output: Path, base_url: str | None, drafts: bool, force: bool, jobs: int | None,
            timings: bool, make_zip: bool) -> None:
    """Build the store in SOURCE into --output (the help text is the catalogue's cmd.build.help)."""
    source = enter_store(source)
    try:
        result = build(source, output, base_url=base_url, drafts=drafts, force=force, jobs=jobs,
                       progress=RichProgress())
    except ContentError as exc:
        fail(exc, msg("cmd.build.not_built"), "cmd.build.to_fix")
    except LapakError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.echo(t("cmd.build.stopped"), err=True)
        sys.exit(130)
    for w in result.warnings:
        warn(f"{w.where()}: {w.message}")
    for text in result.hosting:
        warn(text)
    after_build(output, make_zip)  # the zip for Netlify Drop
    if timings:
        click.echo("  ".join(_timing(phase, took) for phase, took in result.timings.items()), err=True)
    counts = {"products": plural("cmd.products", result.products), "pages": plural("cmd.pages", result.pages),
              "seconds": seconds(result.seconds), "output": output,
              "warned": warned(len(result.warnings) + len(result.hosting))}
    if result.unchanged:
        say("cmd.build.unchanged", **counts)
    else:
        say("cmd.build.built", photos=plural("cmd.photos", result.photos), **counts)


def _timing(phase: str, took: float) -> str:
    """``pages 0.123 s``: one phase of ``--timings`` (a phase the catalogue does not name keeps its own name)."""
    key = f"cmd.phase.{phase}"
    name = t(key) if key in catalogue() else phase
    return t("cmd.build.timing", phase=name, seconds=seconds(took, 3))


COMMAND = command
