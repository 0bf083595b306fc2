"""`lapak serve`: a real server on a free port, real file edits, a real reload signal."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import threading
import time
from pathlib import Path

import pytest

from conftest import make_photo
from generator.preview import Server


class Running:
    """A preview server running in a thread for one test."""

    def __init__(self, store_root, **kwargs):
        self.server = Server(store_root, port=0, report=lambda line: None, **kwargs)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.error = None
        self.thread.start()
        assert self.server.ready.wait(20), self.error
        self.port = self.server.port_ref[0]

    def _run(self):
        try:
            self.server.start()
            self.server.run()
        except Exception as exc:  # shown by the assertion in __init__
            self.error = exc
            self.server.ready.set()

    def get(self, path: str) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path)  # sent as is: no client-side normalisation of the path
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        conn.close()
        return resp.status, dict(resp.getheaders()), body

    def wait_for(self, predicate, timeout: float = 10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError("timed out waiting for the preview")

    def stop(self):
        self.server.stop()
        self.thread.join(10)


@pytest.fixture
def running(store):
    store.write("store.yml", "name: Toko Tes\nwhatsapp: '0812-3456-7890'\nbase_url: https://contoh.github.io/toko/\n")
    r = Running(store.root)
    yield r
    r.stop()


def settle(running, builds_before: int, quiet: float = 0.6) -> int:
    """Wait until a rebuild happened and then nothing more for ``quiet`` seconds; return the count."""
    preview = running.server.preview
    running.wait_for(lambda: preview.builds > builds_before)
    while True:
        count = preview.builds
        time.sleep(quiet)
        if preview.builds == count:
            return count - builds_before


def test_serves_the_site_under_the_base_path(running):
    status, headers, body = running.get("/toko/")
    assert status == 200 and "Kopi Gayo" in body and "Rp 85.000" in body
    assert headers["Content-Type"].startswith("text/html")
    assert '<script src="/livereload.js?port=' in body
    status, _, body = running.get("/toko/kopi-gayo/")
    assert status == 200 and "Pesan via WhatsApp" in body
    status, headers, _ = running.get("/")
    assert status in (301, 302) and headers["Location"] == "/toko/"
    status, headers, _ = running.get("/toko/kopi-gayo")
    assert status in (301, 302) and headers["Location"] == "/toko/kopi-gayo/"
    status, _, body = running.get("/toko/tidak-ada/")
    assert status == 404 and "Halaman tidak ditemukan" in body
    assert running.get("/kopi-gayo/")[0] == 404  # outside the base path
    css = next(p for p in running.server.preview.snapshot.files if p.endswith(".css"))
    status, headers, _ = running.get("/toko/" + css)
    assert status == 200 and headers["Content-Type"].startswith("text/css")


def test_a_saved_edit_shows_up(store, running):
    before = running.server.preview.builds
    store.product("kopi-gayo", "title: Kopi Gayo Wine\nprice: 99000\ncategory: Minuman")
    running.wait_for(lambda: "Kopi Gayo Wine" in running.get("/toko/kopi-gayo/")[2])
    assert "Rp 99.000" in running.get("/toko/")[2]
    assert settle(running, before) == 1


def test_new_photo_and_new_product_show_up(store, running):
    store.product("tas/", "title: Tas Rotan\nprice: 150000")
    make_photo(store.root / "products" / "tas" / "1.jpg", (600, 600))
    running.wait_for(lambda: 'src="/toko/photos/' in running.get("/toko/tas/")[2])
    photo = running.get("/toko/tas/")[2].split('src="/toko/photos/')[1].split('"')[0]
    status, headers, _ = running.get("/toko/photos/" + photo)
    assert status == 200 and headers["Content-Type"] == "image/webp"


def test_the_reload_signal_reaches_a_connected_browser(store, running):
    from tornado.websocket import websocket_connect

    async def client():
        conn = await websocket_connect(f"ws://127.0.0.1:{running.port}/livereload")
        await conn.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await conn.read_message())
        assert hello["command"] == "hello"
        await conn.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{running.port}/toko/"}))
        await asyncio.sleep(0.3)
        store.product("kopi-gayo", "title: Kopi Gayo Baru\nprice: 85000")
        message = json.loads(await asyncio.wait_for(conn.read_message(), 10))
        conn.close()
        return message

    message = asyncio.run(client())
    assert message["command"] == "reload"
    assert "Kopi Gayo Baru" in running.get("/toko/kopi-gayo/")[2]


def test_an_atomic_save_gives_one_rebuild(store, running):
    before = running.server.preview.builds
    target = store.root / "products" / "kopi-gayo.md"
    tmp = target.with_name(".kopi-gayo.md.swp")
    tmp.write_text("---\ntitle: Kopi Atomik\nprice: 85000\n---\nBaru.\n")
    os.replace(tmp, target)
    assert settle(running, before) == 1
    assert "Kopi Atomik" in running.get("/toko/kopi-gayo/")[2]


def test_a_burst_of_200_files_gives_one_rebuild(store, running):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 120, 60)).save(buf, "JPEG")
    before = running.server.preview.builds
    folder = store.root / "products" / "banyak"
    folder.mkdir()
    (folder / "index.md").write_text("---\ntitle: Banyak Foto\nprice: 5000\n---\n")
    for i in range(200):  # as a file manager drops them: one after another, as fast as the disk goes
        (folder / f"{i:03d}.jpg").write_bytes(buf.getvalue())
    assert settle(running, before) == 1
    page = running.get("/toko/banyak/")[2]
    assert page.count("<img ") == 200


def test_a_broken_file_shows_the_error_and_a_fix_recovers(store, running):
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: murah")
    status, _, body = running.wait_for(lambda: (r := running.get("/toko/"))[0] == 503 and r)
    assert "products/kopi-gayo.md, baris 3, isian &#x27;price&#x27;: &quot;murah&quot; bukan harga" in body
    assert "<html lang='id'>" in body and "Toko belum bisa dibangun: ada 1 masalah" in body
    assert "Perbaiki file itu lalu simpan" in body and "/livereload.js" in body
    assert running.get("/toko/kopi-gayo/")[0] == 503  # every page shows it
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: 90000")
    running.wait_for(lambda: running.get("/toko/kopi-gayo/")[0] == 200)
    assert "Rp 90.000" in running.get("/toko/kopi-gayo/")[2]


@pytest.mark.parametrize("lang, words", [
    ("id", ["<html lang='id'>", "<title>Lapak: perbaiki toko</title>",
            "Toko belum bisa dibangun: ada 2 masalah yang perlu diperbaiki.",
            "products/a.md, baris 3, isian &#x27;price&#x27;: setiap produk butuh harga",
            "Perbaiki file itu lalu simpan: halaman ini akan dimuat ulang dengan sendirinya."]),
    ("en", ["<html lang='en'>", "<title>Lapak: fix the store</title>", "The store was not built: 2 problems to fix.",
            "products/a.md, line 3, field &#x27;price&#x27;: every product needs a price",
            "Fix the file and save it: this page reloads by itself."]),
])
def test_the_error_page_speaks_the_store_language(lang, words):
    from generator.errors import ContentError, Problem
    from generator.messages import msg, set_language
    from generator.preview import describe, error_page

    set_language(lang)
    problems = [Problem("products/a.md", msg("product.needs_price"), "price", 3),
                Problem("products/b.md", msg("product.needs_title"), "title", 2)]
    page = error_page("\n".join(describe(ContentError(problems))), 35729).decode("utf-8")
    for text in words:
        assert text in page, text
    assert "<script" in page and page.count("<script") == 1  # only the reload script: the text is escaped


def test_other_errors_are_described_in_the_store_language():
    from generator.errors import LapakError
    from generator.messages import msg, set_language
    from generator.preview import describe

    error = LapakError(msg("output.is_file", output="hasil"))
    set_language("id")
    assert describe(error) == ["Ada masalah: 'hasil' adalah file, bukan folder. Pilih folder hasil yang lain."]
    set_language("en")
    assert describe(error) == ["Error: 'hasil' is a file, not a folder. Choose another output folder."]


@pytest.mark.parametrize("path", [
    "/toko/../../etc/passwd",
    "/toko/%2e%2e/%2e%2e/etc/passwd",
    "/toko/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/toko/..%2f..%2fstore.yml",
    "/toko/kopi-gayo%2findex.html",
    "/toko/%00index.html",
    "/toko/index.html%00.png",
    "/toko/..\\..\\store.yml",
    "/toko/./index.html",
    "/toko/products/kopi-gayo.md",
    "/toko/store.yml",
    "/toko/.lapak-cache/",
    "//etc/passwd",
])
def test_only_files_of_the_built_site_are_served(running, path):
    status, _, body = running.get(path)
    assert status in (403, 404), (path, status)
    assert "root:" not in body and "name: Toko Tes" not in body and "title: Kopi" not in body


def test_a_symlink_out_of_the_store_is_not_followed(store, tmp_path, running):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi")
    (store.root / "products" / "bocor.jpg").symlink_to(secret)
    (store.root / "products" / "bocor.md").symlink_to(secret)
    time.sleep(0.5)
    for path in ("/toko/bocor.jpg", "/toko/products/bocor.jpg", "/toko/bocor/"):
        status, _, body = running.get(path)
        assert status in (403, 404, 503) and "kata sandi" not in body


def test_binds_to_this_computer_only_by_default(store):
    server = Server(store.root, port=0, report=lambda line: None)
    assert server.host == "127.0.0.1"
    r = Running.__new__(Running)
    r.server, r.error = server, None
    r.thread = threading.Thread(target=r._run, daemon=True)
    r.thread.start()
    assert server.ready.wait(20)
    try:
        addresses = {s.getsockname()[0] for s in server.http._sockets.values()}
        assert addresses == {"127.0.0.1"}
    finally:
        server.stop()
        r.thread.join(10)


def test_serve_never_writes_the_output_folder(store, running):
    store.product("kopi-gayo", "title: Kopi Lagi\nprice: 85000")
    running.wait_for(lambda: "Kopi Lagi" in running.get("/toko/kopi-gayo/")[2])
    assert not store.output.exists()
    assert not (store.root / "output").exists()


_STARTED: list = []


@pytest.fixture(autouse=True)
def _no_server_left_running():
    """A test that fails before it stops its ``lapak serve`` process must not leave it running."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def _start_cli(store_root, *args, cwd=None, lang="en"):
    """``lapak serve`` in a real process; returns it and what it printed up to its announcement."""
    import subprocess
    import sys

    from conftest import REPO

    source = [str(store_root)] if store_root is not None else []
    config = Path(store_root) / "store.yml" if store_root is not None else None
    if config is not None and "\nlanguage:" not in "\n" + config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8") + f"language: {lang}\n", encoding="utf-8")
    env = {**os.environ, "LAPAK_LANG": lang, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", *source, "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=env)
    _STARTED.append(proc)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith(("Serving the store at", "Toko tampil di")):
            break
    return proc, lines


def test_ctrl_c_stops_cleanly(store):
    import signal

    proc, lines = _start_cli(store.root)
    assert any("Serving the store at http://127.0.0.1:" in line for line in lines), lines
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert out.endswith("Stopped.\n") and "Traceback" not in out


def test_serve_inside_the_store_folder_needs_no_argument_and_speaks_its_language(store):
    import re
    import signal
    import urllib.request

    store.write("store.yml", "name: Toko Tes\nlanguage: id\n")
    proc, lines = _start_cli(None, cwd=store.root, lang="en")
    try:
        found = re.fullmatch(r"Toko tampil di http://127\.0\.0\.1:(\d+)/  \(Ctrl-C untuk berhenti\)\n", lines[-1])
        assert found, lines
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/", timeout=10) as page:
            assert "Kopi Gayo" in page.read().decode()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0 and out.endswith("Dihentikan.\n") and "Traceback" not in out


def test_serve_without_a_store_says_where_it_looked(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "LAPAK_LANG": "en", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: ") and "'content'" in proc.stderr


def test_phone_mode_listens_on_the_network_and_shows_how_to_open_it(store):
    import signal

    proc, lines = _start_cli(store.root, "--phone")
    try:
        more = []
        end = time.monotonic() + 5
        while time.monotonic() < end:  # the phone address and its QR code follow the first line
            line = proc.stdout.readline()
            more.append(line)
            if "No local network address" in line or (more.count("\n") == 0 and "█" in line) or len(more) > 8:
                break
        text = "".join(lines + more)
        assert ("On your phone (same Wi-Fi): http://" in text
                or "No local network address found: is this computer connected to Wi-Fi?" in text)
        if "On your phone" in text:
            assert "█" in text or "▀" in text or "▄" in text  # the QR code, drawn in the terminal
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=15)
