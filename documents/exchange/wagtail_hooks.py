"""The "СЕОС" menu of the Wagtail admin: received and sent documents, messages, participants."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import ModelPermissionPolicy

from . import admin_views
from .models import Message, Participant


class ParticipantIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                Button(
                    _("Import"), url=reverse("exchange_participant:import"), icon_name="upload", priority=50
                )
            )
        return buttons


class ParticipantViewSet(ModelViewSet):
    """Administrators (``exchange.*_participant`` permissions) keep the participants table."""

    model = Participant
    icon = "site"
    add_to_admin_menu = False
    menu_label = _("Participants")
    name = "exchange_participant"
    url_prefix = "seos/participants"
    index_view_class = ParticipantIndexView
    list_display = ["name", "eik", "guid", "status", "service_uri", "certificate_serial"]
    list_filter = ["status", "service_status", "signature_algorithm"]
    search_fields = ["name", "eik", "guid"]
    ordering = ["name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = [
        "name",
        "eik",
        "guid",
        "parent",
        "status",
        "service_uri",
        "service_status",
        "certificate_serial",
        "signature_algorithm",
        "phone",
        "fax",
        "email",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", admin_views.ImportParticipantsView.as_view(), name="import"),
        ]


class RegistryPermissionPolicy(ModelPermissionPolicy):
    """Messages are read by registrars and managers; nobody adds, edits or deletes them by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and admin_views.can_exchange(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class MessageIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().without_xml().select_related("participant")


class MessageInspectView(InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.object.can_retry and admin_views.can_exchange(self.request.user):
            buttons.append(
                Button(
                    _("Try again"),
                    url=reverse("exchange_admin:retry", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=10,
                )
            )
        return buttons


class MessageViewSet(ModelViewSet):
    model = Message
    icon = "mail"
    add_to_admin_menu = False
    menu_label = _("Messages")
    name = "exchange_message"
    url_prefix = "seos/messages"
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    inspect_view_enabled = True
    list_display = [
        Column("created_at", label=_("created at"), sort_key="created_at"),
        "direction",
        "type",
        "participant",
        "status",
        "attempts",
        "next_try",
        "error",
    ]
    list_filter = ["direction", "status", "type"]
    search_fields = ["guid", "error"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "direction",
        "type",
        "guid",
        "participant",
        "exchanged_document",
        "status",
        "attempts",
        "next_try",
        "last_attempt_at",
        "delivered_at",
        "error",
        "signer_serial",
        "sha256",
        "raw_xml",
        "reply_xml",
    ]

    @property
    def permission_policy(self):
        return RegistryPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # Read-only: the list and one message; "try again" is an exchange action (exchange_admin:retry).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


participant_viewset = ParticipantViewSet()
message_viewset = MessageViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [participant_viewset, message_viewset]


@hooks.register("register_admin_urls")
def register_urls():
    urls = [
        path("", admin_views.ReceivedIndexView.as_view(), name="received_index"),
        path("received/<int:pk>/", admin_views.ReceivedDetailView.as_view(), name="received"),
        path(
            "received/<int:pk>/files/<int:position>/",
            admin_views.ReceivedAttachmentView.as_view(),
            name="received_file",
        ),
        path("sent/", admin_views.SentIndexView.as_view(), name="sent_index"),
        path("sent/<int:pk>/", admin_views.SentDetailView.as_view(), name="sent"),
        path("send/", admin_views.SendView.as_view(), name="send"),
        path("messages/<int:pk>/retry/", admin_views.RetryMessageView.as_view(), name="retry"),
    ]
    return [path("seos/", include((urls, "exchange_admin"), namespace="exchange_admin"))]


class ExchangeMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_exchange(request.user)


class ParticipantsMenuItem(MenuItem):
    def is_shown(self, request):
        return participant_viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


@hooks.register("register_admin_menu_item")
def register_menu():
    from wagtail.admin.menu import Menu

    items = [
        ExchangeMenuItem(
            _("Waiting for registration"),
            reverse("exchange_admin:received_index"),
            icon_name="download",
            order=100,
        ),
        ExchangeMenuItem(
            _("Sent documents"), reverse("exchange_admin:sent_index"), icon_name="upload", order=200
        ),
        ExchangeMenuItem(_("Messages"), reverse("exchange_message:index"), icon_name="mail", order=300),
        ParticipantsMenuItem(
            _("Participants"), reverse("exchange_participant:index"), icon_name="site", order=400
        ),
    ]
    return SubmenuMenuItem(_("СЕОС"), Menu(items=items), icon_name="mail", name="seos", order=350)
