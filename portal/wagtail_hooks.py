"""Admin additions: the "System status" page for superusers and the two-factor entry in the account menu."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal import status
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


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("system-status/", system_status, name="portal_system_status")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    url = reverse("portal_system_status")
    return SuperuserMenuItem(_("System status"), url, icon_name="cogs", order=10000)


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
