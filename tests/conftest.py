"""Small tools for tests: write a tiny store into a temporary folder, build it, read the result."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
# The built-in themes: the browser quality floors run over each (a store picks one with `theme:`).
THEMES = sorted(p.name for p in (REPO / "themes").iterdir() if (p / "theme.yml").is_file())


def set_theme(root: Path, theme: str) -> None:
    """Make the store in ``root`` use ``theme``: its store.yml's ``theme:`` line replaced (or added)."""
    config = root / "store.yml"
    lines = [ln for ln in config.read_text(encoding="utf-8").splitlines() if not ln.startswith("theme:")]
    config.write_text("\n".join(lines + [f"theme: {theme}", ""]), encoding="utf-8")

BASE_STORE = """\
name: Toko Tes
tagline: Oleh-oleh khas
whatsapp: "0812-3456-7890"
base_url: https://contoh.github.io/toko/
marketplaces:
  shopee: https://shopee.co.id/tokotes
links:
  - label: TikTok
    url: https://www.tiktok.com/@tokotes
"""

KOPI = """\
---
title: Kopi Gayo
price: 85000
category: Minuman
---
Kopi arabika dari Aceh.
"""


class Store:
    """A store folder in ``tmp_path`` that a test fills with files and builds."""

    def __init__(self, root: Path):
        self.root = root
        self.output = root.parent / "output"

    def write(self, rel: str, text: str) -> Path:
        """Write a text file into the store (dedented)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def product(self, name: str, front: str, body: str = "Deskripsi.") -> Path:
        """Write ``products/<name>.md`` (or ``<name>/index.md`` when name ends with '/')."""
        rel = f"products/{name}index.md" if name.endswith("/") else f"products/{name}.md"
        return self.write(rel, "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n" + body + "\n")

    def build(self, *args: str):
        """Run ``lapak build`` on this store; returns click's result (exit_code, output)."""
        runner = CliRunner()
        return runner.invoke(main, ["build", str(self.root), "--output", str(self.output), *args])

    def speak(self, lang: str) -> None:
        """Give store.yml a last line ``language: <lang>``: its messages are then shown in that language."""
        path = self.root / "store.yml"
        self.write("store.yml", path.read_text(encoding="utf-8") + f"language: {lang}\n")

    def page(self, rel: str = "index.html") -> str:
        """A built file's text."""
        return (self.output / rel).read_text(encoding="utf-8")


def where(lang: str, line: int | None = None, field: str | None = None) -> str:
    """How a message names a place: ``line 4, field 'price'``, or ``baris 4, isian 'price'`` in Bahasa Indonesia."""
    words = {"en": ("line", "field"), "id": ("baris", "isian")}[lang]
    parts = ([f"{words[0]} {line}"] if line else []) + ([f"{words[1]} '{field}'"] if field else [])
    return ", ".join(parts)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A minimal valid store with one product."""
    s = Store(tmp_path / "store")
    s.write("store.yml", BASE_STORE)
    s.write("products/kopi-gayo.md", KOPI)
    return s


def make_photo(path: Path, size=(800, 600), colour=(200, 80, 40), **save) -> Path:
    """Write a small test photo (any format Pillow writes, from the file ending)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "RGBA" if path.suffix.lower() == ".png" and save.pop("alpha", False) else "RGB"
    Image.new(mode, size, colour + ((128,) if mode == "RGBA" else ())).save(path, **save)
    return path


@pytest.fixture(autouse=True)
def no_store_language():
    """Each test starts with no store's language chosen (a build sets it, for the whole process)."""
    from generator.messages import set_language

    set_language(None)
    yield
    set_language(None)


# --------------------------------------------------------------------------- start method and site trees


@pytest.fixture(scope="session", autouse=True)
def spawn_workers():
    """Run every test with worker processes started by ``spawn``, as on Windows and macOS.

    Nothing may rely on ``fork``: the pipeline picks its start method through one helper that
    honours ``LAPAK_START_METHOD``, and the default context is ``spawn`` too, for code that uses it.
    """
    import multiprocessing
    import os

    before_method = multiprocessing.get_start_method(allow_none=True)
    before_env = os.environ.get("LAPAK_START_METHOD")
    multiprocessing.set_start_method("spawn", force=True)
    os.environ["LAPAK_START_METHOD"] = "spawn"
    yield
    multiprocessing.set_start_method(before_method, force=True)
    if before_env is None:
        os.environ.pop("LAPAK_START_METHOD", None)
    else:
        os.environ["LAPAK_START_METHOD"] = before_env


BUILD_MARKER = ".lapak-build.json"  # what a build writes about itself; differs between two store folders
CACHE_NAME = ".lapak-cache"


def site_tree(folder: Path, skip: tuple[str, ...] = (BUILD_MARKER,)) -> dict[str, bytes]:
    """Every file of a built site by its path inside ``folder`` (with '/'), with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).as_posix() not in skip}


def copy_store(root: Path, dest: Path) -> Path:
    """A copy of a store folder without its cache, as a seller's fresh checkout would be."""
    import shutil

    shutil.copytree(root, dest, symlinks=True, ignore=shutil.ignore_patterns(CACHE_NAME))
    return dest


def tree_difference(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    """A short description of how two site trees differ, for an assertion message ('' when equal)."""
    lines = [f"only in the first: {p}" for p in sorted(set(got) - set(want))]
    lines += [f"only in the second: {p}" for p in sorted(set(want) - set(got))]
    lines += [f"different bytes: {p}" for p in sorted(set(got) & set(want)) if got[p] != want[p]]
    return "\n".join(lines[:40]) + (f"\n... and {len(lines) - 40} more" if len(lines) > 40 else "")


def english(store: "Store", monkeypatch) -> None:
    """Make ``store`` speak English for the rest of the test, however its store.yml is written again
    (for tests of English texts; the language rules themselves are tested in test_messages.py)."""
    monkeypatch.setenv("LAPAK_LANG", "en")
    real = Store.write

    def write(self, rel: str, text: str):
        if rel == "store.yml" and "\nlanguage:" not in "\n" + text:
            text = text.rstrip("\n") + "\nlanguage: en\n"
        return real(self, rel, text)

    monkeypatch.setattr(Store, "write", write)
    if (store.root / "store.yml").is_file():
        store.write("store.yml", (store.root / "store.yml").read_text(encoding="utf-8"))
