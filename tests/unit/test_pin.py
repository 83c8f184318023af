"""The staff PIN: salted scrypt hashes, and a pad that backs off guessing."""

from __future__ import annotations

import pytest

from kiosk.core.pin import PinGuard, hash_pin, is_pin_hash, valid_pin, verify_pin


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("2468")


class Clock:
    """A clock the test moves by hand: no test waits for real time."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_hash_round_trip(stored: str) -> None:
    """The PIN that was hashed verifies against its hash."""
    assert verify_pin("2468", stored)


def test_hash_format(stored: str) -> None:
    """The stored form names the algorithm and its costs, then salt and key in hex."""
    name, n, r, p, salt, key = stored.split("$")
    assert (name, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16
    assert len(bytes.fromhex(key)) == 32
    assert "2468" not in stored


def test_salt_differs_each_time() -> None:
    """Hashing the same PIN twice gives two different strings, both valid."""
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_pin("2468", first)
    assert verify_pin("2468", second)


@pytest.mark.parametrize("pin", ["2469", "24680", "", "246", "２４６８"])
def test_wrong_pin_fails(stored: str, pin: str) -> None:
    """Any other PIN, including look-alike digits, does not verify."""
    assert not verify_pin(pin, stored)


@pytest.mark.parametrize("bad", [
    "", "2468", "scrypt$16384$8$1$zz$00", "bcrypt$16384$8$1$00112233445566778899aabbccddeeff$00",
    "scrypt$16384$8$1$00112233445566778899aabbccddeeff",
    "scrypt$16385$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,  # N not a power of 2
    "scrypt$1073741824$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,  # 1 TB of memory
    "scrypt$16384$0$1$00112233445566778899aabbccddeeff$" + "00" * 32,
    "scrypt$16384$8$1$00112233445566778899aabbccddeef$" + "00" * 32,  # odd hex length
    "scrypt$16384$8$1$00112233445566778899aabbccddeeff$" + "00" * 32 + "\n",
])
def test_malformed_stored_hash_is_false_not_an_error(bad: str) -> None:
    """A damaged or hand-edited hash never matches and never raises."""
    assert not is_pin_hash(bad)
    assert verify_pin("2468", bad) is False


def test_non_string_stored_value_is_false() -> None:
    """Even a value of the wrong type (a config slip) is just "no match"."""
    assert verify_pin("2468", None) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(("pin", "ok"), [
    ("1234", True), ("123456789012", True), ("0000", True),
    ("123", False), ("1234567890123", False), ("12a4", False), (" 1234", False),
    ("１２３４", False), ("12²4", False), ("", False),
])
def test_valid_pin_is_4_to_12_ascii_digits(pin: str, ok: bool) -> None:
    """Only what the on-screen pad can type is a valid PIN."""
    assert valid_pin(pin) is ok


def test_guard_accepts_the_right_pin(stored: str) -> None:
    """The correct PIN opens the pad at once."""
    assert PinGuard(stored, Clock()).try_pin("2468") == "ok"


def test_guard_locks_after_five_wrong_for_60_seconds(stored: str) -> None:
    """Five wrong PINs lock the pad for 60 s; even the right PIN is refused until then."""
    clock = Clock()
    guard = PinGuard(stored, clock)
    assert [guard.try_pin("0000") for _ in range(5)] == ["wrong"] * 5
    assert guard.locked_for() == 60
    assert guard.try_pin("2468") == "locked"
    clock.t += 59
    assert guard.try_pin("2468") == "locked"
    assert guard.locked_for() == pytest.approx(1)
    clock.t += 1
    assert guard.locked_for() == 0
    assert guard.try_pin("2468") == "ok"


def test_guard_four_wrong_do_not_lock(stored: str) -> None:
    """Up to four slips are allowed without a lockout, and the guard says how many remain."""
    guard = PinGuard(stored, Clock())
    for left in (4, 3, 2, 1):
        assert guard.try_pin("1111") == "wrong"
        assert guard.tries_left() == left
    assert guard.locked_for() == 0


def test_guard_lock_doubles_and_is_capped_at_an_hour(stored: str) -> None:
    """Each further lockout doubles: 60, 120, 240, … up to 3600 s."""
    clock = Clock()
    guard = PinGuard(stored, clock)
    seen = []
    for _ in range(9):
        for _ in range(5):
            assert guard.try_pin("9999") == "wrong"
        seen.append(guard.locked_for())
        clock.t += guard.locked_for()
    assert seen == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_locked_attempts_do_not_count(stored: str) -> None:
    """PINs typed while locked are not counted toward the next lockout."""
    clock = Clock()
    guard = PinGuard(stored, clock)
    for _ in range(5):
        guard.try_pin("9999")
    for _ in range(20):
        assert guard.try_pin("9999") == "locked"
    clock.t += 60
    assert guard.tries_left() == 5


def test_correct_pin_resets_the_backoff(stored: str) -> None:
    """After a success, the next lockout is back to 60 s."""
    clock = Clock()
    guard = PinGuard(stored, clock)
    for _ in range(2):
        for _ in range(5):
            guard.try_pin("9999")
        clock.t += guard.locked_for()
    guard.try_pin("1")
    assert guard.try_pin("2468") == "ok"
    assert guard.tries_left() == 5
    for _ in range(5):
        guard.try_pin("9999")
    assert guard.locked_for() == 60


def test_no_pin_set_never_opens() -> None:
    """With no hash configured, no PIN is right: the panel stays shut (and guessing locks)."""
    guard = PinGuard("", Clock())
    assert not guard.pin_set
    assert [guard.try_pin("0000") for _ in range(6)] == ["wrong"] * 5 + ["locked"]
