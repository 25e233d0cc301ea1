from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from services.blocks import format_provision
from services.choices import DurationUnit

register = template.Library()


@register.filter
def provision(value) -> str:
    return format_provision(value)


@register.simple_tag(takes_context=True)
def routeurl(context, page, name, *args):
    """URL of a route of a RoutablePageMixin page, e.g. ``{% routeurl page "apply" %}``."""
    return page.get_url(context.get("request")) + page.reverse_subpage(name, args=args)


@register.filter
def eur(value) -> str:
    """'5,11 €' (two decimals, the current language's separator)."""
    if value is None or value == "":
        return gettext("free of charge")
    return f"{number_format(Decimal(value), 2, use_l10n=True)}\u00a0€"


@register.filter
def term_text(term) -> str:
    n = term.duration
    if term.unit == DurationUnit.HOURS:
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    if term.unit == DurationUnit.CALENDAR_DAYS:
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}
