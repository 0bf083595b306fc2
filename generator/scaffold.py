"""``lapak init`` and ``lapak new product``: write a ready store, or one product file, in the seller's language.

Nothing here asks questions (cli does that); these functions take the answers and write files,
never overwriting one that exists.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.content.config_file import CONFIG_NAME
from generator.errors import LapakError
from generator.messages import Msg, define, msg

WORKFLOW = ".github/workflows/github-pages.yml"
REQUIREMENTS = "requirements.txt"

# --------------------------------------------------------------------------- what the seller reads

LANGUAGES = ("id", "en")

define({
    "init.ask_language": ("Bahasa toko (id = Bahasa Indonesia, en = English)",
                          "Store language (id = Bahasa Indonesia, en = English)"),
    "init.ask_name": ("Nama toko", "Store name"),
    "init.ask_whatsapp": ("Nomor WhatsApp untuk pesanan (misalnya 0812-3456-7890; kosongkan untuk nanti)",
                          "WhatsApp number for orders (such as 0812-3456-7890; leave empty for later)"),
    "init.default_name": ("Toko Saya", "My Store"),
    "init.exists": (
        "Di folder '{folder}' sudah ada toko ({config}). Lapak tidak akan menimpanya. Untuk toko baru, pilih folder "
        "lain, misalnya: lapak init tokobaru",
        "The folder '{folder}' already has a store ({config}). Lapak will not overwrite it. For a new store, choose "
        "another folder, such as: lapak init newstore"),
    "init.is_file": (
        "'{folder}' adalah file, bukan folder. Pilih nama folder baru, misalnya: lapak init tokoku",
        "'{folder}' is a file, not a folder. Choose a new folder name, such as: lapak init tokoku"),
    "init.unknown_language": ('"{language}" bukan bahasa yang dikenal Lapak; pakai id atau en',
                              '"{language}" is not a language Lapak speaks yet; use id or en'),
    "init.needs_name": ("Toko perlu nama.", "The store needs a name."),
    "init.made": ('Toko "{name}" sudah dibuat di {folder}/', 'The store "{name}" is ready in {folder}/'),
    "init.kept": ("Sudah ada, tidak diubah: {files}", "Already there, left as it was: {files}"),
    "init.no_number": ("Belum ada nomor WhatsApp: tambahkan baris whatsapp di store.yml nanti.",
                       "No WhatsApp number yet: add a whatsapp line to store.yml later."),
    "init.next": ("Langkah berikutnya:", "Next:"),
    "init.step_preview": ("melihat toko Anda di http://127.0.0.1:8000/ (berubah sendiri saat Anda mengedit; "
                          "Ctrl-C untuk berhenti)",
                          "shows your store at http://127.0.0.1:8000/ (it updates as you edit; Ctrl-C stops it)"),
    "init.new_command": ('lapak new product "Nama Produk"', 'lapak new product "Product Name"'),
    "init.step_new": ("menambah produk, dengan penjelasan setiap isian", "adds a product, with every field explained"),
    "init.step_build": ("membangun toko ke folder output/, siap diterbitkan",
                        "builds the store into the folder output/, ready to publish"),
    "init.step_publish": ("Menerbitkan: lihat panduan Lapak docs/publish.id.md (Netlify Drop: lapak build --zip)",
                          "Publish: see Lapak's guide docs/publish.md (Netlify Drop: lapak build --zip)"),
})


def next_steps(cd: str | None = None) -> list[str]:
    """What to do after ``lapak init``, in the current language: go to the folder, preview, add, build, publish."""
    from generator.messages import t

    commands = [("lapak serve", t("init.step_preview")), (t("init.new_command"), t("init.step_new")),
                ("lapak build", t("init.step_build"))]
    width = max(len(command) for command, _ in commands) + 3
    steps = [f'cd "{cd}"' if any(c.isspace() for c in cd) else f"cd {cd}"] if cd else []
    steps += [f"{command.ljust(width)}{what}" for command, what in commands]
    return steps + [t("init.step_publish")]


STORE_YML = {
    "id": """\
# Pengaturan toko Anda. Baris yang diawali # adalah catatan: Lapak tidak membacanya.
# Hapus # di depan sebuah baris untuk memakainya. Nama isian (di kiri tanda :) jangan diubah.

name: {name}                 # nama toko
{whatsapp_line}
language: id                 # bahasa tombol dan label: id (Bahasa Indonesia) atau en (English)
currency: IDR                # mata uang harga

# tagline: Sambal dan kue rumahan dari Solo
# description: Pesan lewat WhatsApp, kami kirim ke seluruh Indonesia.
# logo: logo.png             # gambar logo, diletakkan di samping store.yml
# cover: sampul.jpg          # gambar lebar di atas etalase toko, di samping store.yml
# address: Jl. Sidoluhur 12, Laweyan, Solo   # alamat toko, tampil di bagian bawah setiap halaman

# Tampilan toko: warna Anda (kode warna dalam tanda kutip), huruf, dan mode gelap.
# Warna yang sulit dibaca disesuaikan otomatis, dan Lapak memberi tahu warna mana.
# colors:
#   accent: "#b4532a"        # tombol dan tautan
#   background: "#fffaf3"    # latar
#   text: "#2b211c"          # tulisan
# font: system               # system (huruf bawaan ponsel), serif (berkait) atau rounded (membulat)
# dark_mode: false           # toko tetap terang walaupun ponsel pembeli memakai mode gelap
# Tema bawaan: default (kartu produk), butik (foto besar tegak, untuk pakaian), atau
# warung (daftar rapat dengan tombol tambah ke keranjang, untuk makanan dan barang murah).
# theme: butik

# Alamat toko setelah diterbitkan. Isi kalau sudah tahu alamatnya, lalu build lagi:
# base_url: https://nama-toko.netlify.app/
# Nama domain sendiri untuk GitHub Pages (tanpa https://), misalnya:
# domain: tokoku.com

# Tombol di bagian atas toko:
# links:
#   - label: TikTok
#     url: https://www.tiktok.com/@namaanda
#   - label: Instagram
#     url: https://www.instagram.com/namaanda
# marketplaces:
#   shopee: https://shopee.co.id/namaanda
#   tokopedia: https://www.tokopedia.com/namaanda

# Cara bayar: tampil di keranjang dan di halaman "Cara pesan & bayar", urut seperti di sini.
# Jenisnya: bank, ewallet, qris, cod (bayar di tempat) atau other (cara lain).
# payment:
#   - type: bank
#     name: BCA
#     account: "1234567890"  # nomor rekening, dalam tanda kutip
#     holder: Nama Pemilik Rekening
#   - type: ewallet
#     name: GoPay
#     account: "0812-3456-7890"
#   - type: qris
#     image: qris.png        # gambar kode QRIS Anda, di samping store.yml
#   - type: cod
#     note: Khusus dalam kota
# Cara pengiriman: pembeli memilih satu di keranjang. fee: 0 berarti gratis; fee: ongkir berarti
# ongkirnya dihitung di chat.
# delivery:
#   - name: Ambil sendiri
#     fee: 0
#     note: Alamat dan jam buka toko Anda
#   - name: Kurir instan
#     fee: "Rp 15.000"
#   - name: JNE / J&T / SiCepat
#     fee: ongkir
# free_delivery_over: "Rp 300.000"   # gratis ongkir mulai belanja sebesar ini
# min_order: "Rp 50.000"             # belanja paling sedikit
# low_stock: 5                       # "Sisa 3" tampil kalau stok produk sebanyak ini atau kurang
# Voucher dicek di browser pembeli dan kodenya terlihat di kode halaman: jangan pakai kode rahasia.
# vouchers:
#   - code: HEMAT10
#     percent: 10                    # diskon 10%; atau amount: "Rp 10.000" untuk potongan tetap
#     min_order: "Rp 100.000"
#     until: 2026-12-31              # hari terakhir voucher berlaku
""",
    "en": """\
# Your store's settings. Lines that start with # are notes: Lapak does not read them.
# Remove the # in front of a line to use it. Keep the names on the left of the : as they are.

name: {name}                 # the store's name
{whatsapp_line}
language: en                 # the language of buttons and labels: id (Bahasa Indonesia) or en (English)
currency: IDR                # the currency of the prices

# tagline: Homemade sambal and cakes from Solo
# description: Order on WhatsApp, we ship all over Indonesia.
# logo: logo.png             # a logo image, next to store.yml
# cover: cover.jpg           # a wide picture at the top of the storefront, next to store.yml
# address: Jl. Sidoluhur 12, Laweyan, Solo   # the shop's address, shown at the bottom of every page

# The store's look: your colours (colour codes in quotes), font, and dark mode.
# A colour that would be hard to read is adjusted for you, and Lapak says which one.
# colors:
#   accent: "#b4532a"        # buttons and links
#   background: "#fffaf3"
#   text: "#2b211c"
# font: system               # system (the phone's own), serif or rounded
# dark_mode: false           # keep the store light even when the buyer's phone is in dark mode
# Built-in themes: default (product cards), butik (large portrait photos, for clothing), or
# warung (a dense list with an add-to-cart button on each row, for food and cheap items).
# theme: butik

# The store's address once it is published. Fill it in when you know it, then build again:
# base_url: https://store-name.netlify.app/
# Your own domain name for GitHub Pages (without https://), such as:
# domain: mystore.com

# Buttons at the top of the store:
# links:
#   - label: TikTok
#     url: https://www.tiktok.com/@yourname
#   - label: Instagram
#     url: https://www.instagram.com/yourname
# marketplaces:
#   shopee: https://shopee.co.id/yourname
#   tokopedia: https://www.tokopedia.com/yourname

# Ways to pay: shown in the cart and on the "How to order" page, in this order.
# The kinds: bank, ewallet, qris, cod (cash on delivery) or other.
# payment:
#   - type: bank
#     name: BCA
#     account: "1234567890"  # the account number, in quotes
#     holder: Account Holder Name
#   - type: ewallet
#     name: GoPay
#     account: "0812-3456-7890"
#   - type: qris
#     image: qris.png        # your QRIS code's image, next to store.yml
#   - type: cod
#     note: Within the city only
# Ways of delivery: the buyer picks one in the cart. fee: 0 means free; fee: ongkir means the fee is
# worked out in the chat.
# delivery:
#   - name: Pick up
#     fee: 0
#     note: Your shop's address and opening hours
#   - name: Same-day courier
#     fee: "Rp 15.000"
#   - name: JNE / J&T / SiCepat
#     fee: ongkir
# free_delivery_over: "Rp 300.000"   # free delivery from an order this large
# min_order: "Rp 50.000"             # the smallest order
# low_stock: 5                       # "Only 3 left" shows at or under this stock
# Vouchers are checked in the buyer's browser and their codes can be read in the page's source: no secret codes.
# vouchers:
#   - code: SAVE10
#     percent: 10                    # 10% off; or amount: "Rp 10.000" for a fixed amount off
#     min_order: "Rp 100.000"
#     until: 2026-12-31              # the voucher's last day
""",
}

WHATSAPP_LINE = {
    "id": ('whatsapp: {number}       # nomor WhatsApp untuk pesanan',
           '# whatsapp: "0812-3456-7890"   # nomor WhatsApp untuk pesanan: isi, lalu hapus # di depannya'),
    "en": ('whatsapp: {number}       # the WhatsApp number orders go to',
           '# whatsapp: "0812-3456-7890"   # the WhatsApp number orders go to: fill it in, then remove the #'),
}

SAMPLES = {
    "id": [
        ("contoh-kopi-bubuk", """\
---
# Produk contoh: ubah isinya, atau hapus folder ini. Tambah produk: lapak new product "Nama Produk"
title: "Contoh: Kopi Bubuk Robusta 200 g"
price: 45000
compare_at_price: 55000      # harga sebelum diskon: tampil dicoret
category: Minuman
tags: [kopi, oleh-oleh]
options:                     # pilihan pembeli, ikut masuk ke pesan WhatsApp
  Gilingan: [Halus, Sedang, Kasar]
---
Kopi robusta dari kebun petani, disangrai sendiri setiap minggu. **Harum dan pekat**, cocok untuk
kopi tubruk.

Foto produk ada di folder yang sama dengan file ini (1.jpg). Ganti dengan foto Anda sendiri.
""", "coffee"),
        ("contoh-kaos-polos", """\
---
# Produk contoh: ubah isinya, atau hapus folder ini. Tambah produk: lapak new product "Nama Produk"
title: "Contoh: Kaos Polos Katun"
price: 65000
category: Pakaian
variants:                    # ukuran, masing-masing boleh punya harga sendiri
  - name: S
  - name: M
  - name: L
  - name: XL
    price: 70000
  - name: XXL
    sold_out: true
---
Kaos katun combed 30s, adem dan tidak gerah. Jahitan rapi, warna tidak luntur.
""", "shirt"),
    ],
    "en": [
        ("sample-ground-coffee", """\
---
# A sample product: change it, or delete this folder. Add a product: lapak new product "Product Name"
title: "Sample: Robusta Ground Coffee 200 g"
price: 45000
compare_at_price: 55000      # the price before a discount: shown struck through
category: Drinks
tags: [coffee, gifts]
options:                     # choices the buyer makes; they go into the WhatsApp message
  Grind: [Fine, Medium, Coarse]
---
Robusta from smallholder farms, roasted every week. **Rich and strong**, made for a cup of
kopi tubruk.

The product's photo is in the same folder as this file (1.jpg). Replace it with your own.
""", "coffee"),
        ("sample-plain-t-shirt", """\
---
# A sample product: change it, or delete this folder. Add a product: lapak new product "Product Name"
title: "Sample: Plain Cotton T-shirt"
price: 65000
category: Clothing
variants:                    # sizes; each may have its own price
  - name: S
  - name: M
  - name: L
  - name: XL
    price: 70000
  - name: XXL
    sold_out: true
---
Combed cotton 30s, cool and light. Neat seams, colours that stay.
""", "shirt"),
    ],
}

PRODUCT_MD = {
    "id": """\
---
# Keterangan produk. Baris yang diawali # adalah catatan: hapus # di depan baris untuk memakainya.
# Foto: letakkan di folder ini (1.jpg, 2.jpg, ...); semuanya tampil, urut nama file.
title: {title}               # nama produk (wajib)
price: {price}               # harga (wajib): 150000, "Rp 150.000" atau "150rb"
{draft}# compare_at_price: 200000   # harga sebelum diskon: tampil dicoret, dengan label hemat
# category: Minuman          # satu kategori; setiap kategori punya halaman sendiri
# tags: [kopi, oleh-oleh]    # kata kunci; setiap tanda punya halaman sendiri, /tag/kopi/
# images: [depan.jpg, samping.jpg]   # foto tertentu saja, dengan urutan ini (bawaan: semua foto di folder ini)
# options:                   # pilihan pembeli, ikut masuk ke pesan WhatsApp
#   Ukuran: [S, M, L]
# variants:                  # varian; tanpa price, varian memakai harga produk
#   - name: 250 g
#   - name: 500 g
#     price: 160000
#     compare_at_price: 180000
#     sku: KP-500
#     stock: 3
#   - name: 1 kg
#     sold_out: true
# stock: 12                  # jumlah stok: "Sisa 3" tampil kalau tinggal sedikit; 0 berarti habis
# sale:                      # harga promo dari from sampai until (boleh tanpa salah satunya)
#   price: {sale_price}
#   from: {sale_from}
#   until: {sale_until}
# sold_out: true             # habis: tombol pesan disembunyikan
# marketplaces:              # produk ini di marketplace
#   shopee: https://shopee.co.id/namaanda/123456
#   tokopedia: https://www.tokopedia.com/namaanda/nama-produk
#   tiktok: https://www.tiktok.com/@namaanda
#   lazada: https://www.lazada.co.id/products/...
#   blibli: https://www.blibli.com/p/...
#   bukalapak: https://www.bukalapak.com/p/...
# whatsapp_message: "Halo {{store}}, saya pesan {{product}} ({{variant}}). {{url}}"   # pesan WhatsApp produk ini
# summary: Kopi pilihan, disangrai setiap minggu   # satu kalimat untuk kartu produk dan pratinjau tautan
# order: 1                   # urutan: angka kecil tampil lebih dulu
# slug: {slug}               # alamat halaman: /{slug}/
# sku: KODE-001              # kode produk Anda sendiri
# weight: 250                # berat dalam gram, angka bulat
# photo_ratio: "4:5"         # bentuk foto di kartu: 1:1 (persegi), 4:5 atau 3:4 (tegak); bawaan dari store.yml
# brand: Kopi Bu Sari        # merek, untuk katalog Meta, Google, TikTok (bawaan: nama toko)
# condition: baru            # baru, bekas atau rekondisi (bawaan: baru)
# google_product_category: 3891   # kategori produk Google, kalau Anda tahu nomornya
# gtin: "8991234567891"      # nomor barcode di kemasan (8, 12, 13 atau 14 angka), untuk katalog Google dan Meta
# mpn: KBS-250               # nomor part dari pembuat barang, kalau ada, untuk katalog Google dan Meta
# import: {{source: shopee, id: "123"}}   # ditulis oleh lapak import untuk impor berikutnya: jangan diubah
{date}# draft: true                # sembunyikan produk ini dulu (lapak build --drafts untuk melihatnya)
---
Tulis deskripsi produk di sini: bahan, ukuran, cara pakai, lama pengiriman.

Baris kosong memulai paragraf baru. **Tebal** dengan dua bintang.
""",
    "en": """\
---
# The product's details. Lines that start with # are notes: remove the # in front of a line to use it.
# Photos: put them in this folder (1.jpg, 2.jpg, ...); all of them are shown, in file name order.
title: {title}               # the product's name (required)
price: {price}               # the price (required): 150000, "Rp 150.000" or "150rb"
{draft}# compare_at_price: 200000   # the price before a discount: struck through, with a badge
# category: Drinks           # one category; each category gets its own page
# tags: [coffee, gifts]      # keywords; each tag gets its own page, /tag/coffee/
# images: [front.jpg, side.jpg]   # only these photos, in this order (default: every photo in this folder)
# options:                   # choices the buyer makes; they go into the WhatsApp message
#   Size: [S, M, L]
# variants:                  # variants; one without a price has the product's price
#   - name: 250 g
#   - name: 500 g
#     price: 160000
#     compare_at_price: 180000
#     sku: CF-500
#     stock: 3
#   - name: 1 kg
#     sold_out: true
# stock: 12                  # how many are left: "Only 3 left" shows when few are; 0 means sold out
# sale:                      # a sale price from 'from' to 'until' (either may be left out)
#   price: {sale_price}
#   from: {sale_from}
#   until: {sale_until}
# sold_out: true             # sold out: the order button is hidden
# marketplaces:              # this product on marketplaces
#   shopee: https://shopee.co.id/yourname/123456
#   tokopedia: https://www.tokopedia.com/yourname/product-name
#   tiktok: https://www.tiktok.com/@yourname
#   lazada: https://www.lazada.co.id/products/...
#   blibli: https://www.blibli.com/p/...
#   bukalapak: https://www.bukalapak.com/p/...
# whatsapp_message: "Hello {{store}}, I want {{product}} ({{variant}}). {{url}}"   # this product's own message
# summary: Hand-picked coffee, roasted every week   # one line for the product card and link previews
# order: 1                   # the order: lower numbers come first
# slug: {slug}               # the page's address: /{slug}/
# sku: CODE-001              # your own product code
# weight: 250                # the weight in grams, a whole number
# photo_ratio: "4:5"         # the photo's shape on cards: 1:1 (square), 4:5 or 3:4 (portrait); default from store.yml
# brand: Kopi Bu Sari        # the brand, for the Meta, Google and TikTok catalogues (default: the store's name)
# condition: new             # new, used or refurbished (default: new)
# google_product_category: 3891   # Google's product category, when you know its number
# gtin: "8991234567891"      # the barcode number on the package (8, 12, 13 or 14 digits), for Google and Meta
# mpn: KBS-250               # the maker's part number, when there is one, for Google and Meta
# import: {{source: shopee, id: "123"}}   # written by lapak import for the next import: leave it as it is
{date}# draft: true                # hide this product for now (lapak build --drafts shows it)
---
Describe the product here: material, size, how to use it, how long delivery takes.

An empty line starts a new paragraph. **Bold** with two stars.
""",
}

DATE_LINE = {"id": "date: {day}             # tanggal produk ditambahkan (untuk urutan terbaru)\n",
             "en": "date: {day}             # the day the product was added (for newest first)\n"}
DRAFT_LINE = {"id": "draft: true                  # tersembunyi: hapus baris ini kalau produk sudah siap\n",
              "en": "draft: true                  # hidden: remove this line when the product is ready\n"}

GITIGNORE = """\
# Made by Lapak: made again by every build, never committed.
/output/
/output.zip
/.lapak-cache/
"""

NETLIFY_TOML = """\
# Netlify builds and publishes the store with these settings (Netlify with git: see Lapak's
# docs/publish.md). Netlify installs what requirements.txt lists, then runs the command. $URL is
# the site's address on Netlify, so links and share previews point to the right place.
[build]
  command = "lapak build . --output output --base-url \\"$URL\\""
  publish = "output"

[build.environment]
  PYTHON_VERSION = "3.12"
  TZ = "Asia/Jakarta"  # sales start and end by the date in Indonesia (WITA: Asia/Makassar, WIT: Asia/Jayapura)
"""

WORKFLOW_YML = """\
# Builds the store and publishes it on GitHub Pages every time you push to main (or master), and
# every morning, so that a sale starts and ends on the site on its own days (sale: in a product),
# once you choose, on GitHub: Settings > Pages > Build and deployment > Source: "GitHub Actions".
# GitHub pauses daily runs in a repository with no push for 60 days: push, or run it by hand (Actions tab).
# GitHub gives the store's address (base_url), so links and share previews point to the right place.
# With your own domain: set it in Settings > Pages > Custom domain (the CNAME file is not used here).
# Note: GitHub's terms do not allow free Pages sites used mainly for selling; see Lapak's docs/publish.md.
name: Publish the store on GitHub Pages

on:
  push:
    branches: [main, master]
  schedule:
    - cron: "17 23 * * *"  # every day at 23:17 UTC, 06:17 in Jakarta (WIB)
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  # Publish only when Pages is set to "GitHub Actions": with Netlify, or with lapak deploy --github
  # (the gh-pages branch), this workflow does nothing and stays green.
  pages:
    runs-on: ubuntu-latest
    outputs:
      enabled: ${{ steps.source.outputs.enabled }}
    steps:
      - id: source
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          if [ "$(gh api "repos/$GITHUB_REPOSITORY/pages" --jq .build_type 2>/dev/null)" = "workflow" ]; then
            echo "enabled=true" >> "$GITHUB_OUTPUT"
          else
            echo "::notice::To publish on GitHub Pages, set Settings > Pages > Source to GitHub Actions."
          fi

  build:
    needs: pages
    if: needs.pages.outputs.enabled == 'true'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install Lapak (from requirements.txt)
        run: python -m pip install -r requirements.txt
      - name: Keep processed photos between builds
        uses: actions/cache@v4
        with:
          path: .lapak-cache
          key: lapak-${{ hashFiles('products/**') }}
          restore-keys: lapak-
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the store
        run: lapak build . --output output --base-url "${{ steps.pages.outputs.base_url }}/"
        env:
          TZ: Asia/Jakarta  # sales start and end by the date in Indonesia (WITA: Asia/Makassar, WIT: Asia/Jayapura)
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

REQUIREMENTS_TXT = """\
# What Netlify and GitHub install to build this store: Lapak.
# Apa yang dipasang Netlify dan GitHub untuk membangun toko ini: Lapak.
{note}{line}
"""

UNPUBLISHED_NOTE = """\
# {line} installs Lapak from PyPI (https://pypi.org/project/lapak/). While Lapak is not there yet,
# write instead where you installed Lapak from: a git+https:// address, or the https:// address of a .zip.
# {line} memasang Lapak dari PyPI (https://pypi.org/project/lapak/). Selama Lapak belum ada di sana,
# tulis di sini alamat tempat Anda memasang Lapak: alamat git+https://, atau alamat https:// sebuah .zip.
"""

define({
    "init.requirements_unpublished": (
        "requirements.txt memasang {line} dari PyPI. Kalau Lapak belum ada di pypi.org, tulis di file itu alamat "
        "tempat Anda memasang Lapak, atau terbitkan dengan lapak build --zip (Netlify Drop) atau "
        "lapak deploy --github, yang tidak membutuhkannya.",
        "requirements.txt installs {line} from PyPI. If Lapak is not on pypi.org yet, write in that file where you "
        "installed Lapak from, or publish with lapak build --zip (Netlify Drop) or lapak deploy --github, "
        "which do not need it."),
})


# --------------------------------------------------------------------------- helpers


def yaml_text(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (any ':', '#' or quote in it stays text)."""
    return json.dumps(str(text), ensure_ascii=False)


def number_problem(number: str, language: str) -> str | None:
    """Why ``number`` is not a WhatsApp number, in the seller's language; None when it is one."""
    from generator.content.links import check_whatsapp

    problem = check_whatsapp(str(number).strip(), "ID")[1]  # the build's own check, so both accept the same
    return None if problem is None else problem.text(language)


def install_requirement() -> tuple[str, bool]:
    """The requirements.txt line that installs this Lapak on a host, and whether it says where Lapak came from.

    Where this Lapak was installed from (PEP 610's ``direct_url.json``): from a package index,
    ``lapak==<version>``; from a git repository or an archive on the web, that address (git at the
    installed commit). From a folder or a file on this computer, which Netlify cannot reach, or
    when Lapak runs from its source folder: ``lapak==<version>`` too, and False, so ``init`` says
    what to do while that version is not on PyPI.
    """
    import importlib.metadata

    from generator import __version__

    pinned = f"lapak=={__version__}"
    try:
        dist = importlib.metadata.distribution("lapak")
    except importlib.metadata.PackageNotFoundError:
        return pinned, False  # running from a source folder without installing
    if dist.version != __version__:  # another Lapak is installed than the one running (a developer's PYTHONPATH)
        return pinned, False
    direct = dist.read_text("direct_url.json")
    if not direct:
        return pinned, True  # from a package index
    address = _direct_address(direct)
    return (f"lapak @ {address}", True) if address else (pinned, False)


def _direct_address(direct_url_json: str) -> str | None:
    """A pip requirement address for what ``direct_url.json`` describes, when a host can reach it too."""
    try:
        info = json.loads(direct_url_json)
    except ValueError:
        return None
    if not isinstance(info, dict):
        return None
    url = _https(str(info.get("url", "")))
    vcs = info.get("vcs_info") if isinstance(info.get("vcs_info"), dict) else {}
    subdirectory = str(info.get("subdirectory") or "")
    suffix = f"#subdirectory={subdirectory}" if subdirectory else ""
    if url and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"git+{url}@{vcs['commit_id']}{suffix}"
    if url and "archive_info" in info and not vcs:
        return url + suffix
    return None  # a folder on this computer (dir_info), a file:// archive, another version control system


def _https(url: str) -> str | None:
    """``url`` as an https address a host can fetch without this computer's keys, or None."""
    import re

    url = url.strip()
    if url.startswith("https://") and "@" not in url.split("/", 3)[2]:  # no user name or token in it
        return url
    m = re.fullmatch(r"(?:ssh://)?git@(github\.com|gitlab\.com|codeberg\.org)[:/](.+)", url)
    return f"https://{m.group(1)}/{m.group(2)}" if m else None


def _photo(kind: str, path: Path) -> None:
    """Draw a small sample photo (800x800 JPEG): the same picture every time, no fonts, no randomness."""
    from PIL import Image, ImageDraw

    size = 800
    img = Image.new("RGB", (size, size), (244, 236, 224) if kind == "coffee" else (222, 236, 242))
    d = ImageDraw.Draw(img)
    d.ellipse((90, 640, 710, 740), fill=(214, 204, 190) if kind == "coffee" else (196, 214, 222))  # shadow
    if kind == "coffee":
        d.rounded_rectangle((230, 150, 570, 690), radius=36, fill=(122, 74, 46))  # the pouch
        d.polygon([(230, 190), (570, 190), (540, 150), (260, 150)], fill=(96, 56, 34))
        d.rounded_rectangle((280, 330, 520, 520), radius=18, fill=(246, 233, 210))  # its label
        for i, (x, y) in enumerate([(340, 400), (400, 380), (460, 410), (370, 460), (435, 465)]):
            d.ellipse((x - 26, y - 18, x + 26, y + 18), fill=(88, 50, 28))
            d.line((x - 16, y - 6 + i % 2 * 4, x + 16, y + 6 - i % 2 * 4), fill=(150, 100, 60), width=4)
        for x in range(250, 560, 40):
            d.line((x, 560, x + 20, 640), fill=(104, 62, 38), width=6)
    else:
        body = [(250, 230), (330, 180), (400, 215), (470, 180), (550, 230), (640, 320), (575, 385),
                (540, 350), (540, 680), (260, 680), (260, 350), (225, 385), (160, 320)]
        d.polygon(body, fill=(38, 120, 110))
        d.arc((345, 160, 455, 250), start=20, end=160, fill=(24, 86, 78), width=14)
        d.line((260, 350, 260, 680), fill=(30, 100, 92), width=6)
        d.line((540, 350, 540, 680), fill=(30, 100, 92), width=6)
    img.save(path, "JPEG", quality=85, optimize=True)


# --------------------------------------------------------------------------- init


@dataclass
class InitResult:
    """What ``init`` wrote, and what it found already there and left alone."""

    folder: Path
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    requirement: str = ""  # the line in requirements.txt
    requirement_known: bool = True  # False: requirements.txt pins a version that may not be on PyPI yet

    def requirement_note(self) -> Msg | None:
        """The one line init says about requirements.txt, when its version may not be on PyPI yet."""
        return None if self.requirement_known else msg("init.requirements_unpublished", line=self.requirement)


def check_init_folder(folder: Path) -> None:
    """Refuse a folder that already holds a store, or is a file, before any question is asked."""
    if folder.exists() and not folder.is_dir():
        raise LapakError(msg("init.is_file", folder=folder))
    if (folder / CONFIG_NAME).exists():
        raise LapakError(msg("init.exists", folder=folder, config=CONFIG_NAME))


def init_store(folder: Path, name: str, whatsapp: str | None, language: str = "id") -> InitResult:
    """Write a ready store into ``folder``: store.yml, two sample products with photos, hosting files.

    ``whatsapp`` must already be checked (see :func:`number_problem`). Files that exist are kept.
    """
    if language not in LANGUAGES:
        raise LapakError(msg("init.unknown_language", language=language))
    check_init_folder(folder)
    if not name.strip():
        raise LapakError(msg("init.needs_name"))
    result = InitResult(folder)
    result.requirement, result.requirement_known = install_requirement()
    requirement = result.requirement

    number_line, no_number_line = WHATSAPP_LINE[language]
    store_yml = STORE_YML[language].format(
        name=yaml_text(name.strip()),
        whatsapp_line=number_line.format(number=yaml_text(whatsapp.strip())) if whatsapp else no_number_line)
    files: dict[str, str | bytes] = {
        CONFIG_NAME: store_yml,
        "netlify.toml": NETLIFY_TOML,
        WORKFLOW: WORKFLOW_YML,
        REQUIREMENTS: REQUIREMENTS_TXT.format(
            note="" if result.requirement_known else UNPUBLISHED_NOTE.format(line=requirement), line=requirement),
    }
    for slug, text, _ in SAMPLES[language]:
        files[f"products/{slug}/index.md"] = text
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        _write_new(folder, rel, text, result)
    for slug, _, picture in SAMPLES[language]:
        path = folder / "products" / slug / "1.jpg"
        if path.exists():
            result.kept.append(f"products/{slug}/1.jpg")
        else:
            _photo(picture, path)
            result.written.append(f"products/{slug}/1.jpg")
    _gitignore(folder, result)
    return result


def _write_new(folder: Path, rel: str, text: str, result: InitResult) -> None:
    path = folder / rel
    if path.exists():
        result.kept.append(rel)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never replace a file
        fh.write(text)
    result.written.append(rel)


def _gitignore(folder: Path, result: InitResult) -> None:
    """Write .gitignore, or add Lapak's lines to the one that is there."""
    path = folder / ".gitignore"
    if not path.exists():
        _write_new(folder, ".gitignore", GITIGNORE, result)
        return
    have = {line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()}
    missing = [line for line in GITIGNORE.splitlines() if line and not line.startswith("#") and line not in have]
    if missing:
        text = path.read_text(encoding="utf-8", errors="replace")
        with open(path, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(("" if text.endswith("\n") or not text else "\n") + "\n" + GITIGNORE.splitlines()[0] + "\n"
                     + "\n".join(missing) + "\n")
        result.written.append(".gitignore")
    else:
        result.kept.append(".gitignore")


# --------------------------------------------------------------------------- new product


define({
    "new.no_letters": (
        '"{title}" tidak punya huruf atau angka untuk dijadikan alamat halamannya; beri produk nama seperti '
        '"Kopi Gayo 250 g"',
        '"{title}" has no letters or digits to make the page\'s address from; give the product a name such as '
        '"Kopi Gayo 250 g"'),
    "new.reserved": ("'{slug}' dipakai Lapak untuk halamannya sendiri; beri produk nama lain",
                     "'{slug}' is used by Lapak for its own pages; give the product another name"),
    "new.bad_price": ("harga: {problem}", "price: {problem}"),
    "new.taken": ("Sudah ada produk di {path} (alamat /{slug}/). Pilih nama lain, atau ubah file itu.",
                  "There is already a product at {path} (address /{slug}/). Choose another name, or edit that file."),
    "new.rename": (
        "Folder {folder} sudah berisi {name}, yang seharusnya bernama index.md. Ganti namanya menjadi index.md "
        "(Windows kadang menyembunyikan akhiran seperti .txt), lalu ubah file itu.",
        "The folder {folder} already has {name}, which should be called index.md. Rename it to index.md "
        "(Windows sometimes hides endings such as .txt), then edit that file."),
})


@dataclass
class NewProduct:
    """What ``new product`` wrote: the product's file, and the photos its folder already held."""

    path: Path
    photos: list[str] = field(default_factory=list)


def new_product(source: Path, title: str, price: str, draft: bool = False) -> NewProduct:
    """Write ``products/<slug>/index.md`` with every field explained, in the store's language.

    A folder for that product that holds photos but no index.md (the seller put the photos in
    first) is completed: index.md is written beside the photos, which stay as they are.
    """
    import datetime

    from generator.content.catalog import FIELDS, RESERVED_SLUGS
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.content.money import PriceError, parse_price
    from generator.content.sources import PRODUCTS_DIR
    from generator.content.text import slugify

    root = find_config(source).parent
    store, _ = load_store(root)  # the build reports store.yml's problems; here only language and currency count
    title = " ".join(str(title).split())
    slug = slugify(title)
    if not slug:
        raise LapakError(msg("new.no_letters", title=title))
    if slug in RESERVED_SLUGS:
        raise LapakError(msg("new.reserved", slug=slug))
    try:
        amount = parse_price(price, store.currency)
    except PriceError as exc:
        raise LapakError(msg("new.bad_price", problem=exc.msg)) from None
    products = root / PRODUCTS_DIR
    folder = _product_folder(root, products, slug) or products / slug
    today = datetime.date.today()
    text = PRODUCT_MD[store.language].format(
        title=yaml_text(title), price=_price_text(amount), slug=slug, sale_price=_price_text(_sale_price(amount)),
        sale_from=today.isoformat(), sale_until=(today + datetime.timedelta(days=30)).isoformat(),
        draft=DRAFT_LINE[store.language] if draft else "",
        date=DATE_LINE[store.language].replace("{day}", today.isoformat()) if "date" in FIELDS else "")
    path = folder / "index.md"
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return NewProduct(path, _photos_in(folder))


def _product_folder(root: Path, products: Path, slug: str) -> Path | None:
    """The folder already there for the product at ``/slug/`` that lacks only its index.md, or None when there is none.

    A product file or a complete product folder at that address is refused, naming it; so is a
    folder whose index.md has another name (``index.md.txt``), which the seller should rename.
    """
    from generator.content.sources import _hidden, _near_index  # the build's own rules for product folders
    from generator.content.text import slugify

    try:
        names = sorted(os.listdir(products))
    except OSError:
        return None
    names.sort(key=lambda n: n != slug)  # the folder named exactly like the address first
    for name in names:
        path = products / name
        if _hidden(name):
            continue
        if path.is_dir() and slugify(name) == slug:
            if (path / "index.md").exists():
                raise LapakError(msg("new.taken", path=_rel(root, path / "index.md"), slug=slug))
            inside = sorted(os.listdir(path))
            wrong = [n for n in inside if _near_index(n)] or [n for n in inside if n.lower().endswith(".md")]
            if wrong:
                raise LapakError(msg("new.rename", folder=_rel(root, path), name=wrong[0]))
            return path
        if path.is_file() and name.lower().endswith(".md") and slugify(name[:-3]) == slug:
            raise LapakError(msg("new.taken", path=_rel(root, path), slug=slug))
    return None


def _photos_in(folder: Path) -> list[str]:
    """The photos a product folder holds, in the order the product page shows them."""
    from generator.content.sources import IMAGE_EXTENSIONS, _hidden, _natural_key

    names = [n for n in os.listdir(folder) if not _hidden(n) and os.path.splitext(n)[1].lower() in IMAGE_EXTENSIONS]
    return sorted(names, key=_natural_key)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _sale_price(amount: Decimal) -> Decimal:
    """A tenth off ``amount``, rounded down to its own precision: the example sale price."""
    from decimal import ROUND_DOWN

    smallest = Decimal(1).scaleb(amount.as_tuple().exponent)
    return max((amount * Decimal("0.9")).quantize(smallest, rounding=ROUND_DOWN), smallest)


def _price_text(amount: Decimal) -> str:
    return str(int(amount)) if amount == amount.to_integral_value() else yaml_text(str(amount))
