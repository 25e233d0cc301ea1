"""Which pages the public may see, computed once per request.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is called; a page render
calls it for the menu, the footer links, the listing... Here the restrictions are read once per request
and the same condition is reused.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


def private_q(request=None):
    """A Q matching pages in private sections (like ``Page.objects.private_q()``), cached on the request."""
    cached = getattr(request, "_home_private_q", None) if request is not None else None
    if cached is not None:
        return cached
    q = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        q |= Page.objects.descendant_of_q(restriction.page, inclusive=True)
    q = q if q else Q(pk__in=[])
    if request is not None:
        request._home_private_q = q
    return q


def public(queryset, request=None):
    return queryset.exclude(private_q(request))
