"""The staff PIN: kept only as a salted scrypt hash, checked in constant time, and guarded
against guessing by a lockout that doubles (docs/staff-guide.md). No Qt here."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Literal

# scrypt's interactive-login cost (about 16 MB, tens of ms): cheap for one staff login, slow
# for anyone who copies the config file and tries all 10^4 four-digit PINs.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
_HASH = re.compile(r"scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})"  # N, r, p
                   r"\$([0-9a-f]{16,128})\$([0-9a-f]{32,128})")  # salt, key
_PIN = re.compile(r"[0-9]{4,12}")  # ASCII digits only: str.isdigit() accepts "²" and "٣"


def valid_pin(pin: str) -> bool:
    """4 to 12 digits: what the on-screen PIN pad can type."""
    return _PIN.fullmatch(pin) is not None


# hashlib, hmac and secrets are imported where a PIN is hashed or checked: they load OpenSSL's
# libcrypto (about 4.5 MB), which a kiosk otherwise never needs before staff log in.


def hash_pin(pin: str) -> str:
    """`scrypt$N$r$p$<salt hex>$<hash hex>`, with a fresh random salt each time."""
    import secrets  # noqa: PLC0415 - see above

    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(pin, salt, (N, R, P), KEY_BYTES)
    return f"scrypt${N}${R}${P}${salt.hex()}${key.hex()}"


def is_pin_hash(stored: str) -> bool:
    """Whether `stored` has the shape hash_pin writes, with costs this module accepts."""
    return _parse(stored) is not None


def verify_pin(pin: str, stored: str) -> bool:
    """True only when `pin` matches; False for any malformed `stored` value. Never raises."""
    parsed = _parse(stored)
    if parsed is None or not isinstance(pin, str):
        return False
    n, r, p, salt, expected = parsed
    try:
        key = _scrypt(pin, salt, (n, r, p), len(expected))
    except (ValueError, MemoryError, OverflowError):
        return False
    import hmac  # noqa: PLC0415 - see hash_pin

    return hmac.compare_digest(key, expected)


def _parse(stored: object) -> tuple[int, int, int, bytes, bytes] | None:
    match = _HASH.fullmatch(stored) if isinstance(stored, str) else None
    if match is None:
        return None
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    salt, key = match.group(4), match.group(5)
    # Bounds keep a hand-edited hash from asking for gigabytes of memory or minutes of CPU.
    if n < 2 or n & (n - 1) or n > 2**20 or not 1 <= r <= 32 or not 1 <= p <= 16:
        return None
    if len(salt) % 2 or len(key) % 2:
        return None
    return n, r, p, bytes.fromhex(salt), bytes.fromhex(key)


def _scrypt(pin: str, salt: bytes, costs: tuple[int, int, int], length: int) -> bytes:
    import hashlib  # noqa: PLC0415 - see hash_pin

    n, r, p = costs
    maxmem = 128 * r * (n + p + 2) + 1024 * 1024  # what these costs need, plus headroom
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=maxmem,
                          dklen=length)


class PinGuard:
    """Checks PINs at the staff pad and backs off guessing: after MAX_TRIES wrong PINs the pad
    locks for 60 s, and each further lockout doubles it (60, 120, 240, … capped at an hour).
    A correct PIN resets both counts. `now` is the clock, so tests can drive time."""

    MAX_TRIES = 5
    FIRST_LOCK_S = 60.0
    MAX_LOCK_S = 3600.0

    def __init__(self, pin_hash: str, now: Callable[[], float] = time.monotonic) -> None:
        self._hash = pin_hash
        self._now = now
        self._wrong = 0  # wrong PINs since the last lockout or success
        self._lockouts = 0  # lockouts since the last success
        self._locked_until = 0.0

    @property
    def pin_set(self) -> bool:
        """Without a valid stored hash no PIN can ever be right: the panel stays shut."""
        return is_pin_hash(self._hash)

    def locked_for(self) -> float:
        """Seconds until the pad accepts PINs again; 0 when it does now."""
        return max(0.0, self._locked_until - self._now())

    def tries_left(self) -> int:
        """Wrong PINs still allowed before the next lockout."""
        return self.MAX_TRIES - self._wrong

    def try_pin(self, pin: str) -> Literal["ok", "wrong", "locked"]:
        if self.locked_for() > 0:
            return "locked"  # not even checked: a locked pad must not leak which PIN is right
        if verify_pin(pin, self._hash):
            self._wrong = self._lockouts = 0
            return "ok"
        self._wrong += 1
        if self._wrong >= self.MAX_TRIES:
            lock = min(self.FIRST_LOCK_S * 2 ** min(self._lockouts, 16), self.MAX_LOCK_S)
            self._locked_until = self._now() + lock
            self._lockouts += 1
            self._wrong = 0
        return "wrong"
