"""The only code that writes the output folder: into a temporary folder, then swapped into place."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

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


class SiteFiles:
    """A whole site as a value: each output path with its bytes, or the cached file that holds them.

    Each path is claimed once; a path leading outside the site is refused.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

    def claim(self, rel: str) -> None:
        """Reserve ``rel`` for one file; a second claim, or a path leading outside, is refused."""
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in rel:
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        if rel in self.files:
            raise ValueError(f"two pages want the same file {rel!r}")
        self.files[rel] = b""

    def write(self, rel: str, data: str | bytes) -> None:
        """Add one file of the site (text as UTF-8)."""
        self.claim(rel)
        self.files[rel] = data.encode("utf-8") if isinstance(data, str) else data

    def copy(self, rel: str, source: Path) -> None:
        """Add a file kept elsewhere (a processed photo, a card, a page in the cache) at ``rel``."""
        self.claim(rel)
        self.files[rel] = source


def file_size(item: bytes | Path) -> int | None:
    """The size of one file of a site (None for a cached file not made yet, as in ``lapak check``)."""
    if isinstance(item, bytes):
        return len(item)
    try:
        return item.stat().st_size
    except OSError:
        return None


class OutputWriter:
    """Write a finished site into a temporary folder beside the output, then swap it in at once."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self.tmp = self.output.parent / f".{self.output.name}.lapak-tmp-{os.getpid()}"

    def publish(self, files: dict[str, bytes | Path], marker: dict) -> None:
        """Write every file, then replace the output folder with it; the old output stays until then."""
        _recover(self.output)
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)
        try:
            made: set[Path] = {self.tmp}
            for rel in sorted(files):
                target = self.tmp.joinpath(*PurePosixPath(rel).parts)
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                item = files[rel]
                if isinstance(item, bytes):
                    target.write_bytes(item)
                else:
                    _link_or_copy(item, target)
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
            shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """A cached file into the site: a hard link when the disk allows it, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _recover(output: Path) -> None:
    """If a build was killed between the two renames of a swap, put the old output back."""
    if output.exists():
        return
    for old in sorted(output.parent.glob(f".{output.name}.lapak-old-*")):
        os.replace(old, output)
        return
