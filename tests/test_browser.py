"""The example store in a real browser (Debian's Chromium through Playwright), as a buyer on a phone sees it.

Skipped when /usr/bin/chromium or Playwright is missing, unless LAPAK_REQUIRE_BROWSER=1 (CI), which fails instead.
Screenshots go to /tmp/lapak-shots/ for a person to look at.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO, set_theme
from generator.cli import main

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp/lapak-shots")
PREFIX = "/toko/"
MOBILE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
WHATSAPP = "6281234567890"  # content/store.yml: "0812-3456-7890"


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing (pip install playwright; do not run 'playwright install')"
    return None


_why = _unavailable()
if _why:
    if os.environ.get("LAPAK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"LAPAK_REQUIRE_BROWSER=1 but the browser tests cannot run: {_why}", pytrace=False)
    pytest.skip(f"browser tests skipped: {_why}", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


# --------------------------------------------------------------------------- the served site


class _Handler(SimpleHTTPRequestHandler):
    """Serve the output folder under /toko/ only, like a GitHub Pages project site; anything else is 404."""

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / ".." / "not-served" / "nothing")
        return super().translate_path("/" + clean[len(PREFIX):])

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """Build content/ (copied, so the repository gets no cache) and serve it at http://127.0.0.1:<port>/toko/.

    In the theme ``request.param`` names when a test parametrizes it (``indirect=True``), else the example's."""
    yield from serve_example(tmp_path_factory, getattr(request, "param", None))


def serve_example(tmp_path_factory, theme: str | None = None):
    """The example store (in ``theme``, else its own) built and served; yields what ``site`` gives."""
    source = REPO / "content"
    if not (source / "store.yml").is_file():
        pytest.fail(f"the example store is missing: {source / 'store.yml'}")
    work = tmp_path_factory.mktemp("browser")
    store = work / "content"
    shutil.copytree(source, store, ignore=shutil.ignore_patterns(".lapak-cache"))
    if theme:
        set_theme(store, theme)
    output = work / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(output)))
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}{PREFIX}"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", base])
    assert result.exit_code == 0, f"building content/ failed:\n{result.output}\n{result.exc_info!r}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": base, "port": port, "output": output, "store": store}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def products(site) -> list[dict]:
    """Every product of the example store, read from its files: slug, title, category, variants, options."""
    found = []
    for md in sorted((site["store"] / "products").glob("*")):
        path = md / "index.md" if md.is_dir() else md
        if not path.is_file() or path.suffix != ".md":
            continue
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if front.get("draft"):
            continue
        found.append({"slug": front.get("slug") or (md.name if md.is_dir() else md.stem), "title": front["title"],
                      "category": front.get("category"), "variants": front.get("variants") or [],
                      "options": front.get("options") or {}})
    assert found, "the example store has no products"
    return found


class Watch:
    """Everything that went wrong while a page was open: console errors, failed or refused requests."""

    def __init__(self, context, page, port: int):
        self.own = f"http://127.0.0.1:{port}/"
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.requests: list[str] = []
        context.route("**/*", self._route)
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"script error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        # A request the browser itself abandoned (net::ERR_ABORTED: a photo still loading when the test
        # opened the next page, say a lazy one a full-page screenshot brought into view) is no failure a
        # buyer sees; a missing file is an HTTP error below, a refused one another net:: error.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} -> HTTP {r.status}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.own) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:  # never let a test reach the internet; remember who tried
            self.foreign.append(url)
            route.abort()

    def check(self, where: str) -> None:
        assert not self.foreign, f"{where}: requests to other hosts: {self.foreign}"
        assert not self.errors, f"{where}: {self.errors}"
        failed = [f for f in self.failed if f.split(" ")[0] not in self.foreign]
        assert not failed, f"{where}: failed requests: {failed}"
        assert all(urlsplit(u).hostname == "127.0.0.1" for u in self.requests if not u.startswith("data:"))


def _open(browser, site, rel: str = "", device: dict = MOBILE, **extra):
    context = browser.new_context(**device, **extra)
    page = context.new_page()
    watch = Watch(context, page, site["port"])
    response = page.goto(site["base"] + rel, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{rel}: {response and response.status}"
    return context, page, watch


def _load_every_image(page) -> None:
    """Bring each image into view (lazy ones too, also inside the sideways gallery), then wait for all."""
    count = page.locator("img").count()
    for i in range(count):
        page.locator("img").nth(i).evaluate("el => el.scrollIntoView({block: 'center', inline: 'center'})")
        page.wait_for_timeout(50)
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15000)
    broken = page.evaluate("Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => i.src)")
    assert not broken, f"images that did not load: {broken}"
    page.evaluate("window.scrollTo(0, 0)")


def _no_sideways_scroll(page, width: int, where: str) -> None:
    sizes = page.evaluate("""() => ({inner: window.innerWidth, doc: document.documentElement.scrollWidth,
                                     body: document.body.scrollWidth})""")
    assert sizes["inner"] == width, f"{where}: the page was zoomed out to {sizes['inner']} px: {sizes}"
    assert sizes["doc"] <= width and sizes["body"] <= width, f"{where}: the page scrolls sideways: {sizes}"
    # Nothing may stick out of the screen unless it sits in a deliberately scrolling row (chips, gallery).
    wide = page.evaluate("""(w) => Array.from(document.querySelectorAll('body *')).filter(el => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= w + 1) return false;
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
        }
        return true;
      }).map(el => el.tagName + '.' + el.className + ' right=' + Math.round(el.getBoundingClientRect().right))""", width)
    assert not wide, f"{where}: sticks out of the {width}px screen: {wide[:5]}"


def _wa(href: str) -> tuple[str, str]:
    """(phone, decoded message) of a wa.me link."""
    parts = urlsplit(href)
    assert parts.scheme == "https" and parts.hostname == "wa.me", href
    text = parse_qs(parts.query).get("text", [""])[0]
    return parts.path.strip("/"), text


# --------------------------------------------------------------------------- storefront


@pytest.mark.parametrize("device", [MOBILE, DESKTOP], ids=["360", "1280"])
def test_storefront_loads_cleanly(browser, site, products, device):
    width = device["viewport"]["width"]
    context, page, watch = _open(browser, site, "", device)
    try:
        _load_every_image(page)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"storefront-{width}.png"), full_page=True)
        _no_sideways_scroll(page, width, "storefront")
        titles = page.locator(".card-title").all_inner_texts()
        assert sorted(titles) == sorted(p["title"] for p in products)
        watch.check("storefront")
    finally:
        context.close()


def test_every_page_is_clean_on_a_phone(browser, site, products):
    """Every page of the store: loads, all its images load, no errors, nothing from other hosts, no sideways scroll."""
    rels = [""] + [p["slug"] + "/" for p in products] + ["404.html"]
    rels += sorted({f"kategori/{c.relative_to(site['output'] / 'kategori').as_posix()}/"
                    for c in (site["output"] / "kategori").iterdir()})
    context = browser.new_context(**MOBILE)
    page = context.new_page()
    watch = Watch(context, page, site["port"])
    try:
        for rel in rels:
            response = page.goto(site["base"] + rel, wait_until="networkidle")
            assert response.status == 200, rel
            _load_every_image(page)
            _no_sideways_scroll(page, 360, rel or "storefront")
            watch.check(rel or "storefront")
        assert len(watch.requests) > len(rels)
    finally:
        context.close()


def test_category_chips_lead_to_category_pages(browser, site, products):
    # Without JavaScript the chips are links to plain category pages (with it, test_shop.py: they filter in place).
    context, page, watch = _open(browser, site, "", MOBILE, java_script_enabled=False)
    try:
        chips = page.locator("nav.chips a")
        names = [re.sub(r"\s+\d+$", "", t.strip()) for t in chips.all_inner_texts()]
        categories = sorted({p["category"] for p in products if p["category"]}, key=str.lower)
        assert names[1:] == categories, names  # the first chip is "all products"
        assert chips.first.get_attribute("aria-current") == "page"
        for i, name in enumerate(categories, start=1):
            page.goto(site["base"], wait_until="networkidle")
            chip = page.locator("nav.chips a").nth(i)
            href = chip.get_attribute("href")
            assert href.startswith(PREFIX + "kategori/") and href.endswith("/"), href
            count = int(chip.locator("span").inner_text())
            chip.click()  # on a phone the chips row scrolls sideways: Playwright scrolls it into view first
            page.wait_for_url("**" + href)
            page.wait_for_load_state("networkidle")  # let the icon load too: leaving earlier would cancel it
            expected = sorted(p["title"] for p in products if p["category"] == name)
            assert sorted(page.locator(".card-title").all_inner_texts()) == expected, name
            assert count == len(expected)
            assert page.locator("h1").inner_text().strip() == name
            current = page.locator("nav.chips a[aria-current=page]")
            assert current.count() == 1 and current.inner_text().startswith(name)
            # "all products" leads back to everything
            page.locator("nav.chips a").first.click()
            page.wait_for_url(site["base"])
            page.wait_for_load_state("networkidle")
            assert page.locator(".card").count() == len(products)
        watch.check("category pages")
    finally:
        context.close()


# --------------------------------------------------------------------------- ordering on WhatsApp


def _variant_offer_price(page, title: str, variant: str) -> str:
    """The variant's price in the page's JSON-LD (digits only), a second source for the price the button sends."""
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    for v in data.get("hasVariant", []):
        if v["name"] == f"{title} - {variant}":
            return v["offers"]["price"].split(".")[0]
    raise AssertionError(f"no JSON-LD offer for {variant}")


def test_chosen_variant_and_option_go_into_the_whatsapp_message(browser, site, products):
    with_variants = [p for p in products if p["variants"]]
    assert with_variants, "the example store has no product with variants"
    context = browser.new_context(**MOBILE)
    page = context.new_page()
    watch = Watch(context, page, site["port"])
    try:
        for product in with_variants:
            page.goto(site["base"] + product["slug"] + "/", wait_until="networkidle")
            title = page.locator("h1").inner_text().strip()
            assert title == product["title"]
            wa = page.locator("#wa")
            phone, before = _wa(wa.get_attribute("href"))
            assert phone == WHATSAPP and title in before

            enabled = page.locator("input[name=variant]:not([disabled])")
            assert enabled.count() >= 2, product["slug"]
            radio = enabled.last
            name, price = radio.get_attribute("value"), radio.get_attribute("data-price")
            radio.locator("xpath=ancestor::label[1]").click()
            assert radio.is_checked()
            chosen = []
            selects = page.locator("select[data-option]")
            for i in range(selects.count()):
                select = selects.nth(i)
                value = select.locator("option").last.inner_text()
                select.select_option(label=value)
                chosen.append(f"{select.get_attribute('data-option')}: {value}")

            phone, text = _wa(wa.get_attribute("href"))
            assert phone == WHATSAPP and text != before, "the script did not update the order link"
            assert title in text and name in text and price in text, text
            for c in chosen:
                assert c in text, text
            digits = re.sub(r"\D", "", price)
            assert digits == _variant_offer_price(page, title, name), (price, product["slug"])
            assert page.locator("#price").inner_text().strip() == price  # the shown price follows the choice
            assert "(tulis pilihan Anda)" not in text  # the "no choice yet" note is gone once all is chosen

            disabled = page.locator("input[name=variant][disabled]")
            for i in range(disabled.count()):  # a sold-out size cannot be picked
                disabled.nth(i).locator("xpath=ancestor::label[1]").click(force=True)
                assert not disabled.nth(i).is_checked()
                assert _wa(wa.get_attribute("href"))[1] == text
        watch.check("variant pages")
    finally:
        context.close()


def test_whatsapp_button_works_without_javascript(browser, site, products):
    context, page, watch = _open(browser, site, "", MOBILE, java_script_enabled=False)
    try:
        orderable = [p for p in products if p["variants"]] + [p for p in products if not p["variants"]][:2]
        for product in orderable:
            page.goto(site["base"] + product["slug"] + "/", wait_until="networkidle")
            wa = page.locator("#wa")
            if not wa.count():  # a sold-out product has no order button
                continue
            assert wa.is_visible()
            phone, text = _wa(wa.get_attribute("href"))
            assert phone == WHATSAPP
            assert product["title"] in text, text
            assert site["base"] + product["slug"] + "/" in text, "the message links back to the product"
            if product["variants"] or product["options"]:
                # The message asks for the choice in words, and the page says so under the button.
                assert "(tulis pilihan Anda)" in text, text
                assert page.locator(".order .hint").is_visible()
        watch.check("pages without JavaScript")
    finally:
        context.close()


def test_sold_out_product_has_no_order_button(browser, site):
    context, page, watch = _open(browser, site, "kain-tenun-troso/")
    try:
        assert page.locator("#wa").count() == 0
        assert "Habis" in page.locator(".price").inner_text()
        watch.check("sold-out page")
    finally:
        context.close()


# --------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("device", [MOBILE, DESKTOP], ids=["360", "1280"])
def test_product_page_screenshot(browser, site, products, device):
    width = device["viewport"]["width"]
    slug = next(p["slug"] for p in products if p["variants"] and p["options"]) if any(
        p["variants"] and p["options"] for p in products) else products[0]["slug"]
    context, page, watch = _open(browser, site, slug + "/", device)
    try:
        _load_every_image(page)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"product-{width}.png"), full_page=True)
        page.screenshot(path=str(SHOTS / f"product-{width}-first-screen.png"))
        _no_sideways_scroll(page, width, slug)
        wa = page.locator("#wa")
        box = wa.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 200, f"the order button is too small: {box}"
        watch.check(slug)
    finally:
        context.close()
