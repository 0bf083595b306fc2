"""WhatsApp numbers, order messages and link checks."""

from urllib.parse import parse_qs, urlsplit

import pytest

from generator.content.links import (LinkError, check_https, check_template, fill_template, marketplace_buttons,
                             normalise_whatsapp, wa_link)


@pytest.mark.parametrize("written", ["0812-3456-7890", "+62 812 3456 7890", "081234567890", "62 812-3456-7890",
                                     "(0812) 3456 7890", 6281234567890])
def test_whatsapp_numbers_as_sellers_write_them(written):
    assert normalise_whatsapp(written, "ID") == "+6281234567890"


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


@pytest.mark.parametrize("template, fragment", [
    ("Halo {toko}", "unknown placeholder {toko}"),
    ("Halo {store", "is not closed"),
])
def test_bad_templates(template, fragment):
    with pytest.raises(LinkError, match=fragment.replace("{", r"\{").replace("}", r"\}")):
        check_template(template)


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
    assert "https://" in problems[0][1]
    assert "not a marketplace Lapak knows" in problems[1][1]
