"""The only code that writes the output folder: into a temporary folder, then swapped into place."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.errors import LapakError

MARKER = ".lapak-build.json"


def check_output(output: Path, store_root: Path, force: bool) -> None:
    """Refuse an output folder that would destroy the seller's content or someone else's files."""
    out = output.resolve()
    root = store_root.resolve()
    if out == root:
        raise LapakError(f"The output folder '{output}' is the store folder itself: building there would "
                         "replace your products. Choose another folder, such as --output output")
    if root.is_relative_to(out):
        raise LapakError(f"The output folder '{output}' contains the store folder '{store_root}': building "
                         "there would delete your products. Choose a folder outside it, such as --output output")
    for inner in ("products", "templates"):
        if out.is_relative_to(root / inner):
            raise LapakError(f"The output folder '{output}' is inside the store's {inner}/ folder. "
                             "Choose a folder outside it, such as --output output")
    if out.exists() and not out.is_dir():
        raise LapakError(f"'{output}' is a file, not a folder. Choose another output folder.")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()) and not force:
        raise LapakError(f"The folder '{output}' already has files that Lapak did not make. Lapak replaces "
                         "the whole output folder on every build, so it will not touch it. Choose an empty or "
                         "new folder, or add --force to replace it anyway.")


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
                if not isinstance(item, Path):
                    target.write_bytes(bytes(item))
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
