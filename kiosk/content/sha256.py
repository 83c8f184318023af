"""SHA-256 from Python's own small module rather than OpenSSL's.

`hashlib` loads OpenSSL's libcrypto the moment it is imported: about 3.5 MB resident that the
kiosk would carry all day for a few fingerprints of short texts and file lists. CPython ships
its own SHA-256 as a small extension module; the digests are the same bytes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

# Plain import statements, so PyInstaller sees and packs the module this Python has.
if TYPE_CHECKING:  # the same function, typed
    from hashlib import sha256
elif sys.version_info >= (3, 12):
    from _sha2 import sha256
else:
    from _sha256 import sha256

__all__ = ["sha256"]
