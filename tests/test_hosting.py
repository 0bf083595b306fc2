"""Hosting: the site works under a GitHub Pages project path and at a root domain, Netlify's _headers is
well formed and gives every file the right cache, the CSP lets the theme work in Chromium, CNAME, limits, zip.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import threading
import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner

from conftest import REPO, make_photo
from generator.site import hosting
from generator.cli import main
from generator.site.writer import MARKER

PROJECT = "https://user.github.io/repo/"
ROOT_DOMAIN = "https://toko.example/"


def build_example(tmp_path: Path, base_url: str) -> Path:
    """Build a copy of content/ (so the repository gets no cache) with ``base_url``; returns the output."""
    store = tmp_path / "content"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    output = tmp_path / "output"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", base_url])
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("project"), PROJECT)


# --------------------------------------------------------------------------- a plain static server


class Served:
    """Serve ``folder`` at http://127.0.0.1:<port><prefix> like a static host: nothing outside the prefix.

    With ``headers``, the rules of the site's _headers file are applied as Netlify would.
    """

    def __init__(self, folder: Path, prefix: str, headers: bool = False):
        rules = hosting.parse_headers((folder / "_headers").read_text()) if headers else []

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path):
                clean = urlsplit(path).path
                if not clean.startswith(prefix):
                    return str(folder / ".." / "not-served" / "nothing")
                return super().translate_path("/" + clean[len(prefix):])

            def end_headers(self):
                for name, values in hosting.headers_for(rules, urlsplit(self.path).path).items():
                    self.send_header(name, ", ".join(values))
                super().end_headers()

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base = self.origin + prefix
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def get(self, url: str) -> tuple[int, bytes, str]:
        """(status, body, content type) of ``url``."""
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                return resp.status, resp.read(), resp.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            return exc.code, b"", ""

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Links(HTMLParser):
    """Every address a page refers to: links, images (srcset too), stylesheets, scripts, share tags."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.urls.append(a[key])
        if a.get("srcset"):
            self.urls += [part.strip().split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "meta" and a.get("property", a.get("name", "")) in ("og:image", "og:url", "twitter:image"):
            self.urls.append(a["content"])


def crawl(served: Served, site_base: str, start: list[str] | None = None) -> dict[str, int]:
    """Fetch the storefront (and ``start``), then every page, file and address reachable from them; url -> status."""
    seen: dict[str, int] = {}
    todo = [served.base, served.base + "404.html", served.base + "sitemap.xml", served.base + "robots.txt"]
    todo += start or []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        status, body, kind = served.get(url)
        seen[url] = status
        if status != 200:
            continue
        found: list[str] = []
        if kind == "text/html":
            parser = Links()
            parser.feed(body.decode("utf-8"))
            found = parser.urls
        elif url.endswith("sitemap.xml"):
            found = re.findall(r"<loc>([^<]+)</loc>", body.decode())
        elif url.endswith("robots.txt"):
            found = re.findall(r"Sitemap: (\S+)", body.decode())
        for ref in found:
            if ref.startswith("#"):
                continue
            if ref.startswith(site_base):  # canonical, share image, sitemap: the published address
                ref = served.base + ref[len(site_base):]
            absolute = urljoin(url, ref)
            parts = urlsplit(absolute)
            if absolute.startswith(served.origin):
                todo.append(absolute.split("#")[0])
            else:  # WhatsApp, marketplaces, social links: other sites, always https
                assert parts.scheme == "https" and parts.hostname != "127.0.0.1", (url, ref)
                assert not parts.hostname.endswith("github.io"), (url, ref)  # never the site itself, unmapped
    return seen


@pytest.mark.parametrize("base_url, prefix", [(PROJECT, "/repo/"), (ROOT_DOMAIN, "/")], ids=["project", "root"])
def test_every_link_photo_stylesheet_and_script_works_where_the_site_is_served(tmp_path, project_site, base_url,
                                                                               prefix):
    output = project_site if base_url == PROJECT else build_example(tmp_path, base_url)
    served = Served(output, prefix)
    try:
        files = sorted(output.rglob("*.html"))
        pages = {served.base + p.relative_to(output).as_posix().removesuffix("index.html") for p in files}
        seen = crawl(served, base_url, sorted(pages))  # every page, and everything every page refers to
        broken = {url: status for url, status in seen.items() if status != 200}
        assert not broken, broken
        # Every page meant for buyers (not marked noindex) is reached by following links from the storefront.
        linked = crawl(served, base_url)
        public = {served.base + p.relative_to(output).as_posix().removesuffix("index.html") for p in files
                  if '<meta name="robots" content="noindex">' not in p.read_text()}
        assert public <= set(linked), public - set(linked)
        kinds = {os.path.splitext(urlsplit(u).path)[1] for u in seen}
        assert {".css", ".js", ".webp", ".jpg", ".png", ".xml", ".txt"} <= kinds, kinds
        if prefix != "/":  # nothing asks for the host's root: it belongs to someone else on github.io
            assert all(urlsplit(u).path.startswith(prefix) for u in seen)
            assert served.get(served.origin + "/index.html")[0] == 404
    finally:
        served.close()


def test_sitemap_and_share_images_use_the_published_address(project_site):
    sitemap = (project_site / "sitemap.xml").read_text()
    assert all(loc.startswith(PROJECT) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap))
    page = (project_site / "index.html").read_text()
    og = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert og.startswith(PROJECT + "photos/") and (project_site / og[len(PROJECT):]).is_file()
    assert '<link rel="stylesheet" href="/repo/assets/style.' in page


def test_css_and_js_names_carry_their_content_hash(project_site):
    assets = sorted((project_site / "assets").iterdir())
    hashed = [p for p in assets if p.suffix in (".css", ".js")]
    assert {p.suffix for p in hashed} == {".css", ".js"}
    for path in hashed:
        stem, digest, ext = path.name.rsplit(".", 2)
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:10], path.name


# --------------------------------------------------------------------------- _headers


def test_headers_file_follows_netlify_syntax(project_site):
    text = (project_site / "_headers").read_text()
    assert text.endswith("\n") and "\t" not in text
    for line in text.splitlines():
        assert (not line or line.startswith("#") or re.fullmatch(r"/\S*", line)
                or re.fullmatch(r"  [A-Za-z][A-Za-z0-9-]*: \S.*", line)), repr(line)
    rules = hosting.parse_headers(text)
    assert rules and all(headers for _, headers in rules), "a path without headers"
    assert rules[0][0] == "/repo/*"  # under the base path, like every other address of the site


@pytest.mark.parametrize("bad", ["  Cache-Control: x\n", "/a\nCache-Control: x\n", "/a\n  no colon\n",
                                 "  /a\n  X: y\n", "/a\n  X:\n"])
def test_headers_parser_refuses_what_netlify_refuses(bad):
    with pytest.raises(ValueError):
        hosting.parse_headers(bad)


def _addresses(output: Path, base_path: str) -> dict[str, str]:
    """Every address a browser may ask for, with the file it gets."""
    found = {}
    for rel, _ in hosting.output_files(output):
        found[base_path + rel] = rel
        if rel.endswith("index.html"):
            found[base_path + rel.removesuffix("index.html")] = rel
    return found


def test_every_file_gets_one_cache_rule_and_the_security_headers(project_site):
    rules = hosting.parse_headers((project_site / "_headers").read_text())
    for path, rel in _addresses(project_site, "/repo/").items():
        got = hosting.headers_for(rules, path)
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
            assert len(got.get(name, [])) == 1, (path, name, got)
        assert got["X-Content-Type-Options"] == ["nosniff"]
        cache = got.get("Cache-Control", [])
        hashed = rel.startswith("photos/") or re.search(r"\.[0-9a-f]{10}\.(css|js|png)$", rel)
        if hashed:
            assert cache == [hosting.IMMUTABLE], (path, cache)
        elif rel.endswith((".html", ".xml", ".txt")):
            assert cache == [hosting.SHORT], (path, cache)
        else:
            assert len(cache) <= 1, (path, cache)
    assert "max-age=300" in hosting.SHORT and "immutable" in hosting.IMMUTABLE


def test_csp_allows_only_the_sites_own_files():
    csp = dict(part.strip().split(" ", 1) for part in hosting.CONTENT_SECURITY_POLICY.split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == csp["style-src"] == csp["img-src"] == "'self'"
    assert "unsafe" not in hosting.CONTENT_SECURITY_POLICY and "http" not in hosting.CONTENT_SECURITY_POLICY


def test_a_theme_or_store_may_set_its_own_policy(store):
    store.write("store.yml", store.root.joinpath("store.yml").read_text()
                + "extra:\n  content_security_policy: \"default-src 'self'; img-src https:\"\n")
    assert store.build().exit_code == 0
    assert "  Content-Security-Policy: default-src 'self'; img-src https:\n" in store.page("_headers")
    store.write("store.yml", store.root.joinpath("store.yml").read_text().replace(
        "\"default-src 'self'; img-src https:\"", "false"))
    assert store.build().exit_code == 0
    headers = store.page("_headers")
    assert "Content-Security-Policy" not in headers and "X-Content-Type-Options: nosniff" in headers


# --------------------------------------------------------------------------- CNAME and domain


def test_cname_for_a_custom_domain_and_base_url_follows_it(store):
    store.write("store.yml", "name: Toko\ndomain: Toko.Example.COM\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert store.page("CNAME") == "toko.example.com\n"
    assert '<link rel="canonical" href="https://toko.example.com/kopi-gayo/">' in store.page("kopi-gayo/index.html")
    assert "belum ada base_url" not in result.output
    store.write("store.yml", "name: Toko\n")
    assert store.build().exit_code == 0
    assert not (store.output / "CNAME").exists()


@pytest.mark.parametrize("value", ["https://toko.com/", "toko.com/", "toko", "toko .com", "-toko.com",
                                   "toko.com:8080", "127.0.0.1", "'[toko.com]'"])
def test_domain_must_be_a_bare_host_name(store, value):
    store.write("store.yml", f"name: Toko\nwhatsapp: '0812-3456-7890'\ndomain: {value}\n")
    result = store.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "store.yml, baris 3, isian 'domain'" in result.output and "misalnya toko.com" in result.output


def test_domain_and_a_different_base_url_warn(store):
    store.write("store.yml", "name: Toko\ndomain: toko.com\nbase_url: https://toko.netlify.app/\n")
    result = store.build()
    assert result.exit_code == 0
    assert "base_url memakai toko.netlify.app, tetapi domain adalah toko.com" in result.output


# --------------------------------------------------------------------------- limits and zip


def test_hosts_limits_are_warned_about(store, monkeypatch):
    make_photo(store.root / "products" / "kopi-gayo" / "1.jpg")
    store.product("kopi-gayo/", "title: Kopi\nprice: 1000")
    (store.root / "products" / "kopi-gayo.md").unlink()
    store.speak("en")
    monkeypatch.setattr(hosting, "GITHUB_PAGES_LIMIT", 10_000)
    monkeypatch.setattr(hosting, "BIG_FILE", 5_000)
    monkeypatch.setattr(hosting, "FOLDER_FILES", 3)
    result = store.build()
    assert result.exit_code == 0, result.output
    assert re.search(r"the store is \d+\.\d kB: GitHub Pages refuses sites over 10\.0 kB", result.output)
    assert re.search(r"assets/style\.[0-9a-f]{10}\.css is \d+\.\d kB: hosts refuse or slow down files over 5\.0 kB",
                     result.output)
    assert re.search(r"the folder photos/ holds \d+ files and folders: Netlify refuses more than 3", result.output)
    assert result.output.strip().splitlines()[-1].startswith("Built ")  # the summary stays last (an English store)


def test_limits_count_files_and_folders_per_folder():
    files = [(f"p{i}/index.html", 10) for i in range(5)] + [("photos/a.webp", 20_000_001)]
    warnings = hosting.limit_warnings(files)
    assert not any("GitHub Pages" in w for w in warnings)
    assert any(w.startswith("photos/a.webp is 20.0 MB: hosts refuse") for w in warnings)
    assert hosting.limit_warnings([(f"photos/{i}.webp", 1) for i in range(hosting.FOLDER_FILES + 1)])
    assert not hosting.limit_warnings([(f"photos/{i}.webp", 1) for i in range(hosting.FOLDER_FILES)])


def test_limits_are_said_in_the_store_language(monkeypatch):
    from generator.messages import set_language

    files = [("photos/a.webp", 20_000_001)] + [(f"p/{i}.html", 1_000_000) for i in range(1000)]
    monkeypatch.setattr(hosting, "FOLDER_FILES", 999)
    set_language("id")
    assert hosting.limit_warnings(files) == [
        "toko ini berukuran 1,02 GB: GitHub Pages menolak situs yang lebih besar dari 1,00 GB. Terbitkan di Netlify, "
        "atau pakai lebih sedikit foto",
        "photos/a.webp berukuran 20,0 MB: tempat hosting menolak atau melambatkan file yang lebih besar dari 10,0 MB; "
        "perkecil file itu",
        "folder p/ berisi 1.000 file dan folder: Netlify menolak lebih dari 999 dalam satu folder"]
    set_language("en")
    assert hosting.limit_warnings(files)[2] == ("the folder p/ holds 1,000 files and folders: Netlify refuses more "
                                                "than 999 in one folder")
    assert hosting.human_size(512) == "512 bytes"


def test_build_zip_for_netlify_drop(store, tmp_path):
    result = store.build("--zip")
    assert result.exit_code == 0, result.output
    target = store.output.with_name("output.zip")
    assert f"Zip untuk Netlify Drop: {target}" in result.output
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
        for name in names:
            assert zf.read(name) == (store.output / name).read_bytes()
    published = {rel for rel, _ in hosting.output_files(store.output)}
    assert set(names) == published and MARKER not in names and "index.html" in names
    assert {".nojekyll", "_headers", "404.html"} <= published
    first = target.read_bytes()
    assert store.build("--zip").exit_code == 0
    assert target.read_bytes() == first  # the same site gives the same zip
    assert not list(store.output.parent.glob(".output.zip.tmp*"))


# --------------------------------------------------------------------------- the CSP in a real browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing"
    return None


@pytest.fixture
def chromium():
    why = _browser_missing()
    if why:
        if os.environ.get("LAPAK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LAPAK_REQUIRE_BROWSER=1 but the browser test cannot run: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


WATCH_CSP = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


def test_every_page_works_under_the_content_security_policy(chromium, tmp_path):
    """Served with the _headers rules applied: no CSP report, the stylesheet applies, photos load, the script runs."""
    output = build_example(tmp_path, PROJECT)
    served = Served(output, "/repo/", headers=True)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and console.append(m.text))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served.origin)
                  else route.abort())
    page.add_init_script(f"({WATCH_CSP})()")
    try:
        pages = sorted({p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")})
        for rel in pages:
            response = page.goto(served.base + rel, wait_until="load")
            assert response.status == 200, rel
            assert "default-src 'none'" in response.headers["content-security-policy"], "the headers were not applied"
            page.evaluate("Array.from(document.images).forEach(i => i.loading = 'eager')")
            page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=15000)
            assert page.evaluate("Array.from(document.images).every(i => i.naturalWidth > 0)"), rel
            # Every stylesheet the page links to was loaded and applied (a refused one has no rules).
            assert page.evaluate("""() => document.styleSheets.length ===
                document.querySelectorAll('link[rel=stylesheet]').length &&
                Array.from(document.styleSheets).every(s => s.cssRules.length > 0)"""), rel
            assert page.evaluate("window.__csp") == [], (rel, page.evaluate("window.__csp"))
            if page.locator("script[type='application/ld+json']").count():
                import json

                json.loads(page.locator("script[type='application/ld+json']").inner_text())
            if page.locator("input[name=variant]:not([disabled])").count() >= 2:
                before = page.locator("#wa").get_attribute("href")
                page.locator("input[name=variant]:not([disabled])").last.locator("xpath=ancestor::label[1]").click()
                assert page.locator("#wa").get_attribute("href") != before, f"{rel}: the script did not run"
        assert not [c for c in console if "Content Security Policy" in c or "Refused" in c], console
        # The policy is really enforced: an inline script (what an injected one would be) is refused and reported.
        page.goto(served.base, wait_until="load")
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__ran = true'; document.head.appendChild(s); }""")
        page.wait_for_function("() => window.__csp.length > 0", timeout=5000)
        assert page.evaluate("() => window.__ran") is None
        assert page.evaluate("() => window.__csp")[0].startswith("script-src")
    finally:
        context.close()
        served.close()
