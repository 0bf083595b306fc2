"""``lapak deploy --github``: build the store and publish it on GitHub Pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import RichProgress, after_build, fail, resolve_source, warn


@click.command(short_help="Build the store and publish it (GitHub Pages).")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--github", is_flag=True, help="Publish to the gh-pages branch of this git repository's GitHub remote.")
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help="Folder the store is built into before it is published.")
@click.option("--base-url", metavar="URL", help="The address the store is published at (overrides store.yml).")
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the published site.")
@click.option("--force", is_flag=True, help="Replace an output folder Lapak did not make (as lapak build --force), "
              "and publish to a branch lapak deploy did not make (never the remote's default branch).")
def deploy(source: Path | None, github: bool, output: Path, base_url: str | None, remote: str, branch: str,
           force: bool) -> None:
    """Build the store in SOURCE, then publish the output.

    \b
    lapak deploy --github   commits the output (and nothing else) to the gh-pages branch and
                            pushes it; your own branches and files are not touched.
    For Netlify: lapak build --zip, then drag output.zip onto https://app.netlify.com/drop,
    or connect the repository on Netlify (see docs/publish.md).
    """
    from generator.commands.build import build as run_build
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.deploy import deploy_github, pages_address, preflight
    from generator.errors import LapakError

    if not github:
        raise click.UsageError("say where to publish: lapak deploy --github (GitHub Pages). For Netlify, run "
                               "lapak build --zip and drag output.zip onto https://app.netlify.com/drop.")
    source = resolve_source(source)
    try:
        if not source.exists():
            find_config(source)  # says the folder does not exist
        _, url = preflight(source if source.is_dir() else source.parent, remote, branch, force)  # before building
        root = find_config(source).parent
        result = run_build(source, output, base_url=base_url, force=force, progress=RichProgress())
    except LapakError as exc:
        fail(exc, "The store was not built, nothing was published")
        return
    for w in result.warnings:
        warn(f"{w.where()}: {w.message}")
    click.echo(f"{'Up to date' if result.unchanged else 'Built'}: {result.products} products, {result.pages} "
               f"pages in {output}/")
    try:
        store, _ = load_store(root, base_url)
        after_build(output, make_zip=False)
        expected = pages_address(url, store.domain)
        if expected and store.base_url != expected:
            warn(f"base_url is {store.base_url or '(not set)'}, but GitHub Pages publishes this repository at "
                  f"{expected}: links, photos and styles may not work there. Set 'base_url: {expected}' in "
                  "store.yml (or 'domain:' for your own domain), then deploy again.")
        done = deploy_github(output, root, remote=remote, branch=branch, force=force)
    except LapakError as exc:
        fail(exc)
        return
    where = f"the {done.branch} branch of {done.remote} ({done.remote_url})"
    if done.commit is None:
        click.echo(f"Nothing changed: {where} already has this store"
                   + (" (sent to GitHub now)." if done.pushed else "."))
        return
    click.echo(f"Published {done.files} files to {where}, commit {done.commit[:12]}.")
    if expected:
        click.echo(f"Your store: {expected} (GitHub takes a minute or two to update it).")
    if done.first:
        click.echo(f"One more step, once: on GitHub, open Settings > Pages, choose 'Deploy from a branch', then "
                   f"'{done.branch}' and '/ (root)', and Save.")


COMMAND = deploy
