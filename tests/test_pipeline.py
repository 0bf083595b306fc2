"""The pipeline's promises: `build`, `check` and `serve` agree, and stay right across a seller's edits.

A seller edits the same store every day: renames a product, swaps a photo, changes a template, and
builds again into the same folder with a warm cache. Whatever was edited, the published site must be
byte for byte what a fresh build of the same files would publish, `lapak check` must say what
`lapak build` says, and the preview must serve that same site.

Every test reaches Lapak through the helpers in the first section below, and only through them:
when modules move, retarget those helpers and nothing else.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from generator.content import sources

from conftest import CACHE_NAME, REPO, Store, copy_store, make_photo, site_tree, tree_difference

# =========================================================================== the one place to retarget
# Public ways in: the ``lapak`` command line (build, check) and the preview's Preview class (serve).
# Internal ways in, each used by one test and documented where it is defined: ``while_rendering``
# (an edit saved in the middle of a build) and ``UPGRADE_SCRIPT`` (a library reporting another version).


def lapak(*args: str) -> Result:
    """Run the ``lapak`` command line in this process; returns click's result (exit_code, output)."""
    from generator.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def build(root: Path, output: Path, *args: str) -> Result:
    """``lapak build ROOT --output OUTPUT [args]``."""
    return lapak("build", root, "--output", output, *args)


def check(root: Path, output: Path, *args: str) -> Result:
    """``lapak check ROOT --output OUTPUT [args]``."""
    return lapak("check", root, "--output", output, *args)


class PreviewSession:
    """One preview (``lapak serve`` without the web server), kept across edits as a seller's would be."""

    def __init__(self, root: Path):
        from generator.preview import Preview

        self.preview = Preview(root, report=lambda line: None)

    def rebuild(self) -> tuple[dict[str, bytes], str | None]:
        """Rebuild once; the site as served (path -> bytes) and the error shown instead, if any."""
        snapshot = self.preview.rebuild()
        files = {rel: data.read_bytes() if isinstance(data, Path) else bytes(data)
                 for rel, data in snapshot.files.items()}
        return files, snapshot.error


def serve_files(root: Path) -> dict[str, bytes]:
    """The site a new preview of ``root`` serves; fails the test when the preview shows an error."""
    files, error = PreviewSession(root).rebuild()
    assert error is None, error
    return files


def while_rendering(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` once in the next build, after it has read its inputs and before it has written the site.

    INTERNAL HOOK, the one place to retarget: the pipeline reads every input, makes the media, and
    then lays out the pages with ``generator.site.pages.add_pages``.
    """
    import generator.site.pages

    real = generator.site.pages.add_pages
    done: list[bool] = []

    def add_pages(*args, **kwargs):
        if not done:
            done.append(True)
            action()
        return real(*args, **kwargs)

    monkeypatch.setattr(generator.site.pages, "add_pages", add_pages)


def without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make this process look like Windows to ``multiprocessing``: no 'fork' nor 'forkserver', only 'spawn'.

    Asking for them raises ``ValueError: cannot find context for 'fork'``, as it does there, however
    the context is asked for (``multiprocessing.get_context``, a context's ``get_context``, a
    ``concurrent.futures`` pool).
    """
    import multiprocessing
    import multiprocessing.context

    for method in ("fork", "forkserver"):
        if method in multiprocessing.context._concrete_contexts:
            monkeypatch.delitem(multiprocessing.context._concrete_contexts, method)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing.context.DefaultContext, "get_all_start_methods", lambda self: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "spawn")


# Runs builds in a fresh interpreter in which one library reports another version and, for Markdown
# and nh3, also changes its output the way an upgrade would. A fresh interpreter, so that no version
# or product remembered by this test process can hide the upgrade. The version is faked where a
# program can read it: importlib.metadata.version(name), importlib.metadata.distribution(name).version
# and the module's __version__ (all patched before Lapak is imported).
# INTERNAL HOOK, the one place to retarget: if the pipeline learns versions some other way, fake that here.
UPGRADE_SCRIPT = r"""
import importlib, importlib.metadata, json, sys
lib, new_version, runs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
upgraded = lambda name: name.lower().replace("_", "-") == lib
real_version, real_distribution = importlib.metadata.version, importlib.metadata.distribution
class Upgraded:
    def __init__(self, dist):
        self._dist = dist
    def __getattr__(self, name):
        return getattr(self._dist, name)
    version = property(lambda self: new_version)
importlib.metadata.version = lambda name: new_version if upgraded(name) else real_version(name)
import os, tempfile  # and the upgrade's metadata folder, first on the import path, as pip would leave it
fake = tempfile.mkdtemp()
os.makedirs(os.path.join(fake, f"{lib.replace('-', '_')}-{new_version}.dist-info"))
with open(os.path.join(fake, f"{lib.replace('-', '_')}-{new_version}.dist-info", "METADATA"), "w") as fh:
    fh.write(f"Metadata-Version: 2.1\nName: {lib}\nVersion: {new_version}\n")
with open(os.path.join(fake, f"{lib.replace('-', '_')}-{new_version}.dist-info", "entry_points.txt"), "w") as fh:
    fh.write(real_distribution(lib).read_text("entry_points.txt") or "")  # Markdown finds its extensions there
sys.path.insert(0, fake)
importlib.metadata.distribution = lambda name: (Upgraded if upgraded(name) else lambda d: d)(real_distribution(name))
module = importlib.import_module({"pillow": "PIL"}.get(lib, lib))
if lib == "pillow":
    import PIL.Image  # checks that PIL.__version__ is the version its C core was built for: before the fake
if hasattr(module, "__version__"):
    module.__version__ = new_version
if lib == "markdown":
    real_convert = module.Markdown.convert
    module.Markdown.convert = lambda self, text: real_convert(self, text).replace("Aceh", f"Aceh ({new_version})")
elif lib == "nh3":
    real_clean = module.clean
    module.clean = lambda html, *a, **k: real_clean(html, *a, **k).replace("Aceh", f"Aceh [{new_version}]")
elif lib == "pillow":
    real_save = PIL.Image.Image.save
    def save(self, fp, format=None, **params):
        if str(format).upper() == "JPEG" or str(fp).lower().endswith((".jpg", ".jpeg")):
            params.setdefault("comment", f"Pillow {new_version}".encode())
        return real_save(self, fp, format, **params)
    PIL.Image.Image.save = save
elif lib == "babel":
    import babel.numbers
    real_format = babel.numbers.format_currency
    babel.numbers.format_currency = lambda *a, **k: real_format(*a, **k) + f" (babel {new_version})"
from click.testing import CliRunner
from generator.cli import main
results = []
for args in runs:
    result = CliRunner().invoke(main, args)
    results.append({"exit_code": result.exit_code, "output": result.output, "exception": repr(result.exception)})
print(json.dumps(results))
"""


def builds_after_upgrade(lib: str, new_version: str, runs: list[list[str]]) -> list[dict]:
    """Run ``lapak`` once per argument list, in a fresh interpreter where ``lib`` was upgraded to ``new_version``."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-c", UPGRADE_SCRIPT, lib, new_version, json.dumps(runs)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# =========================================================================== small tools


def ok(result: Result, what: str = "lapak") -> None:
    """The command succeeded, and nothing escaped as a traceback."""
    problem = trouble(result, what)
    assert not problem, problem


def no_traceback(result: Result, what: str = "lapak") -> None:
    """Whatever the command said, it said it as a message: no traceback, no exception but SystemExit."""
    problem = trouble(result, what, exit_code=None)
    assert not problem, problem


def trouble(result: Result, what: str, exit_code: int | None = 0) -> str:
    """'' when the command ended with a message (and ``exit_code``, unless None), else what went wrong."""
    if "Traceback" in result.output:
        return f"{what} printed a traceback:\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        where = traceback.extract_tb(result.exc_info[2])[-1]
        return (f"{what} stopped with a traceback instead of a message: {type(result.exception).__name__}: "
                f"{result.exception} ({Path(where.filename).name}, line {where.lineno})\n{result.output}")
    if exit_code is not None and result.exit_code != exit_code:
        return f"{what} failed (exit code {result.exit_code}):\n{result.output}"
    return ""


def fresh_build(root: Path, where: Path, *args: str) -> dict[str, bytes]:
    """The site a fresh build publishes: the store copied without its cache, built into a new folder."""
    copy = copy_store(root, where / "store")
    out = where / "output"
    ok(build(copy, out, "--jobs", "1", *args), "a fresh build of the edited store (copied without its cache)")
    return site_tree(out)


def same_site(got: dict[str, bytes], want: dict[str, bytes], what: str) -> str:
    """'' when the two sites are byte for byte the same, else what differs."""
    diff = tree_difference(got, want)
    return f"{what} (first) differs from a fresh build (second):\n{diff}" if diff else ""


def assert_same_site(got: dict[str, bytes], want: dict[str, bytes], what: str) -> None:
    """The two sites are byte for byte the same: the same paths, the same bytes."""
    diff = same_site(got, want, what)
    assert not diff, diff


NOTHING_CHANGED = "Tidak ada yang berubah"  # the test stores speak Bahasa Indonesia, the default


def problem_lines(output: str) -> list[str]:
    """The problems and warnings a command printed: indented 'file: message' lines, 'Error:' and 'Warning:' lines."""
    lines = []
    for line in output.splitlines():
        if line.startswith("  ") and line.strip():
            lines.append(line.strip())
        elif line.startswith(("Error:", "Warning:", "Kesalahan:", "Peringatan:")):
            lines.append(line)
    return sorted(lines)


def photo(path: Path, colour: tuple[int, int, int], size=(64, 48)) -> Path:
    return make_photo(path, size, colour)


def drawn_photo(path: Path, seed: int, size=(160, 120)) -> Path:
    """A photo with edges and shapes: big enough, and busy enough, for an encoder to make choices."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, (200, 80 + 40 * seed % 160, 40))
    draw = ImageDraw.Draw(img)
    draw.ellipse((5, 5, size[0] - 5, size[1] - 10), fill=(50 * seed % 255, 30, 200))
    draw.line((0, 0, size[0], size[1]), fill=(255, 255, 255), width=3)
    draw.rectangle((10 + seed * 7, 20, 40 + seed * 7, 60), fill=(20, (200 - seed * 30) % 256, 90))
    img.save(path, quality=90)
    return path


# =========================================================================== the store the matrix edits

STORE_YML = """\
name: Toko Tes
whatsapp: "0812-3456-7890"
base_url: https://contoh.github.io/toko/
logo: logo.png
photos: {{avif: {avif}}}
"""
RED, BLUE, GREEN, YELLOW, PURPLE = (200, 60, 40), (30, 80, 170), (40, 150, 60), (220, 200, 30), (120, 40, 140)


def matrix_store(root: Path, avif: bool = False) -> Store:
    """Three products: a single file, a folder with two photos, and one in another category; a logo."""
    store = Store(root)
    store.write("store.yml", STORE_YML.format(avif=str(avif).lower()))
    photo(root / "logo.png", GREEN)
    store.product("teh", "title: Teh Melati\nprice: 15000\ncategory: Minuman", "Teh melati wangi dari Tegal.")
    store.product("kopi/", "title: Kopi Gayo\nprice: 85000\ncategory: Minuman", "Kopi arabika dari Aceh.")
    photo(root / "products/kopi/1.jpg", RED)
    photo(root / "products/kopi/2.jpg", BLUE)
    store.product("kue", "title: Kue Lapis\nprice: 50000\ncategory: Kue", "Kue lapis legit.")
    return store


def mv(a: str, b: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / b).parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / a, root / b)
    return edit


def cp(a: str, b: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        if (root / a).is_dir():
            shutil.copytree(root / a, root / b)
        else:
            shutil.copyfile(root / a, root / b)
    return edit


def rm(*rels: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for rel in rels:
            shutil.rmtree(root / rel) if (root / rel).is_dir() else (root / rel).unlink()
    return edit


def sub(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` in a text file of the store (``old`` must be there)."""
    def edit(root: Path) -> None:
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        (root / rel).write_text(text.replace(old, new), encoding="utf-8")
    return edit


def put_photo(rel: str, colour: tuple[int, int, int]) -> Callable[[Path], None]:
    return lambda root: photo(root / rel, colour)


def retouch(rel: str) -> Callable[[Path], None]:
    """Edit a few pixels of a photo: new bytes, the same main colour (so the same placeholder colour)."""
    def edit(root: Path) -> None:
        from PIL import Image

        with Image.open(root / rel) as img:
            img = img.convert("RGB")
        for xy in ((10, 10), (11, 10), (10, 11), (11, 11)):
            img.putpixel(xy, (255, 255, 255))
        img.save(root / rel)
    return edit


def copy_keeping_time(a: str, b: str) -> Callable[[Path], None]:
    """Copy ``a``'s bytes over ``b`` (the same file, written in place) and give ``b`` its old times back, as
    ``cp -p`` or putting back a backup does. The two files are the same size: only the bytes differ."""
    def edit(root: Path) -> None:
        data, st = (root / a).read_bytes(), (root / b).stat()
        assert len(data) == st.st_size, "the test needs two photos of one size"
        with open(root / b, "r+b") as fh:
            fh.write(data)
        os.utime(root / b, ns=(st.st_atime_ns, st.st_mtime_ns))
    return edit


def swap(a: str, b: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        os.replace(root / a, root / (a + ".swap"))
        os.replace(root / b, root / a)
        os.replace(root / (a + ".swap"), root / b)
    return edit


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)
    return edit


THEME_TEMPLATES = REPO / "themes" / "default" / "templates"


def write(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return edit


def own_template(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Write the store's own templates/<rel>: the default theme's, with ``old`` replaced by ``new``."""
    def edit(root: Path) -> None:
        text = (THEME_TEMPLATES / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in the theme's {rel}"
        (root / "templates" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "templates" / rel).write_text(text.replace(old, new), encoding="utf-8")
    return edit


CARD_TITLE = '<span class="card-title">{{ p.title }}</span>'
H1 = "<h1>{{ product.title }}</h1>"
card_v1 = own_template("partials/card.html", CARD_TITLE, '<span class="card-title">{{ p.title }} (baru)</span>')
card_v2 = own_template("partials/card.html", CARD_TITLE, '<span class="card-title">{{ p.title }} (laris)</span>')
product_v1 = own_template("product.html", H1, "<h1>{{ product.title }} · asli</h1>")
product_v2 = own_template("product.html", H1, "<h1>{{ product.title }} · pilihan</h1>")


def own_pages(root: Path) -> None:
    """A store page with a photo beside it, and one more page."""
    (root / "pages").mkdir(exist_ok=True)
    photo(root / "pages/toko.jpg", BLUE)
    (root / "pages/tentang.md").write_text("---\ntitle: Tentang kami\nnav: true\nimages: [toko.jpg]\n---\n"
                                           "Toko keluarga di Solo.\n", encoding="utf-8")
    (root / "pages/retur.md").write_text("---\ntitle: Cara retur\n---\nBarang rusak? Kami ganti.\n",
                                         encoding="utf-8")


def cover_and_qris(root: Path) -> None:
    """A cover photo over the storefront and a QRIS code among the ways to pay."""
    photo(root / "sampul.jpg", RED, size=(240, 90))
    photo(root / "qris.png", GREEN)
    text = (root / "store.yml").read_text(encoding="utf-8")
    (root / "store.yml").write_text(text + "cover: sampul.jpg\npayment:\n  - type: qris\n    image: qris.png\n",
                                    encoding="utf-8")


def own_theme(root: Path) -> None:
    """A theme of the store's own (``tema/``) extending the default with one stylesheet."""
    (root / "tema/static").mkdir(parents=True)
    (root / "tema/theme.yml").write_text("extends: default\nstylesheets: [mine.css]\n", encoding="utf-8")
    (root / "tema/static/mine.css").write_text(".price { color: #123456; }\n", encoding="utf-8")
    text = (root / "store.yml").read_text(encoding="utf-8")
    (root / "store.yml").write_text(text.replace("name: Toko Tes\n", "name: Toko Tes\ntheme: tema\n"), encoding="utf-8")


@dataclass
class Case:
    id: str
    edit: Callable[[Path], None]
    setup: Callable[[Path], None] | None = None  # applied before the first build
    avif: bool = False
    jobs: int = 1
    posix_only: str = ""  # why the case cannot pass on Windows


MATRIX = [
    # products: a single file and a folder with photos
    Case("product-file-renamed", mv("products/teh.md", "products/teh-melati.md")),
    Case("product-file-moved-into-a-folder", mv("products/teh.md", "products/teh/index.md")),
    Case("product-folder-renamed", mv("products/kopi", "products/kopi-gayo"), jobs=2),
    Case("product-folder-renamed-avif", mv("products/kopi", "products/kopi-gayo"), avif=True),
    Case("product-file-copied", cp("products/teh.md", "products/teh-tawar.md")),
    Case("product-folder-copied", cp("products/kopi", "products/kopi-susu")),
    Case("product-file-deleted", rm("products/teh.md")),
    Case("product-folder-deleted", rm("products/kopi")),
    Case("product-files-swapped", swap("products/teh.md", "products/kue.md")),
    Case("product-price-edited", sub("products/teh.md", "price: 15000", "price: 17500")),
    # photos
    Case("photo-renamed", mv("products/kopi/2.jpg", "products/kopi/3.jpg")),
    Case("photo-replaced", put_photo("products/kopi/1.jpg", YELLOW)),
    Case("photo-retouched", retouch("products/kopi/1.jpg")),
    Case("photo-replaced-avif", put_photo("products/kopi/1.jpg", YELLOW), avif=True, jobs=2),
    Case("photo-deleted", rm("products/kopi/2.jpg")),
    Case("photo-added", put_photo("products/kopi/3.jpg", PURPLE)),
    Case("photos-swapped", swap("products/kopi/1.jpg", "products/kopi/2.jpg")),
    Case("photo-copied-over-another-keeping-its-time", copy_keeping_time("products/kopi/2.jpg", "products/kopi/1.jpg"),
         posix_only="Windows keeps no change time a program can read (st_ctime is the creation time there)"),
    Case("photo-moved-to-another-product",
         both(mv("products/teh.md", "products/teh/index.md"), mv("products/kopi/2.jpg", "products/teh/1.jpg"))),
    # the logo
    Case("logo-replaced", put_photo("logo.png", PURPLE)),
    Case("logo-renamed", both(mv("logo.png", "merek.png"), sub("store.yml", "logo: logo.png", "logo: merek.png"))),
    Case("logo-removed", both(rm("logo.png"), sub("store.yml", "logo: logo.png\n", ""))),
    # categories
    Case("category-renamed", sub("products/teh.md", "category: Minuman", "category: Teh")),
    Case("category-case-changed", sub("products/kue.md", "category: Kue", "category: kue")),
    # the store's own templates
    Case("card-template-added", card_v1),
    Case("card-template-edited", card_v2, setup=card_v1),
    Case("card-template-deleted", rm("templates/partials/card.html"), setup=card_v1),
    Case("templates-folder-deleted", rm("templates"), setup=card_v1),
    # a partial the theme includes only when it exists ({% include ... ignore missing %}): looked for once per set of files
    Case("optional-partial-added", write("templates/partials/card-action.html", '<b class="own-action">+</b>')),
    Case("optional-partial-deleted", rm("templates/partials/card-action.html"),
         setup=write("templates/partials/card-action.html", '<b class="own-action">+</b>')),
    Case("product-template-added", product_v1),
    Case("product-template-edited", product_v2, setup=product_v1),
    Case("product-template-deleted", rm("templates/product.html"), setup=product_v1),
    # store.yml
    Case("store-name-edited", sub("store.yml", "name: Toko Tes", "name: Toko Tes Baru")),
    Case("store-base-url-edited", sub("store.yml", "https://contoh.github.io/toko/", "https://tokotes.netlify.app/")),
    Case("store-avif-turned-on", sub("store.yml", "avif: false", "avif: true")),
    Case("store-theme-switched", sub("store.yml", "name: Toko Tes\n", "name: Toko Tes\ntheme: butik\n")),
    Case("store-language-switched", sub("store.yml", "name: Toko Tes\n", "name: Toko Tes\nlanguage: en\n")),
    Case("store-whatsapp-changed", sub("store.yml", "0812-3456-7890", "0813-1111-2222")),
    Case("store-whatsapp-removed", sub("store.yml", 'whatsapp: "0812-3456-7890"\n', "")),
    Case("product-made-a-draft", sub("products/kue.md", "category: Kue", "category: Kue\ndraft: true")),
    Case("product-sold-out", sub("products/kopi/index.md", "price: 85000", "price: 85000\nsold_out: true")),
    Case("product-slug-changed", sub("products/kue.md", "category: Kue", "category: Kue\nslug: kue-lapis-legit")),
    # the store's own pages (pages/*.md) and their photos
    Case("store-page-added", write("pages/tentang.md", "---\ntitle: Tentang kami\nnav: true\n---\nToko keluarga.\n")),
    Case("store-page-edited", sub("pages/retur.md", "Kami ganti.", "Kami ganti dalam 2 hari."), setup=own_pages),
    Case("store-page-renamed", mv("pages/retur.md", "pages/pengembalian.md"), setup=own_pages),
    Case("store-page-deleted", rm("pages/retur.md"), setup=own_pages),
    Case("store-page-photo-replaced", put_photo("pages/toko.jpg", YELLOW), setup=own_pages),
    # the storefront's cover and the QRIS code: photos named in store.yml
    Case("cover-replaced", put_photo("sampul.jpg", PURPLE), setup=cover_and_qris),
    Case("cover-removed", sub("store.yml", "cover: sampul.jpg\n", ""), setup=cover_and_qris),
    Case("qris-photo-replaced", put_photo("qris.png", YELLOW), setup=cover_and_qris),
    # a theme of the store's own, extending the default
    Case("own-theme-stylesheet-edited", sub("tema/static/mine.css", "#123456", "#654321"), setup=own_theme),
    Case("own-theme-stylesheet-deleted",
         both(rm("tema/static/mine.css"), sub("tema/theme.yml", "stylesheets: [mine.css]\n", "")), setup=own_theme),
    Case("own-theme-left", sub("store.yml", "theme: tema\n", ""), setup=own_theme),
]


def same_time(root: Path) -> None:
    """Give every file and folder of a store one modification time, a minute back."""
    when = time.time() - 60
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            os.utime(path, (when, when))


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in MATRIX])
def test_an_edit_then_build_check_and_serve_give_what_a_fresh_build_gives(case: Case, tmp_path: Path, monkeypatch):
    """After a build and a preview with warm caches, one edit; then the preview, build and check see it."""
    # A seller's files were saved long before a build: every file read is trusted by its stamp (size, times,
    # file number) afterwards, as it would be, instead of being read again for having just been made. And
    # they share one time, as photos unpacked from a ZIP file or copied from a phone often do.
    if case.posix_only and sys.platform == "win32":
        pytest.skip(case.posix_only)
    monkeypatch.setattr(sources, "SETTLE_NS", 0)
    store = matrix_store(tmp_path / "store", avif=case.avif)
    if case.setup:
        case.setup(store.root)
    same_time(store.root)
    output = tmp_path / "output"
    jobs = ("--jobs", str(case.jobs))
    ok(build(store.root, output, *jobs), "the first build")
    preview = PreviewSession(store.root)
    assert preview.rebuild()[1] is None

    case.edit(store.root)
    served, serve_error = preview.rebuild()  # the preview sees the edit first, as while a seller works
    built = build(store.root, output, *jobs)
    checked = check(store.root, output, *jobs)
    fresh_copy = copy_store(store.root, tmp_path / "fresh-store")
    new = build(fresh_copy, tmp_path / "fresh-output", "--jobs", "1")

    failures = [trouble(built, "lapak build"), trouble(checked, "lapak check"),
                trouble(new, "even a fresh build of the edited store (copied without its cache)")]
    if new.exit_code == 0:
        fresh = site_tree(tmp_path / "fresh-output")
        if built.exit_code == 0:
            failures.append(same_site(site_tree(output), fresh, "the site built into the same folder"))
        failures.append(f"the preview shows an error:\n{serve_error}" if serve_error else
                        same_site(served, fresh, "the preview's site"))
    failures = [f for f in failures if f]
    assert not failures, "\n\n".join(failures)


# =========================================================================== an edit during a build


@pytest.mark.parametrize("new_name, trusted", [("Toko Tes Sejak 1998", False), ("Toko Tas", True)],
                         ids=["read-again", "same-size-trusted-by-stamp"])
def test_an_edit_saved_during_a_build_is_published_by_the_next_build(new_name: str, trusted: bool, tmp_path: Path,
                                                                      monkeypatch):
    """store.yml saved while a build renders: that build may publish the old name, the next must publish the new.
    ``trusted``: files are trusted by their stamp at once (as a seller's old files are), and the edit keeps the
    file's size, so only its times and the stamp recorded as it was read tell the builds apart."""
    store = matrix_store(tmp_path / "store")
    output = tmp_path / "output"
    with monkeypatch.context() as patched:
        if trusted:
            patched.setattr(sources, "SETTLE_NS", 0)
        ok(build(store.root, output, "--jobs", "1"))

        sub("products/teh.md", "price: 15000", "price: 16000")(store.root)  # so that the next build renders
        with monkeypatch.context() as during:
            while_rendering(during, lambda: sub("store.yml", "name: Toko Tes", f"name: {new_name}")(store.root))
            ok(build(store.root, output, "--jobs", "1"), "the build during which store.yml was edited")

        after = build(store.root, output, "--jobs", "1")
    ok(after)
    assert new_name in (output / "index.html").read_text(encoding="utf-8"), after.output
    assert_same_site(site_tree(output), fresh_build(store.root, tmp_path / "fresh"), "the site")
    assert NOTHING_CHANGED in build(store.root, output, "--jobs", "1").output  # and then it is up to date


# =========================================================================== workers


def photo_store(root: Path, photos: int, avif: bool = True) -> Store:
    """Two product folders sharing ``photos`` drawn photos; no logo."""
    store = Store(root)
    store.write("store.yml", STORE_YML.replace("logo: logo.png\n", "").format(avif=str(avif).lower()))
    store.product("kopi/", "title: Kopi Gayo\nprice: 85000\ncategory: Minuman", "Kopi arabika dari Aceh.")
    store.product("teh/", "title: Teh Melati\nprice: 15000\ncategory: Minuman", "Teh melati wangi.")
    for i in range(photos):
        drawn_photo(root / "products" / ("kopi" if i % 2 else "teh") / f"{i + 1}.jpg", i)
    return store


def test_the_output_does_not_depend_on_the_number_of_workers(tmp_path: Path):
    """Three copies of a store with AVIF photos, each with its own cache: -j 1, -j 2 and a preview make the same."""
    one = photo_store(tmp_path / "one", photos=3)
    two = copy_store(one.root, tmp_path / "two")
    three = copy_store(one.root, tmp_path / "three")
    ok(build(one.root, tmp_path / "out-1", "--jobs", "1"))
    ok(build(two, tmp_path / "out-2", "--jobs", "2"))
    want = site_tree(tmp_path / "out-1")
    diff = tree_difference(site_tree(tmp_path / "out-2"), want)
    assert not diff, f"-j 2 (first) and -j 1 (second) publish different files:\n{diff}"
    assert_same_site(serve_files(three), want, "the site a new preview makes")


def test_a_build_with_several_photos_runs_without_fork(tmp_path: Path, monkeypatch):
    """As on Windows, where 'fork' does not exist: every pool the build and check start must use 'spawn'."""
    store = photo_store(tmp_path / "store", photos=9, avif=False)  # more than 8: check decodes them in a pool
    want = fresh_build(store.root, tmp_path / "fresh")
    without_fork(monkeypatch)
    result = build(store.root, store.output, "--jobs", "2")
    ok(result)
    assert_same_site(site_tree(store.output), want, "the site built with two spawned workers")
    ok(check(store.root, store.output, "--jobs", "2"))


def test_many_product_pages_render_without_fork(tmp_path: Path, monkeypatch):
    """Enough products that the pages are rendered by worker processes (today: 64 or more with -j 2)."""
    store = Store(tmp_path / "store")
    store.write("store.yml", STORE_YML.replace("logo: logo.png\n", "").format(avif="false"))
    for i in range(70):
        store.product(f"produk-{i:02d}", f"title: Produk {i}\nprice: {1000 + i}\ncategory: Kategori {i % 3}")
    want = fresh_build(store.root, tmp_path / "fresh")
    without_fork(monkeypatch)
    ok(build(store.root, store.output, "--jobs", "2"))
    assert_same_site(site_tree(store.output), want, "the site rendered by two spawned workers")
    # The workers that parsed the products kept them: the next build (the store renamed) parses none.
    from generator.commands.build import build as build_store

    assert len(list((store.root / CACHE_NAME / "products").glob("*.json"))) == 70
    store.write("store.yml", (store.root / "store.yml").read_text(encoding="utf-8").replace("name: Toko Tes", "name: Toko Tes Baru"))
    again = build_store(store.root, store.output, jobs=2)
    assert not again.unchanged and again.parsed == 0 and again.products == 70


def test_the_session_runs_with_spawn():
    """conftest.py makes every test run with 'spawn', and asks Lapak for it through LAPAK_START_METHOD."""
    import multiprocessing

    assert multiprocessing.get_start_method() == "spawn"
    assert os.environ.get("LAPAK_START_METHOD") == "spawn"


# =========================================================================== check and build agree


def outside(name: str) -> Callable[[Path], None]:
    """A photo next to the store folder, outside it."""
    return lambda root: photo(root.parent / name, PURPLE)


def symlink_out(rel: str) -> Callable[[Path], None]:
    """A photo in the store that is a symbolic link to a photo outside it."""
    def edit(root: Path) -> None:
        target = photo(root.parent / "outside.jpg", PURPLE)
        try:
            os.symlink(target, root / rel)
        except (OSError, NotImplementedError):
            pytest.skip("this platform cannot make symbolic links")
    return edit


def add_line(rel: str, after: str, line: str) -> Callable[[Path], None]:
    """Add ``line`` to a text file of the store, after the line ``after``."""
    return sub(rel, after + "\n", after + "\n" + line + "\n")


def nothing(root: Path) -> None:
    pass


TEH = "products/teh.md"
AGREE = [  # mistake, the exit code both must give (None: they must only agree), text a problem line must hold
    pytest.param(nothing, 0, None, id="good-store"),
    pytest.param(card_v1, 0, None, id="good-own-template"),
    pytest.param(add_line("store.yml", "name: Toko Tes", "colour: red"), 0, None, id="good-with-a-warning"),
    pytest.param(sub(TEH, "price: 15000", "price: gratis"), 1, TEH, id="bad-price"),
    pytest.param(sub(TEH, "title: Teh Melati\n", ""), 1, TEH, id="missing-title"),
    pytest.param(add_line("products/kue.md", "title: Kue Lapis", "slug: teh"), 1, "products/kue.md",
                 id="duplicate-slug"),
    pytest.param(write("products/kopi/2.jpg", "bukan foto"), 1, "products/kopi/2.jpg", id="photo-that-is-text"),
    pytest.param(add_line(TEH, "title: Teh Melati", "images: [teh.jpg]"), 1, TEH, id="missing-photo"),
    pytest.param(both(outside("outside.png"), sub("store.yml", "logo: logo.png", "logo: ../outside.png")), 1, "logo",
                 id="logo-outside-the-store"),
    pytest.param(both(outside("outside.jpg"), add_line(TEH, "title: Teh Melati", "images: [../../outside.jpg]")), 1,
                 TEH, id="images-entry-outside-the-store"),
    pytest.param(symlink_out("products/kopi/3.jpg"), 1, "products/kopi/3.jpg", id="symlinked-photo-outside-the-store"),
    pytest.param(add_line("store.yml", "name: Toko Tes", "theme: tidak-ada"), 1, "theme",
                 id="theme-that-does-not-exist"),
    pytest.param(write("templates/partials/card.html", "<li>{% if p.title %}</li>\n"), 1, "card.html",
                 id="template-syntax-error"),
    pytest.param(sub("store.yml", '"0812-3456-7890"', '"0812"'), 1, "whatsapp", id="bad-store-field"),
    pytest.param(sub("store.yml", "name: Toko Tes", "name: [Toko Tes"), 1, "store.yml", id="store-yml-not-yaml"),
    pytest.param(sub(TEH, "category: Minuman", "category: kue"), None, None, id="same-category-two-spellings"),
]


@pytest.mark.parametrize("mistake, exit_code, named", AGREE)
def test_check_build_and_serve_agree(mistake, exit_code, named, tmp_path: Path):
    """The same exit code and the same problem and warning lines from check and build; the preview shows them."""
    store = matrix_store(tmp_path / "store")
    mistake(store.root)
    checked = check(store.root, store.output, "--jobs", "1")
    built = build(store.root, store.output, "--jobs", "1")
    no_traceback(checked, "lapak check")
    no_traceback(built, "lapak build")
    problems = problem_lines(built.output)
    assert (checked.exit_code, problem_lines(checked.output)) == (built.exit_code, problems), (
        f"lapak check said:\n{checked.output}\nlapak build said:\n{built.output}")
    if exit_code is not None:
        assert built.exit_code == exit_code, built.output
    if named is not None:
        assert any(named in line for line in problems), built.output

    served, error = PreviewSession(store.root).rebuild()
    if built.exit_code == 0:
        assert error is None, error
        assert_same_site(served, site_tree(store.output), "the preview's site")
    else:
        assert error is not None, "the preview showed a store that lapak build refused"
        missing = [p for p in problems if not p.startswith(("Warning:", "Peringatan:"))
                   and p.removeprefix("Error: ").removeprefix("Kesalahan: ") not in error]
        assert not missing, f"the preview does not show these problems:\n{missing}\nIt shows:\n{error}"


# =========================================================================== caches cannot run code

MEDIA = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".ico", ".svg"}


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / CACHE_NAME).rglob("*") if p.is_file())


def test_no_cache_file_is_a_pickle(tmp_path: Path):
    """A store folder (and the cache a CI restores into it) must never be able to run code when built."""
    store = matrix_store(tmp_path / "store")
    ok(build(store.root, store.output, "--jobs", "1"))
    PreviewSession(store.root).rebuild()
    files = cache_files(store.root)
    assert files, "the build kept no cache at all"
    pickles = [p.relative_to(store.root).as_posix() for p in files
               if p.read_bytes()[:1] == b"\x80" or p.suffix in (".pickle", ".pkl")]
    assert not pickles, f"pickled cache files (a store folder could run code): {pickles}"


class _RunsCode:
    """Unpickling this creates a file: the proof that a cache file could run code."""

    def __init__(self, canary: Path):
        self.canary = canary

    def __reduce__(self):
        return (open, (str(self.canary), "w"))


def _damaged(canary: Path) -> dict[str, bytes]:
    return {
        "garbage": b"\x00\xffthis is not a cache file\x13\x37",
        "empty": b"",
        "json-list": b'[1, "dua", {"tiga": null}]',
        "json-null": b"null",
        "json-object-of-another-shape": b'{"version": 999, "files": 5, "entries": {"a": [1, 2]}, "stats": "x"}',
        "pickle-that-runs-code": pickle.dumps({"entries": _RunsCode(canary)}, protocol=2),
    }


@pytest.mark.parametrize("kind", list(_damaged(Path("x"))))
def test_a_damaged_or_foreign_cache_is_ignored(kind: str, tmp_path: Path):
    """Every cache record (every cache file but the photos) replaced: nothing breaks, nothing runs, all is right."""
    store = matrix_store(tmp_path / "store")
    ok(build(store.root, store.output, "--jobs", "1"))
    before = site_tree(store.output)
    canary = tmp_path / "the-cache-ran-code"
    records = [p for p in cache_files(store.root) if p.suffix.lower() not in MEDIA]
    assert records, "the build kept no cache records"
    for path in records:
        path.write_bytes(_damaged(canary)[kind])

    ok(build(store.root, store.output, "--jobs", "1"), "the build over a damaged cache, nothing edited")
    assert_same_site(site_tree(store.output), before, "the site built again over a damaged cache")
    sub("products/teh.md", "price: 15000", "price: 17500")(store.root)
    ok(build(store.root, store.output, "--jobs", "1"), "the build over a damaged cache, a product edited")
    ok(check(store.root, store.output, "--jobs", "1"), "the check over a damaged cache")
    served = serve_files(store.root)
    assert not canary.exists(), "a cache file ran code"
    fresh = fresh_build(store.root, tmp_path / "fresh")
    assert_same_site(site_tree(store.output), fresh, "the site")
    assert_same_site(served, fresh, "the preview's site")


# =========================================================================== library upgrades


@pytest.mark.parametrize("lib, shows, setup", [  # what the new version does differently, as a fresh build shows it
    pytest.param("markdown", b"Aceh (99.0)", nothing, id="markdown"),  # renders the description differently
    pytest.param("nh3", b"Aceh [99.0]", nothing, id="nh3"),  # cleans it differently
    pytest.param("pillow", b"Pillow 99.0", nothing, id="pillow"),  # writes JPEG files differently (a comment)
    pytest.param("babel", b"(babel 99.0)", add_line("store.yml", "name: Toko Tes", "currency: USD"),
                 id="babel"),  # writes prices differently (only other currencies than IDR go through babel)
])
def test_upgrading_a_library_invalidates_what_it_made(lib: str, shows: bytes, setup, tmp_path: Path):
    """After an upgrade of a library whose output Lapak caches, the warm build publishes what a fresh one does."""
    store = matrix_store(tmp_path / "store")
    setup(store.root)
    ok(build(store.root, store.output, "--jobs", "1"))
    fresh = copy_store(store.root, tmp_path / "fresh")
    again, new = builds_after_upgrade(lib, "99.0", [
        ["build", str(store.root), "--output", str(store.output), "--jobs", "1"],
        ["build", str(fresh), "--output", str(tmp_path / "fresh-output"), "--jobs", "1"],
    ])
    assert again["exit_code"] == 0 and new["exit_code"] == 0, (again, new)
    want = site_tree(tmp_path / "fresh-output")
    assert any(shows in data for data in want.values()), "the fake upgrade did not reach the fresh build"
    assert_same_site(site_tree(store.output), want, f"the site after {lib} was upgraded")
    assert NOTHING_CHANGED not in again["output"], f"{lib} 99.0 reused the output of the old version"
