"""The storefront's interface text in Bahasa Indonesia and English."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "order_whatsapp": "Pesan via WhatsApp",
        "chat_whatsapp": "Chat WhatsApp",
        "whatsapp": "WhatsApp",
        "buy_on": "Beli di",
        "also_on": "Juga tersedia di",
        "sold_out": "Habis",
        "discount": "Hemat",
        "all_products": "Semua produk",
        "categories": "Kategori",
        "products": "produk",
        "choose": "Pilih",
        "choice": "Pilihan",
        "variant": "Varian",
        "description": "Deskripsi",
        "back_to_store": "Kembali ke toko",
        "not_found_title": "Halaman tidak ditemukan",
        "not_found_text": "Maaf, halaman yang Anda cari tidak ada. Mungkin produknya sudah tidak dijual.",
        "noscript_choice": "Sebutkan pilihan Anda di chat WhatsApp.",
        "from": "mulai",
        "photo_of": "Foto",
        "empty_store": "Belum ada produk.",
        "price": "Harga",
        "made_with": "Dibuat dengan Lapak",
        "skip": "Langsung ke produk",
        "follow": "Ikuti kami",
        "shop_on": "Toko kami di",
        "no_choice": "(tulis pilihan Anda)",
    },
    "en": {
        "order_whatsapp": "Order on WhatsApp",
        "chat_whatsapp": "Chat on WhatsApp",
        "whatsapp": "WhatsApp",
        "buy_on": "Buy on",
        "also_on": "Also available on",
        "sold_out": "Sold out",
        "discount": "Save",
        "all_products": "All products",
        "categories": "Categories",
        "products": "products",
        "choose": "Choose",
        "choice": "Choice",
        "variant": "Variant",
        "description": "Description",
        "back_to_store": "Back to the store",
        "not_found_title": "Page not found",
        "not_found_text": "Sorry, this page does not exist. The product may no longer be for sale.",
        "noscript_choice": "Tell us your choice in the WhatsApp chat.",
        "from": "from",
        "photo_of": "Photo of",
        "empty_store": "No products yet.",
        "price": "Price",
        "made_with": "Made with Lapak",
        "skip": "Skip to products",
        "follow": "Follow us",
        "shop_on": "Our shop on",
        "no_choice": "(write your choice)",
    },
}

CATEGORY_PATH = {"id": "kategori", "en": "category"}


def strings(language: str) -> dict[str, str]:
    """The interface strings for ``language`` (``id`` or ``en``)."""
    return STRINGS.get(language, STRINGS["id"])
