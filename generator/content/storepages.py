"""The store's own pages: ``pages/*.md`` beside store.yml (about us, returns, FAQ ...), each at ``/<slug>/``.

A page file is written like a product file: details between two ``---`` lines (``title``, ``order``,
``nav: true`` for a link in the header and footer, ``images`` for photos beside it), then Markdown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.content.catalog import RESERVED_SLUGS
from generator.content.model import Product
from generator.content.sources import IMAGE_EXTENSIONS, PAGES_DIR, Inputs, check_inside, find_pages
from generator.content.text import first_paragraph, fold_name, markdown_to_html, shorten, slugify
from generator.content.yamlread import (FrontMatterError, YamlSyntaxError, apply_aliases, field_name, load_yaml,
                                        name_fields_as_written, normalise_text, split_front_matter, suggest_key,
                                        warn_cut_values)
from generator.errors import Collector
from generator.messages import define, msg

FIELDS = ("title", "order", "nav", "slug", "summary", "images", "draft")
ALIASES = {"judul": "title", "urutan": "order", "menu": "nav", "foto": "images", "ringkasan": "summary"}

define({
    "page.front_matter": (
        "halaman toko diawali baris '---', lalu 'title: Tentang kami' (dan isian lain), lalu baris '---' lagi, "
        "lalu isi halamannya",
        "a store page starts with a line '---', then 'title: About us' (and other details), then another line "
        "'---', then the page's text"),
    "page.not_mapping": (
        "isian di antara baris '---' ditulis sebagai 'nama: isi', misalnya 'title: Tentang kami'",
        "the details between the '---' lines are 'name: value' lines, such as 'title: About us'"),
    "page.needs_title": (
        "setiap halaman perlu judul: tambahkan baris seperti 'title: Tentang kami'",
        "every page needs a title: add a line such as 'title: About us'"),
    "page.unknown_field": ("isian tidak dikenal, diabaikan. Yang dikenal: {known}",
                           "unknown field, ignored. The known ones: {known}"),
    "page.unknown_field_near": ("isian tidak dikenal, diabaikan. Maksud Anda '{suggestion}'?",
                                "unknown field, ignored. Did you mean '{suggestion}'?"),
    "page.one_line": ("tulis ini sebagai satu baris teks", "write this as one line of text"),
    "page.flag": ('"{value}" bukan ya atau tidak; tulis true atau false', '"{value}" is not yes or no; write true or false'),
    "page.order": ('"{value}" bukan angka; tulis angka seperti 1 (angka kecil tampil lebih dulu)',
                   '"{value}" is not a number; write a number such as 1 (lower numbers come first)'),
    "page.no_slug": (
        "nama file ini tidak punya huruf atau angka untuk alamat halamannya; ganti namanya, atau tambahkan "
        "'slug: tentang-kami'",
        "the file name has no letters or digits to make the page's address from; rename it, or add "
        "'slug: about-us'"),
    "page.reserved": (
        "'{slug}' dipakai Lapak untuk halamannya sendiri; ganti nama file ini atau beri 'slug:' lain",
        "'{slug}' is used by Lapak for its own pages; rename this file or give it another 'slug:'"),
    "page.clash_product": (
        "halaman ini dan produk {other} sama-sama beralamat /{rel}. Ganti nama salah satu file, atau beri "
        "salah satunya 'slug:' lain",
        "this page and the product {other} would both be at /{rel}. Rename one of the files, or give one of "
        "them another 'slug:'"),
    "page.clash_category": (
        "halaman ini dan kategori '{name}' (dari {other}) sama-sama beralamat /{rel}. Beri halaman ini "
        "'slug:' lain, atau ganti nama kategorinya",
        "this page and the category '{name}' (from {other}) would both be at /{rel}. Give this page another "
        "'slug:', or rename the category"),
    "page.clash_page": (
        "dua halaman beralamat /{rel}: {first} dan {second}. Ganti nama salah satu file, atau beri salah satunya "
        "'slug:' lain",
        "two pages would be at /{rel}: {first} and {second}. Rename one of the files, or give one of them "
        "another 'slug:'"),
    "page.images": (
        "tulis foto sebagai daftar nama file, misalnya [toko.jpg, tim.jpg]",
        "write images as a list of file names, such as [shop.jpg, team.jpg]"),
    "page.image_kind": (
        "'{name}' bukan foto yang bisa dipakai Lapak (JPEG, PNG, WebP, AVIF, HEIC atau GIF)",
        "'{name}' is not a photo Lapak can use (JPEG, PNG, WebP, AVIF, HEIC or GIF)"),
    "page.image_missing": (
        "foto '{name}' tidak ditemukan di folder pages/", "the photo '{name}' was not found in the pages/ folder"),
    "page.unreadable": (
        "file ini bukan teks UTF-8; simpan sebagai UTF-8 (biasanya ada di menu 'Save as')",
        "the file is not UTF-8 text; save it as UTF-8 (most editors offer this under 'Save as')"),
})


@dataclass(frozen=True)
class StorePage:
    """One page of the store's own, such as "Tentang kami"."""

    slug: str
    source: str  # relative to the store folder, for messages
    title: str
    body_html: str = ""
    summary: str = ""
    order: float | None = None
    nav: bool = False  # linked from the header and the footer
    images: tuple[str, ...] = ()  # photos, relative to the store folder ("pages/toko.jpg")


def load_pages(inputs: Inputs, out: Collector, drafts: bool = False) -> list[StorePage]:
    """Every page in ``pages/``, read through ``inputs`` (so an edit is seen), in menu order."""
    pages = []
    for rel, path in find_pages(inputs, out):
        try:
            data = inputs.read(path)
        except OSError as exc:
            out.error(rel, msg("sources.unreadable", reason=exc.strerror or exc))
            continue
        page = parse_page(inputs.root, rel, data, out)
        if page is not None and (drafts or not page.draft):
            pages.append(page.page)
    pages.sort(key=lambda pg: (pg.order is None, pg.order or 0, pg.title.lower(), pg.slug))
    return pages


@dataclass(frozen=True)
class _Parsed:
    page: StorePage
    draft: bool


def parse_page(root: Path, rel: str, data: bytes, out: Collector) -> _Parsed | None:
    """One page file's bytes as a page, or None with its problems in ``out``."""
    mine = Collector()
    try:
        text = normalise_text(data)
    except UnicodeDecodeError:
        out.error(rel, msg("page.unreadable"))
        return None
    try:
        fm, body, _ = split_front_matter(text)
    except FrontMatterError:
        out.error(rel, msg("page.front_matter"), line=1)
        return None
    try:
        doc = load_yaml(fm)
    except YamlSyntaxError as exc:
        out.error(rel, exc.message, line=(exc.line + 1) if exc.line else None)
        return None
    doc.offset = 1
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        out.error(rel, msg("page.not_mapping"), line=2)
        return None
    warn_cut_values(doc, mine, rel)
    renamed, _ = apply_aliases(doc, ALIASES)
    data_ = doc.data

    def error(message, *path):
        mine.error(rel, message, field_name(path), doc.line(*path))

    for key in data_:
        if key not in FIELDS:
            suggestion = suggest_key(key, FIELDS)
            mine.warn(rel, msg("page.unknown_field_near", suggestion=suggestion) if suggestion
                      else msg("page.unknown_field", known=", ".join(FIELDS)), str(key), doc.line(key))

    def text(key: str) -> str:
        value = data_.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            error(msg("page.one_line"), key)
            return ""
        return " ".join(str(value).split())

    def flag(key: str) -> bool:
        value = data_.get(key, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        error(msg("page.flag", value=value), key)
        return False

    title = text("title")
    if not title:
        mine.error(rel, msg("page.needs_title"), "title", doc.line("title") or 2)
    stem = rel.rsplit("/", 1)[-1][:-3]
    slug = slugify(text("slug")) if data_.get("slug") is not None else slugify(stem)
    if not slug:
        error(msg("page.no_slug"), "slug")
    elif slug in RESERVED_SLUGS:
        error(msg("page.reserved", slug=slug), "slug")
    order = data_.get("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, (int, float))):
        error(msg("page.order", value=order), "order")
        order = None
    images = _images(root, rel, data_.get("images"), error)
    body_html = markdown_to_html(body) if body.strip() else ""
    summary = text("summary") or shorten(first_paragraph(body_html))
    nav, draft = flag("nav"), flag("draft")
    name_fields_as_written(mine, renamed)
    out.extend(mine)
    if mine.problems:
        return None
    return _Parsed(StorePage(slug, rel, title, body_html, summary, order, nav, images), draft)


def _images(root: Path, rel: str, value, error) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        error(msg("page.images"), "images")
        return ()
    folder = root / PAGES_DIR
    found = []
    for i, name in enumerate(value):
        path = Path(os.path.normpath(folder / str(name)))
        inside = Collector()
        if not check_inside(root, path, inside, rel, shown=str(name)):
            error(inside.problems[0].message, "images", i)
        elif path.suffix.lower() not in IMAGE_EXTENSIONS:
            error(msg("page.image_kind", name=name), "images", i)
        elif not path.is_file():
            error(msg("page.image_missing", name=name), "images", i)
        else:
            try:
                found.append(path.relative_to(root).as_posix())
            except ValueError:
                found.append(path.resolve().relative_to(root.resolve()).as_posix())
    return tuple(found)


def check_addresses(pages: list[StorePage], products: list[Product], categories: list[dict],
                    out: Collector) -> list[StorePage]:
    """The pages whose address no product, category or other page has; each clash is a problem
    naming both files. ``categories`` as :func:`generator.site.render.categorise` gives them."""
    taken: dict[str, tuple[str, str]] = {f"{p.slug}/": ("product", p.source) for p in products}
    for cat in categories:
        source = next((p.source for p in products if p.category and fold_name(p.category) == cat["key"]), "")
        taken.setdefault(cat["rel"], ("category", f"{cat['name']}\0{source}"))
    kept = []
    for page in pages:
        rel = f"{page.slug}/"
        found = taken.get(rel)
        if found is None:
            taken[rel] = ("page", page.source)
            kept.append(page)
            continue
        kind, other = found
        if kind == "product":
            out.error(page.source, msg("page.clash_product", other=other, rel=rel), "slug")
        elif kind == "category":
            name, source = other.split("\0")
            out.error(page.source, msg("page.clash_category", name=name, other=source, rel=rel), "slug")
        else:
            out.error(page.source, msg("page.clash_page", first=other, second=page.source, rel=rel), "slug")
    return kept


def photo_paths(pages: list[StorePage]) -> list[str]:
    """The photos the pages show, for the photo pipeline."""
    return [path for page in pages for path in page.images]
