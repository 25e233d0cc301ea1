"""The expected completion date of an application, from the chosen term (working days through the
registry's calendar of Bulgarian holidays)."""

import datetime

from django.utils import timezone

from services.choices import DurationUnit


def expected_completion(duration: int, unit: str, received_at: datetime.datetime) -> datetime.date:
    from documents.deadlines import add_working_days, next_working_day

    local = timezone.localtime(received_at)
    if unit == DurationUnit.HOURS:
        return next_working_day((local + datetime.timedelta(hours=duration)).date())
    if unit == DurationUnit.CALENDAR_DAYS:
        # A term in days that ends on a day off moves to the next working day.
        return next_working_day(local.date() + datetime.timedelta(days=duration))
    return add_working_days(local.date(), duration)
