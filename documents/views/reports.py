"""The register journal (деловоден дневник) for a date range: PDF through the registry's Celery task, CSV
at once.

The PDF may take a while for a long range, so it is rendered by ``tasks.render_register_journal`` and the
browser is sent to a small "being prepared" page that looks at the task's result; with eager Celery (the
embedded default) the file is ready straight away. The file itself is served by the permission-checked
``generated_file`` download.
"""

from celery.result import AsyncResult
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import permissions, tasks
from documents.forms import JournalForm
from documents.models import GeneratedFile, Register
from documents.views.base import RegistryView, forbidden, hidden, url


def journal_registers(user):
    """Registers whose journal the user may take: managers all, registrars those they work in."""
    if permissions.is_manager(user):
        return Register.objects.order_by("index")
    if permissions.is_registrar(user):
        return Register.objects.filter(groups__in=user.groups.all()).distinct().order_by("index")
    return Register.objects.none()


def _can_take_journal(user) -> bool:
    return permissions.is_manager(user) or permissions.is_registrar(user)


class JournalView(RegistryView):
    template_name = "documents/admin/journal.html"
    page_title = gettext_lazy("Register journal")
    access_check = staticmethod(_can_take_journal)
    denied_message = gettext_lazy("Only registrars and managers take the register journal.")

    def get(self, request):
        registers = journal_registers(request.user)
        bound = "register" in request.GET
        form = JournalForm(request.GET if bound else None, registers=registers)
        if bound and form.is_valid():
            data = form.cleaned_data
            register = data["register"]
            # Same rule as the download itself (documents.permissions.can_download).
            if not permissions.can_download(request.user, GeneratedFile(register=register)):
                raise hidden(request, register=register.pk)
            if data["format"] == "csv":
                return self.csv(register, data["date_from"], data["date_to"])
            result = tasks.render_register_journal.delay(
                register.pk, data["date_from"].isoformat(), data["date_to"].isoformat()
            )
            if result.ready() and result.successful():
                return redirect(url("generated_file", result.result))
            return redirect(url("task", result.id))
        form.describe_widgets()
        return self.render({"form": form, "has_errors": bool(form.errors), "error_forms": [form]})

    def csv(self, register, date_from, date_to):
        body = tasks.journal_csv(register, date_from, date_to)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"journal-{register.index}-{date_from}-{date_to}.csv"
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


def task_status(request, task_id: str):
    """Where a queued journal PDF is: ready (go to the download), failed, or still being prepared."""
    if not _can_take_journal(request.user):
        return forbidden(request)
    result = AsyncResult(task_id)
    if result.successful():
        generated = GeneratedFile.objects.filter(pk=result.result).select_related("register").first()
        if generated is None:
            raise Http404
        if not permissions.can_download(request.user, generated):
            raise hidden(request, generated_file=generated.pk, register=generated.register_id)
        return redirect(url("generated_file", generated.pk))
    failed = result.failed()
    title = _("Register journal")
    return TemplateResponse(
        request,
        "documents/admin/being_prepared.html",
        {
            "title": title,
            "failed": failed,
            "retry_url": url("task", task_id),
            "back_url": url("journal"),
            "header_title": title,
            "page_title": title,
            "breadcrumbs_items": [],
        },
        status=500 if failed else 202,
    )
