"""One import from start to end: read every file, plan every change, then write, then fetch photos.

Nothing is written when any file cannot be read at all (not a spreadsheet, locked, damaged, not a
format Lapak knows, a required column missing). Bad rows are skipped and listed together; the good
rows are imported.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import LapakError, Problem
from generator.importer.formats import READERS, not_recognised, recognise
from generator.importer.model import Item, Reader, Table
from generator.importer.photos import Fetcher, PhotoJob, PhotoReport, fetch_photos
from generator.importer.tables import UnreadableFile, read_tables
from generator.importer.writer import Change, Plan, plan, write
from generator.messages import Msg, define, msg, t

define({
    "import.duplicate_across": (
        "'{title}' ({source} id {id}) juga ada di {other}; yang ini dilewati.",
        "'{title}' ({source} id {id}) is also at {other}; this one was skipped.",
    ),
    "import.twin": (
        "{file} punya import id yang sama dengan produk lain ({source} {id}); file ini tidak diubah. "
        "Hapus bagian 'import:' dari salinan produk.",
        "{file} has the same import id as another product ({source} {id}); this file was not changed. "
        "Remove the 'import:' lines from the copy of the product.",
    ),
    "import.no_files": (
        "Sebutkan file yang mau diimpor, seperti: lapak import produk.xlsx",
        "Name the file to import, such as: lapak import produk.xlsx",
    ),
    "import.sum_dry": ("Uji coba: tidak ada yang ditulis.", "Trial run: nothing was written."),
    "import.sum_format": ("{file}: dikenali sebagai {format}", "{file}: recognised as {format}"),
    "import.sum_counts": (
        "Produk: {added} baru, {updated} diperbarui, {unchanged} tidak berubah, {skipped} baris dilewati.",
        "Products: {added} added, {updated} updated, {unchanged} unchanged, {skipped} rows skipped.",
    ),
    "import.sum_counts_dry": (
        "Produk: {added} akan ditambah, {updated} akan diperbarui, {unchanged} tidak berubah, {skipped} baris "
        "akan dilewati.",
        "Products: {added} would be added, {updated} updated, {unchanged} unchanged, {skipped} rows skipped.",
    ),
    "import.sum_photos": (
        "Foto: {fetched} diambil, {same} sudah ada, {failed} gagal.",
        "Photos: {fetched} fetched, {same} already there, {failed} failed.",
    ),
    "import.sum_photos_dry": ("Foto: {count} akan diambil.", "Photos: {count} would be fetched."),
    "import.sum_photos_off": (
        "Foto tidak diambil (--no-photos): {count} foto dilewati.",
        "Photos were not fetched (--no-photos): {count} photos left out.",
    ),
    "import.sum_renamed": (
        "Alamat bernomor, karena alamatnya sudah dipakai produk Anda sendiri:",
        "Numbered addresses, because one of your own products already uses the address:",
    ),
    "import.sum_renamed_line": ("{new} ('{title}'): {old} sudah memakai alamat itu",
                                "{new} ('{title}'): {old} already uses that address"),
    "import.sum_skipped": ("Baris yang dilewati (perbaiki, lalu impor lagi):",
                           "Rows skipped (fix them, then import again):"),
    "import.sum_missing": (
        "Tidak ada di ekspor ini (tidak dihapus; hapus sendiri kalau sudah tidak dijual):",
        "Not in this export (kept; delete them yourself if you no longer sell them):",
    ),
    "import.sum_missing_line": ("{file} (judul '{title}')", "{file} (title '{title}')"),
    "import.sum_warnings": ("Peringatan:", "Warnings:"),
    "import.sum_time": ("Selesai dalam {seconds} detik.", "Done in {seconds} s."),
})


@dataclass
class ImportResult:
    """What an import did (or, in a trial run, would do), for the summary."""

    formats: list[tuple[str, str]] = field(default_factory=list)  # (file, format name)
    plan: Plan = field(default_factory=Plan)
    skipped: list[Problem] = field(default_factory=list)  # bad rows, each naming file, sheet, row, column
    warnings: list[Problem | Msg] = field(default_factory=list)
    photos: PhotoReport = field(default_factory=PhotoReport)
    items: list[tuple[Item, Path]] = field(default_factory=list)  # each with the folder its photos are named from
    photos_planned: int = 0
    photos_off: bool = False
    dry_run: bool = False
    seconds: float = 0.0

    def of(self, action: str) -> list[Change]:
        """The planned changes with ``action`` ("add", "update", "unchanged")."""
        return [c for c in self.plan.changes if c.action == action]


def read_files(files: list[Path], options: dict, readers: list[Reader] | None = None) -> ImportResult:
    """Read and recognise every file, and collect their items; raise UnreadableFile if one cannot be read."""
    result = ImportResult()
    groups: dict[int, tuple[Reader, list[tuple[Path, Table]]]] = {}
    for path in files:
        tables = read_tables(path)
        found = recognise(tables, readers)
        if found is None:
            raise UnreadableFile(not_recognised(tables, READERS if readers is None else readers))
        reader, table = found
        groups.setdefault(id(reader), (reader, []))[1].append((path, table))
    items: list[tuple[Item, Path]] = []
    for reader, group in groups.values():
        read = reader.read(group, options)
        names = ", ".join(p.name for p, _ in group)
        result.formats.append((names, read.format))
        result.skipped.extend(read.problems.problems)
        result.warnings.extend(read.problems.warnings)
        base = group[0][0].parent
        items.extend((item, base) for item in read.items)
    result.items = _unique(items, result.skipped)
    return result


def _unique(items: list[tuple[Item, Path]], skipped: list[Problem]) -> list[tuple[Item, Path]]:
    """Items with an id another file already gave are left out and named."""
    seen: dict[tuple[str, str], Item] = {}
    out = []
    for item, base in items:
        key = (item.source, str(item.source_id))
        if key in seen:
            skipped.append(Problem(item.where, msg("import.duplicate_across", title=item.title, source=item.source,
                                                   id=item.source_id, other=seen[key].where)))
            continue
        seen[key] = item
        out.append((item, base))
    return out


def run_import(root: Path, files: list[Path], *, currency: str, shopee_shop: str = "", dry_run: bool = False,
               update_all: bool = False, photos: bool = True, fetcher: Fetcher | None = None,
               progress=None, readers: list[Reader] | None = None) -> ImportResult:
    """Import ``files`` into the store at ``root``; see the module docstring for what is written when."""
    started = time.perf_counter()
    if not files:
        raise LapakError(msg("import.no_files"))
    result = read_files(files, {"currency": currency, "shopee_shop": shopee_shop, "store_dir": root}, readers)
    pairs = result.items
    bases = {id(item): base for item, base in pairs}
    result.plan = plan(root, [item for item, _ in pairs], currency, update_all)
    result.dry_run = dry_run
    for twin in result.plan.twins:
        result.warnings.append(Problem(twin.rel, msg("import.twin", file=twin.rel, source=twin.key[0],
                                                     id=twin.key[1])))
    jobs = [PhotoJob(c.item.title, c.path.parent, c.item.images, bases[id(c.item)])
            for c in result.plan.changes if c.photos]
    result.photos_planned = sum(len(j.sources) for j in jobs)
    result.photos_off = not photos
    if not dry_run:
        for change in result.plan.changes:
            write(change)
        if photos and jobs:
            result.photos = fetch_photos(jobs, fetcher, progress)
            result.warnings.extend(result.photos.warnings)
    result.seconds = time.perf_counter() - started
    return result


def summary_lines(result: ImportResult) -> list[str]:
    """The summary an import ends with, in the current language, one line each."""
    lines = [t("import.sum_dry")] if result.dry_run else []
    lines += [t("import.sum_format", file=f, format=name) for f, name in result.formats]
    counts = dict(added=len(result.of("add")), updated=len(result.of("update")),
                  unchanged=len(result.of("unchanged")), skipped=len(result.skipped))
    lines.append(t("import.sum_counts_dry" if result.dry_run else "import.sum_counts", **counts))
    if result.photos_off and result.photos_planned:
        lines.append(t("import.sum_photos_off", count=result.photos_planned))
    elif result.dry_run:
        if result.photos_planned:
            lines.append(t("import.sum_photos_dry", count=result.photos_planned))
    elif result.photos_planned:
        report = result.photos
        lines.append(t("import.sum_photos", fetched=report.fetched, same=report.same,
                       failed=len(report.warnings)))
    renamed = [c for c in result.plan.changes if c.clash]
    if renamed:
        lines.append(t("import.sum_renamed"))
        lines += ["  " + t("import.sum_renamed_line", new=c.rel, title=c.item.title, old=c.clash) for c in renamed]
    if result.skipped:
        lines.append(t("import.sum_skipped"))
        lines += [f"  {_problem(p)}" for p in result.skipped]
    if result.plan.missing:
        lines.append(t("import.sum_missing"))
        lines += ["  " + t("import.sum_missing_line", file=e.rel, title=e.title) for e in result.plan.missing]
    if result.warnings:
        lines.append(t("import.sum_warnings"))
        lines += [f"  {_problem(w) if isinstance(w, Problem) else w}" for w in result.warnings]
    lines.append(t("import.sum_time", seconds=f"{result.seconds:.1f}"))
    return lines


def _problem(p: Problem) -> str:
    where = p.file if not p.field else f"{p.file}, {p.field}"
    return f"{where}: {p.message}" if where else str(p.message)


def shopee_shop_id(store) -> str:
    """The shop id in store.yml's Shopee link: ``/shop/123456``, ``?shopid=123456``, ``/product/123456/...``
    or a product address ending ``-i.123456.789``."""
    for button in getattr(store, "marketplaces", ()):
        if button.key == "shopee":
            m = re.search(r"(?:/shop/|[?&]shopid=|/product/|-i\.)(\d+)", button.url)
            if m:
                return m.group(1)
    return ""

