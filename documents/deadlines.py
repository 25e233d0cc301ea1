"""Deadlines in working days under Bulgarian law.

Non-working days: Saturdays, Sundays and the public holidays of the Labour Code (чл. 154 КТ), including
Orthodox Easter (Good Friday to Easter Monday) and the days off moved to the next working day when a
holiday falls on a weekend — all from the maintained ``holidays`` package (``holidays.Bulgaria``). The
package also models the Council of Ministers' moved days (a weekday off worked off on a Saturday:
``weekend_workdays``) for the years it knows (up to 2016, and single non-working days such as 31.12.2025
and 02.01.2026). A decision the installed package does not know yet is added in settings:

- ``REGISTRY_EXTRA_DAYS_OFF``: dates declared non-working (e.g. ``["2027-05-07"]``),
- ``REGISTRY_EXTRA_WORKING_DAYS``: Saturdays declared working days to make up for them.

``REGISTRY_DUE_SOON_DAYS`` (default 3): how many working days ahead counts as "due soon".
"""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.Bulgaria(years=year, language="bg")


def _dates(setting: str) -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(str(d)) for d in getattr(settings, setting, ()))


def is_working_day(day: datetime.date) -> bool:
    """True on a day the administration works."""
    if day in _dates("REGISTRY_EXTRA_WORKING_DAYS"):
        return True
    if day in _dates("REGISTRY_EXTRA_DAYS_OFF"):
        return False
    return _calendar(day.year).is_working_day(day)


def holiday_name(day: datetime.date) -> str:
    """The Bulgarian name of the holiday on ``day`` (empty if none)."""
    return _calendar(day.year).get(day, "")


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself if it is a working day, else the next one (a term ending on a day off moves on)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted); ``days=0`` gives the
    next working day on or after ``start``."""
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    remaining = days
    if remaining == 0:
        return next_working_day(day)
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def working_day_index(start: datetime.date, end: datetime.date) -> dict[datetime.date, int]:
    """For many differences at once (statistics): date -> number of working days since ``start``.
    ``index[b] - index[a]`` equals ``working_days_between(a, b)`` for ``start <= a <= b <= end``."""
    index, count, day = {}, 0, start
    while day <= end:
        if day != start and is_working_day(day):
            count += 1
        index[day] = count
        day += datetime.timedelta(days=1)
    return index


def due_soon_days() -> int:
    return int(getattr(settings, "REGISTRY_DUE_SOON_DAYS", 3))


def due_soon_limit(today: datetime.date | None = None, days: int | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return add_working_days(today, due_soon_days() if days is None else days)


def is_overdue(deadline: datetime.date | None, today: datetime.date | None = None) -> bool:
    """The deadline has passed (the deadline day itself is still in time)."""
    return deadline is not None and deadline < (today or timezone.localdate())


def due_soon(
    deadline: datetime.date | None, today: datetime.date | None = None, days: int | None = None
) -> bool:
    """The deadline is today or within the next ``days`` working days."""
    if deadline is None:
        return False
    today = today or timezone.localdate()
    return today <= deadline <= due_soon_limit(today, days)
