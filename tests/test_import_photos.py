"""Imported photos: fetched in parallel from a local server, checked, kept as 1.jpg, 2.png...; refused safely."""

from __future__ import annotations

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Store
from generator.cli import main
from generator.importer.photos import Fetcher, PhotoFetchError, PhotoJob, fetch_photos
from generator.importer.run import run_import, summary_lines
from generator.messages import set_language


def photo_bytes(fmt: str = "JPEG", colour=(200, 80, 40), size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


JPEG = photo_bytes()
PNG = photo_bytes("PNG", (10, 120, 200))


class PhotoServer:
    """A tiny HTTP server on 127.0.0.1 in a thread; the tests allow its origin explicitly."""

    def __init__(self):
        self.files: dict[str, bytes] = {"/kopi-1.jpg": JPEG, "/kopi-2.jpg": PNG, "/teh.jpg": photo_bytes(
            colour=(1, 2, 3)), "/page.jpg": b"<!doctype html><html>Not found</html>"}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with server.lock:
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                    hits = server.hits[self.path]
                if self.path == "/flaky.jpg" and hits == 1:
                    return self.send_error(503)
                if self.path == "/slow.jpg":
                    time.sleep(1.5)
                if self.path == "/moved.jpg":
                    self.send_response(302)
                    self.send_header("Location", "/kopi-1.jpg")
                    self.end_headers()
                    return
                if self.path == "/to-private.jpg":
                    self.send_response(302)
                    self.send_header("Location", f"https://localhost:{server.port}/kopi-1.jpg")
                    self.end_headers()
                    return
                data = server.files.get(self.path.replace("/flaky.jpg", "/kopi-1.jpg").replace("/slow.jpg",
                                                                                                "/kopi-1.jpg"))
                if data is None:
                    return self.send_error(404)
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = PhotoServer()
    yield s
    s.close()


@pytest.fixture
def fetcher(server) -> Fetcher:
    return Fetcher(timeout=1.0, retries=2, backoff=0.01, allow_local=(server.origin,))


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    set_language(None)
    yield
    set_language(None)


class Bar:
    def __init__(self):
        self.calls = []

    def start(self, label, total):
        self.calls.append(("start", total))

    def advance(self, n=1):
        self.calls.append(("advance", n))

    def stop(self):
        self.calls.append(("stop",))


def test_photos_are_fetched_in_parallel_and_named_by_their_real_format(tmp_path, server, fetcher):
    jobs = [PhotoJob("Kopi", tmp_path / "kopi", (server.url("/kopi-1.jpg"), server.url("/kopi-2.jpg")), tmp_path),
            PhotoJob("Teh", tmp_path / "teh", (server.url("/moved.jpg"),), tmp_path)]
    bar = Bar()
    report = fetch_photos(jobs, fetcher, bar)
    assert (report.fetched, report.same, report.warnings) == (3, 0, [])
    assert (tmp_path / "kopi/1.jpg").read_bytes() == JPEG
    assert (tmp_path / "kopi/2.png").read_bytes() == PNG  # a PNG behind a .jpg address is kept as .png
    assert (tmp_path / "teh/1.jpg").read_bytes() == JPEG  # after a redirect
    assert bar.calls[0] == ("start", 3) and bar.calls.count(("advance", 1)) == 3 and bar.calls[-1] == ("stop",)


def test_a_photo_already_there_with_the_same_bytes_is_not_written_again(tmp_path, server, fetcher):
    job = PhotoJob("Kopi", tmp_path / "kopi", (server.url("/kopi-1.jpg"),), tmp_path)
    fetch_photos([job], fetcher)
    target = tmp_path / "kopi/1.jpg"
    stamp = target.stat().st_mtime_ns
    time.sleep(0.01)
    report = fetch_photos([job], fetcher)
    assert (report.fetched, report.same) == (0, 1)
    assert target.stat().st_mtime_ns == stamp
    server.files["/kopi-1.jpg"] = PNG  # the marketplace's photo changed format: the old file goes
    report = fetch_photos([job], fetcher)
    assert report.fetched == 1 and not target.exists() and (tmp_path / "kopi/1.png").read_bytes() == PNG


def test_a_server_error_is_retried(tmp_path, server, fetcher):
    report = fetch_photos([PhotoJob("Kopi", tmp_path / "k", (server.url("/flaky.jpg"),), tmp_path)], fetcher)
    assert report.fetched == 1 and server.hits["/flaky.jpg"] == 2


@pytest.mark.parametrize("path, reason", [
    ("/missing.jpg", "the server answered 404"),
    ("/page.jpg", "this is not a JPEG, PNG, WebP, AVIF, HEIC or GIF photo"),
    ("/slow.jpg", "could not connect"),
    ("/to-private.jpg", "this address points into a local network"),
])
def test_a_failed_photo_is_a_warning_naming_the_product_and_address(tmp_path, server, fetcher, path, reason):
    folder = tmp_path / "kopi"
    report = fetch_photos([PhotoJob("Kopi Gayo", folder, (server.url(path), server.url("/kopi-1.jpg")), tmp_path)],
                          fetcher)
    assert report.fetched == 1 and len(report.warnings) == 1
    text = report.warnings[0].text("en")
    assert text.startswith(f"'Kopi Gayo': the photo {server.url(path)} could not be fetched (")
    assert reason in text and "The product was written all the same" in text
    assert sorted(p.name for p in folder.iterdir()) == ["2.jpg"]  # nothing kept of the bad one


@pytest.mark.parametrize("url, reason", [
    ("http://example.com/kopi.jpg", "only https:// addresses are fetched"),
    ("ftp://example.com/kopi.jpg", "only https:// addresses are fetched"),
    ("file:///etc/passwd", "only https:// addresses are fetched"),
    ("https://127.0.0.1/kopi.jpg", "local network"),
    ("https://localhost/kopi.jpg", "local network"),
    ("https://[::1]/kopi.jpg", "local network"),
    ("https://169.254.169.254/latest/meta-data", "local network"),
    ("https://10.1.2.3/kopi.jpg", "local network"),
    ("https://192.168.1.1/kopi.jpg", "local network"),
    ("https://0.0.0.0/kopi.jpg", "local network"),
])
def test_only_https_to_public_hosts_and_no_connection_is_made_otherwise(url, reason, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    with pytest.raises(PhotoFetchError) as info:
        Fetcher(retries=1).get(url)
    assert reason in info.value.reason.text("en")


def test_the_test_servers_origin_is_allowed_only_exactly(server):
    other = f"http://127.0.0.1:{server.port + 1 if server.port < 65535 else server.port - 1}/kopi-1.jpg"
    fetcher = Fetcher(retries=1, allow_local=(server.origin,))
    assert fetcher.get(server.url("/kopi-1.jpg")) == JPEG
    with pytest.raises(PhotoFetchError):
        fetcher.get(other)
    with pytest.raises(PhotoFetchError):
        Fetcher(retries=1).get(server.url("/kopi-1.jpg"))  # without the explicit allowance


def test_local_photos_are_copied_from_beside_the_spreadsheet_and_may_not_escape(tmp_path, fetcher):
    sheet = tmp_path / "ekspor"
    (sheet / "foto").mkdir(parents=True)
    (sheet / "foto/kopi.jpg").write_bytes(JPEG)
    (tmp_path / "rahasia.jpg").write_bytes(JPEG)
    (sheet / "catatan.jpg").write_text("bukan foto", encoding="utf-8")
    job = PhotoJob("Kopi", tmp_path / "store/products/kopi",
                   ("foto/kopi.jpg", "foto\\kopi.jpg", "../rahasia.jpg", str(tmp_path / "rahasia.jpg"),
                    "foto/tidak-ada.jpg", "catatan.jpg"), sheet)
    report = fetch_photos([job], fetcher)
    assert report.fetched == 2
    reasons = [w.text("en") for w in report.warnings]
    assert "outside the spreadsheet's folder" in reasons[0] and "outside the spreadsheet's folder" in reasons[1]
    assert "there is no such file beside the spreadsheet" in reasons[2]
    assert "not a JPEG, PNG" in reasons[3]
    assert sorted(p.name for p in job.folder.iterdir()) == ["1.jpg", "2.jpg"]


def test_import_with_photos_builds_and_a_failed_photo_still_writes_the_product(tmp_path, server, fetcher):
    store = Store(tmp_path / "store")
    store.write("store.yml", 'name: Toko\nwhatsapp: "0812-3456-7890"\nbase_url: https://toko.example/\n')
    sheet = tmp_path / "produk.csv"
    sheet.write_text("nama,harga,foto\n"
                     f"Kopi,85000,{server.url('/kopi-1.jpg')} {server.url('/kopi-2.jpg')}\n"
                     f"Teh,20000,\"{server.url('/missing.jpg')}\n{server.url('/teh.jpg')}\"\n", encoding="utf-8")
    result = run_import(store.root, [sheet], currency="IDR", fetcher=fetcher)
    assert (result.photos.fetched, len(result.photos.warnings)) == (3, 1)
    assert sorted(p.name for p in (store.root / "products/kopi").iterdir()) == ["1.jpg", "2.png", "index.md"]
    assert sorted(p.name for p in (store.root / "products/teh").iterdir()) == ["2.jpg", "index.md"]
    lines = summary_lines(result)
    assert "Photos: 3 fetched, 0 already there, 1 failed." in lines
    assert any(line.startswith(f"  'Teh': the photo {server.url('/missing.jpg')} could not be fetched")
               for line in lines)
    built = store.build()
    assert built.exit_code == 0, built.output
    assert "photos/" in store.page("kopi/index.html")

    # Importing again with nothing changed fetches nothing (the product is unchanged).
    hits = dict(server.hits)
    result = run_import(store.root, [sheet], currency="IDR", fetcher=fetcher)
    assert [c.action for c in result.plan.changes] == ["unchanged", "unchanged"] and server.hits == hits

    # --update all takes the marketplace's photos again: unchanged bytes are left alone.
    result = run_import(store.root, [sheet], currency="IDR", fetcher=fetcher, update_all=True)
    assert result.photos.same == 3 and result.photos.fetched == 0


def test_no_photos_and_dry_run_fetch_nothing(tmp_path, server):
    store = Store(tmp_path / "store")
    store.write("store.yml", 'name: Toko\nlanguage: en\n')
    sheet = tmp_path / "produk.csv"
    sheet.write_text(f"nama,harga,foto\nKopi,85000,{server.url('/kopi-1.jpg')}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(sheet), "--store", str(store.root), "--dry-run"])
    assert "Photos: 1 would be fetched." in result.output
    result = CliRunner().invoke(main, ["import", str(sheet), "--store", str(store.root), "--no-photos"])
    assert "Photos were not fetched (--no-photos): 1 photos left out." in result.output
    assert server.hits == {}
    assert sorted(p.name for p in (store.root / "products/kopi").iterdir()) == ["index.md"]


def test_the_command_refuses_the_test_server_as_a_local_address(tmp_path, server):
    """The command line has no way to allow a local address: a spreadsheet cannot reach the seller's network."""
    store = Store(tmp_path / "store")
    store.write("store.yml", 'name: Toko\nlanguage: en\n')
    sheet = tmp_path / "produk.csv"
    sheet.write_text(f"nama,harga,foto\nKopi,85000,https://127.0.0.1:{server.port}/kopi-1.jpg\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(sheet), "--store", str(store.root)])
    assert result.exit_code == 0, result.output
    assert "this address points into a local network" in result.output and server.hits == {}
    assert (store.root / "products/kopi/index.md").is_file()
