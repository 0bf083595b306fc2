"""`lapak deploy --github` against a local bare repository: only the output on gh-pages, history kept,
no commit when nothing changed, and the seller's own branch, index and files never touched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import deploy
from generator.cli import main
from generator.site.hosting import output_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def quiet_git(tmp_path, monkeypatch):
    """Git with only this test's settings: no global or system config of the machine."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Bu Sari\n\temail = sari@example.com\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture
def repo(tmp_path) -> Path:
    """A store made by lapak init, committed to its own repository, with a bare 'origin' beside it."""
    folder = tmp_path / "tokoku"
    result = CliRunner().invoke(main, ["init", str(folder), "--yes", "--name", "Toko", "--whatsapp", "0812-3456-7890"])
    assert result.exit_code == 0, result.output
    (folder / "store.yml").write_text((folder / "store.yml").read_text()
                                      + "base_url: https://bu-sari.github.io/tokoku/\n")
    git(tmp_path, "init", "-q", "--bare", "origin.git")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "my store")
    git(folder, "remote", "add", "origin", str(tmp_path / "origin.git"))
    return folder


def run_deploy(folder: Path, *args: str):
    return CliRunner().invoke(main, ["deploy", "--github", str(folder), "--output", str(folder / "output"), *args])


def published(origin: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    names = git(origin, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {n: subprocess.run(["git", "show", f"{ref}:{n}"], cwd=origin, check=True, capture_output=True).stdout
            for n in names}


def seller_state(folder: Path) -> tuple[str, ...]:
    return (git(folder, "symbolic-ref", "HEAD"), git(folder, "rev-parse", "HEAD"),
            git(folder, "status", "--porcelain", "--untracked-files=all", "--ignored"),
            git(folder, "diff", "--cached", "--stat"), git(folder, "stash", "list"))


def test_gh_pages_holds_exactly_the_output_and_nothing_else_changes(repo, tmp_path):
    before = seller_state(repo)
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert "Published" in result.output and "gh-pages" in result.output
    assert "Settings > Pages" in result.output  # the first time, where to switch Pages on
    origin = tmp_path / "origin.git"
    site = published(origin)
    built = {rel: (repo / "output" / rel).read_bytes() for rel, _ in output_files(repo / "output")}
    assert site == built
    assert {".nojekyll", "404.html", "_headers", "index.html", "sitemap.xml"} <= set(site)
    assert not any(n.startswith(("products/", "store.yml", ".lapak")) for n in site)  # only the output
    # The seller's repository: same branch, same commit, same files, same index; main not pushed.
    after = seller_state(repo)
    assert after[:2] == before[:2] and after[3:] == before[3:]
    assert [line for line in after[2].splitlines() if not line.startswith("!! ")] == \
           [line for line in before[2].splitlines() if not line.startswith("!! ")]
    assert git(origin, "branch", "--list") == "gh-pages"
    assert git(repo, "rev-parse", "gh-pages") == git(origin, "rev-parse", "gh-pages")
    log = git(origin, "log", "--format=%an <%ae>|%s", "gh-pages")
    assert log == "Bu Sari <sari@example.com>|Publish the store: %d files" % len(site)


def test_a_second_deploy_with_no_change_adds_no_commit(repo, tmp_path):
    assert run_deploy(repo).exit_code == 0
    origin = tmp_path / "origin.git"
    first = git(origin, "rev-parse", "gh-pages")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output
    assert git(origin, "rev-parse", "gh-pages") == first
    assert git(origin, "rev-list", "--count", "gh-pages") == "1"


def test_a_change_is_a_new_commit_on_top_history_kept(repo, tmp_path):
    assert run_deploy(repo).exit_code == 0
    origin = tmp_path / "origin.git"
    first = git(origin, "rev-parse", "gh-pages")
    shutil.rmtree(repo / "products" / "contoh-kaos-polos")
    (repo / "products" / "teh.md").write_text("---\ntitle: Teh Melati\nprice: 12000\n---\nWangi.\n")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert "Settings > Pages" not in result.output  # said once is enough
    assert git(origin, "rev-list", "--count", "gh-pages") == "2"
    assert git(origin, "rev-parse", "gh-pages^") == first
    site = published(origin)
    assert "teh/index.html" in site and "contoh-kaos-polos/index.html" not in site  # a removed product is gone
    assert site == {rel: (repo / "output" / rel).read_bytes() for rel, _ in output_files(repo / "output")}


def test_deploy_from_a_second_computer_keeps_the_published_history(repo, tmp_path):
    assert run_deploy(repo).exit_code == 0
    origin = tmp_path / "origin.git"
    first = git(origin, "rev-parse", "gh-pages")
    other = tmp_path / "laptop"
    git(tmp_path, "clone", "-q", str(origin), str(other))  # a clone has no local gh-pages branch
    git(other, "fetch", "-q", "origin", "main:main") if git(origin, "branch", "--list", "main") else None
    shutil.copytree(repo, other, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "output", ".lapak-cache"))
    (other / "products" / "kopi.md").write_text("---\ntitle: Kopi\nprice: 30000\n---\n")
    result = run_deploy(other)
    assert result.exit_code == 0, result.output
    assert git(origin, "rev-parse", "gh-pages^") == first
    assert "kopi/index.html" in published(origin)


def test_no_remote_not_a_repository_and_the_pages_branch_checked_out(repo, tmp_path):
    git(repo, "remote", "remove", "origin")
    result = run_deploy(repo)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no remote 'origin'" in result.output and "git remote add origin" in result.output
    assert not (repo / "output").exists()  # checked before building

    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["init", str(plain), "--yes"]).exit_code == 0
    result = run_deploy(plain)
    assert result.exit_code == 1 and "not in a git repository" in result.output and "git init" in result.output

    git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    assert run_deploy(repo).exit_code == 0
    git(repo, "checkout", "-q", "gh-pages")
    result = run_deploy(repo)
    assert result.exit_code == 1 and "'gh-pages' branch checked out" in result.output


def test_without_github_flag_says_where_to_publish(repo):
    result = CliRunner().invoke(main, ["deploy", str(repo)])
    assert result.exit_code == 2 and "--github" in result.output and "netlify.com/drop" in result.output


def test_an_unreachable_remote_is_a_clear_error(repo, tmp_path):
    git(repo, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    result = run_deploy(repo)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Cannot reach 'origin'" in result.output


def test_commit_author_falls_back_when_git_has_no_name(repo, tmp_path, quiet_git):
    quiet_git.write_text("[init]\n\tdefaultBranch = main\n")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    author = git(tmp_path / "origin.git", "log", "-1", "--format=%an <%ae>|%cn <%ce>", "gh-pages")
    assert author == "Lapak <lapak@localhost>|Lapak <lapak@localhost>"


def test_a_wrong_base_url_for_this_repository_is_warned_about(repo):
    git(repo, "remote", "set-url", "origin", "https://github.com/bu-sari/toko-lain.git")
    local = str(repo.parent / "origin.git")
    git(repo, "config", f"url.{local}.insteadOf", "https://github.com/bu-sari/toko-lain.git")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert "GitHub Pages publishes this repository at https://bu-sari.github.io/toko-lain/" in result.output
    assert "Your store: https://bu-sari.github.io/toko-lain/" in result.output


@pytest.mark.parametrize("url, domain, address", [
    ("https://github.com/budi/toko.git", "", "https://budi.github.io/toko/"),
    ("git@github.com:Budi/toko", "", "https://budi.github.io/toko/"),
    ("https://github.com/budi/budi.github.io.git", "", "https://budi.github.io/"),
    ("ssh://git@github.com/budi/toko.git/", "", "https://budi.github.io/toko/"),
    ("https://github.com/budi/toko.git", "toko.com", "https://toko.com/"),
    ("https://gitlab.com/budi/toko.git", "", None),
    ("/srv/git/toko.git", "", None),
])
def test_pages_address(url, domain, address):
    assert deploy.pages_address(url, domain) == address
