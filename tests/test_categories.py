"""Categories, addresses and the odd files sellers leave in products/: what a seller sees."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import BASE_STORE
from generator.content.text import fold_name, slugify

EN_STORE = BASE_STORE + "language: en\n"


@pytest.fixture
def en(store, monkeypatch):
    """The conftest store, in English, with messages in English."""
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.write("store.yml", EN_STORE)
    return store


def test_kue_and_kue_are_one_category(en):
    en.product("a", "title: Nastar\nprice: 50000\ncategory: Kue")
    en.product("b", "title: Kastengel\nprice: 55000\ncategory: kue")
    en.product("c", "title: Putri Salju\nprice: 45000\ncategory: Kue")
    result = en.build()
    assert result.exit_code == 0, result.output
    page = en.page("category/kue/index.html")
    assert all(name in page for name in ("Nastar", "Kastengel", "Putri Salju"))
    # one button on the storefront, named as most products write it, counting all three
    chips = en.page().split('<nav class="chips"', 1)[1].split("</nav>", 1)[0]
    assert chips.count('href="/toko/category/kue/">Kue <span>3</span>') == 1
    assert "/category/kue-" not in chips and ">kue " not in chips


def test_nfc_and_nfd_spellings_are_one_category(en):
    en.product("a", "title: Kopi Susu\nprice: 20000\ncategory: " + unicodedata.normalize("NFC", "Café"))
    en.product("b", "title: Teh Manis\nprice: 15000\ncategory: " + unicodedata.normalize("NFD", "Café"))
    result = en.build()
    assert result.exit_code == 0, result.output
    page = en.page("category/cafe/index.html")
    assert "Kopi Susu" in page and "Teh Manis" in page


def test_categories_in_other_scripts_keep_their_own_pages(en):
    en.product("a", "title: Mooncake\nprice: 50000\ncategory: 月饼")
    en.product("b", "title: Castella\nprice: 60000\ncategory: 蛋糕")
    result = en.build()
    assert result.exit_code == 0, result.output
    assert "Mooncake" in en.page("category/月饼/index.html")
    assert "Castella" in en.page("category/蛋糕/index.html")


def test_two_categories_with_one_address_are_a_content_error_naming_the_files(en):
    en.product("a", "title: A\nprice: 1000\ncategory: Kue-Kering")
    en.product("b", "title: B\nprice: 1000\ncategory: Kue Kering!")
    result = en.build()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "category/kue-kering/" in result.output
    assert "products/a.md" in result.output and "products/b.md" in result.output


def test_a_windows_hidden_extension_is_pointed_at(en):
    folder = en.root / "products" / "stiker"
    folder.mkdir(parents=True)
    (folder / "index.md.txt").write_text("---\ntitle: Stiker\nprice: 5000\n---\n", encoding="utf-8")
    result = en.build()
    assert result.exit_code == 1
    assert "products/stiker/index.md.txt" in result.output
    assert "rename it to index.md" in result.output


def test_files_that_are_neither_photos_nor_markdown_are_warned_about(en):
    en.product("kopi/", "title: Kopi\nprice: 30000")
    (en.root / "products" / "kopi" / "video.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    (en.root / "products" / "kopi" / "catatan.txt").write_text("stok", encoding="utf-8")
    result = en.build()
    assert result.exit_code == 0, result.output
    for name in ("products/kopi/video.mp4", "products/kopi/catatan.txt"):
        assert f"Warning: {name}: this file is neither a photo" in result.output


@given(st.text(max_size=40))
def test_slugs_are_safe_addresses(text):
    slug = slugify(text)
    assert slug == slug.strip("-") and "--" not in slug
    assert all(ch.isalnum() or ch == "-" for ch in slug)
    assert slug == slugify(slug)  # a slug is its own slug
    assert slug == slug.lower() or not slug.isascii()


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=12))
def test_names_that_fold_alike_get_one_address(name):
    assert slugify(name.upper()) == slugify(name.lower()) or fold_name(name.upper()) != fold_name(name.lower())
    assert slugify(unicodedata.normalize("NFD", name)) == slugify(unicodedata.normalize("NFC", name))
