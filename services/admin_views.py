"""Clerk screens of the e-services, inside the registry: the online applications with their service and
answers, each linked to its document in the registry (where clerks assign, answer and close)."""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import Document
from documents.views.base import RegistryView, Window, document_queryset, page_number
from services.models import ServiceApplication, ServicePage


class ApplicationFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"), required=False, queryset=ServicePage.objects.none()
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServicePage.objects.filter(
            pk__in=ServiceApplication.objects.values("service")
        ).order_by("title")
        self.fields["status"].choices = [("", _("All"))] + list(Document.Status.choices)


def visible_applications(user):
    """The applications whose document ``user`` may see in the registry."""
    return ServiceApplication.objects.filter(document__in=document_queryset(user).values("pk"))


class ApplicationListView(RegistryView):
    template_name = "services/admin/application_list.html"
    page_title = gettext_lazy("Online applications")
    header_icon = "form"
    per_page = 50

    def extra_breadcrumbs(self):
        return []

    def get(self, request):
        form = ApplicationFilterForm(request.GET or None)
        applications = visible_applications(request.user).select_related("document", "service")
        if form.is_valid():
            if form.cleaned_data["service"]:
                applications = applications.filter(service=form.cleaned_data["service"])
            if form.cleaned_data["status"]:
                applications = applications.filter(document__status=form.cleaned_data["status"])
        window = Window(applications.order_by("-submitted_at", "-pk"), page_number(request), self.per_page)
        return self.render({"form": form, "window": window})


class ApplicationDetailView(RegistryView):
    template_name = "services/admin/application_detail.html"
    page_title = gettext_lazy("Online application")
    header_icon = "form"

    def extra_breadcrumbs(self):
        return [{"url": reverse("services_admin:applications"), "label": _("Online applications")}]

    def get(self, request, pk):
        application = get_object_or_404(
            visible_applications(request.user).select_related("document__register", "service"), pk=pk
        )
        self.page_title = application.incoming_number
        return self.render(
            {
                "application": application,
                "events": list(application.events.select_related("related_document")),
            }
        )
