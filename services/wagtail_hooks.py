"""Admin integration: the catalogue's snippets and the "services due for review" report."""

import django_filters
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.base import PageReportView
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.models import ServicePage, ServiceSection, ServiceUnit


class ServiceSectionViewSet(SnippetViewSet):
    model = ServiceSection
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class ServiceUnitViewSet(SnippetViewSet):
    model = ServiceUnit
    icon = "site"
    list_display = ["name", "address"]
    search_fields = ["name", "address"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Service catalogue")
    menu_icon = "list-ul"
    menu_name = "service-catalogue"
    items = (ServiceSectionViewSet, ServiceUnitViewSet)


register_snippet(CatalogueGroup)


def _owners():
    return get_user_model().objects.filter(
        pk__in=ServicePage.objects.exclude(content_owner=None).values("content_owner")
    )


class ReviewReportFilterSet(WagtailFilterSet):
    content_owner = django_filters.ModelChoiceFilter(
        label=_("Content owner"), queryset=lambda request: _owners()
    )

    class Meta:
        model = ServicePage
        fields = ["content_owner"]


class ServicesDueForReviewView(PageReportView):
    """Service pages whose review-by date has passed, oldest first."""

    page_title = _("Services due for review")
    header_icon = "time"
    results_template_name = "services/admin/review_report_results.html"
    filterset_class = ReviewReportFilterSet
    index_url_name = "services_review_report"
    index_results_url_name = "services_review_report_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "review_by", "content_owner", "url_path"]
    export_headings = {"review_by": _("Review by"), "content_owner": _("Content owner")}

    def get_queryset(self):
        editable = page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
        self.queryset = (
            ServicePage.objects.filter(review_by__lt=timezone.localdate(), pk__in=editable.values("pk"))
            .select_related("content_owner", "locale")
            .order_by("review_by", "title")
        )
        return super().get_queryset()


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/services-due-for-review/",
            ServicesDueForReviewView.as_view(),
            name="services_review_report",
        ),
        path(
            "reports/services-due-for-review/results/",
            ServicesDueForReviewView.as_view(results_only=True),
            name="services_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        _("Services due for review"),
        reverse("services_review_report"),
        name="services-due-for-review",
        icon_name="time",
        order=1150,
    )


# --- Clerks: online applications inside the registry -------------------------------------------------


@hooks.register("register_admin_urls")
def register_application_urls():
    from django.urls import include

    from services import admin_urls

    return [path("registry/online-applications/", include(admin_urls, namespace="services_admin"))]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        from documents.permissions import has_registry_access

        return has_registry_access(request.user)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return ApplicationsMenuItem(
        _("Online applications"),
        reverse("services_admin:applications"),
        name="online-applications",
        icon_name="form",
        order=260,
    )


@hooks.register("registry_document_panels")
def application_panel(request, document):
    """For the registry's document page: the service and the form answers of an online application.

    The registry may render ``hooks.get_hooks("registry_document_panels")`` without importing services.
    """
    from django.template.loader import render_to_string

    from services.models import ServiceApplication

    application = ServiceApplication.objects.select_related("service").filter(document=document).first()
    if application is None:
        return ""
    context = {"application": application, **_service_links(request, application.service)}
    return render_to_string("services/admin/application_panel.html", context, request)


def _service_links(request, service) -> dict:
    """The public page of the service for everyone; its editor only for those Wagtail lets edit it.

    Clerks usually have no page permissions: a link to the editor would only show them "permission denied".
    """
    if service is None:
        return {"service_url": None, "can_edit_service": False}
    user = getattr(request, "user", None)
    return {
        "service_url": service.get_url(request) if service.live else None,
        "can_edit_service": bool(user and service.permissions_for_user(user).can_edit()),
    }
