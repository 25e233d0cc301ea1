"""Admin additions: the "System status" page for superusers, the personal data export (superusers and
holders of ``portal.export_personal_data``) and the two-factor entry in the account menu."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal import personal_data, status
from portal.security import log_event


def system_status(request):
    if not request.user.is_superuser:
        log_event("permission.denied", request=request, view="system_status")
        raise PermissionDenied
    failed_count, failed = status.failed_tasks()
    context = {
        "page_title": _("System status"),
        "header_icon": "cogs",
        "versions": status.versions(),
        "checks": status.checks(),
        "pending": status.pending_tasks(),
        "failed_count": failed_count,
        "failed": failed,
        "backup": status.last_backup(),
        "journal": status.journal(),
        "seos": status.seos_messages(),
    }
    return TemplateResponse(request, "portal/system_status.html", context)


class PersonalDataExportForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))


def can_export_personal_data(user) -> bool:
    return user.is_superuser or user.has_perm("portal.export_personal_data")


def personal_data_export(request):
    """A data subject's request: everything the portal holds about one e-mail address, as a JSON file."""
    if not can_export_personal_data(request.user):
        log_event("permission.denied", request=request, view="personal_data_export")
        # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden(_("Only administrators may export personal data."))
    form = PersonalDataExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        data = personal_data.export(email)
        # The address itself stays out of the log: ids and counts answer "who exported how much, when".
        log_event(
            "personal_data.exported",
            request=request,
            sources=sorted(data),
            records=sum(len(v) for v in data.values()),
        )
        payload = json.dumps({"email": email, "data": data}, ensure_ascii=False, indent=2, default=str)
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    context = {"page_title": _("Personal data export"), "header_icon": "download", "form": form}
    return TemplateResponse(request, "portal/personal_data_export.html", context)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("system-status/", system_status, name="portal_system_status"),
        path("personal-data/", personal_data_export, name="portal_personal_data_export"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    url = reverse("portal_system_status")
    return SuperuserMenuItem(_("System status"), url, icon_name="cogs", order=10000)


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_export_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    url = reverse("portal_personal_data_export")
    return PersonalDataMenuItem(_("Personal data export"), url, icon_name="download", order=10010)


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    from portal.twofactor import has_confirmed_device

    if has_confirmed_device(request.user):
        return {
            "url": reverse("portal_2fa:recovery_codes"),
            "label": _("Recovery codes (two-factor authentication)"),
            "help_text": _("Create new recovery codes for when you do not have your phone."),
        }
    return {
        "url": reverse("portal_2fa:setup"),
        "label": _("Set up two-factor authentication"),
        "help_text": _("Log in with a code from an authenticator app as well as your password."),
    }
