"""Views outside the page tree: site search, robots.txt, sitemap.xml."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page, Site

from home.sitemaps import MultilingualSitemap

SEARCH_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    """Търсене: full-text search over the live public pages in the active language."""
    query = request.GET.get("q", "").strip()
    error = ""
    results = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("The search text is too long. Use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
    elif query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1)
        site = Site.find_for_request(request)
        if site is not None:
            home = site.root_page.localized
            pages = pages.descendant_of(home, inclusive=True)
        results = Paginator(pages.search(query), SEARCH_PER_PAGE).get_page(request.GET.get("page"))
        # Titles come with the search; summaries need the specific pages of this one results page.
        specific = Page.objects.filter(pk__in=[p.pk for p in results.object_list]).specific().in_bulk()
        results.object_list = [specific[p.pk] for p in results.object_list if p.pk in specific]
    return TemplateResponse(
        request, "home/search.html", {"search_query": query, "results": results, "error": error}
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/"]
    # Search results are endless combinations of the same pages: keep crawlers out of them in every language.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('search')}")
    lines += [
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": MultilingualSitemap})
