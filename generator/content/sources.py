"""What a build reads, recorded as it reads it; the product files of a store; the one path check.

:class:`Inputs` is the only way the pipeline reads the seller's files. It records each file with
the size, time and hash it had *when it was read* and each folder listing it looked at, so the
next build can tell exactly whether anything it depends on changed, even when an edit was saved
in the middle of a build.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from generator.content.text import slugify
from generator.errors import Collector
from generator.messages import define, msg

PRODUCTS_DIR = "products"
PAGES_DIR = "pages"  # the store's own pages (about us, returns ...), one Markdown file each
DATES = "@dates"  # how Inputs records the days on which the site changes by itself
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif"}
SETTLE_NS = 2_000_000_000  # a file changed this recently may change again with the same size and time

define({
    "sources.no_products": (
        "belum ada folder products/: toko ini belum punya produk. Tambahkan satu file per produk, "
        "misalnya products/kopi-gayo.md",
        "there is no products/ folder yet: the store has no products. Add one file per product, "
        "such as products/kopi-gayo.md"),
    "sources.no_index": (
        "folder produk ini tidak punya index.md{tip}: folder produk berisi index.md (keterangan produk) dan fotonya",
        "this product folder has no index.md{tip}: a product folder holds index.md with the product's details, "
        "and its photos"),
    "sources.rename_tip": (" (ganti nama '{name}' menjadi index.md)", " (rename '{name}' to index.md)"),
    "sources.near_miss": (
        "nama file ini '{name}', padahal Lapak mencari '{wanted}'. Windows sering menyembunyikan akhiran "
        "nama file: ganti namanya menjadi {wanted}",
        "this file is called '{name}', but Lapak looks for '{wanted}'. Windows often hides the end of file "
        "names: rename it to {wanted}"),
    "sources.other_md": (
        "hanya index.md yang dibaca di folder produk; file ini diabaikan. Satu produk, satu folder",
        "only index.md is read in a product folder; this file is ignored. One product per folder"),
    "sources.not_photo": (
        "file ini bukan foto (JPEG, PNG, WebP, AVIF, HEIC atau GIF) maupun index.md, jadi diabaikan",
        "this file is neither a photo (JPEG, PNG, WebP, AVIF, HEIC or GIF) nor index.md, so it is ignored"),
    "sources.ignored_file": (
        "file ini ada di folder products/ tetapi bukan file produk (.md), jadi diabaikan",
        "this file is in the products/ folder but is not a product file (.md), so it is ignored"),
    "sources.outside": (
        "'{name}' berada di luar folder toko{via}; taruh file itu di dalam folder toko",
        "'{name}' is outside the store folder{via}; put the file inside the store folder"),
    "sources.via_link": (" (lewat pintasan/symlink)", " (through a shortcut/symlink)"),
    "sources.unreadable": ("file ini tidak bisa dibaca ({reason})", "this file cannot be read ({reason})"),
    "sources.page_other": (
        "folder pages/ hanya berisi halaman toko (file .md) dan fotonya; file ini diabaikan",
        "the pages/ folder holds the store's pages (.md files) and their photos; this file is ignored"),
})


def today() -> str:
    """The day a build runs on (ISO): the one clock the pipeline reads, for sales and vouchers.

    ``LAPAK_TODAY=2026-12-01`` sets it, to see a sale before it starts (and for tests).
    """
    value = os.environ.get("LAPAK_TODAY", "").strip()
    if value:
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    return datetime.date.today().isoformat()


# --------------------------------------------------------------------------- what a build read


def stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """What stands for a file's bytes while it is unchanged: its size, modification and change times, and
    file number. Size and modification time alone are not enough: renaming keeps both (two photos swapped
    by name would each pass for the other), and copying with the times kept (``cp -p``, a backup put
    back) gives new bytes an old modification time; the number and the change time tell them apart."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _settled(found: tuple[int, int, int, int]) -> bool:
    """Whether a file had not changed for a while when it was read: one changed within the clock's
    step (2 s on some disks) could change again and keep its times."""
    return max(found[1], found[2]) < time.time_ns() - SETTLE_NS


class Inputs:
    """Every file and folder listing one build read, with what it found: the key of the whole build.

    ``memo`` maps a file's path to (sha256, :func:`stamp`) from earlier reads; a file whose stamp is
    unchanged, and that had settled when it was read, is trusted without reading it.
    """

    def __init__(self, root: Path, memo: dict | None = None):
        self.root = root
        self._prefix = str(root) + os.sep
        self.files: dict[str, list] = {}  # name -> [sha256, settled, *stamp]
        self.listings: dict[str, list[str]] = {}  # folder name -> sorted entry names
        self.memo = memo if memo is not None else {}

    def name(self, path: Path) -> str:
        """How a file is recorded: relative to the store with '/', or its absolute path outside it."""
        text = str(path)
        if text.startswith(self._prefix):
            return text[len(self._prefix):].replace(os.sep, "/")
        return text

    def path(self, name: str) -> Path:
        """The file a recorded name stands for."""
        return Path(self.where(name))

    def where(self, name: str) -> str:
        """The file a recorded name stands for, as text: cheaper than a Path when checking thousands."""
        return name if os.path.isabs(name) else self._prefix + name.replace("/", os.sep)

    def record(self, path: Path, sha: str, st: os.stat_result) -> None:
        """Note that ``path`` was read with this hash, and the file as ``st`` (taken as it was read)."""
        found = stamp(st)
        settled = _settled(found)
        self.files[self.name(path)] = [sha, settled, *found]
        if settled:
            self.memo[str(path)] = (sha, found)
        else:
            self.memo.pop(str(path), None)

    def read(self, path: Path) -> bytes:
        """The bytes of ``path``, recorded with the size and time the file had as it was read."""
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
        self.record(path, hashlib.sha256(data).hexdigest(), st)
        return data

    def known(self, path: Path) -> str | None:
        """The hash of ``path`` if an earlier read saw it with its current stamp (nothing is read)."""
        seen = self.memo.get(str(path))
        if seen is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        if stamp(st) != seen[1]:
            return None
        self.record(path, seen[0], st)
        return seen[0]

    def digest(self, path: Path) -> str:
        """The hash of ``path``'s bytes: from the memo when it is unchanged, else read."""
        return self.known(path) or hashlib.sha256(self.read(path)).hexdigest()

    def listdir(self, folder: Path) -> list[str]:
        """The names in ``folder``, sorted, recorded so that an added or removed file is seen."""
        return [e.name for e in self.scandir(folder)]

    def scandir(self, folder: Path) -> list[os.DirEntry]:
        """The entries of ``folder`` (which know whether they are folders), sorted by name, recorded."""
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
        self.listings[self.name(folder)] = [e.name for e in entries]
        return entries

    def exists(self, path: Path) -> bool:
        """Whether ``path`` exists, recorded so that creating or removing it later is seen."""
        found = os.path.exists(path)
        self.listings["?" + self.name(path)] = [str(found)]
        return found

    def walk(self, folder: Path) -> list[Path]:
        """Every file below ``folder`` (not hidden), in a fixed order, each listing recorded."""
        found = []
        for name in self.listdir(folder):
            if name.startswith("."):
                continue
            path = folder / name
            if path.is_dir():
                found += self.walk(path)
            elif path.is_file():
                found.append(path)
        return found

    def dates(self, days: list[str], day: str) -> None:
        """Record the days on which the site changes by itself (a sale starts or ends) and how many of
        them had come on ``day``: a build is out of date once another one comes."""
        if days:
            self.listings[DATES] = sorted(days) + [str(sum(d <= day for d in days))]

    def to_json(self) -> dict:
        return {"files": self.files, "listings": self.listings}


def unchanged(root: Path, recorded: dict) -> bool:
    """Whether every file and listing a build recorded is still the same (files are hashed only when
    their size or time changed, or changed too recently before they were read to be trusted)."""
    inputs = Inputs(root)
    try:
        for folder, names in recorded["listings"].items():
            if folder == DATES:
                if int(names[-1]) != sum(d <= today() for d in names[:-1]):
                    return False
            elif folder.startswith("?"):
                if [str(os.path.exists(inputs.where(folder[1:])))] != names:
                    return False
            elif sorted(os.listdir(inputs.where(folder))) != names:
                return False
        for name, (sha, settled, *found) in recorded["files"].items():
            path = inputs.where(name)
            if settled and stamp(os.stat(path)) == tuple(found):
                continue
            with open(path, "rb") as fh:
                if hashlib.sha256(fh.read()).hexdigest() != sha:
                    return False
    except (OSError, KeyError, TypeError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------- the one path check


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link followed, is inside the store folder ``root``."""
    try:
        return Path(path).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def check_inside(root: Path, path: Path, out: Collector, file: str, field: str | None = None,
                 line: int | None = None, shown: str | None = None) -> bool:
    """The one check for every file a store names or holds (logo, photos, theme): inside the store
    folder, links followed. Records a problem naming ``file`` (and field, line) when it is not."""
    if inside(root, path):
        return True
    via = msg("sources.via_link") if Path(path).is_symlink() else ""
    out.error(file, msg("sources.outside", name=shown or Path(path).name, via=via), field, line)
    return False


# --------------------------------------------------------------------------- product files


@dataclass(frozen=True)
class SourceFile:
    """One product file found on disk, with what its cache key depends on."""

    rel: str  # relative to the store folder, with forward slashes
    path: Path
    default_slug: str
    folder_images: tuple[str, ...]  # image names in a product folder, in name order
    sha: str | None = None  # hash of the file's bytes, when known without reading it

    @property
    def folder(self) -> str:
        """The folder the product's relative names start from, relative to the store ('products/kopi')."""
        return self.rel.rsplit("/", 1)[0]


def _natural_key(name: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _hidden(name: str) -> bool:
    return name.startswith((".", "_", "~")) or name.endswith("~")


def _near_index(name: str) -> bool:
    """``index.md.txt``, ``Index.MD``, ``index.markdown``: what a seller meant as index.md."""
    low = name.lower()
    return low != "index.md" and (low.startswith("index.md.") or low in ("index.md", "index.markdown", "index.txt"))


def find_sources(inputs: Inputs, out: Collector) -> list[SourceFile]:
    """Every product file under ``products/``, sorted; odd files are reported, not silently skipped."""
    base = inputs.root / PRODUCTS_DIR
    if not base.is_dir():
        out.warn(PRODUCTS_DIR, msg("sources.no_products"))
        return []
    if not check_inside(inputs.root, base, out, PRODUCTS_DIR):
        return []
    sources = []
    for entry in inputs.scandir(base):
        name = entry.name
        if _hidden(name):
            continue
        rel = f"{PRODUCTS_DIR}/{name}"
        if entry.is_symlink() and not check_inside(inputs.root, Path(entry.path), out, rel):
            continue
        if entry.is_dir():
            source = _remembered_folder(inputs, entry, rel) or _folder_source(inputs, entry, rel, out)
            if source is not None:
                sources.append(source)
        elif name.lower().endswith(".md"):
            path = Path(entry.path)
            sources.append(SourceFile(rel, path, slugify(name[:-3]), (), inputs.known(path)))
        elif name.lower().endswith(".md.txt"):
            out.error(rel, msg("sources.near_miss", name=name, wanted=name[:-4]))
        else:
            out.warn(rel, msg("sources.ignored_file"))
    return sources


def _remembered_folder(inputs: Inputs, entry: os.DirEntry, rel: str) -> SourceFile | None:
    """A product folder as an earlier listing found it, when its stamp says it still holds the same names
    (adding, removing or renaming a file changes a folder's times): the preview lists only the folders a
    save touched, not all 1,000. None when there is no such listing (see :func:`_folder_source`)."""
    seen = inputs.memo.get(_listing_key(entry))
    if seen is None:
        return None
    try:
        st = os.stat(entry.path)  # not entry.stat(): on Windows its file number is always 0
    except OSError:
        return None
    if stamp(st) != seen[0]:
        return None
    names, images = seen[1:]
    inputs.listings[rel] = names
    index = Path(entry.path + os.sep + "index.md")
    return SourceFile(rel + "/index.md", index, slugify(entry.name), images, inputs.known(index))


def _listing_key(entry: os.DirEntry) -> str:
    """Where a product folder's listing is remembered in ``Inputs.memo`` (beside the files' paths)."""
    return "dir:" + entry.path


def _folder_source(inputs: Inputs, entry: os.DirEntry, rel: str, out: Collector) -> SourceFile | None:
    folder = Path(entry.path)
    try:
        found = stamp(os.stat(folder))  # before listing it: a file added meanwhile changes its times
    except OSError:
        found = None
    reported = len(out.problems) + len(out.warnings)
    entries = inputs.scandir(folder)
    names = [e.name for e in entries]
    if "index.md" not in names:
        near = [n for n in names if _near_index(n)]
        if near:
            out.error(f"{rel}/{near[0]}", msg("sources.near_miss", name=near[0], wanted="index.md"))
            return None
        others = [n for n in names if n.lower().endswith(".md")]
        tip = msg("sources.rename_tip", name=others[0]) if others else ""
        out.error(rel, msg("sources.no_index", tip=tip))
        return None
    images = []
    for item in entries:
        n = item.name
        if _hidden(n) or n == "index.md":
            continue
        if os.path.splitext(n)[1].lower() in IMAGE_EXTENSIONS:
            if not item.is_symlink() or check_inside(inputs.root, Path(item.path), out, f"{rel}/{n}"):
                images.append(n)
        elif item.is_dir():
            continue
        elif n.lower().endswith(".md"):
            out.warn(f"{rel}/{n}", msg("sources.other_md"))
        else:
            out.warn(f"{rel}/{n}", msg("sources.not_photo"))
    index = folder / "index.md"
    images = tuple(sorted(images, key=_natural_key))
    # Remembered for _remembered_folder: a folder with nothing to report and no links, settled when listed.
    plain = len(out.problems) + len(out.warnings) == reported and not any(e.is_symlink() for e in entries)
    if found is not None and plain and _settled(found):
        inputs.memo[_listing_key(entry)] = (found, names, images)
    return SourceFile(rel + "/index.md", index, slugify(entry.name), images, inputs.known(index))


# --------------------------------------------------------------------------- store pages


def find_pages(inputs: Inputs, out: Collector) -> list[tuple[str, Path]]:
    """The store's pages: (name relative to the store, path) of every ``pages/*.md``, sorted. Photos
    may sit beside them; other files are reported. An added or removed page is seen by the next build."""
    base = inputs.root / PAGES_DIR
    if not inputs.exists(base) or not base.is_dir():
        return []
    if not check_inside(inputs.root, base, out, PAGES_DIR):
        return []
    found = []
    for entry in inputs.scandir(base):
        name = entry.name
        rel = f"{PAGES_DIR}/{name}"
        if _hidden(name) or entry.is_dir():
            continue
        if entry.is_symlink() and not check_inside(inputs.root, Path(entry.path), out, rel):
            continue
        if name.lower().endswith(".md"):
            found.append((rel, Path(entry.path)))
        elif name.lower().endswith(".md.txt"):
            out.error(rel, msg("sources.near_miss", name=name, wanted=name[:-4]))
        elif os.path.splitext(name)[1].lower() not in IMAGE_EXTENSIONS:
            out.warn(rel, msg("sources.page_other"))
    return found
