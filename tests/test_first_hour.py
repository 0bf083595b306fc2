"""A seller's first hour: init, preview, add a product whose photos came first, check, build; in their language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_photo
from generator.cli import main


def lapak(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


NEXT_STEPS = {
    "id": [
        "Langkah berikutnya:",
        "  1. cd {folder}",
        "  2. lapak serve                       melihat toko Anda di http://127.0.0.1:8000/ (berubah sendiri saat "
        "Anda mengedit; Ctrl-C untuk berhenti)",
        '  3. lapak new product "Nama Produk"   menambah produk, dengan penjelasan setiap isian',
        "  4. lapak build                       membangun toko ke folder output/, siap diterbitkan",
        "  5. Menerbitkan: lihat panduan Lapak docs/publish.id.md (Netlify Drop: lapak build --zip)",
    ],
    "en": [
        "Next:",
        "  1. cd {folder}",
        "  2. lapak serve                        shows your store at http://127.0.0.1:8000/ (it updates as you "
        "edit; Ctrl-C stops it)",
        '  3. lapak new product "Product Name"   adds a product, with every field explained',
        "  4. lapak build                        builds the store into the folder output/, ready to publish",
        "  5. Publish: see Lapak's guide docs/publish.md (Netlify Drop: lapak build --zip)",
    ],
}


@pytest.fixture
def toko(tmp_path, monkeypatch) -> Path:
    """A store made by ``lapak init`` in Bahasa Indonesia; the test runs inside its folder."""
    monkeypatch.setenv("LAPAK_LANG", "en")  # the computer speaks English; the store does not
    folder = tmp_path / "tokoku"
    result = lapak("init", str(folder), "--yes", "--name", "Dapur Bu Sari", "--whatsapp", "0812-3456-7890")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("lang", ["id", "en"])
def test_init_shows_lapak_serve_as_the_way_to_preview(tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    answers = f"{lang}\nDapur Bu Sari\n0812-3456-7890\n"
    result = lapak("init", "tokoku", input=answers)
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    start = out.index(NEXT_STEPS[lang][0])
    assert out[start:] == [line.format(folder="tokoku") for line in NEXT_STEPS[lang]]
    assert "http.server" not in result.output


def test_init_asks_in_the_computer_language_then_speaks_the_store_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAPAK_LANG", "en")
    result = lapak("init", "toko saya", input="id\nToko Saya\n\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Store language (id = Bahasa Indonesia, en = English) [id]: id\n"
                                    "Nama toko: Toko Saya\nNomor WhatsApp untuk pesanan")
    assert 'Toko "Toko Saya" sudah dibuat di toko saya/\n' in result.output
    assert '  1. cd "toko saya"\n' in result.output  # a folder name with a space, quoted to be typed as is
    assert "Belum ada nomor WhatsApp: tambahkan baris whatsapp di store.yml nanti.\n" in result.output


def test_init_refuses_a_store_folder_in_the_language_asked_for(tmp_path):
    (tmp_path / "store.yml").write_text("name: Ada\n")
    result = lapak("init", str(tmp_path), "--language", "id", "--yes")
    assert result.exit_code == 1
    assert result.output == (f"Kesalahan: Di folder '{tmp_path}' sudah ada toko (store.yml). Lapak tidak akan "
                             "menimpanya. Untuk toko baru, pilih folder lain, misalnya: lapak init tokobaru\n")
    result = lapak("init", str(tmp_path), "--language", "en", "--yes")
    assert result.output.startswith(f"Error: The folder '{tmp_path}' already has a store (store.yml).")


@pytest.mark.parametrize("folder_name", ["stiker-kucing", "Stiker Kucing"])
def test_new_product_completes_a_folder_that_has_only_photos(toko, folder_name):
    folder = toko / "products" / folder_name
    for name, colour in (("2.jpg", (20, 90, 200)), ("1.jpg", (200, 90, 20)), ("10.png", (90, 200, 20))):
        make_photo(folder / name, colour=colour)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = lapak("new", "product", "Stiker Kucing", "--price", "15rb")
    assert result.exit_code == 0, result.output
    rel = Path("products") / folder_name
    assert result.output == (
        f"Produk baru: {rel / 'index.md'}\n"
        f"Folder {rel}/ sudah berisi 3 foto (1.jpg, 2.jpg, 10.png): fotonya tetap di sana dan tampil di halaman "
        "produk. Jalankan lapak serve untuk melihatnya.\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "index.md"} == before
    assert not (toko / "products" / "stiker-kucing.md").exists() and len(list((toko / "products").iterdir())) == 3
    result = lapak("build")
    assert result.exit_code == 0, result.output
    assert "Selesai membangun 3 produk: " in result.output and "5 foto" in result.output
    page = (toko / "output" / "stiker-kucing" / "index.html").read_text(encoding="utf-8")
    assert "Stiker Kucing" in page and "Rp 15.000" in page and page.count("<picture") >= 3


def test_new_product_completes_the_folder_in_english_too(toko):
    (toko / "store.yml").write_text((toko / "store.yml").read_text().replace("language: id", "language: en"))
    make_photo(toko / "products" / "stiker-kucing" / "1.jpg")
    result = lapak("new", "product", "Stiker Kucing", "--price", "15000")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"New product: {Path('products/stiker-kucing/index.md')}\n"
        f"The folder {Path('products/stiker-kucing')}/ already had 1 photo (1.jpg): they stay there and are shown "
        "on the product's page. Run lapak serve to see it.\n")
    assert "The product's details" in (toko / "products" / "stiker-kucing" / "index.md").read_text()


@pytest.mark.parametrize("lang, said", [
    ("id", "Kesalahan: Folder products/stiker-kucing sudah berisi index.md.txt, yang seharusnya bernama index.md. "
           "Ganti namanya menjadi index.md (Windows kadang menyembunyikan akhiran seperti .txt), lalu ubah file "
           "itu.\n"),
    ("en", "Error: The folder products/stiker-kucing already has index.md.txt, which should be called index.md. "
           "Rename it to index.md (Windows sometimes hides endings such as .txt), then edit that file.\n"),
])
def test_new_product_points_at_an_index_md_with_another_name(toko, lang, said):
    (toko / "store.yml").write_text((toko / "store.yml").read_text().replace("language: id", f"language: {lang}"))
    folder = toko / "products" / "stiker-kucing"
    make_photo(folder / "1.jpg")
    (folder / "index.md.txt").write_text("---\ntitle: Stiker Kucing\nprice: 15000\n---\n")
    result = lapak("new", "product", "Stiker Kucing", "--price", "15000")
    assert result.exit_code == 1 and result.output == said
    assert sorted(p.name for p in folder.iterdir()) == ["1.jpg", "index.md.txt"]


def test_new_product_asks_the_price_in_the_store_language_inside_its_folder(toko):
    result = lapak("new", "product", "Teh Melati", input="gratis\n25rb\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Harga: gratis\n")
    assert result.output.count("Harga: ") == 2  # asked again after a price that is not one
    assert result.output.endswith(
        f"Produk baru: {Path('products/teh-melati/index.md')}\nLetakkan fotonya di {Path('products/teh-melati')}/ "
        "(1.jpg, 2.jpg, ...), lalu jalankan lapak serve untuk melihatnya.\n")


def test_new_product_finds_the_store_the_way_build_does(toko, tmp_path, monkeypatch):
    assert lapak("new", "product", "Kopi", "--price", "1000", "--store", str(toko / "store.yml")).exit_code == 0
    assert (toko / "products" / "kopi" / "index.md").is_file()
    monkeypatch.chdir(tmp_path)  # not a store: the example store's folder, content/
    result = lapak("new", "product", "Kopi", "--price", "1000")
    assert result.exit_code == 1 and "'content'" in result.output
    (tmp_path / "content").mkdir()
    assert lapak("init", "content", "--yes", "--language", "en").exit_code == 0
    result = lapak("new", "product", "Kopi", "--price", "1000")
    assert result.exit_code == 0 and (tmp_path / "content" / "products" / "kopi" / "index.md").is_file()


def test_the_first_hour_in_bahasa_indonesia(toko):
    result = lapak("check")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Tidak ada masalah: 2 produk, 2 foto, \d+ halaman diperiksa dalam \d+,\d\d detik, "
                        r"1 peringatan \(tidak ada yang ditulis\)\.", result.output.splitlines()[-1])
    assert result.output.startswith("Peringatan: store.yml")  # no base_url yet
    (toko / "products" / "contoh-kaos-polos" / "index.md").write_text("---\ntitle: Kaos\nprice: gratis\n---\n")
    result = lapak("build")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("Toko belum dibangun: 1 masalah yang perlu diperbaiki (hasil "
                                             "sebelumnya tidak diubah).")
    assert not (toko / "output").exists()
