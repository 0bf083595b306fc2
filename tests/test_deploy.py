"""`lapak deploy --github` against a local bare repository: only the output on gh-pages, history kept,
no commit when nothing changed, and the seller's own branch, index and files never touched."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__, deploy
from generator.cli import main
from generator.site.hosting import output_files
from generator.messages import catalogue, placeholders

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def quiet_git(tmp_path, monkeypatch):
    """Git with only this test's settings: no global or system config of the machine; messages in English."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Bu Sari\n\temail = sari@example.com\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LAPAK_LANG", "en")
    return config


@pytest.fixture
def repo(tmp_path) -> Path:
    """A store made by lapak init, committed to its own repository, with a bare 'origin' beside it."""
    folder = tmp_path / "tokoku"
    result = CliRunner().invoke(main, ["init", str(folder), "--yes", "--name", "Toko", "--whatsapp", "0812-3456-7890",
                                       "--language", "en"])
    assert result.exit_code == 0, result.output
    (folder / "store.yml").write_text((folder / "store.yml").read_text()
                                      + "base_url: https://bu-sari.github.io/tokoku/\n")
    git(tmp_path, "init", "-q", "--bare", "origin.git")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "my store")
    git(folder, "remote", "add", "origin", str(tmp_path / "origin.git"))
    return folder


def speak(folder: Path, lang: str) -> None:
    """Set the store's language, which its commands speak (it comes before LAPAK_LANG)."""
    path = folder / "store.yml"
    path.write_text(re.sub(r"^language: \w+", f"language: {lang}", path.read_text(), flags=re.M))


def run_deploy(folder: Path, *args: str):
    return CliRunner().invoke(main, ["deploy", "--github", str(folder), "--output", str(folder / "output"), *args])


def published(origin: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    names = git(origin, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {n: subprocess.run(["git", "show", f"{ref}:{n}"], cwd=origin, check=True, capture_output=True).stdout
            for n in names}


def branches(origin: Path) -> list[str]:
    return git(origin, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()


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
    shutil.rmtree(repo / "products" / "sample-plain-t-shirt")
    (repo / "products" / "teh.md").write_text("---\ntitle: Teh Melati\nprice: 12000\n---\nWangi.\n")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert "Settings > Pages" not in result.output  # said once is enough
    assert git(origin, "rev-list", "--count", "gh-pages") == "2"
    assert git(origin, "rev-parse", "gh-pages^") == first
    site = published(origin)
    assert "teh/index.html" in site and "sample-plain-t-shirt/index.html" not in site  # a removed product is gone
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
    assert CliRunner().invoke(main, ["init", str(plain), "--yes", "--language", "en"]).exit_code == 0
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


@pytest.mark.parametrize("lang, opening, check", [
    ("en", "Cannot reach the remote 'origin'", "Check the internet connection"),
    ("id", "Tidak bisa menghubungi remote 'origin'", "Periksa koneksi internet"),
])
def test_an_unreachable_remote_quotes_git_whole_and_says_what_to_check(repo, tmp_path, monkeypatch, lang, opening,
                                                                       check):
    speak(repo, lang)
    gone = tmp_path / "gone.git"
    git(repo, "remote", "set-url", "origin", str(gone))
    result = run_deploy(repo)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert opening in result.output and f"({gone})" in result.output and check in result.output
    # git's own words, every line of them, not just the last one ("and the repository exists.").
    lines = [line.strip() for line in result.output.splitlines()]
    assert f"fatal: '{gone}' does not appear to be a git repository" in lines
    assert "fatal: Could not read from remote repository." in lines
    assert "Please make sure you have the correct access rights" in lines
    assert "and the repository exists." in lines
    assert "git remote set-url origin" in result.output
    assert not (repo / "output").exists()  # asked before building


def test_a_refused_push_quotes_git_whole(repo, tmp_path):
    hook = tmp_path / "origin.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Pushes are closed today.' >&2\necho 'Ask Bu Sari.' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = run_deploy(repo)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Could not push the 'gh-pages' branch to origin" in result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert "remote: Pushes are closed today." in lines and "remote: Ask Bu Sari." in lines
    assert "saved on the 'gh-pages' branch here" in result.output
    assert branches(tmp_path / "origin.git") == []  # nothing arrived


def test_every_deploy_commit_carries_lapak_s_trailer(repo, tmp_path):
    assert run_deploy(repo).exit_code == 0
    origin = tmp_path / "origin.git"
    trailer = git(origin, "log", "-1", "--format=%(trailers:key=Lapak-Deploy,valueonly)", "gh-pages")
    assert trailer == __version__
    assert deploy.made_by_lapak(git(origin, "rev-parse", "gh-pages"), origin)
    assert not deploy.made_by_lapak(git(repo, "rev-parse", "main"), repo)


def push_source(repo: Path) -> str:
    """The seller pushes their store's own files to origin's main, as GitHub's default branch; returns the commit."""
    git(repo, "push", "-q", "origin", "main")
    return git(repo, "rev-parse", "main")


def test_the_remote_s_default_branch_is_refused_even_with_force(repo, tmp_path):
    source = push_source(repo)
    git(repo, "switch", "-q", "-c", "redesign")  # not checked out, so only the new rule protects it
    origin = tmp_path / "origin.git"
    for extra in ([], ["--force"]):
        result = run_deploy(repo, "--branch", "main", *extra)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "'main' is the main branch of origin" in result.output and "not even with --force" in result.output
        assert git(origin, "rev-parse", "main") == source and git(repo, "rev-parse", "main") == source
        assert branches(origin) == ["main"]
    assert not (repo / "output").exists()  # refused before building
    assert run_deploy(repo).exit_code == 0  # gh-pages, the default, is fine
    assert git(origin, "rev-parse", "main") == source


def test_the_default_branch_this_computer_knows_is_refused_when_the_remote_does_not_say(repo, tmp_path):
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")  # as git clone leaves it
    git(repo, "switch", "-q", "-c", "redesign")
    result = run_deploy(repo, "--branch", "main", "--force")  # origin is empty: it names no default branch
    assert result.exit_code == 1 and "'main' is the main branch of origin" in result.output
    assert branches(tmp_path / "origin.git") == []


def test_a_branch_with_the_seller_s_own_commits_is_refused_unless_force(repo, tmp_path, monkeypatch):
    origin = tmp_path / "origin.git"
    push_source(repo)
    git(repo, "push", "-q", "origin", "main:backup")  # a branch of the seller's own, not the default
    mine = git(origin, "rev-parse", "backup")
    result = run_deploy(repo, "--branch", "backup")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"The branch 'backup' of origin ({origin}) was not made by lapak deploy: its last commit is "
            f'{mine[:7]} "my store".') in result.output
    assert "--branch NAME" in result.output and "--force" in result.output
    assert git(origin, "rev-parse", "backup") == mine and not (repo / "output").exists()

    speak(repo, "id")
    result = run_deploy(repo, "--branch", "backup")
    assert result.exit_code == 1
    assert f"Branch 'backup' di origin ({origin}) tidak dibuat oleh lapak deploy" in result.output

    speak(repo, "en")
    result = run_deploy(repo, "--branch", "backup", "--force")
    assert result.exit_code == 0, result.output
    assert git(origin, "rev-parse", "backup^") == mine  # on top: the seller's commits are still in its history
    assert "index.html" in published(origin, "backup") and "store.yml" not in published(origin, "backup")
    (repo / "products" / "teh.md").write_text("---\ntitle: Teh\nprice: 12000\n---\n")
    result = run_deploy(repo, "--branch", "backup")  # its tip is Lapak's now: no --force needed
    assert result.exit_code == 0, result.output
    assert git(origin, "rev-list", "--count", "backup") == "3"


def test_a_branch_only_on_this_computer_is_protected_too(repo, tmp_path):
    git(repo, "branch", "drafts")  # the seller's own branch, never pushed
    mine = git(repo, "rev-parse", "drafts")
    result = run_deploy(repo, "--branch", "drafts")
    assert result.exit_code == 1
    assert f"The branch 'drafts' in this repository was not made by lapak deploy: its last commit is {mine[:7]}" \
        in result.output
    assert git(repo, "rev-parse", "drafts") == mine
    assert branches(tmp_path / "origin.git") == []


def test_a_site_branch_made_by_an_earlier_lapak_is_recognised(repo, tmp_path):
    """Deploys made before the trailer said 'Built by lapak VERSION' in the message: those are Lapak's too."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text("<p>old</p>")
    old = tmp_path / "old"
    git(old, "init", "-q")
    git(old, "add", "-A")
    git(old, "commit", "-q", "-m", "Publish the store: 1 files\n\nBuilt by lapak 0.1.0 from 0123456789ab.")
    git(old, "push", "-q", str(tmp_path / "origin.git"), "main:gh-pages")
    first = git(old, "rev-parse", "HEAD")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert git(tmp_path / "origin.git", "rev-parse", "gh-pages^") == first


def test_gh_pages_as_github_s_default_branch_still_takes_deploys(repo, tmp_path):
    """GitHub makes the first branch pushed to an empty repository its default: the site's, if it came first."""
    assert run_deploy(repo).exit_code == 0
    origin = tmp_path / "origin.git"
    git(origin, "symbolic-ref", "HEAD", "refs/heads/gh-pages")
    (repo / "products" / "teh.md").write_text("---\ntitle: Teh\nprice: 12000\n---\n")
    result = run_deploy(repo)
    assert result.exit_code == 0, result.output
    assert git(origin, "rev-list", "--count", "gh-pages") == "2"


@pytest.mark.parametrize("name", ["bad..name", "HEAD", "with space", "-"])
def test_a_branch_name_git_cannot_use(repo, name):
    result = run_deploy(repo, "--branch", name)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"'{name}' cannot be a branch name" in result.output


def test_deploy_messages_say_the_same_in_both_languages():
    deploy_keys = {k: v for k, v in catalogue().items() if k.startswith("deploy.")}
    assert len(deploy_keys) >= 12
    for key, (indonesian, english) in deploy_keys.items():
        assert placeholders(indonesian) == placeholders(english), key
        assert indonesian != english, key


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
