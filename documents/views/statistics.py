"""Statistics for managers: per register and month — received, closed, overdue, median processing time in
working days (``documents.statistics``), as an SVG bar chart with the same figures in a table, and as CSV.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from documents import permissions
from documents import statistics as registry_statistics
from documents.forms import StatisticsForm
from documents.models import Register
from documents.views.base import RegistryView, forbidden
from documents.views.charts import Series, bar_chart, months_between

SERIES = [
    ("received", pgettext_lazy("statistics", "Received"), "#1f4e8c"),
    ("closed", pgettext_lazy("statistics", "Closed"), "#2b6a2f"),
    ("overdue", pgettext_lazy("statistics", "Overdue"), "#a4231a"),
]


def _compute(form):
    data = form.cleaned_data
    registers = [data["register"]] if data.get("register") else None
    return registry_statistics.monthly(data["date_from"], data["date_to"], registers=registers)


class StatisticsView(RegistryView):
    template_name = "documents/admin/statistics.html"
    page_title = gettext_lazy("Statistics")
    access_check = staticmethod(permissions.can_see_statistics)
    denied_message = gettext_lazy("Statistics are for managers.")

    def get(self, request):
        form = StatisticsForm(request.GET or None, initial={})
        if not form.is_bound:
            form = StatisticsForm(
                {
                    "date_from": form.fields["date_from"].initial.isoformat(),
                    "date_to": form.fields["date_to"].initial.isoformat(),
                }
            )
        charts = []
        rows = []
        if form.is_valid():
            stats = _compute(form)
            months = months_between(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
            series = [Series(key, str(label), colour) for key, label, colour in SERIES]
            by_register: dict[int, dict] = {}
            for stat in stats:
                entry = by_register.setdefault(stat.register_id, {"index": stat.register_index, "values": {}})
                for key, _label, _colour in SERIES:
                    entry["values"][(stat.month, key)] = getattr(stat, key)
                rows.append(stat)
            names = dict(Register.objects.filter(pk__in=by_register).values_list("pk", "name"))
            for register_id, entry in sorted(by_register.items(), key=lambda item: item[1]["index"]):
                charts.append(
                    {
                        "id": f"chart-{register_id}",
                        "title": f"{entry['index']} {names.get(register_id, '')}",
                        "chart": bar_chart(months, entry["values"], series),
                        "rows": [s for s in stats if s.register_id == register_id],
                    }
                )
        form.describe_widgets()
        return self.render(
            {
                "form": form,
                "charts": charts,
                "has_rows": bool(rows),
                "has_errors": bool(form.errors),
                "error_forms": [form],
                "csv_query": request.GET.urlencode(),
                "series": SERIES,
            }
        )


def statistics_csv(request):
    if not (permissions.has_registry_access(request.user) and permissions.can_see_statistics(request.user)):
        return forbidden(request, _("Statistics are for managers."))
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        return forbidden(request, _("Choose a valid period first."), status=400)
    out = io.StringIO()
    csv.writer(out).writerows(registry_statistics.as_rows(_compute(form)))
    data = form.cleaned_data
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"statistics-{data['date_from']}-{data['date_to']}.csv"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
