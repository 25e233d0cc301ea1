"""The public catalogue: filters, search and the grouping by section."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from services.filters import ServiceFilter
from services.models import ServicePage, ServiceSection, ServiceTerm


def catalogue_context(index_page, request) -> dict:
    base = (
        ServicePage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("section")
        .prefetch_related(Prefetch("terms", queryset=ServiceTerm.objects.order_by("sort_order")))
        .order_by("section__sort_order", "section__name", "title")
    )
    filterset = ServiceFilter(request.GET or None, queryset=base, locale=index_page.locale)
    services = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    query = ""
    if filterset.is_bound and filterset.is_valid():
        query = (filterset.form.cleaned_data.get("q") or "").strip()
    if query:
        # Search only within what the filters left, best match first.
        ids = [page.pk for page in services.search(query, operator="and")]
        if not ids:
            ids = [page.pk for page in services.search(query, operator="or")]
        by_id = {page.pk: page for page in services.filter(pk__in=ids)}
        services = [by_id[pk] for pk in ids if pk in by_id]
    else:
        services = list(services)

    paginator = Paginator(services, index_page.page_size)
    page_obj = paginator.get_page(request.GET.get("page"))
    filtering = bool(query) or any(request.GET.get(name) for name in ("section", "online", "cost"))
    sections = []
    if not filtering:
        grouped: dict = {}
        for service in page_obj.object_list:
            grouped.setdefault(service.section, []).append(service)
        sections = list(grouped.items())
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return {
        "filter": filterset,
        "services_page": page_obj,
        "service_count": paginator.count,
        "query": query,
        "filtering": filtering,
        "sections_grouped": sections,
        "all_sections": ServiceSection.objects.filter(locale=index_page.locale),
        "page_querystring": querystring.urlencode(),
    }
