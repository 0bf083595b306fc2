"""The cache: JSON only, damaged files are misses, and it does not grow for ever."""

from __future__ import annotations

import os

from generator import cache


def test_a_damaged_cache_file_is_a_miss(tmp_path):
    for data in (b"", b"\x80\x04pickle", b"[1, 2]", b"{not json"):
        (tmp_path / "x.json").write_bytes(data)
        assert cache.read_json(tmp_path / "x.json") is None


def test_unused_files_are_kept_for_an_undo_then_the_oldest_are_deleted(tmp_path):
    used = {f"u{i}.html" for i in range(10)}
    for i, name in enumerate(sorted(used) + [f"old{i:03d}.html" for i in range(128)]):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, ns=(i * 10**9, i * 10**9))
    cache.prune(tmp_path, used, ".html")
    assert len(list(tmp_path.iterdir())) == 138  # 128 unused: not more than twice 64, nothing deleted
    (tmp_path / "old999.html").write_text("x")  # one more: now they outnumber what is kept
    cache.prune(tmp_path, used, ".html")
    left = {p.name for p in tmp_path.iterdir()}
    assert used <= left and len(left - used) == 64
    assert "old999.html" in left and "old000.html" not in left  # the newest stay
