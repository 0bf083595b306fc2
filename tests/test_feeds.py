"""The catalogue feeds (feeds/meta.csv, feeds/google.xml, feeds/tiktok.csv) as Meta, Google and TikTok read them,
and the warnings ``lapak check`` gives for what those platforms would refuse."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from click.testing import CliRunner

from conftest import REPO, Store, copy_store, make_photo
from generator.cli import main

G = "{http://base.google.com/ns/1.0}"
PRICE = re.compile(r"^\d+(\.\d+)? [A-Z]{3}$")
META_REQUIRED = ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand"]
TIKTOK_REQUIRED = ["sku_id", "title", "description", "availability", "condition", "price", "link", "image_link",
                   "brand"]
GOOGLE_REQUIRED = ["id", "title", "description", "link", "image_link", "availability", "price", "condition",
                   "brand"]


def build(root: Path, output: Path):
    return CliRunner().invoke(main, ["build", str(root), "--output", str(output)])


def check(root: Path, output: Path):
    return CliRunner().invoke(main, ["check", str(root), "--output", str(output)])


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def google_items(path: Path) -> list[dict[str, list[str]]]:
    root = ET.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = []
    for item in root.find("channel").findall("item"):
        fields: dict[str, list[str]] = {}
        for child in item:
            assert child.tag.startswith(G), child.tag
            fields.setdefault(child.tag[len(G):], []).append(child.text or "")
        items.append(fields)
    return items


def ld_skus(html: str) -> set[str]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    return {v["sku"] for v in data.get("hasVariant", [])} | ({data["sku"]} if "sku" in data else set())


def check_common(out: Path, base: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Every rule the three feeds share, for any store; returns their rows."""
    meta, tiktok, google = (read_csv(out / "feeds/meta.csv"), read_csv(out / "feeds/tiktok.csv"),
                            google_items(out / "feeds/google.xml"))
    assert meta and len(meta) == len(tiktok) == len(google)
    for row in meta:
        assert all(row[k].strip() for k in META_REQUIRED), row
        assert row["availability"] in ("in stock", "out of stock")
        assert PRICE.match(row["price"]) and (not row["sale_price"] or PRICE.match(row["sale_price"]))
        assert row["link"].startswith(base) and row["link"].endswith("/?src=meta")
        assert row["image_link"].startswith(base + "photos/") and row["image_link"].endswith(".jpg")
        assert (out / row["image_link"][len(base):]).is_file()
        assert "<" not in row["description"] and len(row["title"]) <= 150
    for row in tiktok:
        assert all(row[k].strip() for k in TIKTOK_REQUIRED), row
        assert row["link"].endswith("/?src=tiktok")
    for item in google:
        assert all(item.get(k, [""])[0].strip() for k in GOOGLE_REQUIRED), item
        assert item["availability"][0] in ("in_stock", "out_of_stock")
        assert PRICE.match(item["price"][0])
        # a barcode or a part number, or the statement that there is none
        assert ("gtin" in item or "mpn" in item) != (item.get("identifier_exists") == ["no"]), item
        assert item["link"][0].endswith("/?src=google") and len(item["id"][0]) <= 50
        assert len(item.get("additional_image_link", [])) <= 10
    ids = [r["id"] for r in meta]
    assert len(set(ids)) == len(ids)
    assert ids == [r["sku_id"] for r in tiktok] == [i["id"][0] for i in google]
    return meta, tiktok, google


# --------------------------------------------------------------------------- the example store


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Path, Path]:
    root = copy_store(REPO / "content", tmp_path_factory.mktemp("example") / "content")
    out = root.parent / "out"
    result = build(root, out)
    assert result.exit_code == 0, result.output
    return root, out


def test_example_store_publishes_three_feeds_that_pass_every_rule(example):
    root, out = example
    meta, tiktok, google = check_common(out, "https://contoh-toko.netlify.app/")
    slugs = {p.name.removesuffix(".md") for p in (root / "products").iterdir()} - {"wedang-uwuh"}  # no photo
    # every product with a photo is there: one row each, or one per variant grouped by the product
    linked = {r["link"].split("/")[3] for r in meta}
    assert linked == slugs
    batik = [r for r in meta if "/kemeja-batik-parang/" in r["link"]]
    assert len(batik) > 1 and len({r["item_group_id"] for r in batik}) == 1 and batik[0]["item_group_id"]
    # the ids are the JSON-LD sku of each product page
    for slug in slugs:
        page = (out / slug / "index.html").read_text(encoding="utf-8")
        assert ld_skus(page) == {r["id"] for r in meta if f"/{slug}/" in r["link"]}, slug


def test_example_store_checks_with_one_feed_warning_its_product_without_a_photo(example):
    root, out = example
    result = check(root, out)  # feeds published by default: no advice about platforms the seller may not use
    assert result.exit_code == 0 and "feeds/" not in result.output, result.output
    config = root / "store.yml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + "feeds: true\n", encoding="utf-8")
    try:
        result = check(root, out)  # the seller says they use the catalogues: told what the platforms refuse
    finally:
        config.write_text(before, encoding="utf-8")
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "feeds/" in line]
    assert len(said) == 1 and "products/wedang-uwuh.md" in said[0] and "tanpa foto" in said[0], result.output


# --------------------------------------------------------------------------- variants, sales, sold out, names

STORE = """\
name: Toko Ünik
whatsapp: "0812-3456-7890"
base_url: https://contoh.github.io/toko/
language: en
"""
LONG = "A good cotton shirt, sewn in Solo from soft fabric that stays cool all day long."


def fill(s: Store) -> None:
    s.write("store.yml", STORE)
    s.product("kaos/", """\
        title: Kaos Polos
        price: 89000
        sku: KP
        brand: Kaos Solo
        condition: bekas
        google_product_category: "Apparel & Accessories > Clothing > Shirts & Tops"
        variants:
          - name: Hitam / M
            stock: 4
            gtin: "8991234567891"
            mpn: KP-H-M
          - name: Hijau Muda / XL
            price: 95000
            sale: {price: 80000, from: 2026-11-25, until: 2026-12-10}
          - name: Putih / S
            sold_out: true
          - name: 大号
        """, LONG)
    for name, colour in (("depan.jpg", (10, 20, 30)), ("belakang.jpg", (200, 100, 50))):
        make_photo(s.root / "products/kaos" / name, size=(1600, 1200), colour=colour)
    s.product("kue/", """\
        title: "Kue Lapis Legit — Spesial 🎉"
        price: "Rp 250.000"
        compare_at_price: "Rp 300.000"
        import: {source: shopee, id: "99887766"}
        stock: 0
        gtin: 012345670022
        """, "Lapis legit dengan 18 lapisan, dipanggang satu per satu dengan mentega Wijsman.")
    make_photo(s.root / "products/kue/1.jpg")
    s.product("teh/", "title: 茶叶礼盒\nprice: 120000\nsale: {price: 99000, from: 2026-12-20, until: 2026-12-31}",
              "Teh hijau pilihan dalam kotak hadiah, cocok untuk oleh-oleh Imlek.")
    make_photo(s.root / "products/teh/1.png", colour=(40, 160, 60))
    s.product("rahasia/", "title: Belum dijual\nprice: 1000\ndraft: true", LONG)
    make_photo(s.root / "products/rahasia/1.jpg")


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> tuple[Store, list[dict], list[dict], list[dict]]:
    import os

    s = Store(tmp_path_factory.mktemp("variants") / "store")
    fill(s)
    os.environ["LAPAK_TODAY"] = "2026-12-01"
    try:
        result = s.build()
    finally:
        del os.environ["LAPAK_TODAY"]
    assert result.exit_code == 0, result.output
    return (s, *check_common(s.output, "https://contoh.github.io/toko/"))


def by_id(rows: list[dict], key: str = "id") -> dict[str, dict]:
    return {r[key] if isinstance(r[key], str) else r[key][0]: r for r in rows}


def test_one_row_per_variant_with_stable_ids_grouped_by_the_product(variants):
    s, meta, tiktok, google = variants
    rows = by_id(meta)
    assert {"KP-hitam-m", "KP-hijau-muda-xl", "KP-putih-s"} <= set(rows)
    chinese = [k for k in rows if k.startswith("KP-") and k not in ("KP-hitam-m", "KP-hijau-muda-xl", "KP-putih-s")]
    assert len(chinese) == 1 and chinese[0].isascii()  # a name without Latin letters still gets a stable id
    assert {rows[k]["item_group_id"] for k in rows if k.startswith("KP-")} == {"KP"}
    assert rows["99887766"]["item_group_id"] == ""  # no variants: one row, the import id as its id
    assert rows["KP-hitam-m"]["title"] == "Kaos Polos (Hitam / M)"
    assert (rows["KP-hitam-m"]["size"], rows["KP-hitam-m"]["color"]) == ("M", "Hitam")
    assert (rows["KP-hijau-muda-xl"]["size"], rows["KP-hijau-muda-xl"]["color"]) == ("XL", "Hijau Muda")
    assert rows["KP-hitam-m"]["quantity_to_sell_on_facebook"] == "4"
    assert rows["KP-hitam-m"]["brand"] == "Kaos Solo" and rows["99887766"]["brand"] == "Toko Ünik"
    assert rows["KP-hitam-m"]["condition"] == "used" and rows["99887766"]["condition"] == "new"
    assert rows["KP-hitam-m"]["google_product_category"].startswith("Apparel & Accessories")
    assert rows["KP-hitam-m"]["additional_image_link"].endswith(".jpg")
    assert not any("rahasia" in r["link"] for r in meta)  # drafts are left out
    # the JSON-LD of the product page names the same ids
    assert ld_skus(s.page("kaos/index.html")) == {k for k in rows if k.startswith("KP-")}
    assert ld_skus(s.page("kue/index.html")) == {"99887766"}


def test_barcodes_and_part_numbers_reach_the_feeds_and_the_product_page(variants):
    """``gtin:``/``mpn:`` (a product's, or each variant's own) go to Google (then without identifier_exists), to
    Meta's columns and to the page's JSON-LD; a barcode written without quotes keeps its leading 0."""
    s, meta, tiktok, google = variants
    rows, items = by_id(meta), by_id(google)
    assert (items["KP-hitam-m"]["gtin"], items["KP-hitam-m"]["mpn"]) == (["8991234567891"], ["KP-H-M"])
    assert "identifier_exists" not in items["KP-hitam-m"]
    assert items["99887766"]["gtin"] == ["012345670022"] and "identifier_exists" not in items["99887766"]
    assert "gtin" not in items["KP-putih-s"] and items["KP-putih-s"]["identifier_exists"] == ["no"]
    assert (rows["KP-hitam-m"]["gtin"], rows["KP-hitam-m"]["mpn"], rows["KP-putih-s"]["gtin"]) == (
        "8991234567891", "KP-H-M", "")
    page = s.page("kaos/index.html")
    block = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    black = next(v for v in block["hasVariant"] if v["sku"] == "KP-hitam-m")
    assert (black["gtin"], black["mpn"]) == ("8991234567891", "KP-H-M")
    assert '"gtin":"012345670022"' in s.page("kue/index.html").replace(" ", "")


def test_a_wrong_barcode_names_the_file_line_and_field(store):
    store.product("sabun", "title: Sabun Sereh\nprice: 25000\ngtin: 8991234567890\nvariants:\n"
                           "  - name: Kecil\n    gtin: '12345'")
    result = store.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "products/sabun.md, baris 4, isian 'gtin'" in result.output
    assert '"8991234567890" bukan nomor barcode (GTIN)' in result.output  # its last digit does not check
    assert """products/sabun.md, baris 7, isian 'variants[1].gtin': "12345" bukan nomor barcode""" in result.output


def test_indonesian_names_for_the_feed_fields(tmp_path):
    """merek, kondisi and barcode, as sellers call them, are brand, condition and gtin."""
    s = Store(tmp_path / "store")
    s.write("store.yml", STORE)
    s.product("sabun/", "judul: Sabun Sereh\nharga: 25000\nmerek: Sari Alami\nkondisi: baru\nbarcode: '8991234567891'",
              LONG)
    make_photo(s.root / "products/sabun/1.jpg")
    result = s.build()
    assert result.exit_code == 0 and "tidak dikenal" not in result.output, result.output
    item = google_items(s.output / "feeds/google.xml")[0]
    assert (item["brand"], item["condition"], item["gtin"]) == (["Sari Alami"], ["new"], ["8991234567891"])


def test_a_barcode_on_a_product_with_variants_is_moved_under_a_variant(store):
    store.product("sabun", "title: Sabun Sereh\nprice: 25000\ngtin: '8991234567891'\nvariants:\n  - Kecil\n  - Besar")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "products/sabun.md, baris 4, isian 'gtin'" in result.output and "pindahkan 'gtin:'" in result.output


def test_sold_out_sales_and_discounts(variants):
    s, meta, tiktok, google = variants
    rows, items, tt = by_id(meta), by_id(google), by_id(tiktok, "sku_id")
    assert rows["KP-putih-s"]["availability"] == "out of stock" and items["KP-putih-s"]["availability"] == ["out_of_stock"]
    assert rows["99887766"]["availability"] == "out of stock"  # stock: 0
    assert rows["KP-hitam-m"]["availability"] == "in stock"
    sale = rows["KP-hijau-muda-xl"]
    assert (sale["price"], sale["sale_price"]) == ("95000 IDR", "80000 IDR")
    assert sale["sale_price_effective_date"] == "2026-11-25T00:00+07:00/2026-12-10T23:59+07:00"
    assert items["KP-hijau-muda-xl"]["sale_price_effective_date"] == [sale["sale_price_effective_date"]]
    assert tt["KP-hijau-muda-xl"]["sale_price"] == "80000 IDR"
    # a standing discount: the struck price is the price, the price the sale price
    assert (rows["99887766"]["price"], rows["99887766"]["sale_price"]) == ("300000 IDR", "250000 IDR")
    # a sale still to come: in Meta's and Google's feeds with its window, not yet in TikTok's
    tea = [r for r in meta if "/teh/" in r["link"]][0]
    assert tea["sale_price"] == "99000 IDR" and tea["sale_price_effective_date"].startswith("2026-12-20")
    assert tt[tea["id"]]["sale_price"] == "" and tea["title"] == "茶叶礼盒"


def test_tiktok_titles_have_no_emoji_and_others_keep_the_title(variants):
    s, meta, tiktok, google = variants
    assert by_id(meta)["99887766"]["title"] == "Kue Lapis Legit — Spesial 🎉"
    assert by_id(tiktok, "sku_id")["99887766"]["title"] == "Kue Lapis Legit — Spesial"
    assert by_id(google)["99887766"]["title"] == ["Kue Lapis Legit — Spesial 🎉"]


def test_feeds_are_the_same_bytes_when_built_again(variants, tmp_path):
    import os
    import shutil

    s = variants[0]
    again = copy_store(s.root, tmp_path / "again")
    os.environ["LAPAK_TODAY"] = "2026-12-01"
    try:
        assert build(again, tmp_path / "out").exit_code == 0
    finally:
        del os.environ["LAPAK_TODAY"]
    for name in ("meta.csv", "google.xml", "tiktok.csv"):
        assert (tmp_path / "out/feeds" / name).read_bytes() == (s.output / "feeds" / name).read_bytes(), name
    shutil.rmtree(tmp_path / "out")


def test_feeds_false_and_no_base_url_publish_no_feeds(store):
    store.product("kopi-gayo/", "title: Kopi Gayo\nprice: 85000", LONG)
    (store.root / "products/kopi-gayo.md").unlink()
    make_photo(store.root / "products/kopi-gayo/1.jpg")
    assert store.build().exit_code == 0
    assert (store.output / "feeds/meta.csv").is_file()
    store.write("store.yml", (store.root / "store.yml").read_text() + "feeds: false\n")
    assert store.build().exit_code == 0
    assert not (store.output / "feeds").exists()
    store.write("store.yml", (store.root / "store.yml").read_text().replace("feeds: false\n", "")
                .replace("base_url: https://contoh.github.io/toko/\n", ""))
    assert store.build().exit_code == 0
    assert not (store.output / "feeds").exists()


# --------------------------------------------------------------------------- what lapak check says


def test_check_warns_about_what_the_platforms_refuse(tmp_path, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    s = Store(tmp_path / "store")
    s.write("store.yml", STORE + "feeds: true\n")
    s.product("tanpa-foto", "title: Tanpa Foto\nprice: 1000", LONG)
    s.product("panjang/", f"title: {'Batik ' * 30}\nprice: 1000\nsku: SAMA", LONG)
    make_photo(s.root / "products/panjang/1.jpg")
    s.product("emoji/", "title: Sambal 🌶️ Pedas\nprice: 1000\nsku: SAMA", LONG)
    make_photo(s.root / "products/emoji/1.jpg")
    s.product("gratis/", "title: Stiker\nprice: 500", "Gratis.")
    make_photo(s.root / "products/gratis/1.jpg")
    result = check(s.root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    def said(file: str, *words: str) -> bool:
        return any(file in line and all(w in line for w in words) for line in lines)

    assert said("products/tanpa-foto.md", "without a photo", "left out of the catalogue feeds")
    assert said("products/panjang/index.md", "'title'", "over 150 characters")
    assert said("products/emoji/index.md", "TikTok refuses titles with emoji", '"Sambal Pedas"')
    assert said("products/gratis/index.md", "description is too short")
    assert said("products/emoji/index.md", "'SAMA'", "used twice", "products/panjang/index.md")
    assert not said("products/panjang/index.md", "too short")


def test_feed_warnings_read_well_in_bahasa_indonesia():
    from generator.messages import msg

    assert "tanpa foto" in msg("feed.no_photo").text("id")
    assert "emoji" in msg("feed.emoji", title="Sambal").text("id")


def test_bad_condition_names_the_file_and_field(store):
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: 85000\ncondition: second")
    result = store.build()
    assert result.exit_code == 1
    assert "products/kopi-gayo.md, baris 4, isian 'condition'" in result.output
    assert "tulis baru, bekas atau rekondisi" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- ids and text, one by one


def test_ids_fit_googles_50_characters_and_stay_apart():
    from generator.content.model import Product, Variant
    from generator.content.ids import MAX_ID, feed_id

    long = Product(slug="x", source="products/x.md", title="X", price=1, sku="KODE-" + "A" * 60,
                   variants=(Variant("Merah", 1), Variant("Biru", 1)))
    ids = [feed_id(long, v) for v in long.variants]
    assert all(len(i) <= MAX_ID for i in ids) and len(set(ids)) == 2 and ids[0].startswith("KODE-AAA")
    assert feed_id(long, long.variants[0]) == ids[0]  # the same every time
    café = Product(slug="kopi", source="products/kopi.md", title="Kopi", price=1,
                   variants=(Variant("Café Crème / 250 g", 1),))
    assert feed_id(café, café.variants[0]) == "kopi-cafe-creme-250-g"


def test_a_control_character_does_not_break_googles_xml(store):
    store.product("kopi-gayo/", "title: \"Kopi\\x0bGayo\"\nprice: 85000", LONG)
    (store.root / "products/kopi-gayo.md").unlink()
    make_photo(store.root / "products/kopi-gayo/1.jpg")
    assert store.build().exit_code == 0
    assert google_items(store.output / "feeds/google.xml")[0]["title"] == ["KopiGayo"]
