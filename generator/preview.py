"""``lapak serve``: build in memory, serve under the store's base path, rebuild on edits, reload browsers.

The preview never writes the output folder: the site lives in memory (photos are served from the
photo cache) and is swapped whole after each successful rebuild, so a browser never sees half a
build. Edits are gathered until they settle, then one rebuild runs; only product pages whose
inputs changed are rendered again. A failed rebuild keeps the last good site in memory but shows
the error in place of every page, and the next good rebuild brings the site back.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote

from generator import pipeline
from generator.cache import CACHE_DIR
from generator.content.catalog import ProductCache
from generator.content.config_file import find_config
from generator.errors import ContentError, LapakError
from generator.messages import define, language, msg, t
from generator.parallel import Workers
from generator.site.render import RenderMemo

log = logging.getLogger(__name__)

SETTLE_SECONDS = 0.05  # edits closer together than this are one edit (atomic saves, many photos)
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")

define({
    "serve.not_built_one": ("Toko belum bisa dibangun: ada 1 masalah yang perlu diperbaiki.",
                            "The store was not built: 1 problem to fix."),
    "serve.not_built": ("Toko belum bisa dibangun: ada {count} masalah yang perlu diperbaiki.",
                        "The store was not built: {count} problems to fix."),
    "serve.error": ("Ada masalah: {error}", "Error: {error}"),
    "serve.warning": ("Peringatan: {where}: {message}", "Warning: {where}: {message}"),
    "serve.built": ("{count} produk selesai dibangun dalam {seconds} detik",
                    "Built {count} products in {seconds} s"),
    "serve.built_same": ("{count} produk selesai dibangun dalam {seconds} detik (tidak ada yang berubah)",
                         "Built {count} products in {seconds} s (nothing changed)"),
    "serve.page_title": ("Lapak: perbaiki toko", "Lapak: fix the store"),
    "serve.fix_and_save": ("Perbaiki file itu lalu simpan: halaman ini akan dimuat ulang dengan sendirinya.",
                           "Fix the file and save it: this page reloads by itself."),
    "serve.not_found": ("Halaman tidak ditemukan", "Not found"),
    "serve.forbidden": ("Halaman ini tidak boleh dibuka", "Forbidden"),
    "serve.port_busy": (
        "Lapak tidak bisa memakai alamat {host}:{port} ({reason}). Mungkin port itu sedang dipakai program "
        "lain: coba --port 8001.",
        "Cannot listen on {host}:{port} ({reason}). Another program may use that port: try --port 8001."),
})


@dataclass
class Snapshot:
    """One complete site, as served: files by path, or the error that stopped the last rebuild."""

    files: dict[str, bytes | Path] = field(default_factory=dict)
    base_path: str = "/"
    error: str | None = None
    generation: int = 0
    lang: str = "en"  # the language the error is written in (for the error page's other words)


def describe(exc: BaseException) -> list[str]:
    """The lines a seller reads for a failed build, the same in the terminal and the browser."""
    if isinstance(exc, ContentError):
        n = len(exc.problems)
        head = t("serve.not_built_one") if n == 1 else t("serve.not_built", count=n)
        return [head] + [f"{p.where()}: {p.message}" for p in exc.problems]
    return [t("serve.error", error=str(exc))]


class Preview:
    """Builds the store into memory, again after every settled edit, and keeps the last good site."""

    def __init__(self, source: Path, drafts: bool = False, on_change: Callable[[Snapshot], None] | None = None,
                 report: Callable[[str], None] = print):
        self.config_path = find_config(source)
        self.root = self.config_path.parent.resolve()
        self.drafts = drafts
        self.on_change = on_change or (lambda snapshot: None)
        self.report = report
        self.snapshot = Snapshot()
        self.products = ProductCache(self.root / CACHE_DIR / "products")  # parsed products, kept in memory too
        self.memo = RenderMemo()  # cards and pages by a key of what they show
        self.stat_memo: dict = {}  # sizes, times and hashes of files read before
        self.watch_folders: list[Path] = [self.root]
        self.builds = 0
        self._warnings: list[str] = []
        self._lock = threading.Lock()

    def rebuild(self, jobs: int = 1) -> Snapshot:
        """Build once; on success swap the new site in, on failure keep it and show the error."""
        started = time.perf_counter()
        with self._lock:
            self.builds += 1
            previous = self.snapshot
            try:
                with Workers(jobs, pipeline.warm) as workers:
                    done = pipeline.assemble(self.root, mode="serve", drafts=self.drafts, workers=workers,
                                             products_cache=self.products, memo=self.memo,
                                             stat_memo=self.stat_memo)
                site = done.site
                self.watch_folders = [self.root] + [f for f in site.theme.folders if not f.is_relative_to(self.root)]
                snapshot = Snapshot(done.files, site.store.base_path, None, previous.generation + 1)
                changed = previous.error is not None or snapshot.files != previous.files
                took = time.perf_counter() - started
                warnings = [t("serve.warning", where=w.where(), message=str(w.message)) for w in done.warnings]
                if warnings != self._warnings:  # say each warning once, not on every save
                    for line in warnings:
                        self.report(line)
                    self._warnings = warnings
                seconds = f"{took:.2f}".replace(".", "," if language() == "id" else ".")
                self.report(t("serve.built" if changed else "serve.built_same", count=len(site.products),
                              seconds=seconds))
            except (ContentError, LapakError) as exc:
                lines = describe(exc)
                snapshot = Snapshot(previous.files, previous.base_path, "\n".join(lines), previous.generation + 1,
                                    language())
                changed = snapshot.error != previous.error
                self.report("\n  ".join(lines))
            self.snapshot = snapshot
        if changed:
            self.on_change(snapshot)
        return snapshot


class Watcher:
    """Watches the store and its theme with watchdog; runs one rebuild once edits settle."""

    def __init__(self, preview: Preview, output: Path | None = None, settle: float = SETTLE_SECONDS):
        self.preview = preview
        self.settle = settle
        root = preview.root
        self.ignored = [root / CACHE_DIR] + ([output.resolve()] if output else [])
        self._last_event = 0.0
        self._building_since: float | None = None
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._observer = None
        self._thread = threading.Thread(target=self._run, name="lapak-rebuild", daemon=True)

    def relevant(self, path: str) -> bool:
        """Whether a change to ``path`` can change the site (not the cache, the output or a temp file)."""
        p = Path(path)
        if any(p.is_relative_to(i) for i in self.ignored):
            return False
        name = p.name
        return not (name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES) or name == "4913")

    def notify(self, path: str) -> None:
        """Record an edit; the rebuild waits until edits stop for ``settle`` seconds."""
        if not self.relevant(path) or self._seen_by_running_build(path):
            return
        self._last_event = time.monotonic()
        self._pending.set()

    def _seen_by_running_build(self, path: str) -> bool:
        """An event that arrives late, for a file written before the running rebuild began, is old news."""
        since = self._building_since
        if since is None:
            return False
        try:  # file times come from a coarse clock: allow a margin, a spare rebuild is harmless
            return os.stat(path).st_mtime < since - 0.02
        except OSError:  # gone: a deletion is news
            return False

    def start(self) -> None:
        from watchdog import events as ev
        from watchdog.observers import Observer

        # Changes only. Without this list, Linux reports every file and folder opened and closed without a
        # write, and each rebuild opens every product folder to list it: some 4,000 events a rebuild at
        # 1,000 products, each decoded in Python while the rebuild runs (about 90 ms of a 250 ms rebuild).
        # A closed-after-writing event is left out too: the write itself is a modification (and in
        # watchdog 4, closing after writing and after reading are one kind).
        changes = [ev.FileModifiedEvent, ev.FileCreatedEvent, ev.FileDeletedEvent, ev.FileMovedEvent,
                   ev.DirModifiedEvent, ev.DirCreatedEvent, ev.DirDeletedEvent, ev.DirMovedEvent]

        watcher = self

        class Handler(ev.FileSystemEventHandler):
            def on_any_event(self, event):  # only the kinds in ``changes`` come here
                watcher.notify(event.src_path)
                if getattr(event, "dest_path", ""):
                    watcher.notify(event.dest_path)

        (self.preview.root / CACHE_DIR / "photos").mkdir(parents=True, exist_ok=True)  # watched as ignored
        self._observer = Observer()
        for folder in self.preview.watch_folders:
            self._observer.schedule(Handler(), str(folder), recursive=True, event_filter=changes)
        self._observer.start()
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._pending.wait(0.2):
                continue
            while (wait := self._last_event + self.settle - time.monotonic()) > 0:
                time.sleep(wait)
            self._pending.clear()
            self._building_since = time.time()
            try:
                self.preview.rebuild()
            except Exception:  # a bug must not stop the preview; show it and go on watching
                log.exception("rebuild failed")
            finally:
                self._building_since = None

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)


LIVE_SCRIPT = '<script src="/livereload.js?port={port}"></script>'
_CSP_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def site_headers(snapshot: Snapshot, path: str, live: str = "") -> dict[str, str]:
    """The headers the site's ``_headers`` gives ``path`` (as Netlify would send them), but Cache-Control:
    the preview never lets a browser keep a page. ``live`` (``ws://host:port``) is added to the policy's
    connect-src, for the reload signal; nothing else is widened, so the preview breaks where production would."""
    from generator.site.hosting import HEADERS_FILE, headers_for, parse_headers, widen

    raw = snapshot.files.get(HEADERS_FILE)
    try:
        rules = parse_headers(bytes(raw).decode("utf-8")) if isinstance(raw, (bytes, bytearray)) else []
    except ValueError:
        rules = []
    found = {name: ", ".join(values) for name, values in headers_for(rules, path).items()
             if name.lower() != "cache-control"}
    if live and found.get("Content-Security-Policy"):
        found["Content-Security-Policy"] = widen(found["Content-Security-Policy"], "connect-src", [live])
    return found


def live_policy(data: bytes, live: str) -> bytes:
    """A page's ``<meta>`` policy with ``live`` added to connect-src, as :func:`site_headers` does the header's."""
    from generator.site.hosting import widen

    def swap(m: re.Match) -> bytes:
        policy = widen(html.unescape(m.group(2).decode("utf-8")), "connect-src", [live])
        return m.group(1) + html.escape(policy).encode("utf-8") + m.group(3)

    return _CSP_META.sub(swap, data, count=1)


def resolve(snapshot: Snapshot, raw_path: str) -> tuple[int, str | None]:
    """Map a request path to a file of the site: (status, path in the site or redirect target).

    Only files of the built site can be served. Anything that tries to climb out, hide a slash or
    a NUL byte, or is not under the base path, is refused (403) or not found (404).
    """
    lowered = raw_path.lower()
    if "%2f" in lowered or "%5c" in lowered or "%00" in lowered or "\\" in raw_path:
        return 404, None
    path = unquote(raw_path)
    if "\x00" in path:
        return 404, None
    parts = PurePosixPath(path).parts
    if ".." in path.split("/") or any(p in ("..", ".") for p in parts):
        return 403, None
    base = snapshot.base_path
    if path + "/" == base:
        return 301, base
    if not path.startswith(base):
        return (301, base) if path in ("/", "/index.html") else (404, None)
    rel = path[len(base):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    if rel in snapshot.files:
        return 200, rel
    if rel + "/index.html" in snapshot.files:
        return 301, path + "/"
    return 404, None


def error_page(message: str, port: int, lang: str | None = None) -> bytes:
    """The page shown in place of the site while the store has a problem, in ``lang`` (default: the current one)."""
    lang = lang or language()
    lines = message.split("\n")
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[1:])
    title = html.escape(msg("serve.page_title").text(lang))
    fix = html.escape(msg("serve.fix_and_save").text(lang))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width'>"
            f"<title>{title}</title><style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;"
            f"max-width:46rem;padding:0 1rem;color:#1d2321}}h1{{color:#b42318;font-size:1.3rem}}"
            f"code{{white-space:pre-wrap;font-size:.95rem}}li{{margin:.6rem 0}}</style></head><body>"
            f"<h1>{html.escape(lines[0])}</h1><ul>{items}</ul><p>{fix}</p>"
            f"{LIVE_SCRIPT.format(port=port)}</body></html>").encode("utf-8")


def make_app(preview: Preview, port_ref: list[int]):
    """The tornado application: the site, the livereload script and its websocket."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web

    class SiteHandler(web.RequestHandler):
        def compute_etag(self):
            return None

        def head(self, _path: str = "") -> None:
            self.get(_path, head=True)

        def get(self, _path: str = "", head: bool = False) -> None:
            snapshot = preview.snapshot
            port = port_ref[0]
            self.set_header("Cache-Control", "no-store")
            raw = self.request.path
            if snapshot.error is not None and not raw.startswith("/livereload"):
                self.set_status(503)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(b"" if head else error_page(snapshot.error, port, snapshot.lang))
                return
            status, target = resolve(snapshot, raw)
            live = f"ws://{self.request.host}"
            if status in (200, 404):
                for name, value in site_headers(snapshot, raw, live).items():
                    self.set_header(name, value)
            if status == 301:
                self.redirect(target, permanent=False)
                return
            if status != 200:
                self.set_status(status)
                body = (snapshot.files.get("404.html") or t("serve.not_found").encode("utf-8") if status == 404
                        else t("serve.forbidden").encode("utf-8"))
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(b"" if head else live_policy(self._inject(self._bytes(body), port), live))
                return
            try:
                data = self._bytes(snapshot.files[target])
            except LapakError as exc:  # a page made on request (the QR codes, a category) with a template mistake
                self.set_status(503)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(b"" if head else error_page("\n".join(describe(exc)), port))
                return
            kind = mimetypes.guess_type(target)[0] or "application/octet-stream"
            if kind == "text/html":
                data = live_policy(self._inject(data, port), live)
                kind += "; charset=utf-8"
            self.set_header("Content-Type", kind)
            self.finish(b"" if head else data)

        @staticmethod
        def _bytes(item) -> bytes:
            return item.read_bytes() if isinstance(item, Path) else bytes(item)

        @staticmethod
        def _inject(data: bytes, port: int) -> bytes:
            script = LIVE_SCRIPT.format(port=port).encode()
            at = data.rfind(b"</body>")
            return data[:at] + script + data[at:] if at >= 0 else data + script

    class _NoWatcher:
        filepath = None

    LiveReloadHandler.watcher = _NoWatcher()
    return web.Application([
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"(.*)", SiteHandler),
    ])


class Server:
    """Runs the preview: first build, watcher, HTTP server and reload signals, until stopped."""

    def __init__(self, source: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
                 report: Callable[[str], None] = print, output: Path | None = None):
        self.host = host
        self.port_ref = [port]
        self.report = report
        self.loop = None
        self.preview = Preview(source, drafts, on_change=self._changed, report=report)
        self.watcher = Watcher(self.preview, output=output)
        self.ready = threading.Event()
        self.http = None

    def _changed(self, snapshot: Snapshot) -> None:
        from livereload.handlers import LiveReloadHandler

        if self.loop is not None:
            self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def start(self) -> int:
        """Build, bind and start watching; returns the port. Call :meth:`run` (or run the loop) next."""
        import asyncio

        from tornado.httpserver import HTTPServer
        from tornado.ioloop import IOLoop
        from tornado.netutil import bind_sockets

        from generator.parallel import default_jobs

        for name in ("tornado.access", "tornado.application", "livereload"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.preview.rebuild(jobs=default_jobs())
        try:
            sockets = bind_sockets(self.port_ref[0], self.host)
        except OSError as exc:
            raise LapakError(msg("serve.port_busy", host=self.host, port=self.port_ref[0],
                                 reason=str(exc.strerror or exc))) from None
        self.port_ref[0] = sockets[0].getsockname()[1]
        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = IOLoop.current()
        self.http = HTTPServer(make_app(self.preview, self.port_ref))
        self.http.add_sockets(sockets)
        self.watcher.start()
        self.ready.set()
        return self.port_ref[0]

    def run(self) -> None:
        """Serve until :meth:`stop` (or Ctrl-C)."""
        try:
            self.loop.start()
        finally:
            self.watcher.stop()
            self.http.stop()

    def stop(self) -> None:
        """Stop serving (safe to call from another thread)."""
        if self.loop is not None:
            self.loop.add_callback(self.loop.stop)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port_ref[0]}{self.preview.snapshot.base_path}"


def lan_addresses() -> list[str]:
    """This computer's addresses on the local network, for a phone on the same Wi-Fi.

    The routing table says which address would reach another computer: connecting a UDP socket sends
    nothing and asks no name server (looking up the computer's own name could hold the preview's start
    for half a minute on a network whose name server does not answer)."""
    import socket

    found = []
    for probe in ("10.254.254.254", "192.168.255.254", "172.31.255.254"):  # private ranges, never a real host
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                addr = udp.getsockname()[0]
            except OSError:  # no route: not on a network
                continue
        if not addr.startswith(("127.", "0.")) and addr not in found:
            found.append(addr)
    return found
