"""The only code that writes the output folder: into a temporary folder, then swapped into place."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable

from generator.errors import LapakError
from generator.messages import define, msg

MARKER = ".lapak-build.json"

define({
    "output.is_store": (
        "Folder hasil '{output}' adalah folder toko itu sendiri: membangun toko di sana akan mengganti "
        "produk-produk Anda. Pilih folder lain, misalnya --output output",
        "The output folder '{output}' is the store folder itself: building there would replace your products. "
        "Choose another folder, such as --output output"),
    "output.holds_store": (
        "Folder hasil '{output}' berisi folder toko '{store}': membangun toko di sana akan menghapus "
        "produk-produk Anda. Pilih folder di luarnya, misalnya --output output",
        "The output folder '{output}' contains the store folder '{store}': building there would delete your "
        "products. Choose a folder outside it, such as --output output"),
    "output.inside_store": (
        "Folder hasil '{output}' berada di dalam folder {inner}/ toko. Pilih folder di luarnya, misalnya "
        "--output output",
        "The output folder '{output}' is inside the store's {inner}/ folder. "
        "Choose a folder outside it, such as --output output"),
    "output.is_file": ("'{output}' adalah file, bukan folder. Pilih folder hasil yang lain.",
                       "'{output}' is a file, not a folder. Choose another output folder."),
    "output.not_ours": (
        "Folder '{output}' sudah berisi file yang bukan buatan Lapak. Lapak mengganti seluruh isi folder hasil "
        "setiap kali membangun toko, jadi folder ini tidak disentuh. Pilih folder yang kosong atau baru, atau "
        "tambahkan --force untuk tetap menggantinya.",
        "The folder '{output}' already has files that Lapak did not make. Lapak replaces the whole output folder "
        "on every build, so it will not touch it. Choose an empty or new folder, or add --force to replace it "
        "anyway."),
})


def check_output(output: Path, store_root: Path, force: bool) -> None:
    """Refuse an output folder that would destroy the seller's content or someone else's files."""
    out = output.resolve()
    root = store_root.resolve()
    if out == root:
        raise LapakError(msg("output.is_store", output=str(output)))
    if root.is_relative_to(out):
        raise LapakError(msg("output.holds_store", output=str(output), store=str(store_root)))
    for inner in ("products", "templates"):
        if out.is_relative_to(root / inner):
            raise LapakError(msg("output.inside_store", output=str(output), inner=inner))
    if out.exists() and not out.is_dir():
        raise LapakError(msg("output.is_file", output=str(output)))
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()) and not force:
        raise LapakError(msg("output.not_ours", output=str(output)))


def read_marker(output: Path) -> dict:
    """What the last build wrote about itself, or {} when there is none."""
    try:
        return json.loads((output / MARKER).read_text())
    except (OSError, ValueError):
        return {}


class PathClash(ValueError):
    """Two files of a site want the same path."""

    def __init__(self, rel: str):
        super().__init__(f"two pages want the same file {rel!r}")
        self.rel = rel


class Deferred:
    """A file of the site made when it is first asked for (the preview's pages that are seldom opened).

    Two are equal when their keys are: the same inputs make the same bytes.
    """

    def __init__(self, key: str, make: Callable[[], bytes]):
        self.key = key
        self._make: Callable[[], bytes] | None = make
        self._data: bytes | None = None

    def __bytes__(self) -> bytes:
        if self._data is None:
            self._data = self._make()
            self._make = None
        return self._data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and other.key == self.key

    __hash__ = None  # type: ignore[assignment]


class SiteFiles:
    """A whole site as a value: each output path with its bytes, or the cached file that holds them.

    Each path is claimed once; a path leading outside the site is refused.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

    def claim(self, rel: str) -> None:
        """Reserve ``rel`` for one file; a second claim, or a path leading outside, is refused."""
        parts = rel.split("/")
        if not rel or rel.startswith("/") or "\\" in rel or ":" in parts[0] or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        if rel in self.files:
            raise PathClash(rel)
        self.files[rel] = b""

    def write(self, rel: str, data: str | bytes) -> None:
        """Add one file of the site (text as UTF-8)."""
        self.claim(rel)
        self.files[rel] = data.encode("utf-8") if isinstance(data, str) else data

    def copy(self, rel: str, source: Path) -> None:
        """Add a file kept elsewhere (a processed photo, a card, a page in the cache) at ``rel``."""
        self.claim(rel)
        self.files[rel] = source


def file_size(item: bytes | Path | Deferred) -> int | None:
    """The size of one file of a site (None for a cached file not made yet, as in ``lapak check``)."""
    if not isinstance(item, Path):
        return len(bytes(item))
    try:
        return item.stat().st_size
    except OSError:
        return None


class OutputWriter:
    """Write a finished site into a temporary folder beside the output, then swap it in at once.

    The folder the swap replaces is kept as ``spare`` (in the cache) when it is on the same disk,
    and the next build starts from it: its folders are reused and a file already holding the
    right bytes (the same cached file) is left alone. Making a folder is the slowest thing a build
    does on some disks; a site of 1,000 products has 1,000 of them.
    """

    def __init__(self, output: Path, spare: Path | None = None):
        self.output = output.resolve()
        self.tmp = self.output.parent / f".{self.output.name}.lapak-tmp-{os.getpid()}"
        self.spare = spare

    def publish(self, files: dict[str, bytes | Path | Deferred], marker: dict) -> None:
        """Write every file, then replace the output folder with it; the old output stays until then."""
        _recover(self.output)
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        if self.spare is not None and self.spare.is_dir():
            try:
                os.replace(self.spare, self.tmp)
            except OSError:
                shutil.rmtree(self.spare, ignore_errors=True)
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            _sync(self.tmp, files)
            self._commit(marker)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def _commit(self, marker: dict) -> None:
        (self.tmp / MARKER).write_text(json.dumps(marker, sort_keys=True))
        old = self.output.parent / f".{self.output.name}.lapak-old-{os.getpid()}"
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.tmp, self.output)
        if old.exists():
            _keep_or_remove(old, self.spare)


def _keep_or_remove(old: Path, spare: Path | None) -> None:
    """The replaced output becomes the next build's starting point, or is deleted."""
    if spare is not None:
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            if spare.exists():
                shutil.rmtree(spare)
            os.replace(old, spare)
            return
        except OSError:  # another disk: a folder cannot move there
            pass
    shutil.rmtree(old, ignore_errors=True)


def _sync(folder: Path, files: dict[str, bytes | Path | Deferred]) -> None:
    """Make ``folder`` hold exactly ``files``: reuse its folders, keep a file linked to the right
    cached file, replace every other file (never writing into one: it may be linked to the cache)."""
    old_files, old_dirs = _tree(folder)
    dirs = {""} | old_dirs
    for rel in sorted(files):
        parent = rel.rpartition("/")[0]
        target = folder.joinpath(*rel.split("/"))
        if parent not in dirs:
            _make_dirs(folder, parent, dirs, old_files)
        item = files[rel]
        if rel in old_files:
            old_files.discard(rel)
            if isinstance(item, Path) and _same_file(target, item):
                continue
            os.unlink(target)
        elif rel in old_dirs:
            shutil.rmtree(target)
        if isinstance(item, Path):
            _link_or_copy(item, target)
        else:
            target.write_bytes(bytes(item))
    for rel in old_files:
        os.unlink(folder.joinpath(*rel.split("/")))
    needed = {""}
    for rel in files:
        parts = rel.split("/")[:-1]
        needed.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    for rel in sorted(old_dirs - needed, key=lambda d: -d.count("/")):
        path = folder.joinpath(*rel.split("/"))
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _tree(folder: Path) -> tuple[set[str], set[str]]:
    """Every file and every folder below ``folder``, as relative paths with '/'."""
    found_files, found_dirs = set(), set()
    for top, dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found_dirs.update(prefix + d for d in dirnames)
        found_files.update(prefix + f for f in filenames)
    found_files.discard(MARKER)
    return found_files, found_dirs


def _make_dirs(folder: Path, rel: str, dirs: set[str], old_files: set[str]) -> None:
    parts = rel.split("/")
    for i in range(1, len(parts) + 1):
        sub = "/".join(parts[:i])
        if sub in dirs:
            continue
        path = folder.joinpath(*parts[:i])
        if sub in old_files:  # a file where a folder is now needed
            os.unlink(path)
            old_files.discard(sub)
        path.mkdir(exist_ok=True)
        dirs.add(sub)


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev)


def _link_or_copy(source: Path, target: Path) -> None:
    """A cached file into the site: a hard link when the disk allows it, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _recover(output: Path) -> None:
    """If a build was killed between the two renames of a swap, put the old output back; an old
    output left over after a finished swap is removed."""
    for old in sorted(output.parent.glob(f".{output.name}.lapak-old-*")):
        if not output.exists():
            os.replace(old, output)
        else:
            shutil.rmtree(old, ignore_errors=True)
