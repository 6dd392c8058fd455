"""sha256 of a text without importing hashlib, which loads OpenSSL: 2 ms of every `score` start."""

from __future__ import annotations

try:  # the interpreter's built-in implementation
    from _sha256 import sha256 as _new  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - other Python builds (3.12 names it _sha2)
    from hashlib import sha256 as _new


def sha256_hex(text: str) -> str:
    """The hex sha256 of `text` encoded as UTF-8."""
    return str(_new(text.encode("utf-8")).hexdigest())
