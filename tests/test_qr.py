"""QR codes on the printable page: each SVG draws its code exactly, reads back as its address, and is
the same file in every process and run."""

from __future__ import annotations

import multiprocessing
import re
import xml.etree.ElementTree as ET

import pytest
import segno

from generator.media import qr

URLS = ["https://contoh.github.io/toko/?src=qr", "https://contoh.github.io/toko/kemeja-batik/?src=qr",
        "https://dapurbusari.netlify.app/" + "kue-lapis-legit-" * 20 + "spesial/?src=qr",
        "https://x.id/teh/?utm_source=toko&src=qr"]
SVG = "{http://www.w3.org/2000/svg}"


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules the SVG's path draws, as (column, row) counted from the image's corner."""
    root = ET.fromstring(svg.encode())
    paths = root.findall(f"{SVG}g/{SVG}path")
    assert [p.get("fill") for p in paths] == ["#fff", None] and paths[1].get("stroke") == "#000"
    d = paths[1].get("d")
    moves = list(re.finditer(r"([Mm])(\d+|-\d+) (\d+|-\d+)(\.5)?h(\d+)", d))
    assert "".join(m.group(0) for m in moves) == d, "nothing but moves and horizontal runs"
    x = y = 0
    dark = set()
    for m in moves:
        dx, dy, length = int(m[2]), int(m[3]), int(m[5])
        x, y = (dx, dy) if m[1] == "M" else (x + dx, y + dy)
        dark.update((x + i, y) for i in range(length))
        x += length
    return dark


@pytest.mark.parametrize("url", URLS)
def test_the_svg_draws_exactly_the_codes_modules(url):
    svg, size = qr.qr_svg(url, "Kopi Gayo")
    code = segno.make(url, error="m", micro=False, mask=qr.MASK)
    assert code.mask == qr.MASK and code.error in ("M", "Q", "H"), "at least 15% of a code may be covered"
    expected = {(x + qr.BORDER, y + qr.BORDER) for y, row in enumerate(code.matrix) for x, v in enumerate(row) if v}
    assert dark_modules(svg) == expected
    side = len(code.matrix) + 2 * qr.BORDER
    assert size == side * qr.SCALE and f'viewBox="0 0 {size} {size}"' in svg
    assert f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>' in svg, "a white square under the quiet zone"
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n') and svg.endswith("</svg>\n")


@pytest.mark.parametrize("url", URLS)
def test_a_phone_reads_each_code_as_its_address(url):
    zxingcpp = pytest.importorskip("zxingcpp", reason="decoding needs zxing-cpp (pip install zxing-cpp)")
    from PIL import Image

    svg, size = qr.qr_svg(url)
    side = size // qr.SCALE
    img = Image.new("L", (side, side), 255)
    for module in dark_modules(svg):
        img.putpixel(module, 0)
    found = zxingcpp.read_barcodes(img.resize((side * 4, side * 4), Image.Resampling.NEAREST))
    assert [r.text for r in found] == [url]


def test_titles_are_escaped_and_optional():
    title = 'Teh </script><b> & "Melati"'
    svg, _ = qr.qr_svg(URLS[1], title)
    assert "<b>" not in svg and "</script>" not in svg
    assert ET.fromstring(svg.encode()).find(f"{SVG}title").text == title
    assert "<title>" not in qr.qr_svg(URLS[1])[0]


def _make(url: str) -> tuple[str, int]:
    return qr.qr_svg(url, "Kopi")


def test_the_same_address_gives_the_same_file_in_every_process_and_run():
    here = [qr.qr_svg.__wrapped__(u, "Kopi") for u in URLS]
    qr.qr_svg.cache_clear()
    assert [_make(u) for u in URLS] == here
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(_make, URLS) == here
    assert len({svg for svg, _ in here}) == len(URLS)
