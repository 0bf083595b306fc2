"""The only code that writes the output folder: into a temporary folder, then swapped into place."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

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


class SitePaths:
    """Paths of a site being made: each claimed once, none leading outside it."""

    parallel = False  # whether worker processes may write files themselves

    def __init__(self) -> None:
        self.written: set[str] = set()

    def claim(self, rel: str) -> None:
        """Reserve ``rel`` for one file; a second claim, or a path leading outside, is refused."""
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in rel:
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        if rel in self.written:
            raise ValueError(f"two pages want the same file {rel!r}")
        self.written.add(rel)


class MemoryWriter(SitePaths):
    """Collects a site in memory, for the preview server: nothing is written to disk."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes | Path] = {}

    def write(self, rel: str, data: str | bytes) -> None:
        """Keep one file of the site."""
        self.claim(rel)
        self.files[rel] = data.encode("utf-8") if isinstance(data, str) else data

    def copy(self, rel: str, source: Path) -> None:
        """Serve ``source`` (a processed photo in the cache) at ``rel``."""
        self.claim(rel)
        self.files[rel] = source

    def write_new(self, rel: str, data: str) -> None:
        """Keep a file whose path was claimed beforehand."""
        if rel not in self.written:
            raise ValueError(f"{rel!r} was not claimed")
        self.files[rel] = data.encode("utf-8")


class OutputWriter(SitePaths):
    """Collect a whole build in a temporary folder beside the output, then swap it in at once."""

    parallel = True

    def __init__(self, output: Path):
        super().__init__()
        self.output = output.resolve()
        self.tmp = self.output.parent / f".{self.output.name}.lapak-tmp-{os.getpid()}"
        _recover(self.output)
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)

    def _target(self, rel: str) -> Path:
        self.claim(rel)
        return self._path(rel)

    def _path(self, rel: str) -> Path:
        target = self.tmp.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_new(self, rel: str, data: str) -> None:
        """Write a file whose path was claimed beforehand (safe to call from worker processes)."""
        if rel not in self.written:
            raise ValueError(f"{rel!r} was not claimed")
        self._path(rel).write_bytes(data.encode("utf-8"))

    def write(self, rel: str, data: str | bytes) -> None:
        """Write one file of the site (text is written as UTF-8)."""
        target = self._target(rel)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, rel: str, source: Path) -> None:
        """Put a file from the cache or the theme into the site (a hard link when possible)."""
        target = self._target(rel)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def commit(self, marker: dict) -> None:
        """Swap the finished site into place; the old output is removed only after that."""
        (self.tmp / MARKER).write_text(json.dumps(marker, sort_keys=True))
        old = self.output.parent / f".{self.output.name}.lapak-old-{os.getpid()}"
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.tmp, self.output)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Throw the unfinished site away; the old output stays exactly as it was."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def _recover(output: Path) -> None:
    """If a build was killed between the two renames of a swap, put the old output back."""
    if output.exists():
        return
    for old in sorted(output.parent.glob(f".{output.name}.lapak-old-*")):
        os.replace(old, output)
        return
