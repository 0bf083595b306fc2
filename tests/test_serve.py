"""`lapak serve`: a real server on a free port, real file edits, a real reload signal."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import sys
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's inotify is what reports files opened for "
                    "reading; elsewhere a read may count as a change of its last-access time")
def test_reading_the_store_sends_the_preview_nothing(store, running, monkeypatch):
    """The preview listens for changes only. Every rebuild lists every product folder (1,000 at 1,000
    products); had it asked for openings too, each rebuild would bring it thousands of events to sort
    out while it runs. Listing and reading the whole store must send it none; a save still does."""
    from watchdog.events import FileSystemEventHandler

    seen = []
    dispatch = FileSystemEventHandler.dispatch
    monkeypatch.setattr(FileSystemEventHandler, "dispatch", lambda self, event: (seen.append(event), dispatch(self, event))[1])
    for _ in range(3):
        for folder, _dirs, files in os.walk(store.root):
            os.listdir(folder)
            for name in files:
                Path(folder, name).read_bytes()
    time.sleep(0.5)
    assert seen == []
    store.product("kopi-gayo", "title: Kopi Gayo Baru\nprice: 85000")
    running.wait_for(lambda: "Kopi Gayo Baru" in running.get("/toko/kopi-gayo/")[2])
    assert any(e.src_path.endswith("kopi-gayo.md") for e in seen)


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
    # One rebuild for the burst, not one per file. A second one is allowed: on a busy machine the disk
    # or the scheduler can stall this loop (or the watcher's thread, which shares this process) for
    # longer than the 50 ms the preview waits for quiet, and the rest of the burst is then a new edit.
    assert 1 <= settle(running, before) <= 2
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
        running = _STARTED.pop()
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait(timeout=10)


class _Running:
    """A ``lapak serve`` process whose output is read by a thread, so that no wait in a test can hang."""

    def __init__(self, proc):
        import queue
        import threading

        self.proc = proc
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        self._ended = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, found, seconds: float = 60) -> bool:
        """Read lines until ``found(line)`` is true for one (True), the output ends or ``seconds`` pass (False)."""
        import queue

        end = time.monotonic() + seconds
        while not self._ended and (left := end - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                self._ended = True
                break
            self.lines.append(line)
            if found(line):
                return True
        return False

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def interrupt(self, seconds: float = 30) -> str:
        """Press Ctrl-C; returns everything the process printed once it has ended."""
        import signal

        self.proc.send_signal(signal.SIGINT)
        self.wait_for(lambda line: False, seconds)
        self.proc.wait(timeout=5)
        return self.text


def _start_cli(store_root, *args, cwd=None, lang="en", prelude=""):
    """``lapak serve`` in a real process, read up to its announcement. ``prelude`` is Python run first in it."""
    import subprocess
    import sys

    from conftest import REPO

    source = [str(store_root)] if store_root is not None else []
    config = Path(store_root) / "store.yml" if store_root is not None else None
    if config is not None and "\nlanguage:" not in "\n" + config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8") + f"language: {lang}\n", encoding="utf-8")
    env = {**os.environ, "LAPAK_LANG": lang, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONUNBUFFERED", None)  # as on a seller's computer: what is not flushed waits in the pipe
    run = ["-c", prelude + "\nfrom generator.cli import main\nmain(prog_name='lapak')"] if prelude else ["-m", "generator"]
    proc = subprocess.Popen([sys.executable, *run, "serve", *source, "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=env)
    running = _Running(proc)
    _STARTED.append(running)
    assert running.wait_for(lambda line: line.startswith(("Serving the store at", "Toko tampil di")), 120), \
        running.text
    return running


def test_ctrl_c_stops_cleanly(store):
    running = _start_cli(store.root)
    assert any("Serving the store at http://127.0.0.1:" in line for line in running.lines), running.lines
    out = running.interrupt()
    assert running.proc.returncode == 0
    assert out.endswith("Stopped.\n") and "Traceback" not in out


def test_serve_inside_the_store_folder_needs_no_argument_and_speaks_its_language(store):

    import urllib.request

    store.write("store.yml", "name: Toko Tes\nlanguage: id\n")
    running = _start_cli(None, cwd=store.root, lang="en")
    try:
        found = re.fullmatch(r"Toko tampil di http://127\.0\.0\.1:(\d+)/  \(Ctrl-C untuk berhenti\)\n",
                             running.lines[-1])
        assert found, running.lines
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/", timeout=10) as page:
            assert "Kopi Gayo" in page.read().decode()
    finally:
        out = running.interrupt()
    assert running.proc.returncode == 0 and out.endswith("Dihentikan.\n") and "Traceback" not in out


def test_serve_without_a_store_says_where_it_looked(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "LAPAK_LANG": "en", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: ") and "'content'" in proc.stderr


def _qr_lines(url: str) -> list[str]:
    import io

    import segno

    drawn = io.StringIO()
    segno.make(url, error="m").terminal(out=drawn, compact=True)
    return drawn.getvalue().splitlines(keepends=True)


def test_phone_mode_listens_on_the_network_and_shows_how_to_open_it(store):


    running = _start_cli(store.root, "--phone")
    ends = ("No local network address", "\u2580" * 20)  # the QR code's last line is a row of upper halves
    try:
        assert running.wait_for(lambda line: line.startswith(ends), 30), running.text
        text = running.text
        phone = re.search(r"On your phone \(same Wi-Fi\): (http://[\d.]+:\d+/\S*)\n", text)
        assert phone or "No local network address found: is this computer connected to Wi-Fi?" in text
        if phone:  # the code a phone scans, shown while the preview runs (not only once it stops)
            assert "".join(_qr_lines(phone.group(1))) in text
    finally:
        out = running.interrupt()
    assert running.proc.returncode == 0 and out.endswith("Stopped.\n")


def test_phone_mode_shows_the_code_for_the_computers_address_at_once(store):
    """Whatever network this machine is on: the address is the one a phone would use, the code drawn for it
    reaches a terminal that is a pipe before the preview stops."""
    prelude = "import generator.preview as p\np.lan_addresses = lambda: ['192.168.1.10']"
    running = _start_cli(store.root, "--phone", prelude=prelude)
    try:
        port, base = re.search(r"127\.0\.0\.1:(\d+)(/\S*)", running.text).groups()
        url = f"http://192.168.1.10:{port}{base}"
        assert running.wait_for(lambda line: line.startswith("\u2580" * 20), 30), running.text
        assert f"On your phone (same Wi-Fi): {url}\n" + "".join(_qr_lines(url)) in running.text
    finally:
        running.interrupt()


def test_lan_addresses_asks_no_name_server(monkeypatch):
    import socket

    from generator.preview import lan_addresses

    def no_lookup(*args, **kwargs):
        raise AssertionError("a name server was asked")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "gethostbyname", no_lookup)
    found = lan_addresses()
    assert all(not a.startswith("127.") and a.count(".") == 3 for a in found), found

