"""Walk ``products/``: read each product file, check every field, find photos and slug clashes."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from generator import cache
from generator.content.checkout import Fields, read_sale, read_stock
from generator.errors import Collector, Problem
from generator.content.links import LinkError, check_template, marketplace_buttons
from generator.content.model import Product, Sale, Store, Variant, product_from_json, product_to_json, read_ratio
from generator.content.money import PriceError, parse_price, price_warning
from generator.content.text import first_paragraph, markdown_to_html, shorten, slugify
from generator.content.sources import IMAGE_EXTENSIONS, Inputs, SourceFile, check_inside, find_sources  # noqa: F401
from generator.parallel import Workers
from generator.messages import Msg, define, msg
from generator.content.yamlread import as_date, Doc, FrontMatterError, YamlSyntaxError, load_yaml, normalise_text, split_front_matter
from generator.content.yamlread import apply_aliases, name_fields_as_written, suggest_key, warn_cut_values

log = logging.getLogger(__name__)

RESERVED_SLUGS = {"kategori", "category", "assets", "photos", "404", "sitemap", "robots", "keranjang", "cart", "qr",
                  "cara-pesan", "how-to-order", "tag"}
FIELDS = {
    "title", "price", "compare_at_price", "images", "category", "tags", "options", "variants", "stock",
    "sold_out", "marketplaces", "whatsapp_message", "draft", "order", "summary", "slug", "sku", "date", "sale",
    "photo_ratio",
    "weight", "import",  # written by 'lapak import': grams, and the marketplace's id a later import matches on
    "brand", "condition", "google_product_category", "gtin", "mpn",  # for the catalogue feeds (see site/feeds.py)
}
# What a product's 'condition:' may say, in either language, and what the feeds write for it.
CONDITIONS = {"new": "new", "baru": "new", "used": "used", "bekas": "used", "refurbished": "refurbished",
              "rekondisi": "refurbished"}
# Indonesian names sellers type for fields: read as the field they stand for.
ALIASES = {
    "judul": "title", "harga": "price", "harga_coret": "compare_at_price", "stok": "stock", "habis": "sold_out",
    "kategori": "category", "foto": "images", "varian": "variants", "pilihan": "options",
    "merek": "brand", "kondisi": "condition", "barcode": "gtin",
}
define({
    "product.unknown_key": ("isian tidak dikenal, diabaikan. Maksud Anda '{suggestion}'?",
                            "unknown field, ignored. Did you mean '{suggestion}'?"),
    "product.unknown_key_plain": ("isian tidak dikenal, diabaikan.", "unknown field, ignored."),
    "product.bad_weight": ('"{value}" bukan berat. Tulis beratnya dalam gram, angka bulat saja, seperti 250.',
                           '"{value}" is not a weight. Write the weight in grams as a whole number, such as 250.'),
    "product.alias_twice": (
        "'{alias}' (baris ini) dan '{name}' (baris {line}) adalah isian yang sama: '{alias}' adalah nama "
        "Indonesia untuk '{name}'. Pakai salah satu saja.",
        "'{alias}' (this line) and '{name}' (line {line}) are the same field: '{alias}' is the Indonesian "
        "name of '{name}'. Keep only one of them."),
    "product.list": ("tulis ini sebagai daftar, misalnya [kopi, oleh-oleh]",
                     "write this as a list, such as [kopi, oleh-oleh]"),
    "product.not_mapping": (
        "keterangan di antara baris-baris '---' harus berupa baris 'nama: isi', misalnya 'title: Kopi Gayo'",
        "the details between the '---' lines must be 'key: value' lines, such as 'title: Kopi Gayo'"),
    "product.needs_title": ("setiap produk butuh judul: tambahkan baris seperti 'title: Kopi Gayo 250 g'",
                            "every product needs a title: add a line such as 'title: Kopi Gayo 250 g'"),
    "product.needs_price": ("setiap produk butuh harga: tambahkan baris seperti 'price: 150000'",
                            "every product needs a price: add a line such as 'price: 150000'"),
    "product.no_discount": (
        "harga coret (harga sebelum diskon) tidak lebih tinggi daripada harga jual, jadi diskon tidak ditampilkan",
        "the price before discount is not higher than the price, so no discount is shown"),
    "product.bad_slug": ("slug (bagian alamat halaman) harus mengandung huruf atau angka, misalnya 'kopi-gayo'",
                         "the slug (the page's address) must have letters or digits, such as 'kopi-gayo'"),
    "product.no_slug": (
        "nama file ini tidak mengandung huruf atau angka untuk dijadikan alamat halaman; ganti nama filenya, "
        "atau tambahkan baris seperti 'slug: kopi-gayo'",
        "the file name has no letters or digits to make the page's address from; rename it, "
        "or add a line such as 'slug: kopi-gayo'"),
    "product.reserved_slug": (
        "alamat '{slug}' dipakai Lapak untuk halamannya sendiri; ganti nama file atau tulis slug yang lain",
        "'{slug}' is used by Lapak for its own pages; rename the file or set another slug"),
    "product.bad_stock": ('"{value}" bukan jumlah stok; tulis bilangan bulat seperti 12 (0 berarti habis)',
                          '"{value}" is not a stock count; write a whole number such as 12 (0 means sold out)'),
    "product.bad_order": ('"{value}" bukan angka; tulis angka seperti 1 (angka yang lebih kecil tampil lebih dulu)',
                          '"{value}" is not a number; write a number such as 1 (lower numbers come first)'),
    "product.bad_date": ('"{value}" bukan tanggal; tulis sebagai tahun-bulan-tanggal, misalnya 2024-05-31',
                         '"{value}" is not a date; write it as year-month-day, such as 2024-05-31'),
    "product.bad_ratio": (
        '"{value}" bukan bentuk foto yang dikenal Lapak. Tulis salah satu: 1:1 (persegi), 4:5 atau 3:4 (tegak, '
        'cocok untuk pakaian), misalnya \'photo_ratio: 4:5\', atau hapus baris ini supaya produk ini memakai '
        'bentuk dari store.yml.',
        '"{value}" is not a photo shape Lapak knows. Write one of 1:1 (square), 4:5 or 3:4 (portrait, good for '
        'clothing), such as \'photo_ratio: 4:5\', or remove the line so this product uses the shape in '
        'store.yml.'),
    "product.variants_list": ("tulis varian sebagai daftar: '- name: M' dengan 'price: 150000' di bawahnya",
                              "write variants as a list: '- name: M' with 'price: 150000' under it"),
    "product.variant_name": ("setiap varian butuh nama, misalnya '- name: Ukuran M'",
                             "each variant needs a name, such as '- name: Ukuran M'"),
    "product.variant_twice": ("varian '{name}' tertulis dua kali", "the variant '{name}' is listed twice"),
    "product.variant_unknown_key": ("isian varian tidak dikenal, diabaikan", "unknown variant field, ignored"),
    "product.options_mapping": (
        "tulis pilihan sebagai baris 'Nama pilihan: [isi, isi]', misalnya 'Ukuran: [S, M, L]'",
        "write options as 'Choice: [value, value]' lines, such as 'Ukuran: [S, M, L]'"),
    "product.option_values": ("sebutkan pilihan untuk '{name}', misalnya [S, M, L]",
                              "list the choices for '{name}', such as [S, M, L]"),
    "product.images_list": ("tulis images sebagai daftar nama file, misalnya [depan.jpg, samping.jpg]",
                            "write images as a list of file names, such as [depan.jpg, samping.jpg]"),
    "product.not_photo": ("'{name}' bukan foto yang bisa dipakai Lapak (JPEG, PNG, WebP, AVIF, HEIC atau GIF)",
                          "'{name}' is not a photo Lapak can use (JPEG, PNG, WebP, AVIF, HEIC or GIF)"),
    "product.photo_missing": ("foto '{name}' tidak ada di folder yang sama dengan {file}",
                              "the photo '{name}' was not found next to {file}"),
    "product.bad_gtin": (
        '"{value}" bukan nomor barcode (GTIN): tulis 8, 12, 13 atau 14 angka persis seperti di bawah barcode '
        'kemasan, dalam tanda kutip, misalnya gtin: "8991234567891". Hapus baris ini kalau produk tidak punya barcode',
        '"{value}" is not a barcode number (GTIN): write the 8, 12, 13 or 14 digits exactly as under the '
        'barcode on the package, in quotes, such as gtin: "8991234567891". Remove the line when the product has no '
        'barcode'),
    "product.gtin_with_variants": (
        "produk ini punya varian, dan tiap varian punya barcode sendiri di katalog: pindahkan 'gtin:' ke bawah "
        "varian yang memakai barcode itu (di bawah '- name: ...')",
        "this product has variants, and each variant has its own barcode in the catalogues: move 'gtin:' under "
        "the variant that barcode belongs to (below its '- name: ...')"),
    "product.bad_condition": (
        '"{value}" bukan kondisi barang; tulis baru, bekas atau rekondisi (atau new, used, refurbished)',
        '"{value}" is not a condition; write new, used or refurbished (or baru, bekas, rekondisi)'),
    "product.slug_clash": (
        "dua produk mendapat alamat yang sama '{slug}': {first} dan {second}. Ganti nama salah satu file, "
        "atau beri salah satunya 'slug:' yang lain",
        "two products have the address '{slug}': {first} and {second}. Rename one file, or give one a "
        "different 'slug:'"),
})


class _Fields:
    """Typed access to one product's front matter that records a problem for each bad field."""

    def __init__(self, rel: str, doc: Doc, out: Collector):
        self.rel, self.doc, self.data, self.out = rel, doc, doc.data, out

    def error(self, message: Msg, *path: object) -> None:
        self.out.error(self.rel, message, _field_name(path), self.doc.line(*path))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.error(msg("value.one_line"), key)
            return ""
        return str(value).strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(msg("value.yes_no", value=str(value)), key)
            return False
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(t.strip() for t in value.split(",") if t.strip())
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.error(msg("product.list"), key)
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def price(self, currency: str, *path: object) -> Decimal | None:
        value = self.data
        for p in path:
            if isinstance(value, dict):
                value = value.get(p)
            elif isinstance(value, list) and isinstance(p, int) and p < len(value):
                value = value[p]
            else:
                value = None
        raw = self.doc.raw_scalar(*path)
        if value is None and (raw is None or path[-1] != "price"):  # an empty 'price:' is an error
            return None
        try:
            amount = parse_price(value, currency, raw)
        except PriceError as exc:
            self.error(exc.msg, *path)  # shown in the store's language
            return None
        warning = price_warning(amount, currency)
        if warning is not None:
            self.out.warn(self.rel, warning, _field_name(path), self.doc.line(*path))
        return amount


def _field_name(path: tuple) -> str | None:
    name = ""
    for p in path:
        name += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if name else str(p))
    return name or None


def parse_product(store: Store, src: SourceFile, text: str) -> tuple[Product | None, Collector]:
    """Read one product file's text into a :class:`Product`, collecting every problem in it."""
    out = Collector()
    rel = src.rel
    try:
        fm, body, body_line = split_front_matter(text)
    except FrontMatterError as exc:
        out.error(rel, exc.message, line=1)
        return None, out
    try:
        doc = load_yaml(fm)
    except YamlSyntaxError as exc:
        out.error(rel, exc.message, line=(exc.line + 1) if exc.line else None)
        return None, out
    doc.offset = 1  # the YAML starts on the file's second line
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        out.error(rel, msg("product.not_mapping"), line=2)
        return None, out
    warn_cut_values(doc, out, rel)
    renamed, clashes = apply_aliases(doc, ALIASES)  # harga: 150000 is price: 150000
    for alias, name, alias_line, name_line in clashes:
        out.error(rel, msg("product.alias_twice", alias=alias, name=name, line=name_line), alias, alias_line)
    f = _Fields(rel, doc, out)
    data = doc.data
    for key in data:
        if key not in FIELDS:
            suggestion = suggest_key(key, FIELDS | set(ALIASES))
            out.warn(rel, msg("product.unknown_key", suggestion=suggestion) if suggestion
                     else msg("product.unknown_key_plain"), str(key), doc.line(key))

    title = f.text("title")
    if not title:
        out.error(rel, msg("product.needs_title"), "title", doc.line("title") or 2)
    cur = store.currency
    price = f.price(cur, "price")
    if "price" not in data:
        out.error(rel, msg("product.needs_price"), "price", 2)
    compare = f.price(cur, "compare_at_price")
    if compare is not None and price is not None and compare <= price:
        out.warn(rel, msg("product.no_discount"), "compare_at_price", doc.line("compare_at_price"))
        compare = None

    slug = src.default_slug
    if data.get("slug") is not None:
        slug = slugify(f.text("slug"))
        if not slug:
            f.error(msg("product.bad_slug"), "slug")
    elif not slug:
        out.error(rel, msg("product.no_slug"), "slug", None)
    if slug in RESERVED_SLUGS:
        out.error(rel, msg("product.reserved_slug", slug=slug), "slug", doc.line("slug"))

    fields = Fields(rel, doc, out, cur)
    sale = read_sale(fields, price, "sale")
    variants = _variants(f, fields, cur, price, compare, sale)
    options = _options(f)
    sold_out = f.flag("sold_out")
    stock, none_left = read_stock(fields, "stock")
    sold_out = sold_out or none_left

    buttons, problems = marketplace_buttons(data.get("marketplaces"))
    for key, problem in problems:
        f.error(problem, *(("marketplaces",) if key is None else ("marketplaces", key)))

    message = ""
    if data.get("whatsapp_message"):
        message = str(data["whatsapp_message"]).strip("\n")
        try:
            check_template(message)
        except LinkError as exc:
            f.error(exc.message, "whatsapp_message")

    weight = data.get("weight")
    if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0):
        f.error(msg("product.bad_weight", value=weight), "weight")

    order = data.get("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, (int, float))):
        f.error(msg("product.bad_order", value=str(order)), "order")
        order = None

    date = _date(f)
    condition = f.text("condition")
    if condition and condition.lower() not in CONDITIONS:
        f.error(msg("product.bad_condition", value=condition), "condition")
    condition = CONDITIONS.get(condition.lower(), "")
    mark = data.get("import")
    import_id = str(mark.get("id") or "").strip() if isinstance(mark, dict) else ""
    ratio = _ratio(f)
    images = _images(store, src, f)
    body_html = markdown_to_html(body) if body.strip() else ""
    summary = f.text("summary") or shorten(first_paragraph(body_html))
    category, tags, draft, sku = f.text("category"), f.text_list("tags"), f.flag("draft"), f.text("sku")
    gtin, mpn = _gtin(f, data.get("gtin"), "gtin"), f.text("mpn")[:MPN_LIMIT]
    if gtin and variants:  # each variant is its own item in the catalogues, with its own barcode
        out.warn(rel, msg("product.gtin_with_variants"), "gtin", f.doc.line("gtin"))
    name_fields_as_written(out, renamed)
    if out.problems:
        return None, out
    product = Product(
        slug=slug, source=rel, title=title, price=price, compare_at_price=compare, images=images,
        category=category, tags=tags, options=options, variants=variants,
        sold_out=sold_out, marketplaces=tuple(buttons), whatsapp_message=message, draft=draft,
        order=order, summary=summary, body_html=body_html, sku=sku, date=date, stock=stock, sale=sale,
        import_id=import_id, brand=f.text("brand"), condition=condition,
        google_category=f.text("google_product_category"),
        photo_ratio=ratio, gtin=gtin, mpn=mpn,
    )
    return product, out


MPN_LIMIT = 70  # characters: Google's limit for a part number


def _gtin(f: _Fields, value, *path) -> str:
    """A barcode number (GTIN-8, -12, -13 or -14) as written on the package, or "" (none, or a problem recorded).
    Read from the text as typed: YAML would read an unquoted 0-led number as another number."""
    if value in (None, ""):
        return ""
    raw = f.doc.raw_scalar(*path)
    text = raw[0] if raw and not isinstance(value, str) else str(value)
    digits = "".join(text.split()).replace("-", "")
    if not (digits.isdigit() and len(digits) in (8, 12, 13, 14) and gtin_check_digit(digits[:-1]) == digits[-1]):
        f.error(msg("product.bad_gtin", value=str(text).strip()), *path)
        return ""
    return digits


def gtin_check_digit(body: str) -> str:
    """The GS1 check digit of a GTIN without it: weights 3 and 1 from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _ratio(f: _Fields) -> str:
    """``photo_ratio: 4:5`` (this product's card photo shape), or "" for the store's."""
    value = f.data.get("photo_ratio")
    if value in (None, ""):
        return ""
    written = f.doc.raw_scalar("photo_ratio")  # as typed: YAML reads an unquoted 4:5 as the number 245
    text = written[0] if written else "..."
    ratio = None if isinstance(value, (dict, list)) else read_ratio(text)
    if ratio is None:
        f.error(msg("product.bad_ratio", value=text), "photo_ratio")
        return ""
    return ratio


def _date(f: _Fields) -> str:
    """``date: 2024-05-31`` (when the product was added, for "newest first") as ISO text, or ""."""
    value = f.data.get("date")
    if value is None:
        return ""
    day = as_date(value)
    if day is None:
        f.error(msg("product.bad_date", value=str(value)), "date")
        return ""
    return day.isoformat()


def _variants(f: _Fields, fields: Fields, currency: str, price: Decimal | None, compare: Decimal | None,
              sale: Sale | None) -> tuple[Variant, ...]:
    """The variants; one without its own price, compare-at price or sale has the product's."""
    value = f.data.get("variants")
    if value is None:
        return ()
    if not isinstance(value, list):
        f.error(msg("product.variants_list"), "variants")
        return ()
    variants, seen = [], set()
    for i, item in enumerate(value):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            item = {"name": item}
        if not isinstance(item, dict) or item.get("name") in (None, ""):
            f.error(msg("product.variant_name"), "variants", i)
            continue
        name = str(item["name"]).strip()
        if name in seen:
            f.error(msg("product.variant_twice", name=name), "variants", i, "name")
        seen.add(name)
        unknown = set(item) - {"name", "price", "compare_at_price", "sku", "sold_out", "stock", "sale", "gtin", "mpn"}
        for key in sorted(map(str, unknown)):
            f.out.warn(f.rel, msg("product.variant_unknown_key"), _field_name(("variants", i, key)),
                       f.doc.line("variants", i, key))
        v_price = f.price(currency, "variants", i, "price") if "price" in item else price
        v_compare = f.price(currency, "variants", i, "compare_at_price") if "compare_at_price" in item else compare
        sold = item.get("sold_out", False)
        if not isinstance(sold, bool):
            f.error(msg("value.yes_no", value=str(sold)), "variants", i, "sold_out")
            sold = False
        stock, none_left = read_stock(fields, "variants", i, "stock")
        sold = sold or none_left
        if "sale" in item:
            v_sale = read_sale(fields, v_price, "variants", i, "sale")
        else:  # the product's sale, where it lowers this variant's price
            v_sale = sale if sale is not None and v_price is not None and sale.price < v_price else None
        if v_price is None:
            continue
        if v_compare is not None and v_compare <= v_price:
            v_compare = None
        variants.append(Variant(name, v_price, v_compare, str(item.get("sku") or ""), sold, stock, v_sale,
                                _gtin(f, item.get("gtin"), "variants", i, "gtin"),
                                str(item.get("mpn") or "").strip()[:MPN_LIMIT]))
    return tuple(variants)


def _options(f: _Fields) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = f.data.get("options")
    if value is None:
        return ()
    if not isinstance(value, dict):
        f.error(msg("product.options_mapping"), "options")
        return ()
    options = []
    for name, values in value.items():
        if isinstance(values, str):
            values = [v.strip() for v in values.split(",")]
        if not isinstance(values, list) or not values or any(isinstance(v, (dict, list)) for v in values):
            f.error(msg("product.option_values", name=str(name)), "options", name)
            continue
        options.append((str(name).strip(), tuple(str(v).strip() for v in values if str(v).strip())))
    return tuple(options)


def _images(store: Store, src: SourceFile, f: _Fields) -> tuple[str, ...]:
    """The product's photos, relative to the store folder: its folder's, or those ``images:`` names."""
    value = f.data.get("images")
    if value is None:
        return tuple(f"{src.folder}/{n}" for n in src.folder_images)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        f.error(msg("product.images_list"), "images")
        return ()
    root = store.root
    folder = src.path.parent
    found = []
    for i, name in enumerate(value):
        path = Path(os.path.normpath(folder / str(name)))
        if not check_inside(root, path, f.out, f.rel, _field_name(("images", i)), f.doc.line("images", i), str(name)):
            continue
        if path.suffix.lower() not in IMAGE_EXTENSIONS:
            f.error(msg("product.not_photo", name=str(name)), "images", i)
        elif not path.is_file():
            f.error(msg("product.photo_missing", name=str(name), file=src.rel.rsplit("/", 1)[-1]), "images", i)
        else:
            try:
                found.append(path.relative_to(root).as_posix())
            except ValueError:  # inside only through a link: name the file it stands for
                found.append(path.resolve().relative_to(root.resolve()).as_posix())
    return tuple(found)


PARSE_BATCH = 50  # product files a worker parses per task


def _parse_chunk(args: tuple[Store, list[tuple[str, SourceFile, bytes]], Path | None]) -> list[tuple[Product | None, Collector]]:
    """Worker: parse some product files (their bytes as the build read them), each with its cache key; and
    keep the ones that parsed cleanly in the cache ``folder`` (when given) here, where they were made:
    creating a file is slow on some disks, and the main process would otherwise create them one by one."""
    store, work, folder = args
    results = []
    for key, src, data in work:
        product, collected = _parse_one(store, src, data)
        if folder is not None and product is not None and not collected.problems:
            ProductCache.keep(folder, key, product, collected)
        results.append((product, collected))
    return results


def _parse_one(store: Store, src: SourceFile, data: bytes) -> tuple[Product | None, Collector]:
    try:
        text = normalise_text(data)
    except UnicodeDecodeError:
        out = Collector()
        out.error(src.rel, msg("file.not_utf8"))
        return None, out
    return parse_product(store, src, text)


def product_key(store: Store, src: SourceFile, sha: str) -> str:
    """What a parsed product depends on: its path, its bytes, its folder's photos, the store's currency."""
    return _product_key(src.rel, sha, src.folder_images, store.currency)


@lru_cache(maxsize=65536)  # the preview asks for every product's key on every save
def _product_key(rel: str, sha: str, images: tuple[str, ...], currency: str) -> str:
    return cache.key("product", rel, sha, images, currency)


class ProductCache:
    """Parsed products by key: one JSON file each in ``folder`` (``.lapak-cache/products/``), and the
    products themselves in memory once read (the preview keeps one cache across rebuilds).

    A missing or damaged file is a miss. ``write`` False (``lapak check``) keeps nothing on disk.
    """

    def __init__(self, folder: Path | None, write: bool = True):
        self.folder = folder
        self.write = write and folder is not None
        self.memory: dict[str, tuple[Product, Collector]] = {}

    def get(self, key: str) -> tuple[Product, Collector] | None:
        hit = self.memory.get(key)
        if hit is None and self.folder is not None:
            entry = cache.read_json(self.folder / f"{key}.json")
            try:
                collected = Collector()
                collected.warnings = [Problem.from_json(w) for w in entry["warnings"]]
                hit = self.memory[key] = (product_from_json(entry["product"]), collected)
            except (KeyError, TypeError, ValueError, ArithmeticError):
                return None
        return hit

    def remember(self, key: str, product: Product, collected: Collector) -> None:
        """Hold a parsed product in memory (its file is written by :meth:`keep`, where it was parsed)."""
        self.memory[key] = (product, collected)

    @staticmethod
    def keep(folder: Path, key: str, product: Product, collected: Collector) -> None:
        """Write one product's cache file (from any process: the file is named after its key)."""
        cache.write_json(folder / f"{key}.json", {"product": product_to_json(product),
                                                  "warnings": [w.to_json() for w in collected.warnings]})

    def keep_only(self, used: set[str]) -> None:
        """Forget products no source has any more (an edited file's old version, a removed file)."""
        self.memory = {k: v for k, v in self.memory.items() if k in used}
        if self.write:
            cache.prune(self.folder, {f"{k}.json" for k in used}, ".json")


def load_catalog(store: Store, sources: list[SourceFile], inputs: Inputs, products_cache: ProductCache,
                 drafts: bool, workers: Workers | None = None) -> tuple[list[Product], Collector, int, dict[str, str]]:
    """Parse every product (from ``products_cache`` when its key is known), then check slug clashes.

    Files that parse cleanly are kept in the cache; a file with problems is read again next time
    (a missing photo may have been added since). Returns the products in storefront order, the
    problems, how many files were parsed, and each product's key by slug (what its pages are keyed by).
    """
    out = Collector()
    found: dict[str, tuple[Product | None, Collector]] = {}
    keys, todo = [], []
    for src in sources:
        key = product_key(store, src, src.sha) if src.sha else None
        hit = products_cache.get(key) if key else None
        if hit is None:
            try:
                data = inputs.read(src.path)
            except OSError as exc:
                out.error(src.rel, msg("file.unreadable", reason=str(exc.strerror or exc)))
                continue
            key = product_key(store, src, hashlib.sha256(data).hexdigest())
            hit = products_cache.get(key)
            if hit is None and key not in found:
                todo.append((key, src, data))
        if hit is not None:
            found[key] = hit
        keys.append((key, src))
    if todo:
        # A worker holds one batch and the products made of it at a time: a few dozen, whatever the catalogue.
        folder = products_cache.folder if products_cache.write else None
        batches = [(store, todo[i:i + PARSE_BATCH], folder) for i in range(0, len(todo), PARSE_BATCH)]
        results = [r for rs in (workers.map(_parse_chunk, batches, min_items=2, per_task=1) if workers and len(todo) >= 64
                                else map(_parse_chunk, batches)) for r in rs]
        for (key, _, _), (product, collected) in zip(todo, results):
            found[key] = (product, collected)
            if product is not None and not collected.problems:
                products_cache.remember(key, product, collected)
    products, by_slug, slug_keys = [], {}, {}
    for key, src in keys:
        product, collected = found[key]
        out.extend(collected)
        if product is None or (product.draft and not drafts):
            continue
        if product.slug in by_slug:
            first = by_slug[product.slug]
            out.error(src.rel, msg("product.slug_clash", slug=product.slug, first=first.source, second=src.rel), "slug")
            continue
        by_slug[product.slug] = product
        slug_keys[product.slug] = key
        products.append(product)
    products_cache.keep_only({key for key, _ in keys})
    # Products with an 'order' come first, lowest first; the rest follow by title.
    products.sort(key=lambda p: (p.order is None, p.order or 0, p.title.lower(), p.slug))
    return products, out, len(todo), slug_keys


__all__ = ["Problem", "ProductCache", "find_sources", "load_catalog", "parse_product", "SourceFile",
           "IMAGE_EXTENSIONS"]
