"""``lapak deploy --github``: put the built site on the ``gh-pages`` branch and push it, touching nothing else.

Plain ``git`` commands only. The site's files go into a tree through a temporary index with the
output folder as the work tree, so the seller's working tree, index and current branch are never
touched. Each deploy is one commit on top of the branch as the remote has it (history kept); when
the site is the same as the last deploy, no commit is made.
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
from generator.site.writer import MARKER

BRANCH = "gh-pages"
REMOTE = "origin"
FALLBACK_AUTHOR = ("Lapak", "lapak@localhost")  # when git has no user.name / user.email


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
    """A git command failed; the message has git's own last words."""


def _git(args: list[str], cwd: Path, env: dict | None = None, ok: tuple[int, ...] = (0,),
         input: str | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, LC_ALL="C")  # git's own words in English, as the rest of Lapak's messages
    full_env.update(env or {})
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                              input=input, stdin=None if input is not None else subprocess.DEVNULL)
    except FileNotFoundError:
        if not Path(cwd).is_dir():
            raise LapakError(f"The folder '{cwd}' does not exist.") from None
        raise LapakError("git is not installed. Install it from https://git-scm.com/ (on Debian or Ubuntu: "
                         "sudo apt-get install git), then try again.") from None
    if proc.returncode not in ok:
        said = (proc.stderr or proc.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else f'exit code {proc.returncode}'}")
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
        raise LapakError(
            f"The store folder '{folder}' is not in a git repository, so there is nowhere to publish from. "
            "Make a repository on github.com, then in the store folder run:\n"
            "  git init\n  git remote add origin https://github.com/YOUR-NAME/YOUR-REPOSITORY.git\n"
            "See docs/publish.md (Bahasa Indonesia: docs/publish.id.md).")
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


def preflight(store_root: Path, remote: str = REMOTE, branch: str = BRANCH) -> tuple[Path, str]:
    """Check there is somewhere to publish to, before anything is built: (repository folder, remote URL)."""
    repo = find_repository(store_root)
    head = _git(["symbolic-ref", "-q", "HEAD"], repo, ok=(0, 1)).stdout.strip()
    if head == f"refs/heads/{branch}":
        raise LapakError(f"Your repository has the '{branch}' branch checked out. That branch holds only the "
                         f"published site; switch back to your own branch first (git switch main).")
    url = _git(["config", "--get", f"remote.{remote}.url"], repo, ok=(0, 1))  # as written, for the Pages address
    if url.returncode != 0 or not url.stdout.strip():
        raise LapakError(
            f"This repository has no remote '{remote}' to publish to. Make a repository on github.com and "
            f"add it:\n  git remote add {remote} https://github.com/YOUR-NAME/YOUR-REPOSITORY.git\n"
            "then run lapak deploy --github again.")
    return repo, url.stdout.strip()


def deploy_github(output: Path, store_root: Path, remote: str = REMOTE, branch: str = BRANCH) -> DeployResult:
    """Publish the built site in ``output`` to ``branch`` of ``remote`` of the repository holding ``store_root``."""
    output = output.resolve()
    if not (output / "index.html").is_file():
        raise LapakError(f"'{output}' has no index.html: build the store first.")
    repo, remote_url = preflight(store_root, remote, branch)

    # Start from the branch as the remote has it, so its history is kept even when this computer's copy is old.
    try:
        listed = _out(["ls-remote", "--heads", remote, f"refs/heads/{branch}"], repo)
    except GitError as exc:
        raise LapakError(f"Cannot reach '{remote}' ({remote_url}): {exc}. Check the internet connection "
                         "and that the repository exists and you may push to it.") from None
    remote_sha = listed.split()[0] if listed else None
    if remote_sha and not _verify(remote_sha, repo):
        _git(["fetch", "--no-tags", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"], repo)
    local_sha = _verify(f"refs/heads/{branch}", repo)
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
    message = f"Publish the store: {files} files\n\nBuilt by lapak {__version__}" + (
        f" from {source[:12]}" if source else "") + ".\n"
    args = ["commit-tree", tree, "-F", "-"] if not parent else ["commit-tree", tree, "-p", parent, "-F", "-"]
    commit = _git(args, repo, _identity(repo), input=message).stdout.strip()
    _git(["update-ref", "-m", "lapak deploy", f"refs/heads/{branch}", commit, local_sha or ""], repo)
    _push(repo, remote, remote_url, branch)
    return DeployResult(remote, remote_url, branch, files, commit, True, first=not remote_sha)


def _push(repo: Path, remote: str, remote_url: str, branch: str) -> None:
    ref = f"refs/heads/{branch}"
    try:
        _git(["push", "--quiet", remote, f"{ref}:{ref}"], repo)
    except GitError as exc:
        raise LapakError(f"Could not push the '{branch}' branch to {remote} ({remote_url}): {exc}. The site is "
                         f"saved on the '{branch}' branch here; run lapak deploy --github again once you can "
                         "push (are you logged in to GitHub, and allowed to push to this repository?).") from None
