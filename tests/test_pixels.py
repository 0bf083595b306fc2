"""Ad pixels (store.yml 'pixels:'), the Content-Security-Policy on every host (a <meta> on every page, the same
as _headers; the preview sends _headers' headers), and store.yml's privacy_page."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from conftest import REPO, Store, make_photo
from generator.cli import main
from generator.site import hosting
from test_hosting import Served, chromium  # noqa: F401  (a fixture)
from test_serve import Running

PIXELS = 'pixels:\n  meta: "123456789012345"\n  tiktok: "CABCDE1234567890"\n  google: "G-AB12CD34EF"\n'
BASE = "https://user.github.io/repo/"
UA = ("Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
      "Chrome/112.0.5615.136 Mobile Safari/537.36 trill_330104 JsSdk/1.0 NetType/4G Channel/googleplay "
      "AppName/musical_ly app_version/33.1.4 ByteLocale/id ByteFullLocale/id Region/ID")


def build_example(folder: Path, extra: str = "") -> Path:
    store = folder / "content"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    if extra:
        (store / "store.yml").write_text((store / "store.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    output = folder / "output"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", BASE])
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("plain"))


@pytest.fixture(scope="module")
def with_pixels(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("pixels"), PIXELS)


def header_policy(output: Path) -> str:
    return re.search(r"Content-Security-Policy: (.+)", (output / "_headers").read_text()).group(1).strip()


def meta_policy(page: str) -> str | None:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert len(found) <= 1
    return html.unescape(found[0]) if found else None


def directives(policy: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in policy.split(";") if p.strip()}


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


# --------------------------------------------------------------------------- the policy on every host


def test_every_page_carries_the_policy_of_headers_without_frame_ancestors(plain):
    policy = header_policy(plain)
    assert policy == hosting.CONTENT_SECURITY_POLICY  # no pixel: the policy is what it was
    want = directives(policy)
    del want["frame-ancestors"]
    assert len(pages(plain)) > 10
    for path in pages(plain):
        text = path.read_text(encoding="utf-8")
        got = meta_policy(text)
        assert got is not None and directives(got) == want, path
        assert text.index("http-equiv") < text.index("<link"), "the policy comes before anything it governs"
        assert not re.search(r"pixels\.[0-9a-f]+\.js|connect\.facebook\.net|analytics\.tiktok|googletagmanager", text)
    assert not (plain / "feeds/ids.json").exists()


def test_each_pixel_widens_the_policy_by_exactly_its_origins(with_pixels, plain):
    before, after = directives(header_policy(plain)), directives(header_policy(with_pixels))
    for directive, sources in after.items():
        added = [s for s in sources if s not in before.get(directive, [])]
        expected = {s for table in hosting.PIXEL_SOURCES.values() for s in table.get(directive, ())}
        assert set(added) == expected - set(before.get(directive, [])), directive  # 'self' may be there already
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert after["connect-src"][0] == "'self'" and "'none'" not in after["connect-src"]
    want = {k: v for k, v in after.items() if k != "frame-ancestors"}
    for path in pages(with_pixels):
        assert directives(meta_policy(path.read_text(encoding="utf-8"))) == want, path


def test_one_meta_pixel_adds_only_metas_origins(tmp_path):
    s = Store(tmp_path / "store")
    s.write("store.yml", 'name: Toko\nwhatsapp: "0812-3456-7890"\nbase_url: https://toko.example/\n'
                         'pixels:\n  meta: "123456789012345"\n')
    s.product("kopi", "title: Kopi\nprice: 1000")
    assert s.build().exit_code == 0
    got = directives(header_policy(s.output))
    assert got["script-src"] == ["'self'", "https://connect.facebook.net"]
    assert not any("tiktok" in src or "google" in src for v in got.values() for src in v)
    tag = re.search(r'<script src="[^"]*pixels\.[0-9a-f]+\.js" defer ([^>]*)></script>', s.page()).group(1)
    assert 'data-meta="123456789012345"' in tag and "data-tiktok" not in tag and "data-google" not in tag


def test_the_preview_sends_the_headers_of_headers(store):
    store.write("store.yml", "name: Toko Tes\nwhatsapp: '0812-3456-7890'\nbase_url: https://contoh.github.io/toko/\n"
                + PIXELS)
    r = Running(store.root)
    try:
        rules = hosting.parse_headers(bytes(r.server.preview.snapshot.files["_headers"]).decode())
        for path in ("/toko/", "/toko/kopi-gayo/", "/toko/tidak-ada/"):
            status, headers, body = r.get(path)
            assert status in (200, 404)
            want = {k: v[0] for k, v in hosting.headers_for(rules, path).items() if k != "Cache-Control"}
            live = f"ws://127.0.0.1:{r.port}"
            assert want["Content-Security-Policy"] == header_policy_of(rules)
            for name, value in want.items():
                if name == "Content-Security-Policy":  # only the reload signal's socket is added
                    value = hosting.widen(value, "connect-src", [live])
                assert headers[name] == value, (path, name)
            assert headers["Cache-Control"] == "no-store"
            meta = directives(meta_policy(body))
            assert meta == {k: v for k, v in directives(headers["Content-Security-Policy"]).items()
                            if k != "frame-ancestors"}
    finally:
        r.stop()


def header_policy_of(rules) -> str:
    return hosting.headers_for(rules, "/toko/")["Content-Security-Policy"][0]


# --------------------------------------------------------------------------- store.yml


def test_a_wrong_pixel_id_names_store_yml_the_field_and_what_to_do(tmp_path):
    s = Store(tmp_path / "store")
    s.write("store.yml", 'name: Toko\nlanguage: en\npixels:\n  meta: "12345"\n  tiktok: abc\n  snapchat: "1"\n')
    s.product("kopi", "title: Kopi\nprice: 1000")
    result = s.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("store.yml, line 4, field 'pixels.meta': \"12345\" is not a Meta pixel id. A Meta pixel id is digits "
            "only, 15 or 16 of them. Copy it from Meta Events Manager, and write it in quotes.") in result.output
    assert "field 'pixels.tiktok'" in result.output and "TikTok Ads Manager" in result.output
    s.write("store.yml", 'name: Toko\nlanguage: en\npixels:\n  meta: "123456789012345"\n  snapchat: "1"\n')
    result = s.build()
    assert result.exit_code == 0, result.output
    assert "store.yml, line 5, field 'pixels.snapchat': unknown pixel, ignored" in result.output


def test_a_wrong_pixel_id_reads_well_in_bahasa_indonesia(tmp_path):
    s = Store(tmp_path / "store")
    s.write("store.yml", 'name: Toko\npixels:\n  google: "UA-12345"\n')
    s.product("kopi", "title: Kopi\nprice: 1000")
    result = s.build()
    assert result.exit_code == 1
    assert "store.yml, baris 3, isian 'pixels.google': \"UA-12345\" bukan id piksel Google Analytics." in result.output
    assert "dimulai dengan G-" in result.output


def test_privacy_page_adds_a_footer_link_and_a_missing_one_is_named(tmp_path):
    s = Store(tmp_path / "store")
    s.write("store.yml", 'name: Toko\nwhatsapp: "0812-3456-7890"\nprivacy_page: privasi\n')
    s.product("kopi", "title: Kopi\nprice: 1000")
    result = s.build()
    assert result.exit_code == 1
    assert "store.yml, isian 'privacy_page': tidak ada halaman 'privasi' di folder pages/" in result.output
    s.write("pages/privasi.md", "---\ntitle: Kebijakan Privasi\n---\nKami memakai piksel iklan Meta.\n")
    result = s.build()
    assert result.exit_code == 0, result.output
    for rel in ("index.html", "kopi/index.html", "privasi/index.html"):
        footer = s.page(rel).split('<footer class="foot">')[1]
        assert '<a href="/privasi/">Kebijakan Privasi</a>' in footer, rel


def test_feeds_false_is_checked(tmp_path):
    s = Store(tmp_path / "store")
    s.write("store.yml", "name: Toko\nfeeds: kadang\n")
    s.product("kopi", "title: Kopi\nprice: 1000")
    result = s.build()
    assert result.exit_code == 1 and "isian 'feeds'" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- in Chromium

FAKE = {  # each records the calls its platform's script would take, in window.__px
    "https://connect.facebook.net/": """(function(){var f=window.fbq,q=f.queue.slice();window.__px=window.__px||[];
      f.callMethod=function(){window.__px.push(['meta'].concat(JSON.parse(JSON.stringify([].slice.call(arguments)))))};
      q.forEach(function(a){f.callMethod.apply(f,a)});f.queue=[];})();""",
    "https://analytics.tiktok.com/": """(function(){var t=window.ttq;window.__px=window.__px||[];
      var rec=function(m,a){window.__px.push(['tiktok',m].concat(JSON.parse(JSON.stringify(a))))};
      t.forEach(function(c){rec(c[0],c.slice(1))});t.length=0;
      t.methods.forEach(function(m){t[m]=function(){rec(m,[].slice.call(arguments))}});})();""",
    "https://www.googletagmanager.com/": """(function(){var dl=window.dataLayer;window.__px=window.__px||[];
      var rec=function(a){a=[].slice.call(a);if(a[0]==='js')a[1]='date';
      window.__px.push(['google'].concat(JSON.parse(JSON.stringify(a))))};
      dl.forEach(rec);dl.push=function(a){rec(a)};})();""",
}
WATCH_CSP = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }"""
KEEP_PAGE = """() => window.addEventListener('click', e => {
  if (e.target.closest && e.target.closest('a[href^="https://wa.me/"]')) e.preventDefault(); })"""


def open_site(chromium, output: Path, outside: list[str], fake: bool = False):  # noqa: F811
    served = Served(output, "/repo/", headers=True)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, user_agent=UA)

    def route(r):
        url = r.request.url
        if url.startswith(served.origin):
            return r.continue_()
        outside.append(url)
        prefix = next((p for p in FAKE if url.startswith(p)), None)
        if fake and prefix:
            return r.fulfill(status=200, content_type="application/javascript", body=FAKE[prefix])
        return r.abort()

    context.route("**/*", route)
    context.add_init_script(f"({WATCH_CSP})()")
    context.add_init_script(f"({KEEP_PAGE})()")
    return served, context


def test_without_pixels_no_request_leaves_the_site(chromium, plain):  # noqa: F811
    outside: list[str] = []
    served, context = open_site(chromium, plain, outside)
    page = context.new_page()
    try:
        for rel in ("", "kemeja-batik-parang/", "keranjang/", "cara-pesan/"):
            response = page.goto(served.base + rel, wait_until="load")
            assert response.headers["content-security-policy"] == hosting.CONTENT_SECURITY_POLICY
            page.wait_for_timeout(300)
        page.goto(served.base + "kemeja-batik-parang/", wait_until="load")
        page.locator("input[name=variant]:not([disabled])").last.locator("xpath=ancestor::label[1]").click()
        page.locator("#add").click()
        page.locator("#wa").click()
        page.wait_for_timeout(500)
        assert outside == []
        assert page.evaluate("() => [typeof fbq, typeof ttq, typeof gtag]") == ["undefined"] * 3
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
        served.close()


def feed_ids(output: Path, slug: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO((output / "feeds/meta.csv").read_text(encoding="utf-8")))
    return {re.search(r"\(([^()]*)\)$", r["title"]).group(1) if r["item_group_id"] else "": r["id"]
            for r in rows if f"/{slug}/" in r["link"]}


def test_pixel_events_in_order_with_the_feeds_ids(chromium, with_pixels, tmp_path):  # noqa: F811
    outside: list[str] = []
    served, context = open_site(chromium, with_pixels, outside, fake=True)
    page = context.new_page()
    shots = Path("/tmp/shots-feeds")
    shots.mkdir(exist_ok=True)
    try:
        page.goto(served.base + "kemeja-batik-parang/", wait_until="load")
        page.wait_for_function("() => (window.__px || []).filter(c => c[0] === 'meta' && c[2] === 'ViewContent').length === 1",
                               timeout=10000)
        choice = page.locator("input[name=variant]:not([disabled])").last
        variant = choice.get_attribute("value")
        choice.locator("xpath=ancestor::label[1]").click()
        page.locator("#add").click()
        page.locator("#wa").click()
        page.wait_for_function("() => window.__px.filter(c => c[0] === 'google' && c[2] === 'begin_checkout').length",
                               timeout=10000)
        page.screenshot(path=str(shots / "pixels-product-360.png"))
        calls = page.evaluate("window.__px")
        ids = feed_ids(with_pixels, "kemeja-batik-parang")
        chosen = ids[variant]

        meta = [c[1:] for c in calls if c[0] == "meta"]
        assert [c[:2] for c in meta] == [["init", "123456789012345"], ["track", "PageView"], ["track", "ViewContent"],
                                         ["track", "AddToCart"], ["track", "InitiateCheckout"]]
        assert sorted(meta[2][2]["content_ids"]) == sorted(ids.values())
        for event in meta[3:]:
            assert event[2]["content_ids"] == [chosen] and event[2]["content_type"] == "product"
            assert event[2]["currency"] == "IDR" and event[2]["value"] > 0

        tiktok = [c[1:] for c in calls if c[0] == "tiktok"]
        assert [c[0] if c[0] == "page" else c[1] for c in tiktok] == ["page", "ViewContent", "AddToCart", "ClickButton"]
        assert [x["content_id"] for x in tiktok[3][2]["contents"]] == [chosen]

        google = [c[1:] for c in calls if c[0] == "google"]
        assert [c[0] if c[0] != "event" else c[1] for c in google] == ["js", "config", "view_item", "add_to_cart",
                                                                       "begin_checkout"]
        assert google[1][1] == "G-AB12CD34EF" and [i["item_id"] for i in google[4][2]["items"]] == [chosen]

        assert page.evaluate("window.__csp") == []
        assert {urlsplit(u).hostname for u in outside} == {"connect.facebook.net", "analytics.tiktok.com",
                                                           "www.googletagmanager.com"}
        # the storefront: PageView only
        page.goto(served.base, wait_until="load")
        page.wait_for_function("() => (window.__px || []).length >= 5", timeout=10000)
        assert [c[2] for c in page.evaluate("window.__px") if c[0] == "meta"] == ["123456789012345", "PageView"]
    finally:
        context.close()
        served.close()


def test_the_cart_reports_the_order_with_every_lines_id(chromium, with_pixels):  # noqa: F811
    outside: list[str] = []
    served, context = open_site(chromium, with_pixels, outside, fake=True)
    page = context.new_page()
    try:
        page.goto(served.base + "sambal-bawang/", wait_until="load")
        options = page.locator("select[data-option]")
        for i in range(options.count()):
            options.nth(i).select_option(index=1)
        page.locator("#qty").fill("3")  # over the store's minimum order
        page.locator("#add").click()
        page.goto(served.base + "keranjang/", wait_until="load")
        page.locator("#ship label").first.click()
        page.locator("#pay label").first.click()
        page.locator("#cart-wa").click()
        page.wait_for_function("() => (window.__px || []).some(c => c[2] === 'InitiateCheckout')", timeout=10000)
        event = [c for c in page.evaluate("window.__px") if c[0] == "meta" and c[2] == "InitiateCheckout"][0]
        assert event[3]["content_ids"] == [feed_ids(with_pixels, "sambal-bawang")[""]]
        assert event[3]["num_items"] == 3 and event[3]["value"] == 3 * 35000
    finally:
        context.close()
        served.close()
