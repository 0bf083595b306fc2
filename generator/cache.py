"""The build cache (``.lapak-cache/`` beside store.yml): JSON files keyed by what their content was made from.

Nothing in the cache can run code: every file is JSON (or a processed photo), read with
``json.loads`` only, and a missing, damaged or foreign file is treated as absent. Every key
includes :func:`versions_digest`, so a new Lapak or a new version of a library whose output is
cached (Markdown, nh3, Pillow...) never reuses what an older one made.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_DIR = ".lapak-cache"
# The libraries whose output ends up in cached files or pages.
LIBRARIES = ("jinja2", "markdown", "nh3", "pillow", "pillow-heif", "babel", "phonenumbers", "segno", "pyyaml",
             "markupsafe")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Every installed distribution's version by canonical name, read off the metadata folders' names
    (``Pillow-11.0.0.dist-info``, Debian's ``PyYAML-6.0.egg-info``) in one listing of each folder on the
    import path; the first one on the path wins, as for ``importlib.metadata``. Much cheaper than asking
    importlib.metadata for each name, which reads every folder again."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            stem, dot, kind = folder.rpartition(".")
            if kind not in ("dist-info", "egg-info") or "-" not in stem:
                continue
            name, _, version = stem.partition("-")
            found.setdefault(_canonical(name), version.split("-py", 1)[0])
    return found


def library_version(name: str) -> str:
    """The installed version of ``name``, or "-" when it is not installed."""
    version = _installed().get(_canonical(name))
    if version:
        return version
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def versions_digest() -> str:
    """A hash of Lapak's code and version and of the libraries' versions: part of every cache key."""
    from generator import __version__, code_digest

    text = "\0".join([__version__, code_digest()] + [f"{n}={library_version(n)}" for n in LIBRARIES])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def media_versions() -> str:
    """Lapak's version and the image and QR libraries': what photos, cards and codes are made with."""
    from generator import __version__

    return ",".join([__version__] + [f"{n}={library_version(n)}" for n in ("pillow", "pillow-heif", "segno")])


def key(*parts: object) -> str:
    """A cache key: a hash of ``parts`` (text, numbers, or JSON-able values) and the versions."""
    h = hashlib.sha256(versions_digest().encode())
    for part in parts:
        h.update(b"\0")
        if isinstance(part, bytes):
            h.update(part)
        elif isinstance(part, str):  # the common case, without JSON's cost
            h.update(b"s" + part.encode("utf-8", "surrogatepass"))
        else:
            h.update(json.dumps(part, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:24]


def read_json(path: Path) -> dict | None:
    """A JSON object from the cache, or None when it is missing, damaged or not an object."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict) -> None:
    """Write a cache file whole (through a temporary name); a cache that cannot be written is skipped."""
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        try:
            tmp.write_text(text, encoding="utf-8")
        except FileNotFoundError:  # the folder first, only when it is missing (a build writes a thousand of these)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.info("could not write the cache file %s: %s", path, exc)


def prune(folder: Path, used: set[str], suffix: str) -> None:
    """Keep the files (ending in ``suffix``) the last build used and, of the others, the newest: up
    to twice as many (what an undo needs again). Deleting is slow on some disks, so it happens only
    once the unused files outnumber that, and then down to half of it."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(suffix) and e.name not in used]
    except OSError:
        return
    keep = 2 * max(len(used), 64)
    if len(entries) <= keep:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    for entry in entries[keep // 2:]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass
