"""Find the product files of a store and hash them: the cheap first step of every build."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Collector
from generator.content.text import slugify

PRODUCTS_DIR = "products"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif"}


@dataclass(frozen=True)
class SourceFile:
    """One product file found on disk, with what its cache key depends on."""

    rel: str  # relative to the store folder, with forward slashes
    path: Path
    default_slug: str
    folder_images: tuple[str, ...]  # image names in a product folder, in name order
    digest: str  # hash of the file's bytes and its folder's image names


def _natural_key(name: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _hidden(name: str) -> bool:
    return name.startswith((".", "_", "~")) or name.endswith("~")


def find_sources(root: Path, out: Collector, memo: dict | None = None) -> list[SourceFile]:
    """Every product file under ``products/``, sorted, each with its content hash.

    ``memo`` (the preview server's) remembers each file's hash with its size and modification
    time, so a file that was not touched is not read again.
    """
    base = os.path.join(root, PRODUCTS_DIR)
    if not os.path.isdir(base):
        out.warn(PRODUCTS_DIR, "there is no products/ folder yet: the store has no products. "
                 "Add one file per product, such as products/kopi-gayo.md")
        return []
    sources = []
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        name = entry.name
        if _hidden(name):
            continue
        rel = f"{PRODUCTS_DIR}/{name}"
        if entry.is_dir():
            names = os.listdir(entry.path)
            if "index.md" not in names:
                others = sorted(n for n in names if n.endswith(".md"))
                tip = f" (rename '{others[0]}' to index.md)" if others else ""
                out.error(rel, f"this product folder has no index.md{tip}: a product folder holds index.md "
                          "with the product's details, and its photos")
                continue
            images = tuple(sorted((n for n in names if os.path.splitext(n)[1].lower() in IMAGE_EXTENSIONS
                                   and not _hidden(n)), key=_natural_key))
            sources.append(_source(rel + "/index.md", os.path.join(entry.path, "index.md"), name, images, memo))
        elif name.lower().endswith(".md"):
            sources.append(_source(rel, entry.path, name[:-3], (), memo))
    return sources


def _content_hash(path: str, memo: dict | None) -> str:
    if memo is not None:
        st = os.stat(path)
        seen = memo.get(path)
        if seen is not None and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
            return seen[2]
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    if memo is not None:
        memo[path] = (st.st_size, st.st_mtime_ns, digest)
    return digest


def _source(rel: str, path: str, stem: str, images: tuple[str, ...], memo: dict | None) -> SourceFile:
    h = hashlib.sha256(_content_hash(path, memo).encode())
    h.update("\0".join(images).encode())
    return SourceFile(rel, Path(path), slugify(stem), images, h.hexdigest())
