"""``lapak serve``: preview the store in the browser; it updates as the seller edits."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import Command, enter_store, print_problems, say
from generator.errors import LapakError
from generator.messages import define, t

define({
    "cmd.serve.short_help": ("Pratinjau toko; halaman diperbarui saat Anda mengedit.",
                             "Preview the store; it updates as you edit."),
    "cmd.serve.help": (
        "Bangun toko di FOLDER dan tampilkan di http://127.0.0.1:8000/.\n\nFOLDER adalah folder yang berisi "
        "store.yml (bawaan: folder ini kalau berisi store.yml, kalau tidak folder content).\n\nSimpan file produk, "
        "store.yml, atau foto, dan halaman di browser memuat ulang sendiri. Folder output tidak ditulis: terbitkan "
        "dengan 'lapak build'.",
        "Build the store in SOURCE and serve it at http://127.0.0.1:8000/.\n\nSOURCE is the folder that holds "
        "store.yml (default: this folder when it has store.yml, else content).\n\nSave a product file, store.yml "
        "or a photo and the page in your browser reloads by itself. Nothing is written to the output folder: "
        "publish with 'lapak build'."),
    "cmd.serve.port_help": ("Port yang dipakai (0 memilih port yang sedang kosong).",
                            "Port to serve on (0 picks a free one)."),
    "cmd.serve.host_help": (
        "Alamat yang didengarkan. 127.0.0.1 hanya komputer ini; 0.0.0.0 juga jaringan lokal.",
        "Address to listen on. 127.0.0.1 is this computer only; 0.0.0.0 is the local network too."),
    "cmd.serve.phone_help": (
        "Tampilkan juga di jaringan lokal, dengan kode QR untuk membuka pratinjau di HP (Wi-Fi yang sama). Sama "
        "dengan --host 0.0.0.0.",
        "Also serve on the local network and show a QR code to open the preview on your phone (same Wi-Fi). Same "
        "as --host 0.0.0.0."),
    "cmd.serve.open_help": ("Buka pratinjau di browser.", "Open the preview in your web browser."),
    "cmd.serve.drafts_help": ("Tampilkan juga produk yang ditandai 'draft: true'.",
                              "Also show products marked 'draft: true'."),
    "cmd.serve.serving": ("Toko tampil di {url}  (Ctrl-C untuk berhenti)",
                          "Serving the store at {url}  (Ctrl-C to stop)"),
    "cmd.serve.phone": ("Di HP (Wi-Fi yang sama): {url}", "On your phone (same Wi-Fi): {url}"),
    "cmd.serve.no_network": ("Tidak ada alamat jaringan lokal: apakah komputer ini tersambung ke Wi-Fi?",
                             "No local network address found: is this computer connected to Wi-Fi?"),
})


@click.command("serve", cls=Command, short_help=t("cmd.serve.short_help"), help=t("cmd.serve.help"))
@click.argument("source", required=False, type=click.Path(path_type=Path), metavar=t("cmd.source_metavar"))
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help=t("cmd.serve.port_help"))
@click.option("--host", default="127.0.0.1", show_default=True, help=t("cmd.serve.host_help"))
@click.option("--phone", is_flag=True, help=t("cmd.serve.phone_help"))
@click.option("--open", "open_browser", is_flag=True, help=t("cmd.serve.open_help"))
@click.option("--drafts", is_flag=True, help=t("cmd.serve.drafts_help"))
def command(source: Path | None, port: int, host: str, phone: bool, open_browser: bool, drafts: bool) -> None:
    """Build the store in SOURCE and serve it (the help text is the catalogue's cmd.serve.help)."""
    from generator.preview import Server

    source = enter_store(source)
    if phone:
        host = "0.0.0.0"
    server = None
    try:  # Ctrl-C is how a preview ends, whenever it comes
        server = Server(source, host=host, port=port, drafts=drafts, report=lambda line: click.echo(line, err=True),
                        output=Path("output"))
        bound = server.start()
        _announce(server, host, bound, open_browser)
        server.run()
    except LapakError as exc:
        print_problems(exc)
        sys.exit(1)
    except KeyboardInterrupt:
        if server is not None:
            server.watcher.stop()
    say("cmd.stopped")


def _announce(server, host: str, bound: int, open_browser: bool) -> None:
    """Say where the preview is; on the local network, with a QR code for the phone."""
    from generator.preview import lan_addresses

    base = server.preview.snapshot.base_path
    local = f"http://127.0.0.1:{bound}{base}"
    say("cmd.serve.serving", url=local)
    if host not in ("127.0.0.1", "localhost", "::1"):
        addresses = lan_addresses() if host in ("0.0.0.0", "::") else [host]
        if addresses:
            phone_url = f"http://{addresses[0]}:{bound}{base}"
            say("cmd.serve.phone", url=phone_url)
            _qr(phone_url)
        else:
            say("cmd.serve.no_network")
    if open_browser:
        import webbrowser

        webbrowser.open(local)


def _qr(url: str) -> None:
    """Draw ``url`` as a QR code in the terminal; a console that cannot show its blocks gets the address alone."""
    import segno

    try:
        segno.make(url, error="m").terminal(compact=True)
    except UnicodeEncodeError:
        click.echo("")
    sys.stdout.flush()  # segno does not: in a pipe (an editor's terminal, a log) the code would wait for the next line


COMMAND = command
