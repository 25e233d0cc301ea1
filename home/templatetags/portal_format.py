"""Formatting for citizens: dates the Bulgarian way and amounts in euro.

``{{ value|human_date }}`` → „1 ноември 2026 г.“ (bg) / “1 November 2026” (en);
``{{ value|human_datetime }}`` adds the local time;
``{{ amount|eur }}`` → „1 234,50 €“ (bg) / “€1,234.50” (en).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.numberformat import format as number_format

register = template.Library()

NBSP = "\u00a0"


def _lang():
    return (translation.get_language() or "bg").split("-")[0]


@register.filter
def human_date(value):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if _lang() == "bg":
        # Bulgarian writes month names in lower case („1 ноември 2026 г.“); Django's catalogue capitalises.
        month = dateformat.format(value, "F").lower()
        return f"{value.day}{NBSP}{month} {value.year}{NBSP}г."
    return dateformat.format(value, "j F Y")


@register.filter
def human_datetime(value):
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if _lang() == "bg":
        return f"{human_date(value)}, {dateformat.format(value, 'H:i')}{NBSP}ч."
    return f"{human_date(value)}, {dateformat.format(value, 'H:i')}"


@register.filter
def eur(value):
    """An amount in euro, rounded to cents; empty for an empty value, the value itself if not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return value
    if _lang() == "bg":
        text = number_format(amount, ",", 2, grouping=3, thousand_sep=NBSP, force_grouping=True)
        return f"{text}{NBSP}€"
    text = number_format(abs(amount), ".", 2, grouping=3, thousand_sep=",", force_grouping=True)
    return f"-€{text}" if amount < 0 else f"€{text}"
