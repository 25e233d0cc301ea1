"""Statistics for managers: per register and month — received, closed, overdue, median processing time.

Counting happens in the database (grouped by register and month); only the median needs the pairs of
dates of the documents closed in the period, converted to working days with one precomputed calendar
index, so the cost does not grow with the number of registers or months shown.

- received: documents registered in the month (cancelled ones excluded);
- closed: documents closed in the month;
- overdue: documents registered in the month that missed their deadline — closed after it, or still
  pending with the deadline passed;
- median_days: median working days from registration to closing, of documents closed in the month.
"""

import datetime
import statistics as pystats
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from documents.deadlines import working_day_index
from documents.models import Document, Register


@dataclass
class MonthStat:
    register_id: int
    register_index: str
    month: datetime.date  # the first day of the month
    received: int = 0
    closed: int = 0
    overdue: int = 0
    median_days: float | None = None


def _bounds(date_from: datetime.date, date_to: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from.replace(day=1), datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def monthly(date_from: datetime.date, date_to: datetime.date, registers=None, today=None) -> list[MonthStat]:
    """One ``MonthStat`` per register and month with any activity, sorted by register index and month.

    ``registers``: a queryset/list of registers (default: all). A fixed number of queries.
    """
    today = today or timezone.localdate()
    start, end = _bounds(date_from, date_to)
    docs = Document.objects.filter(is_cancelled=False)
    if registers is not None:
        docs = docs.filter(register__in=registers)
    stats: dict[tuple[int, datetime.date], MonthStat] = {}
    index_of = dict(Register.objects.values_list("pk", "index"))

    def row(register_id, month) -> MonthStat:
        key = (register_id, _month(month))
        if key not in stats:
            stats[key] = MonthStat(register_id, index_of[register_id], key[1])
        return stats[key]

    registered = docs.filter(registered_at__gte=start, registered_at__lt=end)
    late = Q(closed_at__isnull=False, deadline__lt=TruncDate("closed_at")) | Q(
        closed_at__isnull=True, status__in=Document.Status.pending(), deadline__lt=today
    )
    for r in (
        registered.annotate(m=TruncMonth("registered_at"))
        .values("register_id", "m")
        .annotate(received=Count("id"), overdue=Count("id", filter=late))
    ):
        s = row(r["register_id"], r["m"])
        s.received, s.overdue = r["received"], r["overdue"]

    closed = docs.filter(closed_at__gte=start, closed_at__lt=end)
    for r in closed.annotate(m=TruncMonth("closed_at")).values("register_id", "m").annotate(n=Count("id")):
        row(r["register_id"], r["m"]).closed = r["n"]

    pairs = closed.values_list("register_id", "registered_at", "closed_at").order_by()
    durations: dict[tuple[int, datetime.date], list[int]] = {}
    index = None
    for register_id, registered_at, closed_at in pairs.iterator(chunk_size=5000):
        a, b = timezone.localtime(registered_at).date(), timezone.localtime(closed_at).date()
        if index is None or a not in index or b not in index:
            index = working_day_index(min(a, date_from) - datetime.timedelta(days=400), max(b, date_to))
        durations.setdefault((register_id, b.replace(day=1)), []).append(index[b] - index[a])
    for (register_id, month), values in durations.items():
        row(register_id, month).median_days = float(pystats.median(values))
    return sorted(stats.values(), key=lambda s: (s.register_index, s.month))


CSV_HEADER = [
    pgettext_lazy("statistics CSV", "Register"),
    pgettext_lazy("statistics CSV", "Month"),
    pgettext_lazy("statistics CSV", "Received"),
    pgettext_lazy("statistics CSV", "Closed"),
    pgettext_lazy("statistics CSV", "Overdue"),
    pgettext_lazy("statistics CSV", "Median (working days)"),
]


def as_rows(stats: list[MonthStat]) -> list[list]:
    """Rows for a CSV or a table: the header first (in the active language)."""
    return [[str(title) for title in CSV_HEADER]] + [
        [
            s.register_index,
            f"{s.month:%m.%Y}",
            s.received,
            s.closed,
            s.overdue,
            "" if s.median_days is None else f"{s.median_days:g}",
        ]
        for s in stats
    ]


__all__ = ["CSV_HEADER", "MonthStat", "as_rows", "monthly"]
