"""Content fingerprints use Python's own SHA-256, not OpenSSL's: the same digests as before
(a kiosk's fingerprint must not change with this), and libcrypto never loaded for them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers.fresh_python import loaded
from kiosk.content.sha256 import sha256

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("data", [b"", b"abc", "línea\u00a0ñ".encode(), bytes(range(256)) * 999])
def test_the_digest_is_sha256(data: bytes) -> None:
    fed = sha256()
    fed.update(data[:7])
    fed.update(data[7:])
    assert sha256(data).hexdigest() == fed.hexdigest() == hashlib.sha256(data).hexdigest()


def test_loading_and_fingerprinting_content_never_loads_openssl(tmp_path: Path) -> None:
    code = ("from pathlib import Path\n"
            "from kiosk.content.loader import load_library\n"
            "from kiosk.core import last_good, metrics\n"
            f"folder = Path({str(REPO / 'content')!r})\n"
            "result = [load_library(folder).ok, len(metrics.content_fingerprint(folder)), "
            "len(last_good.fingerprint(folder))]")
    assert loaded(code, ("_hashlib", "hashlib"), tmp_path) == ([True, 16, 64], [])
