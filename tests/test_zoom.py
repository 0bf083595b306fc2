"""The product page's photos in a real browser (Debian's Chromium through Playwright): shown whole, each a
link to its large JPEG without JavaScript, and with it a zoom view a buyer opens, moves through and closes
by touch, mouse or keyboard.

Skipped like tests/test_browser.py (whose served example store this uses) when Chromium or Playwright is
missing, unless LAPAK_REQUIRE_BROWSER=1. Screenshots go to /tmp/lapak-shots/.
"""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from conftest import REPO, THEMES
from test_browser import DESKTOP, MOBILE, SHOTS, _open, browser, site  # noqa: F401  (fixtures)

TIKTOK = ("Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
          "Chrome/112.0.5615.136 Mobile Safari/537.36 trill_330104 JsSdk/1.0 NetType/4G Channel/googleplay "
          "AppName/musical_ly app_version/33.1.4 ByteLocale/id ByteFullLocale/id Region/ID")
PRODUCT = "kemeja-batik-parang/"  # the example store's product with two photos
# The example store in its own theme, for the checks that do not depend on the theme (one build).
DEFAULT_ONLY = pytest.mark.parametrize("site", ["default"], indirect=True)


def _state(page) -> dict:
    return page.evaluate("""() => {
        const v = document.querySelector('.zv'), a = document.activeElement;
        return {open: !!v && !v.hidden, count: v ? v.querySelector('.zv-count').textContent : '',
                alt: v ? v.querySelector('.zv-stage img').alt : '', src: v ? v.querySelector('.zv-stage img').src : '',
                inside: !!v && v.contains(a), focus: a.dataset.zoom === undefined ? a.className : 'photo ' + a.dataset.zoom,
                transform: v ? v.querySelector('.zv-stage img').style.transform : ''};
    }""")


def _alts(page) -> list[str]:
    return page.eval_on_selector_all(".gallery a[data-zoom] img", "els => els.map(e => e.alt)")


@pytest.mark.parametrize("site", THEMES, indirect=True)
@pytest.mark.parametrize("device", [MOBILE, DESKTOP], ids=["phone", "desktop"])
def test_zoom_opens_moves_and_closes_with_the_keyboard(browser, site, device):
    context, page, watch = _open(browser, site, PRODUCT, device)
    alts = _alts(page)
    assert len(alts) == 2, "the example's batik shirt has two photos"
    url = page.url
    page.focus(".gallery a[data-zoom='0']")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.zv') && !document.querySelector('.zv').hidden")
    state = _state(page)
    assert state["inside"] and state["focus"] == "zv-close", state  # focus moves into the viewer
    assert state["alt"] == alts[0] and state["count"] == "1 / 2"
    assert page.get_attribute(".zv", "role") == "dialog" and page.get_attribute(".zv", "aria-modal") == "true"
    page.screenshot(path=str(SHOTS / f"zoom-open-{'phone' if device is MOBILE else 'desktop'}.png"))

    page.keyboard.press("ArrowRight")
    assert (_state(page)["alt"], _state(page)["count"]) == (alts[1], "2 / 2")
    page.keyboard.press("ArrowRight")  # round to the first
    assert _state(page)["alt"] == alts[0]
    page.keyboard.press("ArrowLeft")
    assert _state(page)["alt"] == alts[1]
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _state(page)["inside"], "Tab stays inside the viewer"

    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('.zv').hidden")
    state = _state(page)
    assert not state["open"] and state["focus"] == "photo 1", f"focus returns to the photo last seen: {state}"
    page.wait_for_timeout(200)
    assert page.url == url, "closing leaves the buyer on the product page"
    # Once the large JPEG has loaded it is what the viewer shows.
    page.keyboard.press("Enter")
    page.wait_for_function("() => /\\.jpg$/.test(document.querySelector('.zv-stage img').src)")
    page.keyboard.press("Escape")
    watch.check(PRODUCT)
    context.close()


@DEFAULT_ONLY
def test_back_closes_the_zoom_view_and_stays_on_the_page(browser, site):
    context, page, watch = _open(browser, site, PRODUCT, MOBILE, user_agent=TIKTOK)
    url = page.url
    page.click(".gallery a[data-zoom='0']")
    page.wait_for_function("() => !document.querySelector('.zv').hidden")
    page.go_back()
    page.wait_for_function("() => document.querySelector('.zv').hidden")
    assert page.url == url
    page.click(".gallery a[data-zoom='0']")
    page.click(".zv-close")
    page.wait_for_function("() => document.querySelector('.zv').hidden")
    page.wait_for_timeout(200)
    assert page.url == url
    watch.check(PRODUCT)
    context.close()


@DEFAULT_ONLY
def test_swipe_and_double_tap_zoom(browser, site):
    """Touch gestures arrive as pointer events; a mouse drives the same code."""
    context, page, watch = _open(browser, site, PRODUCT, DESKTOP)
    alts = _alts(page)
    page.click(".gallery a[data-zoom='0']")
    page.wait_for_function("() => !document.querySelector('.zv').hidden")
    box = page.locator(".zv-stage").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx + 150, cy)  # swipe left: the next photo
    page.mouse.down()
    page.mouse.move(cx, cy, steps=5)
    page.mouse.move(cx - 150, cy, steps=5)
    page.mouse.up()
    assert _state(page)["alt"] == alts[1]
    page.mouse.click(cx, cy)  # double-tap: zoom in where tapped
    page.mouse.click(cx, cy)
    assert "scale(2.5)" in _state(page)["transform"]
    page.mouse.move(cx, cy)  # zoomed in, a drag moves the photo instead of changing it
    page.mouse.down()
    page.mouse.move(cx + 100, cy + 60, steps=5)
    page.mouse.up()
    state = _state(page)
    assert state["alt"] == alts[1] and "scale(2.5)" in state["transform"]
    page.wait_for_timeout(400)
    page.mouse.click(cx, cy)  # double-tap again: back to the whole photo
    page.mouse.click(cx, cy)
    assert "scale(1)" in _state(page)["transform"]
    watch.check(PRODUCT)
    context.close()


@DEFAULT_ONLY
def test_touch_swipe_and_pinch(browser, site):
    """Real touch points (through the browser's own input, as a phone sends them): a swipe, then a pinch."""
    context, page, watch = _open(browser, site, PRODUCT, MOBILE, user_agent=TIKTOK)
    alts = _alts(page)
    page.tap(".gallery a[data-zoom='0']")
    page.wait_for_function("() => !document.querySelector('.zv').hidden")
    cdp = context.new_cdp_session(page)

    def touch(kind: str, points) -> None:
        cdp.send("Input.dispatchTouchEvent",
                 {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})

    touch("touchStart", [(250, 450)])
    for step in range(1, 11):
        touch("touchMove", [(250 - 15 * step, 452)])
    touch("touchEnd", [])
    assert _state(page)["alt"] == alts[1], "a swipe to the left shows the next photo"
    touch("touchStart", [(150, 370), (210, 370)])
    for step in range(1, 11):
        touch("touchMove", [(150 - 8 * step, 370), (210 + 8 * step, 370)])
    touch("touchEnd", [])
    scale = float(re.search(r"scale\(([\d.]+)\)", _state(page)["transform"])[1])
    assert 3 < scale <= 4, f"spreading two fingers from 60 to 220 px apart zooms in: {scale}"
    assert _state(page)["alt"] == alts[1]
    page.screenshot(path=str(SHOTS / "zoom-pinched-phone.png"))
    watch.check(PRODUCT)
    context.close()


@DEFAULT_ONLY
def test_without_javascript_each_photo_links_to_its_large_jpeg(browser, site):
    context, page, watch = _open(browser, site, PRODUCT, MOBILE, java_script_enabled=False, user_agent=TIKTOK)
    links = page.eval_on_selector_all(".gallery a[data-zoom]", "els => els.map(a => a.href)")
    assert len(links) == 2
    for href in links:
        assert href.endswith(".jpg"), href
        with urllib.request.urlopen(href) as response:
            assert response.headers["Content-Type"] == "image/jpeg"
            data = response.read()
        assert data[:3] == b"\xff\xd8\xff"
    page.click(".gallery a[data-zoom='0']")
    page.wait_for_url(links[0])
    assert page.evaluate("document.contentType") == "image/jpeg"
    context.close()


@DEFAULT_ONLY
def test_product_photo_is_shown_whole_on_a_phone(browser, site):
    context, page, watch = _open(browser, site, PRODUCT, MOBILE, user_agent=TIKTOK)
    for i in range(2):
        page.locator(".gallery img").nth(i).scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.querySelectorAll('.gallery img')).every(i => i.complete)")
    shown = page.eval_on_selector_all(".gallery img", """els => els.map(e => {
        const r = e.getBoundingClientRect();
        return {box: r.width / r.height, file: e.naturalWidth / e.naturalHeight, fit: getComputedStyle(e).objectFit,
                width: r.width};
    })""")
    for one in shown:
        assert abs(one["box"] - one["file"]) < 0.01, f"the photo is cropped: {one}"
        assert one["width"] > 200
    assert any(abs(one["file"] - 1) > 0.05 for one in shown), "the example's shirt photos are not square"
    page.screenshot(path=str(SHOTS / "product-whole-phone.png"))
    watch.check(PRODUCT)
    context.close()


@DEFAULT_ONLY
def test_zoom_script_is_small_and_the_page_has_no_inline_script_or_style(site):
    page = (site["output"] / PRODUCT / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\sstyle=", page)
    for attrs in re.findall(r"<script([^>]*)>", page):
        assert "src=" in attrs or 'type="application/' in attrs, attrs
    (script,) = re.findall(r'src="[^"]*/(assets/zoom\.[0-9a-f]+\.js)"', page)
    data = (site["output"] / script).read_bytes()
    import rjsmin  # published minified (site/pages.minified)

    assert data == rjsmin.jsmin((REPO / "themes" / "default" / "static" / "zoom.js").read_bytes(),
                                keep_bang_comments=True)
    assert len(gzip.compress(data)) < 3000, len(gzip.compress(data))
