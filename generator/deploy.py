"""``lapak deploy --github``: put the built site on the ``gh-pages`` branch and push it, touching nothing else.

Plain ``git`` commands only. The site's files go into a tree through a temporary index with the
output folder as the work tree, so the seller's working tree, index and current branch are never
touched. Each deploy is one commit on top of the branch as the remote has it (history kept); when
the site is the same as the last deploy, no commit is made.

Every commit deploy makes carries a ``Lapak-Deploy:`` trailer. A branch whose tip has none is
someone's own work: deploy refuses it unless ``--force``, and refuses the remote's default branch
(where GitHub shows the repository's files) even then.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.errors import LapakError
from generator.messages import define, msg, t
from generator.site.writer import MARKER

BRANCH = "gh-pages"
REMOTE = "origin"
FALLBACK_AUTHOR = ("Lapak", "lapak@localhost")  # when git has no user.name / user.email
TRAILER = "Lapak-Deploy"  # "Lapak-Deploy: 0.1.0" ends every commit deploy makes

define({
    "deploy.git_missing": (
        "git belum terpasang. Pasang dari https://git-scm.com/ (di Debian atau Ubuntu: sudo apt-get install git), "
        "lalu coba lagi.",
        "git is not installed. Install it from https://git-scm.com/ (on Debian or Ubuntu: sudo apt-get install git), "
        "then try again."),
    "deploy.no_folder": ("Folder '{folder}' tidak ada.", "The folder '{folder}' does not exist."),
    "deploy.git_failed": ("Perintah git {command} gagal. Pesan dari git:\n{said}",
                          "The command git {command} failed. Git said:\n{said}"),
    "deploy.not_a_repository": (
        "Folder toko '{folder}' tidak berada di dalam repositori git, jadi tidak ada tempat untuk menerbitkannya. "
        "Buat repositori di github.com, lalu di folder toko jalankan:\n"
        "  git init\n  git remote add origin https://github.com/NAMA-ANDA/NAMA-REPOSITORI.git\n"
        "Lihat docs/publish.id.md.",
        "The store folder '{folder}' is not in a git repository, so there is nowhere to publish from. "
        "Make a repository on github.com, then in the store folder run:\n"
        "  git init\n  git remote add origin https://github.com/YOUR-NAME/YOUR-REPOSITORY.git\n"
        "See docs/publish.md (Bahasa Indonesia: docs/publish.id.md)."),
    "deploy.checked_out": (
        "Repositori Anda sedang membuka branch '{branch}'. Branch itu hanya berisi toko yang diterbitkan; "
        "pindah dulu ke branch Anda sendiri (git switch main).",
        "Your repository has the '{branch}' branch checked out. That branch holds only the published site; "
        "switch back to your own branch first (git switch main)."),
    "deploy.no_remote": (
        "Repositori ini tidak punya remote '{remote}' untuk tujuan penerbitan. Buat repositori di github.com, "
        "lalu tambahkan:\n  git remote add {remote} https://github.com/NAMA-ANDA/NAMA-REPOSITORI.git\n"
        "kemudian jalankan lagi lapak deploy --github.",
        "This repository has no remote '{remote}' to publish to. Make a repository on github.com and add it:\n"
        "  git remote add {remote} https://github.com/YOUR-NAME/YOUR-REPOSITORY.git\n"
        "then run lapak deploy --github again."),
    "deploy.bad_branch": (
        "'{branch}' tidak bisa dipakai sebagai nama branch. Pakai huruf, angka, - dan /, misalnya gh-pages.",
        "'{branch}' cannot be a branch name. Use letters, digits, - and /, such as gh-pages."),
    "deploy.unreachable": (
        "Tidak bisa menghubungi remote '{remote}' ({url}). Pesan dari git:\n{said}\n"
        "Periksa koneksi internet dan bahwa alamat itu benar (git remote -v menampilkannya, "
        "git remote set-url {remote} ALAMAT mengubahnya), bahwa repositorinya ada di GitHub, dan bahwa Anda "
        "sudah masuk ke GitHub dengan akun yang boleh melakukan push ke repositori itu.",
        "Cannot reach the remote '{remote}' ({url}). Git said:\n{said}\n"
        "Check the internet connection and that this address is right (git remote -v shows it, "
        "git remote set-url {remote} ADDRESS changes it), that the repository exists on GitHub, and that you are "
        "logged in to GitHub with an account allowed to push to it."),
    "deploy.default_branch": (
        "'{branch}' adalah branch utama {remote} ({url}), tempat GitHub menampilkan file-file Anda. lapak deploy "
        "tidak pernah menerbitkan ke sana, juga dengan --force. Tanpa --branch, toko terbit di branch gh-pages.",
        "'{branch}' is the main branch of {remote} ({url}), the one GitHub shows your files from. lapak deploy "
        "never publishes there, not even with --force. Without --branch, the store is published to gh-pages."),
    "deploy.not_ours_remote": (
        "Branch '{branch}' di {remote} ({url}) tidak dibuat oleh lapak deploy: commit terakhirnya {commit} "
        "\"{subject}\". Menerbitkan ke sana akan mengganti file-filenya dengan halaman toko. Pilih branch baru "
        "dengan --branch NAMA (yang belum ada); kalau '{branch}' memang hanya berisi toko yang diterbitkan, "
        "jalankan perintah yang sama dengan --force.",
        "The branch '{branch}' of {remote} ({url}) was not made by lapak deploy: its last commit is {commit} "
        "\"{subject}\". Publishing there would replace its files with the store's pages. Choose a new branch with "
        "--branch NAME (one that does not exist yet); if '{branch}' holds only the published store, run the same "
        "command with --force."),
    "deploy.not_ours_local": (
        "Branch '{branch}' di repositori ini tidak dibuat oleh lapak deploy: commit terakhirnya {commit} "
        "\"{subject}\". Menerbitkan ke sana akan mengganti file-filenya dengan halaman toko. Pilih branch baru "
        "dengan --branch NAMA (yang belum ada); kalau '{branch}' memang hanya berisi toko yang diterbitkan, "
        "jalankan perintah yang sama dengan --force.",
        "The branch '{branch}' in this repository was not made by lapak deploy: its last commit is {commit} "
        "\"{subject}\". Publishing there would replace its files with the store's pages. Choose a new branch with "
        "--branch NAME (one that does not exist yet); if '{branch}' holds only the published store, run the same "
        "command with --force."),
    "deploy.no_index": ("'{output}' tidak berisi index.html: bangun tokonya dulu.",
                        "'{output}' has no index.html: build the store first."),
    "deploy.push_failed": (
        "Branch '{branch}' tidak bisa dikirim (push) ke {remote} ({url}). Pesan dari git:\n{said}\n"
        "Situsnya sudah tersimpan di branch '{branch}' di komputer ini: jalankan lagi lapak deploy --github "
        "setelah push bisa dilakukan. Pastikan Anda sudah masuk ke GitHub dengan akun yang boleh melakukan push "
        "ke repositori ini.",
        "Could not push the '{branch}' branch to {remote} ({url}). Git said:\n{said}\n"
        "The site is saved on the '{branch}' branch here: run lapak deploy --github again once you can push. "
        "Check that you are logged in to GitHub with an account allowed to push to this repository."),
    "deploy.git_silent": ("(git tidak menulis apa-apa)", "(git said nothing)"),
    "deploy.git_exit": ("git berhenti dengan kode {code}", "exit code {code}"),
})


@dataclass
class DeployResult:
    """What a deploy did, for the message the seller sees."""

    remote: str
    remote_url: str
    branch: str
    files: int
    commit: str | None  # the new commit, or None when the branch already held this site
    pushed: bool  # whether anything was sent to the remote
    first: bool = False  # the branch did not exist before: Pages still has to be pointed at it


class GitError(LapakError):
    """A git command failed; ``said`` is git's own output, whole."""

    def __init__(self, command: str, said: str):
        self.command, self.said = command, said
        super().__init__(msg("deploy.git_failed", command=command, said=quote(said)))


def quote(said: str) -> str:
    """Git's words, whole, each line indented, to stand out inside a message."""
    lines = [line.rstrip() for line in said.strip("\n").splitlines()]
    return "\n".join(f"    {line}" if line else "" for line in lines) or "    " + t("deploy.git_silent")


def _git(args: list[str], cwd: Path, env: dict | None = None, ok: tuple[int, ...] = (0,),
         input: str | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, LC_ALL="C")  # git's own words in English, the same on every computer
    full_env.update(env or {})
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace",
                              input=input, stdin=None if input is not None else subprocess.DEVNULL)
    except FileNotFoundError:
        if not Path(cwd).is_dir():
            raise LapakError(msg("deploy.no_folder", folder=str(cwd))) from None
        raise LapakError(msg("deploy.git_missing")) from None
    if proc.returncode not in ok:
        said = (proc.stderr or "").strip() or (proc.stdout or "").strip() or t("deploy.git_exit", code=proc.returncode)
        raise GitError(args[0], said)
    return proc


def _out(args: list[str], cwd: Path, env: dict | None = None) -> str:
    return _git(args, cwd, env).stdout.strip()


def _verify(ref: str, cwd: Path) -> str | None:
    proc = _git(["rev-parse", "-q", "--verify", f"{ref}^{{commit}}"], cwd, ok=(0, 1, 128))
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def _is_ancestor(a: str, b: str, cwd: Path) -> bool:
    return _git(["merge-base", "--is-ancestor", a, b], cwd, ok=(0, 1)).returncode == 0


def find_repository(folder: Path) -> Path:
    """The top folder of the git repository ``folder`` is in, or a clear error saying how to make one."""
    proc = _git(["rev-parse", "--show-toplevel"], folder, ok=(0, 128))
    if proc.returncode != 0 or not proc.stdout.strip():
        raise LapakError(msg("deploy.not_a_repository", folder=str(folder)))
    return Path(proc.stdout.strip())


def pages_address(remote_url: str, domain: str = "") -> str | None:
    """Where GitHub Pages publishes a repository: ``https://name.github.io/repo/``, or the custom domain."""
    if domain:
        return f"https://{domain}/"
    m = re.search(r"github\.com[:/]+([^/]+)/([^/]+?)(?:\.git)?/*$", remote_url.strip())
    if not m:
        return None
    owner, repo = m.group(1), m.group(2)
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def _identity(repo: Path) -> dict:
    """Author and committer from git's config, or Lapak's own when the seller never set them."""
    env = {}
    name = _git(["config", "user.name"], repo, ok=(0, 1)).stdout.strip()
    email = _git(["config", "user.email"], repo, ok=(0, 1)).stdout.strip()
    if not name:
        env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = FALLBACK_AUTHOR[0]
    if not email:
        env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = FALLBACK_AUTHOR[1]
    return env


@dataclass(frozen=True)
class _Target:
    """Where a deploy goes: the repository, the remote's address, and the branch's tips there and here."""

    repo: Path
    remote_url: str
    remote_sha: str | None
    local_sha: str | None


def preflight(store_root: Path, remote: str = REMOTE, branch: str = BRANCH, force: bool = False) -> tuple[Path, str]:
    """Check, before anything is built, that the store may be published to ``branch``: (repository, remote URL).

    Asks the remote (one ``git ls-remote``): a branch whose last commit lapak deploy did not make is
    refused unless ``force``, the remote's default branch always.
    """
    target = _target(store_root, remote, branch, force)
    return target.repo, target.remote_url


def _target(store_root: Path, remote: str, branch: str, force: bool) -> _Target:
    repo = find_repository(store_root)
    bad = branch == "HEAD" or branch.startswith("-")  # as git branch refuses them
    if bad or _git(["check-ref-format", f"refs/heads/{branch}"], repo, ok=(0, 1)).returncode != 0:
        raise LapakError(msg("deploy.bad_branch", branch=branch))
    ref = f"refs/heads/{branch}"
    if _git(["symbolic-ref", "-q", "HEAD"], repo, ok=(0, 1)).stdout.strip() == ref:
        raise LapakError(msg("deploy.checked_out", branch=branch))
    got = _git(["config", "--get", f"remote.{remote}.url"], repo, ok=(0, 1))  # as written, for the Pages address
    url = got.stdout.strip()
    if got.returncode != 0 or not url:
        raise LapakError(msg("deploy.no_remote", remote=remote))

    # The branch as the remote has it, so its history is kept even when this computer's copy is old.
    try:
        listed = _out(["ls-remote", "--symref", remote, "HEAD", ref], repo)
    except GitError as exc:
        raise LapakError(msg("deploy.unreachable", remote=remote, url=url, said=quote(exc.said))) from None
    remote_sha, default = None, None
    for line in listed.splitlines():
        left, _, name = line.partition("\t")
        if name == "HEAD" and left.startswith("ref: "):
            default = left[len("ref: "):].strip()
        elif name == ref:
            remote_sha = left.strip()
    if default is None:  # an older git or server: what this computer last heard (set by git clone)
        known = _git(["symbolic-ref", "-q", f"refs/remotes/{remote}/HEAD"], repo, ok=(0, 1)).stdout.strip()
        prefix = f"refs/remotes/{remote}/"
        default = "refs/heads/" + known[len(prefix):] if known.startswith(prefix) else None
    if remote_sha and not _verify(remote_sha, repo):
        _git(["fetch", "--no-tags", remote, f"+{ref}:refs/remotes/{remote}/{branch}"], repo)
    # Never the default branch, even with force; unless deploy made it (GitHub makes the first branch
    # pushed to an empty repository its default, so a store deployed before its source was pushed has
    # gh-pages as default: refusing it then would lock the seller out).
    if default == ref and not (remote_sha and made_by_lapak(remote_sha, repo)):
        raise LapakError(msg("deploy.default_branch", branch=branch, remote=remote, url=url))
    local_sha = _verify(ref, repo)
    if not force:
        if remote_sha and not made_by_lapak(remote_sha, repo):
            raise LapakError(msg("deploy.not_ours_remote", branch=branch, remote=remote, url=url,
                                 **_describe(remote_sha, repo)))
        # This computer's branch is replaced too, unless the remote's already holds all of it.
        kept = not local_sha or local_sha == remote_sha or (remote_sha and _is_ancestor(local_sha, remote_sha, repo))
        if not kept and not made_by_lapak(local_sha, repo):
            raise LapakError(msg("deploy.not_ours_local", branch=branch, **_describe(local_sha, repo)))
    return _Target(repo, url, remote_sha, local_sha)


def made_by_lapak(commit: str, repo: Path) -> bool:
    """Whether ``commit`` was made by lapak deploy: its message ends with the Lapak-Deploy trailer."""
    text = _out(["log", "-1", "--format=%B", commit], repo)
    last = text.strip().split("\n\n")[-1]  # trailers are the last paragraph
    if re.search(rf"^{TRAILER}:[ \t]*\S", last, re.M):
        return True
    return re.search(r"^Built by lapak \d", text, re.M) is not None  # deploys made before the trailer


def _describe(commit: str, repo: Path) -> dict:
    short, _, subject = _out(["log", "-1", "--format=%h %s", commit], repo).partition(" ")
    return {"commit": short, "subject": subject[:72]}


def deploy_github(output: Path, store_root: Path, remote: str = REMOTE, branch: str = BRANCH,
                  force: bool = False) -> DeployResult:
    """Publish the built site in ``output`` to ``branch`` of ``remote`` of the repository holding ``store_root``.

    ``force`` allows a branch that lapak deploy did not make (never the remote's default branch).
    """
    output = output.resolve()
    if not (output / "index.html").is_file():
        raise LapakError(msg("deploy.no_index", output=str(output)))
    target = _target(store_root, remote, branch, force)  # checked again: the remote may have changed meanwhile
    repo, remote_url, remote_sha, local_sha = target.repo, target.remote_url, target.remote_sha, target.local_sha
    if remote_sha and local_sha and _is_ancestor(remote_sha, local_sha, repo):
        parent = local_sha  # an earlier deploy that was not pushed yet
    else:
        parent = remote_sha or local_sha

    with tempfile.TemporaryDirectory(prefix="lapak-deploy-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_WORK_TREE": str(output),
               "GIT_DIR": _out(["rev-parse", "--absolute-git-dir"], repo)}
        # Every file exactly as built: no ignore rules, no line-end conversion; the build's own note stays out.
        _git(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "add", "--all", "--force", "--", ".",
              f":(exclude){MARKER}"], output, env)
        tree = _out(["write-tree"], output, env)
        files = len(_out(["ls-files"], output, env).splitlines())

    if parent and _out(["rev-parse", f"{parent}^{{tree}}"], repo) == tree:
        pushed = False
        if parent != remote_sha:
            _push(repo, remote, remote_url, branch)
            pushed = True
        if local_sha != parent:
            _git(["update-ref", "-m", "lapak deploy", f"refs/heads/{branch}", parent, local_sha or ""], repo)
        return DeployResult(remote, remote_url, branch, files, None, pushed)

    source = _verify("HEAD", repo)
    message = (f"Publish the store: {files} files\n\nBuilt by lapak {__version__}"
               + (f" from {source[:12]}" if source else "") + f".\n\n{TRAILER}: {__version__}\n")
    args = ["commit-tree", tree, "-F", "-"] if not parent else ["commit-tree", tree, "-p", parent, "-F", "-"]
    commit = _git(args, repo, _identity(repo), input=message).stdout.strip()
    _git(["update-ref", "-m", "lapak deploy", f"refs/heads/{branch}", commit, local_sha or ""], repo)
    _push(repo, remote, remote_url, branch)
    return DeployResult(remote, remote_url, branch, files, commit, True, first=not remote_sha)


def _push(repo: Path, remote: str, remote_url: str, branch: str) -> None:
    ref = f"refs/heads/{branch}"
    try:
        _git(["push", "--quiet", remote, f"{ref}:{ref}"], repo)  # never forced: only on top of what is there
    except GitError as exc:
        raise LapakError(msg("deploy.push_failed", branch=branch, remote=remote, url=remote_url,
                             said=quote(exc.said))) from None
