"""The ``lapak`` command: the click group every command hangs on, and the catch-all for Lapak's own bugs.

Messages follow the store's language once a command knows its store (``commands.common.enter_store``).
``--help`` is written when the commands are imported, before any store is known, so it speaks
``LAPAK_LANG`` (``id`` or ``en``), else the computer's language.

An exception that is no seller's mistake (a bug in Lapak) ends with one short apology in the
store's language and exit status 70; its traceback, with the versions of Lapak and Python and the
command line, goes to ``.lapak-cache/last-error.log`` in the store folder (or in this folder when
no store is known). ``LAPAK_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.commands.common import STORE_KEY, Group, fail
from generator.errors import LapakError
from generator.messages import define, set_language, t

EX_SOFTWARE = 70  # sysexits.h: an internal software error
LOG_NAME = "last-error.log"
ARGS_KEY = "lapak.args"

define({
    "cli.help": (
        "Lapak mengubah folder berisi catatan produk dan foto menjadi toko online yang kecil dan cepat, dengan "
        "tombol pesan WhatsApp dan tombol marketplace di setiap produk.\n\n\b\nMulai di sini:\n"
        "  lapak init tokoku        membuat toko baru di folder 'tokoku'\n"
        "  lapak serve              melihat toko di browser; berubah sendiri saat Anda mengedit\n"
        "  lapak build              membangun toko di folder ini (atau ./content) ke ./output\n"
        "  lapak build tokoku       membangun toko di folder 'tokoku'\n"
        "  lapak build --help       semua pilihan build\n\n"
        "Lalu terbitkan folder hasilnya: lapak build --zip untuk Netlify Drop, atau lapak deploy --github untuk "
        "GitHub Pages. Lihat docs/publish.id.md.\n\n"
        "Pesan Lapak memakai bahasa toko (language: di store.yml). Tanpa toko, dan untuk bantuan ini: "
        "LAPAK_LANG=id atau LAPAK_LANG=en; kalau tidak diatur, bahasa komputer.",
        "Lapak turns a folder of product notes and photos into a small, fast online store with a WhatsApp order "
        "button and marketplace buttons on every product.\n\n\b\nStart here:\n"
        "  lapak init tokoku        make a new store in the folder 'tokoku'\n"
        "  lapak serve              see the store in your browser; it updates as you edit\n"
        "  lapak build              build the store in this folder (or ./content) into ./output\n"
        "  lapak build tokoku       build the store in the folder 'tokoku'\n"
        "  lapak build --help       every option of the build\n\n"
        "Then publish the output folder: lapak build --zip for Netlify Drop, or lapak deploy --github for GitHub "
        "Pages. See docs/publish.md.\n\n"
        "Lapak speaks the store's language (language: in store.yml). Without a store, and for this help: "
        "LAPAK_LANG=id or LAPAK_LANG=en; when it is not set, the computer's language."),
    "cli.version_help": ("Tampilkan versi Lapak, lalu keluar.", "Show Lapak's version and exit."),
    "cli.crashed": (
        "Maaf, Lapak berhenti karena kesalahan di dalam Lapak sendiri, bukan karena toko Anda. Rinciannya tersimpan "
        "di {log}: kirimkan file itu kalau Anda melaporkan masalah ini.",
        "Sorry, Lapak stopped because of a fault in Lapak itself, not in your store. The details are in {log}: "
        "please send that file if you report this problem."),
    "cli.crashed_no_log": (
        "Maaf, Lapak berhenti karena kesalahan di dalam Lapak sendiri, bukan karena toko Anda. Rinciannya tidak "
        "bisa disimpan ({reason}), jadi ini dia:",
        "Sorry, Lapak stopped because of a fault in Lapak itself, not in your store. Its details could not be "
        "saved ({reason}), so here they are:"),
})


# Each command's module, imported only when that command runs (or help lists them all): a build with
# nothing to do should not pay for importing serve, deploy and import.
COMMANDS = {"build": "build", "check": "check", "deploy": "deploy", "import": "import_", "init": "init",
            "new": "new", "serve": "serve"}


class Lapak(Group):
    """The ``lapak`` group: runs a command, and turns an exception that is a bug into an apology and a log."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            from importlib import import_module

            self.add_command(import_module(f"generator.commands.{COMMANDS[cmd_name]}").COMMAND, cmd_name)
        return super().get_command(ctx, cmd_name)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        ctx = super().make_context(info_name, list(args), parent=parent, **extra)
        ctx.meta[ARGS_KEY] = [info_name or "lapak", *args]
        return ctx

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LapakError as exc:  # a seller's mistake no command caught: said plainly all the same
            fail(exc)
        except Exception as exc:
            if os.environ.get("LAPAK_DEBUG", "").strip() not in ("", "0"):
                raise
            if isinstance(exc, BrokenPipeError):  # the output went to a program that stopped reading
                raise
            crashed(exc, ctx.meta.get(STORE_KEY), ctx.meta.get(ARGS_KEY))
        finally:
            set_language(None)  # the next command (in one process: the tests) starts afresh


def crashed(exc: BaseException, store: Path | None, args: list[str] | None) -> None:
    """Apologise for a bug in Lapak, keep its details in ``.lapak-cache/last-error.log``, and exit 70."""
    details = error_report(exc, args)
    try:
        log = write_log(Path(store) if store is not None else Path.cwd(), details)
    except OSError as problem:
        click.echo(t("cli.crashed_no_log", reason=problem.strerror or problem), err=True)
        click.echo(details, err=True)
    else:
        click.echo(t("cli.crashed", log=log), err=True)
    sys.exit(EX_SOFTWARE)


def error_report(exc: BaseException, args: list[str] | None) -> str:
    """What a developer needs to find the bug: the versions, the command line, the folder, the traceback."""
    import datetime
    import platform
    import traceback

    command = " ".join(args) if args else " ".join(["lapak", *sys.argv[1:]])
    lines = [
        f"Lapak {__version__} stopped because of a bug, on {datetime.datetime.now().isoformat(timespec='seconds')}.",
        f"Command: {command}",
        f"Folder: {Path.cwd()}",
        f"Python: {sys.version.splitlines()[0]} ({sys.executable})",
        f"System: {platform.platform()}",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip(),
    ]
    return "\n".join(lines) + "\n"


def write_log(folder: Path, text: str) -> Path:
    """Write ``text`` to ``folder/.lapak-cache/last-error.log`` (replacing an older one); returns its path."""
    from generator.cache import CACHE_DIR

    path = (folder / CACHE_DIR / LOG_NAME).absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="backslashreplace")
    return path


@click.group("lapak", cls=Lapak, help=t("cli.help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lapak", message="%(prog)s %(version)s",
                      help=t("cli.version_help"))
def main() -> None:
    """Entry point of the ``lapak`` console script (the help text is the catalogue's cli.help)."""


if __name__ == "__main__":  # pragma: no cover
    main()
