"""Working days under Bulgarian law: weekends, public holidays, Orthodox Easter, moved days."""

import datetime

import pytest

from documents.deadlines import (
    add_working_days,
    due_soon,
    holiday_name,
    is_overdue,
    is_working_day,
    next_working_day,
    working_day_index,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 4, 9), True),  # Maundy Thursday
        (D(2026, 4, 10), False),  # Good Friday (Orthodox)
        (D(2026, 4, 13), False),  # Easter Monday
        (D(2026, 4, 14), True),
        (D(2025, 4, 18), False),  # Good Friday 2025: Orthodox and Western Easter coincide
        (D(2027, 4, 30), False),  # Good Friday 2027 (Orthodox Easter 2 May)
        (D(2027, 3, 26), True),  # Western Good Friday 2027 is a working day here
        (D(2026, 3, 3), False),  # Liberation Day
        (D(2026, 5, 25), False),  # 24 May on a Sunday: the Monday is off
        (D(2026, 12, 28), False),  # Christmas on a Saturday: the Monday is off
        (D(2026, 1, 2), False),  # declared non-working day
        (D(2016, 3, 12), True),  # a Saturday worked to make up for 4 March 2016
        (D(2016, 3, 4), False),
        (D(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_holiday_names_are_bulgarian():
    assert holiday_name(D(2026, 4, 12)) == "Великден"
    assert holiday_name(D(2026, 4, 14)) == ""


def test_add_working_days_skips_easter():
    # Registered on Thursday 9 April 2026: Friday to Monday are off, so 1 working day later is Tuesday 14.
    assert add_working_days(D(2026, 4, 9), 1) == D(2026, 4, 14)
    assert add_working_days(D(2026, 4, 9), 14) == D(2026, 5, 4)  # 1 May is Labour Day


def test_add_working_days_over_christmas_and_new_year():
    # 24-26 December off, 27 a Sunday, 28 the Monday for Christmas on a Saturday, 1 January off.
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 23), 3) == D(2026, 12, 31)
    assert add_working_days(D(2026, 12, 23), 4) == D(2027, 1, 4)


def test_zero_days_and_next_working_day():
    assert add_working_days(D(2026, 4, 10), 0) == D(2026, 4, 14)
    assert next_working_day(D(2026, 4, 14)) == D(2026, 4, 14)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 4, 10), -1)


def test_moved_days_from_settings(settings):
    settings.REGISTRY_EXTRA_DAYS_OFF = ["2027-05-07"]
    settings.REGISTRY_EXTRA_WORKING_DAYS = ["2027-05-15"]
    assert not is_working_day(D(2027, 5, 7))
    assert is_working_day(D(2027, 5, 15))


def test_between_and_index_agree():
    start, end = D(2026, 3, 25), D(2026, 5, 31)
    index = working_day_index(start, end)
    for a, b in [(D(2026, 4, 1), D(2026, 4, 20)), (start, end), (D(2026, 4, 10), D(2026, 4, 13))]:
        assert index[b] - index[a] == working_days_between(a, b)
    assert working_days_between(D(2026, 4, 9), D(2026, 4, 14)) == 1


def test_overdue_and_due_soon():
    today = D(2026, 4, 9)
    assert is_overdue(D(2026, 4, 8), today) and not is_overdue(today, today) and not is_overdue(None, today)
    assert due_soon(D(2026, 4, 15), today, days=2)  # two working days after Thursday 9 April: 15 April
    assert not due_soon(D(2026, 4, 16), today, days=2)
    assert not due_soon(D(2026, 4, 8), today, days=2)
