"""YAML mistakes sellers make, in store.yml and in a product's details: each explained at its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conftest import BASE_STORE, where

TAB = ("this line starts with a Tab. Indent with spaces instead (two spaces for each level): delete the Tab and "
       "type spaces.",
       "baris ini diawali tombol Tab. Pakai spasi untuk menjorokkan baris (dua spasi per tingkat): hapus Tab-nya, "
       "lalu ketik spasi.")


def no_space(fixed: str, written: str) -> tuple[str, str]:
    return (f"put a space after the colon: write '{fixed}', not '{written}'.",
            f"beri spasi setelah titik dua: tulis '{fixed}', bukan '{written}'.")


def unclosed(example: str) -> tuple[str, str]:
    return (f"the \" that starts the value on this line is never closed. Put a \" at the end of the value too, "
            f"such as '{example}'.",
            f"tanda \" di awal isian pada baris ini tidak pernah ditutup. Tambahkan \" juga di akhir isian, "
            f"misalnya '{example}'.")


# (what store.yml says, the line and the message (English, Indonesian) the seller gets)
STORE_MISTAKES = {
    "tab": ("name: Toko Kopi\n\ttagline: Kopi enak\n", 2, TAB),
    "no space": ('name: Toko Kopi\ntagline:"Kopi enak"\n', 2, no_space('tagline: "Kopi enak"', 'tagline:"Kopi enak"')),
    "no space, first line": ('name:"Toko Kopi"\ntagline: Kopi enak\n', 1,
                             no_space('name: "Toko Kopi"', 'name:"Toko Kopi"')),
    "no space, only line": ('name:"Toko Kopi"\n', 1, no_space('name: "Toko Kopi"', 'name:"Toko Kopi"')),
    "no space, read as one text": ('name:"Toko Kopi"\n- kopi\n', 1, no_space('name: "Toko Kopi"', 'name:"Toko Kopi"')),
    "unclosed quote": ('name: "Toko Kopi\ntagline: Kopi enak\n', 1, unclosed('name: "Toko Kopi"')),
    "unclosed quote closed by the next value": ('name: "Toko Kopi\ntagline: "Kopi enak"\n', 1,
                                                unclosed('name: "Toko Kopi"')),
}
# The same for a product's details; lines are the file's (the details start on line 2, after '---').
PRODUCT_MISTAKES = {
    "tab": ("title: Kopi\n\tprice: 5000", 3, TAB),
    "no space": ("title: Kopi\nprice:5000\ncategory: Minuman", 3, no_space("price: 5000", "price:5000")),
    "no space, first line": ('title:"Kopi"\nprice: 5000', 2, no_space('title: "Kopi"', 'title:"Kopi"')),
    "no space, only line": ("title:Kopi", 2, no_space("title: Kopi", "title:Kopi")),
    "unclosed quote": ('title: "Kopi Gayo\nprice: 5000', 2, unclosed('title: "Kopi Gayo"')),
    "unclosed single quote": ("title: 'Kopi Gayo\nprice: 5000", 2, (
        "the ' that starts the value on this line is never closed. Put a ' at the end of the value too, such as "
        "'title: 'Kopi Gayo''.",
        "tanda ' di awal isian pada baris ini tidak pernah ditutup. Tambahkan ' juga di akhir isian, misalnya "
        "'title: 'Kopi Gayo''.")),
    "text after the quotes": ('title: "Kopi" Gayo\nprice: 5000', 2, (
        "there is text after the closing quote. Put the whole value inside the quotes, such as "
        "'title: \"Kopi Gayo\"'.",
        "ada teks setelah tanda kutip penutup. Masukkan seluruh isian ke dalam tanda kutip, misalnya "
        "'title: \"Kopi Gayo\"'.")),
    "colon in the value": ("title: Kopi: Gayo\nprice: 5000", 2, (
        "this value contains ': ' (a colon and a space), which is read as the start of another setting. Put the "
        "whole value in quotes, such as 'title: \"Kopi: Gayo\"'.",
        "isian ini mengandung ': ' (titik dua lalu spasi), yang dibaca sebagai awal isian baru. Beri tanda kutip "
        "pada seluruh isian, misalnya 'title: \"Kopi: Gayo\"'.")),
    "indented too far": ("title: Kopi\n  price: 5000", 3, (
        "this line is indented further than the line above it, which already has its value. Start this line "
        "where the line above starts.",
        "baris ini menjorok lebih dalam daripada baris di atasnya, padahal baris itu sudah berisi. Mulai baris ini "
        "sejajar dengan baris di atasnya.")),
}


def _problems(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("case", STORE_MISTAKES)
def test_store_yml_mistakes_are_explained_at_their_line(store, monkeypatch, case, lang):
    text, line, messages = STORE_MISTAKES[case]
    monkeypatch.setenv("LAPAK_LANG", lang)  # a store.yml that cannot be read and names no language
    store.write("store.yml", text)
    out = _problems(store.build())
    assert f"  store.yml, {where(lang, line)}: {messages[lang == 'id']}\n" in out
    assert "cannot start any token" not in out and "expected" not in out


@pytest.mark.parametrize("lang, computer", [("en", "id"), ("id", "en")])
def test_a_store_yml_that_cannot_be_read_is_explained_in_the_language_it_names(store, monkeypatch, lang, computer):
    monkeypatch.setenv("LAPAK_LANG", computer)
    store.write("store.yml", f"language: {lang}\nname: Toko Kopi\n\ttagline: Kopi enak\n")
    out = _problems(store.build())
    assert f"  store.yml, {where(lang, 3)}: {TAB[lang == 'id']}\n" in out


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("case", PRODUCT_MISTAKES)
def test_product_mistakes_are_explained_at_their_line(store, case, lang):
    text, line, messages = PRODUCT_MISTAKES[case]
    store.speak(lang)
    store.product("bad", text)
    out = _problems(store.build())
    assert f"  products/bad.md, {where(lang, line)}: {messages[lang == 'id']}\n" in out


def test_an_error_with_no_plain_explanation_still_names_the_line_without_parser_words(store):
    store.speak("en")
    store.product("bad", "variants:\n  - name: M\n   price: 5000\ntitle: Kopi\nprice: 1")
    out = _problems(store.build())
    assert ("  products/bad.md, line 4: Lapak cannot read this line. Write each setting as 'name: value', with a "
            "space after the colon, indented with spaces like the lines around it; put a value that contains : or # "
            "in quotes.\n") in out


# --------------------------------------------------------------------------- a '#' that cuts a value


@pytest.mark.parametrize("lang, text", [
    ("en", "only \"Tumbler Bambu\" is read: a # after a space starts a note, so \"#1 Best Seller\" is left out. If "
           "it belongs to the value, put the whole value in quotes: 'title: \"Tumbler Bambu #1 Best Seller\"'. (A "
           "note for yourself gives no warning with two spaces before the #.)"),
    ("id", "yang terbaca hanya \"Tumbler Bambu\": tanda # setelah spasi adalah awal catatan, jadi \"#1 Best "
           "Seller\" dibuang. Kalau itu bagian dari isian, beri tanda kutip pada seluruh isian: 'title: \"Tumbler "
           "Bambu #1 Best Seller\"'. (Catatan untuk Anda sendiri tidak diberi peringatan kalau ada dua spasi "
           "sebelum #.)"),
])
def test_a_hash_that_cuts_a_product_title_is_a_warning_naming_field_and_line(store, lang, text):
    store.speak(lang)
    store.product("tumbler", "price: 85000\ntitle: Tumbler Bambu #1 Best Seller")
    result = store.build()
    assert result.exit_code == 0, result.output
    prefix = "Peringatan" if lang == "id" else "Warning"  # the prefix speaks LAPAK_LANG too
    assert f"{prefix}: products/tumbler.md, {where(lang, 3, 'title')}: {text}\n" in result.output
    assert "<h1>Tumbler Bambu</h1>" in store.page("tumbler/index.html")  # what the buyer sees until it is fixed


def test_a_hash_that_cuts_a_store_yml_value_or_a_variant_is_a_warning(store):
    store.write("store.yml", BASE_STORE.replace("tagline: Oleh-oleh khas", "tagline: Toko #1 di Solo"))
    store.speak("en")
    store.product("kaos", "title: Kaos\nprice: 50000\nvariants:\n  - name: Hitam #OOTD\n  - name: Putih")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert (" store.yml, line 2, field 'tagline': only \"Toko\" is read: a # after a space starts a note, "
            "so \"#1 di Solo\" is left out. If it belongs to the value, put the whole value in quotes: "
            "'tagline: \"Toko #1 di Solo\"'.") in result.output
    assert (" products/kaos.md, line 5, field 'variants[1].name': only \"Hitam\" is read: a # after a space "
            "starts a note, so \"#OOTD\" is left out. If it belongs to the value, put the whole value in quotes: "
            "'- name: \"Hitam #OOTD\"'.") in result.output


@pytest.mark.parametrize("lang, text", [
    ("en", "this value is empty: a # after a space starts a note, so \"#1 Terlaris\" is left out. If it is the "
           "value, put it in quotes: 'title: \"#1 Terlaris\"'."),
    ("id", "isian ini kosong: tanda # setelah spasi adalah awal catatan, jadi \"#1 Terlaris\" dibuang. Kalau itu "
           "isiannya, beri tanda kutip: 'title: \"#1 Terlaris\"'."),
])
def test_a_value_the_hash_left_empty_says_so(lang, text):
    from generator.errors import Collector
    from generator.content.yamlread import load_yaml, warn_cut_values

    doc, out = load_yaml("price: 5000\ntitle: #1 Terlaris\n"), Collector()
    doc.offset = 1
    warn_cut_values(doc, out, "products/nomor.md")
    assert [(w.file, w.field, w.line, w.message.text(lang)) for w in out.warnings] == [
        ("products/nomor.md", "title", 3, text)]


@pytest.mark.parametrize("line", [
    "title: Kopi Gayo                 # nama produk",  # a note set apart, as lapak init writes them
    "title: Kopi Gayo  # nama produk",
    'title: "Kopi Gayo #1"',
    "title: Kopi Gayo#1",  # no space before '#': part of the value
])
def test_notes_and_quoted_hashes_give_no_warning(store, line):
    store.product("kopi", f"{line}\nprice: 5000")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "Warning: products/kopi.md" not in result.output


def test_the_example_store_and_a_new_store_have_no_cut_values(tmp_path):
    from click.testing import CliRunner

    from conftest import REPO
    from generator.cli import main
    from generator.errors import Collector
    from generator.content.yamlread import load_yaml, normalise_text, split_front_matter, warn_cut_values

    assert CliRunner().invoke(main, ["init", str(tmp_path / "baru"), "--yes"]).exit_code == 0
    files = [REPO / "content" / "store.yml", tmp_path / "baru" / "store.yml",
             *sorted((REPO / "content" / "products").rglob("*.md")), *sorted((tmp_path / "baru").rglob("*.md"))]
    out = Collector()
    for path in files:
        text = normalise_text(path.read_bytes())
        warn_cut_values(load_yaml(split_front_matter(text)[0] if path.suffix == ".md" else text), out, path.name)
    assert len(files) > 5 and out.warnings == []


# --------------------------------------------------------------------------- files saved by Windows Notepad


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-8", b"\xef\xbb\xbf")])
def test_store_yml_and_products_saved_as_unicode_with_a_bom_are_read(store, encoding, bom):
    store_yml = 'name: Toko Kopi Café\r\nwhatsapp: "0812-3456-7890"\r\nbase_url: https://x.id/\r\n'
    (store.root / "store.yml").write_bytes(bom + store_yml.encode(encoding))
    product = '---\r\ntitle: Kopi Gayo ☕\r\nprice: "Rp 85.000"\r\n---\r\nKopi *arabika*.\r\n'
    (store.root / "products" / "kopi-gayo.md").write_bytes(bom + product.encode(encoding))
    result = store.build()
    assert result.exit_code == 0, result.output
    page = store.page("kopi-gayo/index.html")
    assert "<h1>Kopi Gayo ☕</h1>" in page and "Rp 85.000" in page and "<em>arabika</em>" in page
    assert "Toko Kopi Café" in page and "wa.me/6281234567890" in page


def test_a_file_that_is_neither_utf8_nor_marked_unicode_is_still_refused(store):
    (store.root / "store.yml").write_bytes("name: Café\n".encode("cp1252"))
    out = _problems(store.build())
    assert "store.yml" in out and "UTF-8" in out and "Save as" in out


# --------------------------------------------------------------------------- no input gives a traceback

YAMLISH = st.text(alphabet=" \t\n:\"'#-[]{},|>&*!%@`ab1é", max_size=60)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_any_text_is_read_or_explained_at_a_line_of_it(text):
    from generator.errors import Collector
    from generator.content.yamlread import YamlSyntaxError, load_yaml, warn_cut_values

    try:
        doc = load_yaml(text)
    except YamlSyntaxError as exc:
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1
        assert exc.message.text("en") and exc.message.text("id")
        return
    out = Collector()
    warn_cut_values(doc, out, "x.md")
    assert all(w.message.text("id") for w in out.warnings)
