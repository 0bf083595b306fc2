"""``lapak serve``: preview the store in the browser; it updates as the seller edits."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import err, esc, resolve_source
from generator.errors import LapakError


@click.command("serve", short_help="Preview the store; it updates as you edit.")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 127.0.0.1 is this computer only; 0.0.0.0 is the local network too.")
@click.option("--phone", is_flag=True, help="Also serve on the local network and show a QR code to open the "
              "preview on your phone (same Wi-Fi). Same as --host 0.0.0.0.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
@click.option("--drafts", is_flag=True, help="Also show products marked 'draft: true'.")
def command(source: Path | None, port: int, host: str, phone: bool, open_browser: bool, drafts: bool) -> None:
    """Build the store in SOURCE and serve it at http://127.0.0.1:8000/.

    SOURCE is the folder that holds store.yml (default: this folder when it has store.yml,
    else content).

    Save a product file, store.yml or a photo and the page in your browser reloads by itself.
    Nothing is written to the output folder: publish with 'lapak build'.
    """
    from generator.preview import Server

    source = resolve_source(source)
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
        err().print(f"[bold red]Error:[/] {esc(exc)}", markup=True)
        sys.exit(1)
    except KeyboardInterrupt:
        if server is not None:
            server.watcher.stop()
    click.echo("Stopped.")


def _announce(server, host: str, bound: int, open_browser: bool) -> None:
    """Say where the preview is; on the local network, with a QR code for the phone."""
    from generator.preview import lan_addresses

    base = server.preview.snapshot.base_path
    local = f"http://127.0.0.1:{bound}{base}"
    click.echo(f"Serving the store at {local}  (Ctrl-C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        addresses = lan_addresses() if host in ("0.0.0.0", "::") else [host]
        if addresses:
            phone_url = f"http://{addresses[0]}:{bound}{base}"
            click.echo(f"On your phone (same Wi-Fi): {phone_url}")
            import segno

            segno.make(phone_url, error="m").terminal(compact=True)
        else:
            click.echo("No local network address found: is this computer connected to Wi-Fi?")
    if open_browser:
        import webbrowser

        webbrowser.open(local)


COMMAND = command
