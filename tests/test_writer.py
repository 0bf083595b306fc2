"""The writer: the output folder always holds exactly one finished site, and the cache is never written through it."""

from __future__ import annotations

from pathlib import Path

from generator.site.writer import MARKER, OutputWriter


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def test_a_second_publish_starts_from_the_replaced_output_and_ends_with_exactly_the_new_site(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    photo = cache / "photo.webp"
    photo.write_bytes(b"photo bytes")
    out, spare = tmp_path / "out", cache / "spare"
    first = {"index.html": b"<p>1</p>", "kopi/index.html": b"kopi", "teh/index.html": b"teh",
             "photos/a.webp": photo, "gone/deep/x.txt": b"x", "swap": b"a file that becomes a folder"}
    OutputWriter(out).publish(first, {})
    OutputWriter(out, spare).publish(first, {})  # the first output is now the spare
    assert spare.is_dir() and tree(spare) == tree(out)

    second = {"index.html": b"<p>2</p>", "kopi/index.html": b"kopi 2", "photos/a.webp": photo,
              "swap/inside.txt": b"a folder now", "baru/index.html": b"baru"}
    OutputWriter(out, spare).publish(second, {})
    assert tree(out) == {rel: (item.read_bytes() if isinstance(item, Path) else item) for rel, item in second.items()}
    assert not (out / "teh").exists() and not (out / "gone").exists()
    assert (out / "photos" / "a.webp").stat().st_ino == photo.stat().st_ino  # a link to the cached file


def test_a_file_that_was_a_link_to_the_cache_is_replaced_not_written_through(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    page = cache / "page.html"
    page.write_bytes(b"cached page")
    out, spare = tmp_path / "out", cache / "spare"
    OutputWriter(out, spare).publish({"kopi/index.html": page}, {})
    OutputWriter(out, spare).publish({"kopi/index.html": page}, {})
    OutputWriter(out, spare).publish({"kopi/index.html": b"rendered again"}, {})
    assert page.read_bytes() == b"cached page"  # the cache file kept its bytes
    assert (out / "kopi" / "index.html").read_bytes() == b"rendered again"
    OutputWriter(out, spare).publish({"kopi/index.html": page}, {})
    assert (out / "kopi" / "index.html").read_bytes() == b"cached page"


def test_an_old_output_left_by_a_killed_swap_comes_back(tmp_path):
    out = tmp_path / "out"
    OutputWriter(out).publish({"index.html": b"old"}, {})
    out.rename(tmp_path / ".out.lapak-old-123")  # killed between the two renames
    OutputWriter(out).publish({"index.html": b"new"}, {})
    assert (out / "index.html").read_bytes() == b"new"
    assert not list(tmp_path.glob(".out.lapak-*"))
