"""Marketplace export files for the import tests, written with openpyxl into a test's tmp_path.

Each builder follows the layout of the real file as public copies and the code that reads or writes
them show it (sources named at each builder); what no public copy showed is marked as our guess.
Nothing here is a copy of a marketplace's file: the products, texts and ids are made up.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

# One small catalogue, shared by the formats. Photo addresses are never fetched by these tests.
CDN = "https://cf.shopee.co.id/file/"
KERIPIK_DESCRIPTION = (
    "Keripik tempe sagu khas Malang, renyah dan gurih 😋\r\n"
    "\r\n"
    "Keunggulan:\r\n"
    "• Tanpa pengawet\r\n"
    "• Digoreng dengan minyak baru\r\n"
    "✓ Halal MUI\r\n"
    "\r\n"
    "Isi 250gr *tanpa MSG*\r\n"
    "==========\r\n"
    "1. Simpan di tempat kering\r\n"
    "2. Tutup rapat setelah dibuka"
)


def save(path: Path, sheets: dict[str, list[list[object]]], hidden_rows: dict[str, list[int]] | None = None) -> Path:
    """Write ``sheets`` (name -> rows, in order) into an XLSX workbook at ``path``."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def with_shopee_pane(path: Path) -> Path:
    """Give every sheet the ``activePane="bottom_left"`` Shopee's own exports carry.

    Shopee writes the frozen header's pane that way, which is not valid OOXML, and openpyxl refuses
    such a workbook (noted in public scripts that read these exports, which rewrite it to
    ``bottomLeft`` before opening).
    """
    data = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data[name] = zf.read(name)
    for name in data:
        if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
            xml = data[name].decode("utf-8")
            pane = ('<sheetView workbookViewId="0"><pane ySplit="6" topLeftCell="A7" activePane="bottom_left" '
                    'state="frozen"/></sheetView>')
            xml = re.sub(r"<sheetView [^>]*/>|<sheetView [^>]*>.*?</sheetView>", pane, xml, count=1, flags=re.S)
            data[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    return path


# Shopee Mass Update -------------------------------------------------------------------------------
#
# Modelled on: the sales_info header block a public tool copies from a real Indonesian export (row 1
# keys, row 2 "sales_info" + a hash + "0" + an id + '{"search_condition":{}}', row 3 labels
# "Kode Produk", "Nama Produk", "Kode Variasi", "Nama Variasi", "SKU Induk", "SKU", "Harga", "GTIN",
# "Stok", …, row 4 "Wajib" over the required columns, row 5 empty, row 6 help text such as "Mohon
# masukkan 99 sampai 150000000 untuk harga produk…"); the keys of basic_info, media_info
# (ps_item_cover_image, ps_item_image.1 … ps_item_image.8, et_title_product_category,
# et_title_variation_1, et_title_option_N_for_variation_1, et_title_option_image_N_for_variation_1)
# and shipping_info (et_title_product_weight, length, width, height, et_title_product_channel_toggle.*)
# as public importers read them; data from row 7, sheet "Sheet1". The labels of basic_info,
# media_info and shipping_info and the weight's unit label are our guess.

_META = ["35b74571cd927608dc4cc2b998b916cb", "0", "208727494", '{"search_condition":{}}']
_SECTIONS = {
    "basic_info": [
        ("et_title_product_id", "Kode Produk", ""), ("et_title_parent_sku", "SKU Induk", ""),
        ("et_title_product_name", "Nama Produk", "Wajib"),
        ("et_title_product_description", "Deskripsi Produk", "Wajib"),
        ("et_title_reason", "Alasan Gagal", ""),
    ],
    "sales_info": [
        ("et_title_product_id", "Kode Produk", ""), ("et_title_product_name", "Nama Produk", ""),
        ("et_title_variation_id", "Kode Variasi", ""), ("et_title_variation_name", "Nama Variasi", ""),
        ("et_title_parent_sku", "SKU Induk", ""), ("et_title_variation_sku", "SKU", ""),
        ("et_title_variation_price", "Harga", "Wajib"), ("ps_gtin_code", "GTIN", ""),
        ("et_title_variation_stock", "Stok", "Wajib"), ("ps_minimum_purchase_quantity", "Min. Jumlah Pembelian", ""),
        ("ps_maximum_purchase_quantity", "Maks. Jumlah Pembelian", ""), ("et_title_reason", "Alasan Gagal", ""),
    ],
    "media_info": [
        ("et_title_product_id", "Kode Produk", ""), ("et_title_parent_sku", "SKU Induk", ""),
        ("et_title_product_name", "Nama Produk", ""), ("et_title_product_category", "Kategori", ""),
        ("ps_item_cover_image", "Foto Sampul", "Wajib"),
        *[(f"ps_item_image.{n}", f"Foto Produk {n}", "") for n in range(1, 9)],
        ("ps_new_size_chart", "Template Panduan Ukuran", ""), ("et_title_size_chart", "Foto Panduan Ukuran", ""),
        ("et_title_variation_1", "Nama Variasi 1", ""),
        *[item for n in range(1, 4) for item in (
            (f"et_title_option_{n}_for_variation_1", f"Varian {n}", ""),
            (f"et_title_option_image_{n}_for_variation_1", f"Foto Varian {n}", ""))],
        ("et_title_variation_2", "Nama Variasi 2", ""),
        *[(f"et_title_option_{n}_for_variation_2", f"Varian {n}", "") for n in range(1, 4)],
        ("et_title_reason", "Alasan Gagal", ""),
    ],
    "shipping_info": [
        ("et_title_product_id", "Kode Produk", ""), ("et_title_product_name", "Nama Produk", ""),
        ("et_title_variation_id", "Kode Variasi", ""), ("et_title_variation_name", "Nama Variasi", ""),
        ("et_title_product_weight", "Berat (gr)", "Wajib"), ("et_title_product_length", "Panjang (cm)", ""),
        ("et_title_product_width", "Lebar (cm)", ""), ("et_title_product_height", "Tinggi (cm)", ""),
        ("et_title_product_channel_toggle.8003", "Reguler (Cashless)", ""), ("et_title_reason", "Alasan Gagal", ""),
    ],
}
_HELP = {
    "et_title_variation_price": "Mohon masukkan 99 sampai 150000000 untuk harga produk. Batas harga produk "
                                "termahal dibagi harga produk termurah: 7",
    "et_title_variation_stock": "Mohon masukkan 0 sampai 999999 untuk stok.",
    "et_title_product_weight": "Masukkan berat dalam gram, 1 sampai 1000000.",
}

# Three products: a plain one, one with two variation tiers (colour x size), one more plain one.
KERIPIK, KAOS, SAMBAL = "21234567890", "21234567891", "21234567892"
SHOPEE_PRODUCTS = [
    {
        "id": KERIPIK, "name": "Keripik Tempe Sagu Original 250gr", "parent_sku": "KTS-250",
        "description": KERIPIK_DESCRIPTION,
        "category": "100629 - Makanan & Minuman/Makanan Ringan/Keripik",
        "images": [CDN + "id-11134207-7r98o-keripik-cover", CDN + "id-11134207-7r98o-keripik-2",
                   "id-11134207-7r98o-keripik-3"],  # media_info sometimes holds a bare file id
        "variations": [{"id": "0", "name": "", "sku": "KTS-250", "price": 25000, "stock": 40, "weight": 300}],
    },
    {
        "id": KAOS, "name": "Kaos Polos Cotton Combed 30s", "parent_sku": "KP30",
        "description": "Bahan adem, jahitan rapi.\nUkuran:\n- M: lebar 50 cm\n- L: lebar 52 cm",
        "category": "100017 - Pakaian Pria/Atasan/Kaos",
        "images": [CDN + "id-kaos-cover", CDN + "id-kaos-2"],
        "tiers": [("Warna", ["Hitam", "Putih"]), ("Ukuran", ["M", "L"])],
        "option_images": [CDN + "id-kaos-hitam", CDN + "id-kaos-putih"],
        "variations": [
            {"id": "150000001", "name": "Hitam,M", "sku": "KP30-HT-M", "price": 55000, "stock": 10, "weight": 200},
            {"id": "150000002", "name": "Hitam,L", "sku": "KP30-HT-L", "price": 59000, "stock": 0, "weight": 210},
            {"id": "150000003", "name": "Putih,M", "sku": "KP30-PT-M", "price": 55000, "stock": 7, "weight": 200},
            {"id": "150000004", "name": "Putih,L", "sku": "KP30-PT-L", "price": 59000, "stock": 3, "weight": 210},
        ],
    },
    {
        "id": SAMBAL, "name": "Sambal Bawang Bu Rudy 150ml", "parent_sku": "",
        "description": "Pedasnya pas.", "category": "100629 - Makanan & Minuman/Bumbu & Bahan Masakan/Sambal",
        "images": [CDN + "id-sambal"],
        "variations": [{"id": "0", "name": "", "sku": "SBR-150", "price": 35000, "stock": 0, "weight": 250}],
    },
]


def _mass_row(section: str, product: dict, variation: dict | None) -> dict[str, object]:
    """The cells of one Mass Update data row, by key."""
    row: dict[str, object] = {
        "et_title_product_id": int(product["id"]), "et_title_product_name": product["name"],
        "et_title_parent_sku": product["parent_sku"], "et_title_product_description": product["description"],
        "et_title_product_category": product["category"],
    }
    if section == "media_info":
        images = product["images"]
        row["ps_item_cover_image"] = images[0]
        for n, url in enumerate(images[1:], 1):
            row[f"ps_item_image.{n}"] = url
        for t, (name, values) in enumerate(product.get("tiers", []), 1):
            row[f"et_title_variation_{t}"] = name
            for n, value in enumerate(values, 1):
                row[f"et_title_option_{n}_for_variation_{t}"] = value
        for n, url in enumerate(product.get("option_images", []), 1):
            row[f"et_title_option_image_{n}_for_variation_1"] = url
    if variation is not None:
        row.update({
            "et_title_variation_id": int(variation["id"]), "et_title_variation_name": variation["name"],
            "et_title_variation_sku": variation["sku"], "et_title_variation_price": variation["price"],
            "et_title_variation_stock": variation["stock"], "et_title_product_weight": variation["weight"],
            "et_title_product_length": 20, "et_title_product_width": 15, "et_title_product_height": 5,
            "et_title_product_channel_toggle.8003": "Aktif",
        })
    return row


def shopee_mass_update(folder: Path, section: str, products: list[dict] | None = None,
                       edit=None, name: str | None = None, quirks: bool = False) -> Path:
    """``mass_update_<section>_….xlsx`` for ``products`` (default: the shared catalogue).

    ``edit(rows)`` may change the data rows (lists of cells in the section's column order) before
    they are written; ``quirks`` gives the file the pane setting Shopee's own files have.
    """
    products = SHOPEE_PRODUCTS if products is None else products
    columns = _SECTIONS[section]
    keys = [k for k, _, _ in columns]
    rows: list[list[object]] = [
        keys,
        [section, *_META] + [None] * (len(keys) - 5),
        [label for _, label, _ in columns],
        [req for _, _, req in columns],
        [None] * len(keys),
        [_HELP.get(k, "") for k in keys],
    ]
    data = []
    for product in products:
        if section in ("sales_info", "shipping_info"):
            for variation in product["variations"]:
                cells = _mass_row(section, product, variation)
                data.append([cells.get(k) for k in keys])
        else:
            cells = _mass_row(section, product, None)
            data.append([cells.get(k) for k in keys])
    if edit is not None:
        edit(data, keys)
    name = name or f"mass_update_{section}_208727494_20250301120000.xlsx"
    path = save(folder / name, {"Sheet1": rows + data})
    return with_shopee_pane(path) if quirks else path


def shopee_mass_update_all(folder: Path, **kwargs) -> list[Path]:
    """The four Mass Update files of the shared catalogue."""
    sections = ("basic_info", "sales_info", "media_info", "shipping_info")
    return [shopee_mass_update(folder, s, **kwargs) for s in sections]


# Shopee "Template Dasar" (mass upload) -------------------------------------------------------------
#
# Modelled on: the column list of Shopee Indonesia's basic mass-upload template as a public exporter
# documents it (43 columns from ps_category to et_title_reason, labels "Kategori", "Nama Produk",
# "Kode Integrasi Variasi", "Harga", "Foto Sampul", "Berat (kg)" …, required marks), keys written
# "key|required|type" in row 1 of a sheet "Template" among other sheets, six header rows, data from
# row 7; variant rows share the integration number and only the first carries name, description,
# photos and weight (as that exporter fills it). The help texts and the guide sheet are our guess.

_TEMPLATE = [
    ("ps_category|0|0", "Kategori", "Opsional"), ("ps_product_name|1|0", "Nama Produk", "Wajib"),
    ("ps_product_description|1|0", "Deskripsi Produk", "Wajib"),
    ("ps_maximum_purchase_quantity|0|0", "Maks. Jumlah Pembelian", "Opsional"),
    ("ps_maximum_purchase_quantity_start_date|0|0", "Maks. Jumlah Pembelian - Tgl Mulai", "Wajib Bersyarat"),
    ("ps_maximum_purchase_quantity_time_period|0|0", "Maks. Jumlah Pembelian - Jumlah Hari", "Wajib Bersyarat"),
    ("ps_maximum_purchase_quantity_end_date|0|0", "Maks. Jumlah Pembelian - Tgl Berakhir", "Wajib Bersyarat"),
    ("ps_minimum_purchase_quantity|0|0", "Min. Jumlah Pembelian", "Opsional"),
    ("ps_sku_parent_short|0|0", "SKU Induk", "Opsional"), ("ps_dangerous_goods|0|0", "Produk Berbahaya", "Opsional"),
    ("et_title_variation_integration_no|0|0", "Kode Integrasi Variasi", "Wajib Bersyarat"),
    ("et_title_variation_1|0|0", "Nama Variasi 1", "Wajib Bersyarat"),
    ("et_title_option_for_variation_1|0|0", "Varian untuk Variasi 1", "Wajib Bersyarat"),
    ("et_title_image_per_variation|0|3", "Foto Produk per Varian", "Wajib Bersyarat"),
    ("et_title_variation_2|0|0", "Nama Variasi 2", "Wajib Bersyarat"),
    ("et_title_option_for_variation_2|0|0", "Varian untuk Variasi 2", "Wajib Bersyarat"),
    ("ps_price|1|1", "Harga", "Wajib"), ("ps_stock|0|1", "Stok", "Wajib Bersyarat"),
    ("ps_sku_short|0|0", "Kode Variasi", "Opsional"),
    ("ps_new_size_chart|0|1", "Template Panduan Ukuran", "Wajib Bersyarat"),
    ("et_title_size_chart|0|3", "Foto Panduan Ukuran", "Wajib Bersyarat"), ("ps_gtin_code|0|0", "GTIN", "Opsional"),
    ("ps_item_cover_image|0|3", "Foto Sampul", "Wajib"),
    *[(f"ps_item_image_{n}|0|3", f"Foto Produk {n}", "Opsional") for n in range(1, 9)],
    ("ps_weight|1|1", "Berat (kg)", "Wajib"), ("ps_length|0|1", "Panjang (cm)", "Wajib Bersyarat"),
    ("ps_width|0|1", "Lebar (cm)", "Wajib Bersyarat"), ("ps_height|0|1", "Tinggi (cm)", "Wajib Bersyarat"),
    ("channel_id.8003|0|0", "Reguler (Cashless)", "Wajib Bersyarat"),
    ("channel_id.8005|0|0", "Hemat Kargo", "Wajib Bersyarat"),
    ("ps_product_pre_order_dts|0|1", "Dikirim Dalam Pre-order", "Wajib Bersyarat"),
    ("et_title_reason|0|0", "Alasan Gagal", "Opsional"),
]

TEMPLATE_ROWS = [
    # a product with one variation tier: three rows, one integration number
    {"ps_category": 100629, "ps_product_name": "Kopi Bubuk Robusta Temanggung", "ps_sku_parent_short": "KOPI-RB",
     "ps_product_description": "Kopi robusta petani Temanggung.\n\n• Sangrai medium\n• Giling halus",
     "et_title_variation_integration_no": "KOPI-RB", "et_title_variation_1": "Berat",
     "et_title_option_for_variation_1": "250 g", "ps_price": 45000, "ps_stock": 12, "ps_sku_short": "KOPI-RB-250",
     "ps_item_cover_image": "https://contoh-toko.example/foto/kopi-1.jpg",
     "ps_item_image_1": "https://contoh-toko.example/foto/kopi-2.jpg", "ps_weight": 0.3, "channel_id.8003": "Aktif"},
    {"et_title_variation_integration_no": "KOPI-RB", "et_title_option_for_variation_1": "500 g",
     "ps_price": 85000, "ps_stock": 5, "ps_sku_short": "KOPI-RB-500"},
    {"et_title_variation_integration_no": "KOPI-RB", "et_title_option_for_variation_1": "1 kg",
     "ps_price": 160000, "ps_stock": 0, "ps_sku_short": "KOPI-RB-1000"},
    # a product without variations
    {"ps_product_name": "Gula Aren Cair 500ml", "ps_product_description": "Manis alami.", "ps_price": 30000,
     "ps_stock": 20, "ps_sku_short": "GA-500", "ps_item_cover_image": "https://contoh-toko.example/foto/gula.jpg",
     "ps_weight": 0.6},
]


def shopee_template(folder: Path, rows: list[dict] | None = None, name: str = "Shopee_mass_upload_basic_template.xlsx",
                    drop: tuple[str, ...] = ()) -> Path:
    """A filled-in "Template Dasar" workbook; ``drop`` leaves out columns (by key)."""
    columns = [c for c in _TEMPLATE if c[0].split("|")[0] not in drop]
    keys = [k.split("|")[0] for k, _, _ in columns]
    header = [
        [k for k, _, _ in columns],
        [label for _, label, _ in columns],
        [req for _, _, req in columns],
        ["Masukkan nama produk 20-255 karakter." if k == "ps_product_name" else
         "Masukkan harga 99 sampai 150000000." if k == "ps_price" else "" for k in keys],
        [None] * len(keys),
        [None] * len(keys),
    ]
    data = [[row.get(k) for k in keys] for row in (TEMPLATE_ROWS if rows is None else rows)]
    return save(folder / name, {
        "Panduan": [["Panduan Upload Massal"], ["1. Isi data mulai baris 7 pada sheet Template."]],
        "Template": header + data,
        "Contoh": [["Contoh pengisian"]],
    })


# Tokopedia "Tambah Sekaligus" / "Ubah Sekaligus" ------------------------------------------------------
#
# Modelled on: sheet "ISI Template Impor Produk" as public exporters fill Tokopedia's downloaded
# template (row 1 hidden, row 2 the column names "Pesan Error", "Nama Produk*", "Deskripsi Produk",
# "Kategori Kode*", "Berat* (Gram)", "Minimum Pemesanan*", "Nomor Etalase", "Waktu Proses Preorder",
# "Kondisi*", "Gambar 1*" … "Gambar 5", "URL Video Produk 1" … 3, "SKU Name", "Status*", "Jumlah Stok*",
# "Harga (Rp)*", "Asuransi Pengiriman*", row 3 help, data from row 4, Kondisi "Baru"/"Bekas", Status
# "Aktif"/"Nonaktif"); the edit export's sheet "Ubah - Informasi Penjualan" with "Product ID" in
# column B, "URL" in D and "SKU Name" in H as a public script reads it, and "Foto Produk 1*" names.
# The help texts, the other sheets and the edit export's remaining columns are our guess.

TOKOPEDIA_COLUMNS = [
    "Pesan Error", "Nama Produk*", "Deskripsi Produk", "Kategori Kode*", "Berat* (Gram)", "Minimum Pemesanan*",
    "Nomor Etalase", "Waktu Proses Preorder", "Kondisi*", "Gambar 1*", "Gambar 2", "Gambar 3", "Gambar 4",
    "Gambar 5", "URL Video Produk 1", "URL Video Produk 2", "URL Video Produk 3", "SKU Name", "Status*",
    "Jumlah Stok*", "Harga (Rp)*", "Asuransi Pengiriman*",
]
TOKOPEDIA_HELP = {
    "Nama Produk*": "Wajib diisi. Maksimal 70 karakter.",
    "Berat* (Gram)": "Wajib diisi. Berat dalam gram, 1 - 500000.",
    "Harga (Rp)*": "Wajib diisi. Harga 100 - 100000000.",
    "Status*": "Pilih Aktif atau Nonaktif.",
}
TOKOPEDIA_ROWS = [
    {"Nama Produk*": "Madu Hutan Sumbawa 500ml", "Deskripsi Produk": "Madu murni.\n✅ Tanpa campuran\n✅ Panen 2024",
     "Kategori Kode*": 2386, "Berat* (Gram)": 700, "Minimum Pemesanan*": 1, "Kondisi*": "Baru",
     "Gambar 1*": "https://images.tokopedia.net/img/madu-1.jpg",
     "Gambar 2": "https://images.tokopedia.net/img/madu-2.jpg",
     "SKU Name": "MADU-500", "Status*": "Aktif", "Jumlah Stok*": 15, "Harga (Rp)*": 120000,
     "Asuransi Pengiriman*": "Opsional"},
    # a product with two variants (rows that share its name)
    {"Nama Produk*": "Tas Rajut Handmade", "Deskripsi Produk": "Dirajut tangan.", "Kategori Kode*": 1759,
     "Berat* (Gram)": 300, "Minimum Pemesanan*": 1, "Kondisi*": "Baru",
     "Gambar 1*": "https://images.tokopedia.net/img/tas-1.jpg", "SKU Name": "TAS-MERAH", "Status*": "Aktif",
     "Jumlah Stok*": 4, "Harga (Rp)*": 175000, "Asuransi Pengiriman*": "Opsional"},
    {"Nama Produk*": "Tas Rajut Handmade", "Deskripsi Produk": "Dirajut tangan.", "Kategori Kode*": 1759,
     "Berat* (Gram)": 300, "Minimum Pemesanan*": 1, "Kondisi*": "Baru",
     "Gambar 1*": "https://images.tokopedia.net/img/tas-1.jpg", "SKU Name": "TAS-HIJAU", "Status*": "Aktif",
     "Jumlah Stok*": 2, "Harga (Rp)*": 185000, "Asuransi Pengiriman*": "Opsional"},
    # an inactive listing: imported as a draft
    {"Nama Produk*": "Kain Tenun Ikat Sumba", "Deskripsi Produk": "Motif kuda.", "Kategori Kode*": 1802,
     "Berat* (Gram)": 450, "Minimum Pemesanan*": 1, "Kondisi*": "Bekas",
     "Gambar 1*": "https://images.tokopedia.net/img/tenun.jpg", "SKU Name": "TENUN-01", "Status*": "Nonaktif",
     "Jumlah Stok*": 1, "Harga (Rp)*": 1250000, "Asuransi Pengiriman*": "Wajib"},
]


def tokopedia_template(folder: Path, rows: list[dict] | None = None, columns: list[str] | None = None,
                       name: str = "tambah-sekaligus(9146765)-20250301.xlsx") -> Path:
    """A filled-in "Tambah Sekaligus" workbook."""
    columns = TOKOPEDIA_COLUMNS if columns is None else columns
    sheet = [
        [None] * len(columns),  # hidden on Tokopedia's template
        list(columns),
        [TOKOPEDIA_HELP.get(c, "") for c in columns],
        *[[row.get(c) for c in columns] for row in (TOKOPEDIA_ROWS if rows is None else rows)],
    ]
    return save(folder / name, {
        "Petunjuk": [["Cara mengisi template"], ["Isi produk mulai baris ke-4 di sheet ISI Template Impor Produk."]],
        "ISI Template Impor Produk": sheet,
        "Kategori": [["Kode", "Kategori"], [2386, "Makanan & Minuman / Madu"]],
    }, hidden_rows={"ISI Template Impor Produk": [1]})


TOKOPEDIA_EDIT_COLUMNS = [
    "Pesan Error", "Product ID", "Nama Produk*", "URL", "Deskripsi Produk", "Berat* (Gram)", "Kondisi*",
    "SKU Name", "Status*", "Jumlah Stok*", "Harga (Rp)*", "Foto Produk 1*", "Foto Produk 2",
]
TOKOPEDIA_EDIT_ROWS = [
    {"Product ID": 2098765432, "Nama Produk*": "Madu Hutan Sumbawa 500ml",
     "URL": "https://www.tokopedia.com/tokomadu/madu-hutan-sumbawa-500ml", "Deskripsi Produk": "Madu murni.",
     "Berat* (Gram)": 700, "Kondisi*": "Baru", "SKU Name": "MADU-500", "Status*": "Aktif", "Jumlah Stok*": 12,
     "Harga (Rp)*": 125000, "Foto Produk 1*": "https://images.tokopedia.net/img/madu-1.jpg"},
    {"Product ID": 2098765433, "Nama Produk*": "Kain Tenun Ikat Sumba",
     "URL": "https://www.tokopedia.com/tokomadu/kain-tenun-ikat-sumba", "Deskripsi Produk": "Motif kuda.",
     "Berat* (Gram)": 450, "Kondisi*": "Bekas", "SKU Name": "TENUN-01", "Status*": "Nonaktif", "Jumlah Stok*": 0,
     "Harga (Rp)*": 1250000, "Foto Produk 1*": "https://images.tokopedia.net/img/tenun.jpg"},
]


def tokopedia_edit(folder: Path, rows: list[dict] | None = None, name: str = "ubah-sekaligus-20250301.xlsx") -> Path:
    """An "Ubah Sekaligus" export, with Product ID and URL."""
    columns = TOKOPEDIA_EDIT_COLUMNS
    sheet = [
        [None] * len(columns),
        list(columns),
        [TOKOPEDIA_HELP.get(c, "") for c in columns],
        *[[row.get(c) for c in columns] for row in (TOKOPEDIA_EDIT_ROWS if rows is None else rows)],
    ]
    return save(folder / name, {"Ubah - Informasi Penjualan": sheet})


# TikTok Shop batch upload / batch edit ---------------------------------------------------------------
#
# Modelled on: the "Template" sheet of TikTok Shop's batch upload workbook (among "Instruction",
# "Example" and other sheets) as a public writer fills it, with its keys in row 1 (category, brand,
# product_name, product_description, main_image, image_2 … image_9, property_name_1,
# property_value_1, property_1_image, property_name_2, property_value_2, parcel_weight,
# parcel_length, parcel_width, parcel_height, delivery, price, quantity, seller_sku, size_chart, cod,
# product_property/…); the names shown to sellers ("Category", "Brand", "Product Name", "Product
# Description", "Main Product Image", "Product Image 2", "Package Weight(g)", "Variation 1",
# "Retail Price (Local Currency)", "Quantity", "Seller SKU", "Product Status" with "Active(1)" and
# "Draft(2)") as public exporters write them; category and brand with their ids, as
# "Women's dresses/Formal dresses/Business dresses" and "Vivienne Westwood (0123327)" in the 2024
# template's example row; header rows marked "Mandatory"/"Optional", data below the
# header block from row 6. The Indonesian names of the second fixture are our own translation: no
# public copy of an Indonesian-language TikTok Shop template was found.

TIKTOK_KEYS = [
    ("category", "Category"), ("brand", "Brand"), ("product_name", "Product Name"),
    ("product_description", "Product Description"), ("main_image", "Main Product Image"),
    *[(f"image_{n}", f"Product Image {n}") for n in range(2, 10)],
    ("property_name_1", "Variation 1"), ("property_value_1", "Variation 1 Value"),
    ("property_1_image", "Variant Image"), ("property_name_2", "Variation 2"),
    ("property_value_2", "Variation 2 Value"), ("parcel_weight", "Package Weight(g)"),
    ("parcel_length", "Package Length(cm)"), ("parcel_width", "Package Width(cm)"),
    ("parcel_height", "Package Height(cm)"), ("delivery", "Delivery options"),
    ("price", "Retail Price (Local Currency)"), ("quantity", "Quantity"), ("seller_sku", "Seller SKU"),
    ("size_chart", "Size Chart"), ("cod", "COD"), ("product_property/100198", "Material"),
    ("product_status", "Product Status"),
]
TIKTOK_ROWS = [
    {"category": "Fashion Muslim/Hijab/Pashmina (601234)", "brand": "No brand",
     "product_name": "Pashmina Ceruty Babydoll", "product_description":
     "<p>Pashmina ceruty premium, <strong>tidak menerawang</strong>.</p><ul><li>Ukuran 180 x 75 cm</li>"
     "<li>Jahitan neci</li></ul>",
     "main_image": "https://p16-oec-va.ibyteimg.com/tos/pashmina-1.jpg",
     "image_2": "https://p16-oec-va.ibyteimg.com/tos/pashmina-2.jpg",
     "property_name_1": "Warna", "property_value_1": "Mocca",
     "property_1_image": "https://p16-oec-va.ibyteimg.com/tos/pashmina-mocca.jpg",
     "parcel_weight": 150, "price": 39000, "quantity": 25, "seller_sku": "PSM-MOC", "product_status": "Active(1)"},
    {"category": "Fashion Muslim/Hijab/Pashmina (601234)", "brand": "No brand",
     "product_name": "Pashmina Ceruty Babydoll", "product_description": "",
     "main_image": "https://p16-oec-va.ibyteimg.com/tos/pashmina-1.jpg",
     "property_name_1": "Warna", "property_value_1": "Hitam",
     "property_1_image": "https://p16-oec-va.ibyteimg.com/tos/pashmina-hitam.jpg",
     "parcel_weight": 150, "price": 39000, "quantity": 0, "seller_sku": "PSM-HTM", "product_status": "Active(1)"},
    {"category": "Perawatan & Kecantikan/Perawatan Wajah/Serum (602001)", "brand": "Glowing (7212345)",
     "product_name": "Serum Vitamin C 20ml", "product_description": "Serum wajah.\nPakai pagi dan malam.",
     "main_image": "https://p16-oec-va.ibyteimg.com/tos/serum.jpg", "parcel_weight": 80, "price": 89000,
     "quantity": 30, "seller_sku": "SRM-VC20", "product_status": "Draft(2)"},
]


def tiktok_template(folder: Path, rows: list[dict] | None = None, name: str = "batch-product-source.xlsx",
                    drop: tuple[str, ...] = ()) -> Path:
    """A filled-in TikTok Shop batch upload workbook (keys in row 1, shown names in row 2)."""
    columns = [c for c in TIKTOK_KEYS if c[0] not in drop]
    keys = [k for k, _ in columns]
    header = [
        keys,
        [shown for _, shown in columns],
        ["Mandatory" if k in ("category", "product_name", "product_description", "main_image", "parcel_weight",
                              "price", "quantity") else "Optional" for k in keys],
        ["Enter the product name, 25-255 characters." if k == "product_name" else
         "Enter the price in local currency." if k == "price" else "" for k in keys],
        ["V3"] + [None] * (len(keys) - 1),
    ]
    data = [[row.get(k) for k in keys] for row in (TIKTOK_ROWS if rows is None else rows)]
    return save(folder / name, {
        "Instruction": [["How to fill in the template"], ["Fill in products from row 6 of the Template sheet."]],
        "Template": header + data,
        "Example": [["product_name", "price"], ["Example product", 10000]],
    })


TIKTOK_ID_COLUMNS = [
    "Kategori", "Merek", "Nama Produk", "Deskripsi Produk", "Gambar Produk Utama", "Gambar Produk 2",
    "Nama Variasi 1", "Nilai Variasi 1", "Nama Variasi 2", "Nilai Variasi 2", "Berat Paket(g)",
    "Harga Ritel (Mata Uang Lokal)", "Kuantitas", "SKU Penjual", "Status Produk",
]


def tiktok_indonesian(folder: Path, rows: list[list[object]], name: str = "tiktok-produk.xlsx") -> Path:
    """A batch upload sheet whose only header row is in Indonesian (names: our translation)."""
    return save(folder / name, {"Template": [TIKTOK_ID_COLUMNS, ["Wajib"] * len(TIKTOK_ID_COLUMNS), *rows]})


TIKTOK_EDIT_COLUMNS = [
    "Product ID", "Category", "Product name", "SKU ID", "Variation Option", "Retail Price (Local Currency)",
    "Seller SKU", "Quantity in Gudang Jakarta", "Quantity in Gudang Surabaya",
]


def tiktok_edit(folder: Path, rows: list[list[object]], name: str = "tiktok-edit-produk.xlsx") -> Path:
    """A batch edit export: Product ID and SKU ID, one quantity column per warehouse (rows as lists).

    Modelled on public scripts that read it: headers "Product ID", "Category", "Product name",
    "SKU ID", "Variation Option", "Retail Price (Local Currency)", "Seller SKU", "Quantity in <warehouse>",
    and rows "Mandatory"/"Uneditable" between the header and the data.
    """
    marks = ["Uneditable", "Uneditable", "Uneditable", "Uneditable", "Uneditable", "Mandatory", "Optional",
             "Mandatory", "Mandatory"]
    return save(folder / name, {"Template": [TIKTOK_EDIT_COLUMNS, marks, *rows]})
