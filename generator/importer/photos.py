"""Fetch (https) or copy (local files) an imported product's photos into its folder as 1.jpg, 2.jpg...

Downloads run in parallel threads with timeouts and retries, only over https, and never to a host
that resolves to a private, loopback or link-local address (a spreadsheet could otherwise make
Lapak fetch from the seller's router or cloud metadata). Every file is checked as a photo the
build accepts before it is kept. A photo that fails is a warning naming the product and the
address; the product is written all the same.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import ipaddress
import logging
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator import __version__
from generator.importer.files import write_atomic
from generator.messages import Msg, define, msg, t

log = logging.getLogger(__name__)

define({
    "import.photo_failed": (
        "'{product}': foto {url} tidak bisa diambil ({reason}). Produknya tetap ditulis; tambahkan fotonya "
        "sendiri ke folder {folder}, atau impor lagi nanti.",
        "'{product}': the photo {url} could not be fetched ({reason}). The product was written all the same; "
        "add the photo to the folder {folder} yourself, or import again later.",
    ),
    "import.progress_photos": ("Mengambil foto", "Fetching photos"),
    "import.photo_not_https": ("hanya alamat https:// yang diambil", "only https:// addresses are fetched"),
    "import.photo_private": (
        "alamat ini mengarah ke jaringan lokal, bukan ke internet",
        "this address points into a local network, not the internet",
    ),
    "import.photo_no_host": ("nama situsnya tidak ditemukan", "the site's name was not found"),
    "import.photo_http": ("server menjawab {status}", "the server answered {status}"),
    "import.photo_network": ("gagal tersambung: {detail}", "could not connect: {detail}"),
    "import.photo_too_big": ("file lebih dari {mb} MB", "the file is over {mb} MB"),
    "import.photo_redirects": ("terlalu banyak pengalihan", "too many redirects"),
    "import.photo_not_photo": (
        "ini bukan foto JPEG, PNG, WebP, AVIF, HEIC atau GIF",
        "this is not a JPEG, PNG, WebP, AVIF, HEIC or GIF photo",
    ),
    "import.photo_missing": ("file ini tidak ada di samping spreadsheet", "there is no such file beside the spreadsheet"),
    "import.photo_outside": (
        "file ini berada di luar folder spreadsheet; pindahkan fotonya ke folder itu",
        "this file is outside the spreadsheet's folder; move the photo into that folder",
    ),
})

TIMEOUT = 20.0  # seconds for connecting, and for each read
RETRIES = 3  # attempts for an address that fails with a network error, a timeout or a 5xx/429 answer
WORKERS = 8  # downloads at once
MAX_BYTES = 40 * 1024 * 1024
_MAX_REDIRECTS = 5
_EXTENSIONS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "AVIF": ".avif",
               "HEIF": ".heic"}


class PhotoFetchError(Exception):
    """One photo that cannot be had; ``reason`` says why in the seller's language."""

    def __init__(self, reason: Msg, retry: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class PhotoJob:
    """One product's photos: where they come from and the folder they go to."""

    product: str  # its title, for messages
    folder: Path
    sources: tuple[str, ...]  # https addresses, or paths relative to ``base``
    base: Path  # the spreadsheet's folder


@dataclass
class PhotoReport:
    """What fetching did: photos written, photos already there with the same bytes, and warnings."""

    fetched: int = 0
    same: int = 0
    warnings: list[Msg] = field(default_factory=list)


@dataclass(frozen=True)
class Fetcher:
    """How photos are fetched. ``allow_local`` lists origins such as ``http://127.0.0.1:8123`` that may
    be used although they are local and not https: only tests and benchmarks pass it, for their own
    server on this computer."""

    timeout: float = TIMEOUT
    retries: int = RETRIES
    workers: int = WORKERS
    allow_local: tuple[str, ...] = ()
    backoff: float = 0.5

    def get(self, url: str) -> bytes:
        """The bytes at ``url``, retried on network errors; raises :class:`PhotoFetchError`."""
        for attempt in range(self.retries):
            try:
                return self._get(url)
            except PhotoFetchError as exc:
                if not exc.retry or attempt == self.retries - 1:
                    raise
            time.sleep(self.backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    def _get(self, url: str) -> bytes:
        for _ in range(_MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
            local = origin in self.allow_local
            if parts.scheme.lower() != "https" and not local:
                raise PhotoFetchError(msg("import.photo_not_https"))
            if not parts.hostname:
                raise PhotoFetchError(msg("import.photo_no_host"))
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            address = _public_address(parts.hostname, port, allowed=local)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn = _connection(parts.scheme.lower(), parts.hostname, port, address, self.timeout)
            try:
                conn.request("GET", path, headers={"User-Agent": f"Lapak/{__version__} (photo import)",
                                                   "Accept": "image/*,*/*;q=0.5"})
                response = conn.getresponse()
                if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location"))
                    continue
                if response.status != 200:
                    retry = response.status >= 500 or response.status == 429
                    raise PhotoFetchError(msg("import.photo_http", status=f"{response.status} {response.reason}"),
                                          retry)
                data = response.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    raise PhotoFetchError(msg("import.photo_too_big", mb=MAX_BYTES // (1024 * 1024)))
                return data
            except (OSError, http.client.HTTPException) as exc:
                detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                raise PhotoFetchError(msg("import.photo_network", detail=detail), retry=True) from None
            finally:
                conn.close()
        raise PhotoFetchError(msg("import.photo_redirects"))


def _public_address(host: str, port: int, allowed: bool) -> str:
    """The address to connect to for ``host``: refused when any address it resolves to is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise PhotoFetchError(msg("import.photo_no_host"), retry=False) from None
    addresses = [info[4][0] for info in infos]
    if not allowed:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                ip = ip.ipv4_mapped
            if not ip.is_global or ip.is_multicast:
                raise PhotoFetchError(msg("import.photo_private"))
    return addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An https connection to the address that was checked, with the host's name for its certificate."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:  # noqa: D102
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    """Plain http, only ever for an origin a test allowed."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:  # noqa: D102
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def _connection(scheme: str, host: str, port: int, address: str, timeout: float) -> http.client.HTTPConnection:
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return cls(host, port, address, timeout)


def photo_extension(data: bytes) -> str:
    """The extension for a photo's bytes (``.jpg``, ``.png``...), if the build accepts it as a photo.

    Raises :class:`PhotoFetchError` for anything the photo pipeline would refuse to open.
    """
    import warnings

    from PIL import Image

    from generator.media.images import MAX_PIXELS, allowed_formats

    try:
        from pillow_heif import register_heif_opener

        register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    except ImportError:  # pragma: no cover - without it HEIC is simply not accepted
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=allowed_formats()) as img:
                fmt = img.format or ""
                if img.size[0] * img.size[1] > MAX_PIXELS:
                    raise PhotoFetchError(msg("import.photo_not_photo"))
                img.verify()
    except PhotoFetchError:
        raise
    except Exception:  # noqa: BLE001 - Pillow's complaint about any file means it is no photo it takes
        raise PhotoFetchError(msg("import.photo_not_photo")) from None
    if fmt not in _EXTENSIONS:
        raise PhotoFetchError(msg("import.photo_not_photo"))
    return _EXTENSIONS[fmt]


def _local(source: str, base: Path) -> bytes:
    """A photo named in the spreadsheet, relative to its folder and inside it."""
    name = source.replace("\\", "/")
    root = base.resolve()
    path = (root / name).resolve()
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or not path.is_relative_to(root):
        raise PhotoFetchError(msg("import.photo_outside"))
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise PhotoFetchError(msg("import.photo_missing")) from None
    except OSError as exc:
        raise PhotoFetchError(msg("import.photo_network", detail=exc.strerror or str(exc))) from None


def _is_address(source: str) -> bool:
    return "://" in source[:12] or source.lower().startswith(("http:", "https:", "ftp:", "file:", "data:"))


def _one(fetcher: Fetcher, job: PhotoJob, number: int, source: str) -> tuple[str, Msg | None]:
    """Fetch one photo and keep it as ``<number>.<ext>``: ("fetched" | "same" | "failed", warning)."""
    try:
        data = fetcher.get(source) if _is_address(source) else _local(source, job.base)
        ext = photo_extension(data)
    except PhotoFetchError as exc:
        return "failed", msg("import.photo_failed", product=job.product, url=source, reason=exc.reason,
                             folder=str(job.folder))
    target = job.folder / f"{number}{ext}"
    for other in job.folder.glob(f"{number}.*"):  # the same photo under another format's name
        if other != target and other.suffix.lower() in set(_EXTENSIONS.values()) | {".jpeg", ".heif"}:
            other.unlink()
    if target.is_file() and _digest(target.read_bytes()) == _digest(data):
        return "same", None
    write_atomic(target, data)
    return "fetched", None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_photos(jobs: list[PhotoJob], fetcher: Fetcher | None = None, progress=None) -> PhotoReport:
    """Fetch or copy every job's photos in parallel; ``progress`` has start/advance/stop (a bar)."""
    fetcher = fetcher or Fetcher()
    report = PhotoReport()
    tasks = [(job, n, source) for job in jobs for n, source in enumerate(job.sources, 1)]
    if not tasks:
        return report
    if progress is not None:
        progress.start(t("import.progress_photos"), len(tasks))
    pool = ThreadPoolExecutor(max_workers=max(1, min(fetcher.workers, len(tasks))))
    try:
        for status, warning in pool.map(lambda task: _one(fetcher, *task), tasks):
            if status == "fetched":
                report.fetched += 1
            elif status == "same":
                report.same += 1
            if warning is not None:
                report.warnings.append(warning)
            if progress is not None:
                progress.advance()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C only the downloads under way finish
        if progress is not None:
            progress.stop()
    return report

