"""Opening hours: the text staff write, whether the clinic is open at a given time, and when
that next changes (weekday boundaries, midnight, a DST day); bad texts get a clear message."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.config import Settings, load_settings
from kiosk.core.opening_hours import ALWAYS, OpeningHoursError, is_open, next_change, parse

WEEK = parse("Mon-Fri 07:30-18:00; Sat 08:00-12:00")
# 2026-11-30 is a Monday.


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """`day`: 0 for Monday 30 November 2026, 6 for the Sunday, 7 for the next Monday."""
    return datetime.combine(date(2026, 11, 30) + timedelta(days=day), time(hour, minute))


def test_weekdays_and_saturday_morning() -> None:
    assert not is_open(WEEK, at(0, 7, 29))
    assert is_open(WEEK, at(0, 7, 30))
    assert is_open(WEEK, at(4, 17, 59))
    assert not is_open(WEEK, at(4, 18, 0))  # the end minute is closed
    assert is_open(WEEK, at(5, 11, 0))
    assert not is_open(WEEK, at(5, 12, 0))
    assert not is_open(WEEK, at(6, 10, 0))  # Sunday


def test_empty_is_always_open() -> None:
    assert parse("  ") == ALWAYS
    assert is_open(ALWAYS, at(6, 3))
    assert next_change(ALWAYS, at(6, 3)) is None


def test_next_change_crosses_the_weekend() -> None:
    assert next_change(WEEK, at(0, 6, 0)) == at(0, 7, 30)
    assert next_change(WEEK, at(0, 7, 30)) == at(0, 18, 0)
    assert next_change(WEEK, at(5, 12, 0)) == at(7, 7, 30)  # Saturday → Monday


def test_lists_several_ranges_and_full_day_names() -> None:
    hours = parse("Mon,wednesday 08:00-12:00, 13:00-17:00")
    assert is_open(hours, at(2, 9))
    assert not is_open(hours, at(2, 12, 30))
    assert is_open(hours, at(2, 13))
    assert not is_open(hours, at(1, 9))  # Tuesday
    assert next_change(hours, at(0, 12, 0)) == at(0, 13, 0)


def test_open_through_midnight_with_24_00() -> None:
    hours = parse("Fri 20:00-24:00; Sat 00:00-02:00; Sat-Mon 10:00-11:00")
    assert is_open(hours, at(4, 23, 59))
    assert is_open(hours, at(5, 0, 0))
    # Friday 24:00 and Saturday 00:00 are one opening: the next change is Saturday 02:00.
    assert next_change(hours, at(4, 21, 0)) == at(5, 2, 0)
    assert is_open(hours, at(0, 10, 30))  # Sat-Mon wraps round to Monday
    assert not is_open(hours, at(1, 10, 30))


def test_dst_day_reads_the_wall_clock() -> None:
    """Sunday 29 March 2026 in Berlin: 02:00 becomes 03:00. Opening at 08:00 is 08:00 local."""
    berlin = ZoneInfo("Europe/Berlin")
    hours = parse("Sun 08:00-12:00")
    night = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)
    opening = next_change(hours, night)
    assert opening == datetime(2026, 3, 29, 8, 0, tzinfo=berlin)
    assert opening is not None
    assert opening.utcoffset() == datetime(2026, 3, 30, 8, tzinfo=berlin).utcoffset()
    # Five and a half real hours from 01:30 (an hour skipped), not six and a half.
    assert opening.timestamp() - night.timestamp() == 5.5 * 3600
    assert is_open(hours, datetime(2026, 3, 29, 9, 0, tzinfo=berlin))


@pytest.mark.parametrize(("text", "says"), [
    ("Mon-Fri 7.30-18:00", '"7.30" is not a time'),
    ("Mon-Fri 07:30-25:00", '"25:00" is not a time'),
    ("Mon-Fri 24:00-24:00", '"24:00" is not a time'),
    ("Fri 22:00-02:00", 'runs past midnight, which is not allowed: end the day at 24:00 and '
                        'start the next at 00:00, like "Fri 22:00-24:00; Sat 00:00-02:00"'),
    ("Mon-Fry 07:30-18:00", '"Fry" is not a day: write Mon, Tue'),
    ("07:30-18:00", '"07:30-18:00" needs day names and then times'),
    ("Mon 09:00-09:00", '"09:00-09:00" ends when it starts'),
    ("Mon 09:00", '"09:00" is not a time range'),
    ("Mon-Wed-Fri 09:00-10:00", '"Mon-Wed-Fri" is not a day or a range of days'),
    (";", "no opening times found"),
])
def test_bad_text_says_which_part_is_wrong(text: str, says: str) -> None:
    with pytest.raises(OpeningHoursError) as caught:
        parse(text)
    assert says in str(caught.value)


def test_bad_setting_is_a_problem_naming_the_key_and_the_kiosk_stays_on(
        tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Clinic"\nopening_hours = "Mon-Fry 07:30-18:00"\n',
                    encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings(clinic_name="Clinic")  # opening_hours "": always on
    assert [p.format() for p in problems] == [
        f'{path}:2: warning: `opening_hours = "Mon-Fry 07:30-18:00"`: "Fry" is not a day: '
        "write Mon, Tue, Wed, Thu, Fri, Sat or Sun. Write it like "
        '"Mon-Fri 07:30-18:00; Sat 08:00-12:00"; until it is fixed, the kiosk stays on all day']


def test_good_settings_load(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('opening_hours = "Mon-Fri 07:30-18:00"\nwake_minutes = 5\n'
                    "sleep_command = \"wlopm --off '*'\"\n", encoding="utf-8")
    assert load_settings(path) == (Settings(opening_hours="Mon-Fri 07:30-18:00",
                                            wake_minutes=5.0,
                                            sleep_command="wlopm --off '*'"), [])


def test_a_command_with_an_open_quote_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("wake_command = \"wlopm --on '*\"\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.wake_command == ""
    assert "`wake_command = \"wlopm --on '*\"`: is not a command line" in problems[0].message
