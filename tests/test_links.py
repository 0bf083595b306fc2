"""WhatsApp numbers, order messages and link checks."""

from urllib.parse import parse_qs, urlsplit

import pytest

from generator.content.links import (LinkError, check_https, check_template, check_whatsapp, fill_template,
                             marketplace_buttons, normalise_whatsapp, wa_link)


@pytest.mark.parametrize("written", ["0812-3456-7890", "+62 812 3456 7890", "081234567890", "62 812-3456-7890",
                                     "(0812) 3456 7890", 6281234567890, "812 3456 7890", "6281234567890",
                                     "0062 812 3456 7890"])
def test_whatsapp_numbers_as_sellers_write_them(written):
    assert normalise_whatsapp(written, "ID") == "+6281234567890"


@pytest.mark.parametrize("written", ["62812345678", 62812345678, "62 812 345 678", "+62812345678", "0812345678"])
def test_62_without_a_plus_is_the_country_code(written):
    # Read as a number inside Indonesia, "62812345678" would be +62 62812345678: orders to nobody.
    assert normalise_whatsapp(written, "ID") == "+62812345678"


def test_country_code_without_a_plus_in_another_country():
    assert normalise_whatsapp("60123456789", "MY") == "+60123456789"
    assert normalise_whatsapp("012-345 6789", "MY") == "+60123456789"


@pytest.mark.parametrize("written, en, id_", [
    ("(0274) 123456", "a landline number (telepon rumah/kantor)", "nomor telepon rumah/kantor"),
    ("021-555-1234", "a landline number (telepon rumah/kantor)", "nomor telepon rumah/kantor"),
    ("62274123456", "a landline number (telepon rumah/kantor)", "nomor telepon rumah/kantor"),
    ("0800 1234567", "a toll-free number", "nomor bebas pulsa"),
])
def test_numbers_that_cannot_be_mobile_are_refused_naming_their_kind(written, en, id_):
    with pytest.raises(LinkError) as err:
        normalise_whatsapp(written, "ID")
    message = err.value.message
    assert message.text("en") == (f'"{written}" is {en}, not a mobile number, and WhatsApp orders need a mobile '
                                  "number. Write the mobile number your WhatsApp uses, such as 0812-3456-7890.")
    assert message.text("id") == (f'"{written}" adalah {id_}, bukan nomor HP, dan pesanan WhatsApp butuh nomor HP. '
                                  "Tulis nomor HP yang dipakai WhatsApp Anda, misalnya 0812-3456-7890.")


def test_a_us_number_that_may_be_mobile_is_accepted():
    assert normalise_whatsapp("+1 202 555 0143", "ID") == "+12025550143"  # US numbers: fixed line or mobile


def test_why_a_number_is_refused_in_both_languages():
    assert check_whatsapp("0812 34", "ID")[1].text("en") == (
        '"0812 34" is too short for a WhatsApp number. Write it as you would dial it, such as 0812-3456-7890 '
        "or +62 812 3456 7890.")
    assert check_whatsapp("0812 34", "ID")[1].text("id") == (
        '"0812 34" terlalu pendek untuk nomor WhatsApp. Tulis seperti saat menelepon, misalnya 0812-3456-7890 '
        "atau +62 812 3456 7890.")
    assert check_whatsapp("halo", "ID")[1].text("en").startswith('"halo" is not a phone number.')
    assert check_whatsapp("+999 123 456", "ID")[1].text("id").startswith(
        '"+999 123 456" diawali kode negara yang tidak dikenal.')
    assert check_whatsapp("0812-3456-7890", "ID") == ("+6281234567890", None)


def test_number_of_another_country():
    assert normalise_whatsapp("012-345 6789", "MY") == "+60123456789"
    assert normalise_whatsapp("+1 202 555 0143", "ID") == "+12025550143"


@pytest.mark.parametrize("bad", ["123", "hello", "", "0812", "+62 000 000"])
def test_invalid_numbers_are_refused_with_an_example(bad):
    with pytest.raises(LinkError) as err:
        normalise_whatsapp(bad, "ID")
    assert "0812-3456-7890" in str(err.value)


def test_wa_link_keeps_line_breaks_ampersand_hash_and_emoji():
    text = "Halo Toko A&B 🎉\nPesan #2: Kopi 100% arabika?\nhttps://x.id/kopi/?a=1&b=2"
    link = wa_link("+6281234567890", text)
    parts = urlsplit(link)
    assert parts.scheme == "https" and parts.netloc == "wa.me" and parts.path == "/6281234567890"
    assert "#" not in link and "\n" not in link and " " not in link
    assert parse_qs(parts.query)["text"] == [text]


def test_template_fills_and_drops_an_empty_variant_line():
    t = "Halo {store}\n*{product}*\nPilihan: {variant}\nHarga: {price}\n{url}"
    values = {"store": "Toko", "product": "Kopi", "variant": "", "price": "Rp 1", "url": "https://x/"}
    assert fill_template(t, values) == "Halo Toko\n*Kopi*\nHarga: Rp 1\nhttps://x/"
    assert "Pilihan: M" in fill_template(t, {**values, "variant": "M"})


@pytest.mark.parametrize("template, english, indonesian", [
    ("Halo {toko}", "Lapak cannot fill in {toko}; you can use {store}, {product}, {variant}, {price} and {url}",
     "Lapak tidak tahu cara mengisi {toko}; yang bisa dipakai: {store}, {product}, {variant}, {price} dan {url}"),
    ("Halo {store", "a '{' or '}' is not closed; use {store}, {product}, {variant}, {price} and {url}, and write "
                    "{{ or }} for a brace itself",
     "ada tanda '{' atau '}' yang tidak ditutup; yang bisa dipakai: {store}, {product}, {variant}, {price} dan "
     "{url}. Untuk menulis tanda kurung kurawal itu sendiri, tulis dua kali: {{ atau }}"),
])
def test_bad_templates(template, english, indonesian):
    with pytest.raises(LinkError) as caught:
        check_template(template)
    assert caught.value.message.text("en") == english
    assert caught.value.message.text("id") == indonesian


@pytest.mark.parametrize("url", ["http://shopee.co.id/x", "javascript:alert(1)", "shopee.co.id/x", "https://",
                                 "https://x.id/a b", 'https://x.id/"onmouseover="x', None, 12])
def test_only_complete_https_links(url):
    with pytest.raises(LinkError):
        check_https(url)


def test_marketplaces_known_keys_and_custom_entries():
    buttons, problems = marketplace_buttons({
        "shopee": "https://shopee.co.id/x",
        "tiktok": "https://shop.tiktok.com/view/product/1",
        "grabmart": {"label": "GrabMart", "url": "https://grab.com/x"},
    })
    assert problems == []
    assert [(b.key, b.label) for b in buttons] == [("shopee", "Shopee"), ("tiktok", "TikTok Shop"),
                                                   ("grabmart", "GrabMart")]
    buttons, problems = marketplace_buttons([{"label": "Toko Lain", "url": "https://lain.id"},
                                             {"lazada": "https://lazada.co.id/x"}])
    assert [b.label for b in buttons] == ["Toko Lain", "Lazada"] and problems == []


def test_marketplace_problems_name_the_entry():
    _, problems = marketplace_buttons({"shopee": "http://shopee.co.id/x", "amazon": "https://amazon.com/x"})
    assert [p[0] for p in problems] == ["shopee", "amazon"]
    assert problems[0][1].text("en") == '"http://shopee.co.id/x" is not allowed: only complete links that start ' \
                                        "with https:// can be used"
    assert problems[0][1].text("id") == '"http://shopee.co.id/x" tidak bisa dipakai: hanya tautan lengkap yang ' \
                                        "diawali https:// yang bisa dipakai"
    assert problems[1][1].text("en") == (
        "'amazon' is not a marketplace Lapak knows (shopee, tokopedia, tiktok, lazada, blibli, bukalapak); "
        "for another shop write 'amazon: {label: Amazon, url: \"https://...\"}'")
    assert problems[1][1].text("id") == (
        "'amazon' bukan marketplace yang dikenal Lapak (shopee, tokopedia, tiktok, lazada, blibli, bukalapak); "
        "untuk toko lain tulis 'amazon: {label: Amazon, url: \"https://...\"}'")


@pytest.mark.parametrize("written, meant", [("shoppe", "shopee"), ("tokped", "tokopedia"), ("Shope", "shopee"),
                                            ("lazda", "lazada"), ("tiktokshop", "tiktok"), ("bukalapa", "bukalapak")])
def test_a_misspelled_marketplace_gets_did_you_mean(written, meant):
    buttons, problems = marketplace_buttons({written: "https://shop.example/x"})
    assert buttons == [] and [p[0] for p in problems] == [written]
    assert problems[0][1].text("en") == f"'{written}' is not a marketplace Lapak knows. Did you mean '{meant}'?"
    assert problems[0][1].text("id") == f"'{written}' bukan marketplace yang dikenal Lapak. Maksud Anda '{meant}'?"
