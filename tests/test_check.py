"""`lapak check`: every mistake a build would stop on, all at once, with nothing written anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Store, make_photo
from generator.commands.build import build
from generator.commands.check import check
from generator.cli import main
from generator.errors import ContentError, LapakError


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def run_check(store: Store, *args: str):
    return CliRunner().invoke(main, ["check", str(store.root), "--output", str(store.output), *args])


def problems_of(call) -> list[tuple[str, str | None, int | None, str]]:
    with pytest.raises(ContentError) as info:
        call()
    return [(p.file, p.field, p.line, str(p.message)) for p in info.value.problems]


def many_mistakes(store: Store) -> None:
    """A store with a mistake of every kind: store.yml, product fields, links, photos, an address clash."""
    store.write("store.yml", """\
        name: Toko Tes
        whatsapp: "0812"
        domain: https://toko.com/
        base_url: https://contoh.github.io/toko/
        links:
          - label: TikTok
            url: http://www.tiktok.com/@tokotes
        marketplaces:
          shopee: shopee.co.id/tokotes
        """)
    store.product("harga", "title: Harga\nprice: gratis")
    store.product("tanpa-judul", "price: 1000")
    store.product("toko-lain", "title: Toko Lain\nprice: 1000\nmarketplaces:\n  tokopedia: javascript:alert(1)")
    store.product("kembar", "title: Kembar\nprice: 1000\nslug: kopi-gayo")
    store.product("pesan", "title: Pesan\nprice: 1000\nwhatsapp_message: 'Halo {nama}'")
    store.product("foto-hilang", "title: Foto\nprice: 1000\nimages: [tidak-ada.jpg]")
    store.product("rusak/", "title: Rusak\nprice: 1000")
    (store.root / "products" / "rusak" / "1.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a photo")
    make_photo(store.root / "products" / "potong" / "1.jpg", (600, 600))
    data = (store.root / "products" / "potong" / "1.jpg").read_bytes()
    (store.root / "products" / "potong" / "1.jpg").write_bytes(data[: len(data) // 3])
    store.product("potong/", "title: Potong\nprice: 1000")
    store.write("products/folder-kosong/catatan.txt", "tidak ada index.md")


def test_check_finds_every_error_the_build_would(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "id")  # the computer speaks the store's language (see the test below)
    many_mistakes(store)
    found = problems_of(lambda: check(store.root, store.output))
    built = problems_of(lambda: build(store.root, store.output, jobs=1))
    assert found == built
    assert len(found) >= 12, found
    files = {f for f, *_ in found}
    assert {"store.yml", "products/harga.md", "products/tanpa-judul.md", "products/toko-lain.md",
            "products/kopi-gayo.md", "products/pesan.md", "products/foto-hilang.md", "products/rusak/1.jpg",
            "products/potong/1.jpg", "products/folder-kosong"} <= files, files
    fields = {fl for f, fl, *_ in found if f == "store.yml"}
    assert {"whatsapp", "domain", "links[1].url", "marketplaces.shopee"} <= fields, fields


def test_a_photo_problem_found_by_check_on_the_workers_is_in_the_store_language(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.product("rusak/", "title: Rusak\nprice: 1000")
    (store.root / "products" / "rusak" / "1.jpg").write_bytes(b"")
    (store.root / "products" / "rusak" / "2.jpg").write_bytes(b"")
    found = problems_of(lambda: check(store.root, store.output, jobs=2))
    assert ("products/rusak/1.jpg", None, None, "file ini kosong (0 byte); salin lagi fotonya") in found


def test_check_lists_every_problem_and_exits_non_zero(store):
    many_mistakes(store)
    before = snapshot(store.root.parent)
    result = run_check(store)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"Toko ini bermasalah: \d+ masalah yang perlu diperbaiki", result.output)
    for where in ("store.yml, baris 2, isian 'whatsapp'", "store.yml, baris 3, isian 'domain'",
                  "products/harga.md, baris 3, isian 'price'", "products/rusak/1.jpg", "products/kopi-gayo.md",
                  "products/potong/1.jpg"):
        assert where in result.output, where
    assert snapshot(store.root.parent) == before  # nothing written: no output, no cache


def test_check_of_a_good_store_writes_nothing(store):
    make_photo(store.root / "products" / "teh" / "1.jpg", (900, 700))
    store.product("teh/", "title: Teh\nprice: 20000\ncategory: Minuman")
    store.write("logo.png", "")
    make_photo(store.root / "logo.png", (300, 300))
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "logo: logo.png\n")
    before = snapshot(store.root.parent)
    result = run_check(store)
    assert result.exit_code == 0, result.output
    checked = re.search(r"Tidak ada masalah: 2 produk, 1 foto, (\d+) halaman diperiksa", result.output)
    assert checked and "tidak ada yang ditulis" in result.output, result.output
    assert snapshot(store.root.parent) == before
    assert not store.output.exists() and not (store.root / ".lapak-cache").exists()
    built = store.build()  # and the build agrees, page for page
    assert built.exit_code == 0 and f"Selesai membangun 2 produk: {checked.group(1)} halaman" in built.output


def test_check_uses_photos_a_build_already_made(store):
    make_photo(store.root / "products" / "teh" / "1.jpg", (900, 700))
    store.product("teh/", "title: Teh\nprice: 20000")
    assert store.build().exit_code == 0
    before = snapshot(store.root.parent)
    result = check(store.root, store.output)
    assert result.photos == 1 and result.products == 2
    assert snapshot(store.root.parent) == before


def test_check_finds_a_broken_theme_template_and_a_missing_theme(store):
    store.write("store.yml", "name: T\ntheme: tema\n")
    store.write("tema/templates/product.html", "{% extends 'base.html' %}\n{% block main %}\n{{ product.nope }}\n"
                                               "{% endblock %}\n")
    result = run_check(store)
    assert result.exit_code == 1 and "product.html, baris 3" in result.output
    assert store.build().exit_code == 1
    store.write("store.yml", "name: T\ntheme: tidak-ada\n")
    store.product("rusak", "title: Rusak\nprice: nol")
    result = run_check(store)
    assert result.exit_code == 1
    # Both at once: the build would stop at the theme; check goes on to the products.
    assert "store.yml, isian 'theme': tidak ada tema 'tidak-ada'" in result.output
    assert "products/rusak.md" in result.output
    store.speak("en")
    result = run_check(store)
    assert "store.yml, field 'theme': there is no theme 'tidak-ada'" in result.output


def test_check_refuses_the_output_folders_the_build_refuses(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.speak("en")
    result = run_check(store, "--output", str(store.root))
    assert result.exit_code == 1 and "is the store folder itself" in result.output
    store.output.mkdir()
    (store.output / "penting.txt").write_text("x")
    result = run_check(store)
    assert result.exit_code == 1 and "--force" in result.output
    assert run_check(store, "--force").exit_code == 0
    assert (store.output / "penting.txt").read_text() == "x"


def test_check_without_a_store(tmp_path, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")  # no store: the computer's language
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_check_warnings_are_shown(store):
    store.write("store.yml", "name: Toko\nwhatsap: '0812-3456-7890'\nmarketplaces: {shopee: https://shopee.co.id/t}\n")
    result = run_check(store)
    assert result.exit_code == 0
    assert "Maksud Anda 'whatsapp'?" in result.output and "peringatan" in result.output


def test_check_of_many_products_in_parallel_matches_the_build(store):
    for i in range(70):  # enough for the parallel paths of parsing and page rendering
        store.product(f"p{i:03d}", f"title: Produk {i}\nprice: {1000 + i}")
    store.product("p050", "title: Produk 50\nprice: banyak")
    found = problems_of(lambda: check(store.root, store.output, jobs=2))
    assert found == problems_of(lambda: build(store.root, store.output, jobs=2))
    store.product("p050", "title: Produk 50\nprice: 1050")
    result = check(store.root, store.output, jobs=2)
    assert result.products == 71 and result.pages == build(store.root, store.output, jobs=2).pages


def test_a_theme_error_is_a_lapak_error_in_check_too(store):
    store.write("store.yml", "name: T\ntheme: tema\n")
    store.write("tema/templates/index.html", "{% extends 'base.html' %}{% block main %}{{ nope() }}{% endblock %}")
    with pytest.raises(LapakError, match="index.html"):
        check(store.root)


def test_check_warns_as_the_build_does(store):
    from PIL import Image

    (store.root / "products" / "teh").mkdir(parents=True)
    Image.new("RGB", (500, 400), (20, 120, 60)).save(store.root / "products" / "teh" / "1.jpg", "PNG")  # misnamed
    store.product("teh/", "title: Teh\nprice: 20000\nwarna: hijau")
    checked = check(store.root, store.output)
    built = build(store.root, store.output)
    assert sorted(checked.warnings, key=str) == sorted(built.warnings, key=str)
    assert any(w.field == "warna" for w in checked.warnings)
