"""``lapak deploy --github``: build the store and publish it on GitHub Pages."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import Command, RichProgress, after_build, enter_store, fail, plural, say, warn
from generator.messages import define, msg, t

define({
    "cmd.deploy.short_help": ("Bangun toko lalu terbitkan (GitHub Pages).",
                              "Build the store and publish it (GitHub Pages)."),
    "cmd.deploy.help": (
        "Bangun toko di FOLDER, lalu terbitkan hasilnya.\n\n\b\nlapak deploy --github   meng-commit hasil build "
        "(dan hanya itu) ke branch gh-pages lalu\n                        mengirimnya (push); branch dan file Anda "
        "sendiri tidak diubah.\nUntuk Netlify: lapak build --zip, lalu seret output.zip ke "
        "https://app.netlify.com/drop,\natau hubungkan repositorinya di Netlify (lihat docs/publish.id.md).",
        "Build the store in SOURCE, then publish the output.\n\n\b\nlapak deploy --github   commits the output "
        "(and nothing else) to the gh-pages branch and\n                        pushes it; your own branches and "
        "files are not touched.\nFor Netlify: lapak build --zip, then drag output.zip onto "
        "https://app.netlify.com/drop,\nor connect the repository on Netlify (see docs/publish.md)."),
    "cmd.deploy.github_help": ("Terbitkan ke branch gh-pages di remote GitHub repositori git ini.",
                               "Publish to the gh-pages branch of this git repository's GitHub remote."),
    "cmd.deploy.output_help": ("Folder tempat toko dibangun sebelum diterbitkan.",
                               "Folder the store is built into before it is published."),
    "cmd.deploy.base_url_help": ("Alamat tempat toko diterbitkan (menggantikan base_url di store.yml).",
                                 "The address the store is published at (overrides store.yml)."),
    "cmd.deploy.remote_help": ("Remote git tujuan push.", "The git remote to push to."),
    "cmd.deploy.branch_help": ("Branch yang menyimpan situs yang diterbitkan.",
                               "The branch that holds the published site."),
    "cmd.deploy.force_help": (
        "Ganti folder hasil yang bukan buatan Lapak (seperti lapak build --force), dan terbitkan ke branch yang "
        "bukan buatan lapak deploy (tidak pernah ke branch utama remote).",
        "Replace an output folder Lapak did not make (as lapak build --force), and publish to a branch lapak "
        "deploy did not make (never the remote's default branch)."),
    "cmd.deploy.where": (
        "sebutkan tujuan terbitnya: lapak deploy --github (GitHub Pages). Untuk Netlify, jalankan lapak build --zip "
        "lalu seret output.zip ke https://app.netlify.com/drop.",
        "say where to publish: lapak deploy --github (GitHub Pages). For Netlify, run lapak build --zip and drag "
        "output.zip onto https://app.netlify.com/drop."),
    "cmd.deploy.not_built": ("Toko belum dibangun, tidak ada yang diterbitkan",
                             "The store was not built, nothing was published"),
    "cmd.deploy.built": ("Selesai membangun: {products}, {pages} di {output}/",
                         "Built: {products}, {pages} in {output}/"),
    "cmd.deploy.up_to_date": ("Sudah terbaru: {products}, {pages} di {output}/",
                              "Up to date: {products}, {pages} in {output}/"),
    "cmd.deploy.not_set": ("(belum diisi)", "(not set)"),
    "cmd.deploy.base_url": (
        "base_url berisi {base_url}, padahal GitHub Pages menerbitkan repositori ini di {expected}: tautan, foto, "
        "dan tampilan toko bisa rusak di sana. Tulis 'base_url: {expected}' di store.yml (atau 'domain:' untuk "
        "domain sendiri), lalu deploy lagi.",
        "base_url is {base_url}, but GitHub Pages publishes this repository at {expected}: links, photos and "
        "styles may not work there. Set 'base_url: {expected}' in store.yml (or 'domain:' for your own domain), "
        "then deploy again."),
    "cmd.deploy.branch": ("branch {branch} di {remote} ({url})", "the {branch} branch of {remote} ({url})"),
    "cmd.deploy.nothing_changed": ("Tidak ada yang berubah: {where} sudah berisi toko ini.",
                                   "Nothing changed: {where} already has this store."),
    "cmd.deploy.nothing_changed_sent": (
        "Tidak ada yang berubah: {where} sudah berisi toko ini (baru sekarang dikirim ke GitHub).",
        "Nothing changed: {where} already has this store (sent to GitHub now)."),
    "cmd.deploy.published": ("{files} file diterbitkan ke {where}, commit {commit}.",
                             "Published {files} files to {where}, commit {commit}."),
    "cmd.deploy.address": ("Toko Anda: {url} (GitHub butuh satu-dua menit untuk memperbaruinya).",
                           "Your store: {url} (GitHub takes a minute or two to update it)."),
    "cmd.deploy.first": (
        "Satu langkah lagi, sekali saja: di GitHub, buka Settings > Pages, pilih 'Deploy from a branch', lalu "
        "'{branch}' dan '/ (root)', lalu Save.",
        "One more step, once: on GitHub, open Settings > Pages, choose 'Deploy from a branch', then "
        "'{branch}' and '/ (root)', and Save."),
})


@click.command("deploy", cls=Command, short_help=t("cmd.deploy.short_help"), help=t("cmd.deploy.help"))
@click.argument("source", required=False, type=click.Path(path_type=Path), metavar=t("cmd.source_metavar"))
@click.option("--github", is_flag=True, help=t("cmd.deploy.github_help"))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help=t("cmd.deploy.output_help"))
@click.option("--base-url", metavar="URL", help=t("cmd.deploy.base_url_help"))
@click.option("--remote", default="origin", show_default=True, help=t("cmd.deploy.remote_help"))
@click.option("--branch", default="gh-pages", show_default=True, help=t("cmd.deploy.branch_help"))
@click.option("--force", is_flag=True, help=t("cmd.deploy.force_help"))
def deploy(source: Path | None, github: bool, output: Path, base_url: str | None, remote: str, branch: str,
           force: bool) -> None:
    """Build the store in SOURCE, then publish the output (the help text is cmd.deploy.help)."""
    from generator.commands.build import build as run_build
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.deploy import deploy_github, pages_address, preflight
    from generator.errors import LapakError

    source = enter_store(source)
    if not github:
        raise click.UsageError(t("cmd.deploy.where"))
    try:
        if not source.exists():
            find_config(source)  # says the folder does not exist
        _, url = preflight(source if source.is_dir() else source.parent, remote, branch, force)  # before building
        root = find_config(source).parent
        result = run_build(source, output, base_url=base_url, force=force, progress=RichProgress())
    except LapakError as exc:
        fail(exc, msg("cmd.deploy.not_built"))
    for w in result.warnings:
        warn(f"{w.where()}: {w.message}")
    say("cmd.deploy.up_to_date" if result.unchanged else "cmd.deploy.built",
        products=plural("cmd.products", result.products), pages=plural("cmd.pages", result.pages), output=output)
    try:
        store, _ = load_store(root, base_url)
        after_build(output, make_zip=False)
        expected = pages_address(url, store.domain)
        if expected and store.base_url != expected:
            warn(msg("cmd.deploy.base_url", base_url=store.base_url or msg("cmd.deploy.not_set"), expected=expected))
        done = deploy_github(output, root, remote=remote, branch=branch, force=force)
    except LapakError as exc:
        fail(exc)
    where = msg("cmd.deploy.branch", branch=done.branch, remote=done.remote, url=done.remote_url)
    if done.commit is None:
        say("cmd.deploy.nothing_changed_sent" if done.pushed else "cmd.deploy.nothing_changed", where=where)
        return
    say("cmd.deploy.published", files=done.files, where=where, commit=done.commit[:12])
    if expected:
        say("cmd.deploy.address", url=expected)
    if done.first:
        say("cmd.deploy.first", branch=done.branch)


COMMAND = deploy
