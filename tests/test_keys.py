"""Keys as sellers type them: Indonesian field names, and "did you mean" for every known key."""

from __future__ import annotations

import pytest

from conftest import BASE_STORE, make_photo, where

INDONESIAN = """\
judul: Kaos Batik
harga: "Rp 150.000"
harga_coret: "Rp 200.000"
kategori: Fashion
foto: [depan.jpg]
pilihan:
  Lengan: [Pendek, Panjang]
varian:
  - name: M
  - name: XL
    price: 175000
"""


def _problems(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_a_product_written_with_indonesian_keys_builds_like_the_english_one(store):
    store.write("store.yml", BASE_STORE + "photos: {avif: false}\n")
    make_photo(store.root / "products" / "kaos" / "depan.jpg", size=(96, 64))
    store.product("kaos/", INDONESIAN)
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "Warning: products/kaos" not in result.output
    page = store.page("kaos/index.html")
    assert "<h1>Kaos Batik</h1>" in page
    assert '<strong id="price">mulai Rp 150.000</strong>' in page and "<s>Rp 200.000</s>" in page
    assert 'value="XL" data-price="Rp 175.000"' in page and "<option>Panjang</option>" in page
    assert "<picture" in page and 'id="wa"' in page
    assert "Kaos Batik" in store.page("kategori/fashion/index.html")


@pytest.mark.parametrize("front", ["stok: 0", "habis: true"])
def test_stok_0_and_habis_make_the_product_sold_out(store, front):
    store.product("teh", f"judul: Teh Melati\nharga: 20000\n{front}")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "unknown field" not in result.output
    page = store.page("teh/index.html")
    assert 'class="badge badge-out"' in page and 'id="wa"' not in page  # no order button for what is gone


def test_a_mistake_in_an_indonesian_key_names_the_key_as_written(store):
    store.speak("en")
    store.product("teh", "judul: Teh\nharga: murah\nstok: banyak\nfoto: [tidak-ada.jpg]")
    out = _problems(store.build())
    assert "products/teh.md, line 3, field 'harga': \"murah\" is not a price" in out
    assert "products/teh.md, line 4, field 'stok': \"banyak\" is not a stock count" in out
    assert "products/teh.md, line 5, field 'foto[1]': the photo 'tidak-ada.jpg' was not found" in out
    assert "field 'price'" not in out and "field 'stock'" not in out


@pytest.mark.parametrize("lang, text", [
    ("en", "'harga' (this line) and 'price' (line 2) are the same field: 'harga' is the Indonesian name of 'price'. "
           "Keep only one of them."),
    ("id", "'harga' (baris ini) dan 'price' (baris 2) adalah isian yang sama: 'harga' adalah nama Indonesia untuk "
           "'price'. Pakai salah satu saja."),
])
def test_a_key_and_its_alias_together_stop_the_build_naming_both(store, lang, text):
    store.speak(lang)
    store.product("teh", "price: 20000\ntitle: Teh\nharga: 25000")
    out = _problems(store.build())
    assert f"  products/teh.md, {where(lang, 4, 'harga')}: {text}\n" in out


def test_every_alias_stands_for_a_field():
    from generator.content.catalog import ALIASES, FIELDS

    assert set(ALIASES.values()) <= FIELDS and not set(ALIASES) & FIELDS
    assert {"judul", "harga", "harga_coret", "stok", "habis", "kategori", "foto", "varian", "pilihan", "merek", "kondisi",
            "barcode"} == set(ALIASES)


# --------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize("key, meant", [("harg", "harga"), ("Harga", "harga"), ("catgory", "category"),
                                        ("kategory", "kategori"), ("judull", "judul"), ("hargacoret", "harga_coret"),
                                        ("compare-at-price", "compare_at_price"), ("varians", "variants")])
def test_a_misspelled_product_key_gets_did_you_mean(store, key, meant):
    store.speak("en")
    store.product("teh", f"title: Teh\nprice: 20000\n{key}: x")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert f" products/teh.md, line 4, field '{key}': unknown field, ignored. Did you mean '{meant}'?\n" \
        in result.output


@pytest.mark.parametrize("lang, suggested, plain", [
    ("en", "unknown field, ignored. Did you mean 'harga'?", "unknown field, ignored."),
    ("id", "isian tidak dikenal, diabaikan. Maksud Anda 'harga'?", "isian tidak dikenal, diabaikan."),
])
def test_unknown_product_keys_in_both_languages(store, lang, suggested, plain):
    store.speak(lang)
    store.product("teh", "title: Teh\nprice: 20000\nharg: 1\nzzz: 2")
    result = store.build()
    assert f"products/teh.md, {where(lang, 4, 'harg')}: {suggested}\n" in result.output
    assert f"products/teh.md, {where(lang, 5, 'zzz')}: {plain}\n" in result.output


@pytest.mark.parametrize("key, meant", [("tagline_", "tagline"), ("bahasa", "language"), ("basee_url", "base_url"),
                                        ("Currency", "currency"), ("marketplace", "marketplaces")])
@pytest.mark.parametrize("lang, text", [("en", "unknown setting, ignored. Did you mean '{meant}'?"),
                                        ("id", "pengaturan tidak dikenal, diabaikan. Maksud Anda '{meant}'?")])
def test_a_misspelled_store_key_gets_did_you_mean(store, key, meant, lang, text):
    store.write("store.yml", BASE_STORE + f"{key}: x\nlanguage: {lang}\n")
    result = store.build()
    prefix = "Peringatan" if lang == "id" else "Warning"  # the prefix speaks LAPAK_LANG too
    assert f"{prefix}: store.yml, {where(lang, 10, key)}: {text.format(meant=meant)}\n" in result.output


@pytest.mark.parametrize("lang, text", [
    ("en", "unknown setting, ignored. Put a theme's own settings under 'extra:'."),
    ("id", "pengaturan tidak dikenal, diabaikan. Pengaturan khusus tema ditulis di bawah 'extra:'."),
])
def test_an_unknown_store_key_without_a_likely_meaning_points_to_extra(store, lang, text):
    store.write("store.yml", BASE_STORE + f"warna_tombol: merah\nlanguage: {lang}\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    prefix = "Peringatan" if lang == "id" else "Warning"  # the prefix speaks LAPAK_LANG too
    assert f"{prefix}: store.yml, {where(lang, 10, 'warna_tombol')}: {text}\n" in result.output


@pytest.mark.parametrize("lang, text", [("en", "'shoppe' is not a marketplace Lapak knows. Did you mean 'shopee'?"),
                                        ("id", "'shoppe' bukan marketplace yang dikenal Lapak. Maksud Anda 'shopee'?")])
def test_a_misspelled_marketplace_in_a_product_or_store_gets_did_you_mean(store, lang, text):
    store.product("teh", "title: Teh\nprice: 20000\nmarketplaces:\n  shoppe: https://shopee.co.id/t/1")
    store.write("store.yml", BASE_STORE.replace("  shopee:", "  tokped:") + f"language: {lang}\n")
    out = _problems(store.build())
    assert f"  products/teh.md, {where(lang, 5, 'marketplaces.shoppe')}: {text}\n" in out
    tokped = text.replace("shoppe", "tokped").replace("shopee", "tokopedia")
    assert f"  store.yml, {where(lang, 6, 'marketplaces.tokped')}: {tokped}\n" in out


def test_warnings_are_shown_in_the_store_language_whatever_the_computer_speaks(store, monkeypatch):
    store.product("teh", "title: Teh\nprice: 20000\nharg: 1")
    monkeypatch.setenv("LAPAK_LANG", "en")  # the computer's language does not matter: the store's does
    assert "isian 'harg': isian tidak dikenal, diabaikan. Maksud Anda 'harga'?" in store.build().output
    store.speak("en")
    monkeypatch.setenv("LAPAK_LANG", "id")
    assert "field 'harg': unknown field, ignored. Did you mean 'harga'?" in store.build().output


def test_an_unchanged_build_in_a_new_process_speaks_the_store_language(store, monkeypatch):
    from generator.messages import set_language

    store.product("teh", "title: Teh\nprice: 20000\nharg: 1")
    store.speak("en")
    assert "field 'harg': unknown field, ignored." in store.build().output
    set_language(None)  # a new process, on a computer set to Bahasa Indonesia
    monkeypatch.setenv("LAPAK_LANG", "id")
    assert "field 'harg': unknown field, ignored." in store.build().output


def test_these_messages_say_the_same_thing_in_both_languages():
    import generator.content.catalog  # noqa: F401  (each module defines its messages when imported)
    import generator.content.config  # noqa: F401
    from generator.messages import catalogue, placeholders

    ours = {k: v for k, v in catalogue().items() if k.split(".")[0] in ("yaml", "whatsapp", "market", "config",
                                                                         "product")}
    assert len(ours) >= 30
    for key, (indonesian, english) in ours.items():
        assert placeholders(indonesian) == placeholders(english), key
        assert indonesian != english, key
