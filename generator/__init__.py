"""Lapak: a static storefront generator for small online sellers."""

__version__ = "0.1.0"  # the one place the version is written: the package metadata (pyproject.toml) reads it


def code_digest() -> str:
    """A hash of Lapak's own code, so caches made by another version are never reused."""
    global _digest
    if _digest is None:
        import hashlib
        from pathlib import Path

        h = hashlib.sha256(__version__.encode())
        for path in sorted(Path(__file__).parent.rglob("*.py")):
            h.update(path.read_bytes())
        _digest = h.hexdigest()[:16]
    return _digest


_digest: str | None = None
