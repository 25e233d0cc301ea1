"""The registry in the Wagtail admin: the "Деловодство" menu, its URLs and the dashboard panel.

Only users with registry access (``permissions.has_registry_access``) see the menu or the panel; editors
see neither. The menu lists a link per register, worked out per request (registers are rows, not code).
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from documents import permissions
from documents.configuration import department_viewset, register_viewset
from documents.views import urls as registry_urls
from documents.views.base import url
from documents.views.dashboard import RegistryPanel
from documents.views.lists import registers_for_menu


def _can_register_incoming(user) -> bool:
    return permissions.is_manager(user) or permissions.is_registrar(user)


class RegistryMenuItem(MenuItem):
    """A link shown to registry users for whom ``check(user)`` holds."""

    def __init__(self, label, url_name, *, check=permissions.has_registry_access, **kwargs):
        self.url_name = url_name
        self.check = check
        super().__init__(label, "", **kwargs)

    def is_shown(self, request):
        return permissions.has_registry_access(request.user) and self.check(request.user)

    def render_component(self, request):
        self.url = url(self.url_name)
        return super().render_component(request)


class RegisterMenuItem(MenuItem):
    """The list of one register (built per request)."""

    def is_shown(self, request):
        return True


class RegistryMenu(Menu):
    """The fixed items, with one item per register the user works with inserted after "All documents"."""

    def menu_items_for_request(self, request):
        items = super().menu_items_for_request(request)
        if not permissions.has_registry_access(request.user):
            return []
        cache_name = "_registry_menu_registers"
        registers = getattr(request, cache_name, None)
        if registers is None:
            registers = list(registers_for_menu(request.user))
            setattr(request, cache_name, registers)
        for position, register in enumerate(registers):
            items.append(
                RegisterMenuItem(
                    f"{register.index} {register.name}",
                    url("register_documents", register.pk),
                    name=f"registry-register-{register.pk}",
                    icon_name="folder-inverse",
                    order=300 + position,
                )
            )
        return items


registry_menu = RegistryMenu(
    items=[
        RegistryMenuItem(_("Overview"), "index", name="registry-index", icon_name="home", order=100),
        RegistryMenuItem(_("My tasks"), "my_tasks", name="registry-my-tasks", icon_name="tasks", order=150),
        RegistryMenuItem(
            _("All documents"), "documents", name="registry-documents", icon_name="list-ul", order=200
        ),
        RegistryMenuItem(
            _("Register incoming"),
            "register_incoming",
            name="registry-register-incoming",
            icon_name="download",
            check=_can_register_incoming,
            order=600,
        ),
        RegistryMenuItem(
            _("Register outgoing"),
            "register_outgoing",
            name="registry-register-outgoing",
            icon_name="upload",
            order=650,
        ),
        RegistryMenuItem(
            _("Register journal"),
            "journal",
            name="registry-journal",
            icon_name="doc-full",
            check=_can_register_incoming,  # the same people: managers and registrars
            order=700,
        ),
        RegistryMenuItem(
            _("Statistics"),
            "statistics",
            name="registry-statistics",
            icon_name="table",
            check=permissions.can_see_statistics,
            order=750,
        ),
    ]
)


@hooks.register("register_admin_menu_item")
def register_registry_menu():
    return SubmenuMenuItem(
        _("Registry"), registry_menu, name="registry", icon_name="folder-open-inverse", order=250
    )


@hooks.register("register_admin_urls")
def register_registry_urls():
    return [path("registry/", include(registry_urls, namespace="documents_admin"))]


@hooks.register("register_admin_viewset")
def register_configuration_viewsets():
    # Registers and departments: under Settings, for superusers and holders of the model permissions.
    return [register_viewset, department_viewset]


@hooks.register("construct_homepage_panels")
def add_registry_panel(request, panels):
    if permissions.has_registry_access(request.user):
        panels.append(RegistryPanel(request.user))
