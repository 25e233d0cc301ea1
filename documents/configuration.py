"""Admin screens that configure the registry: registers (деловодни регистри) and departments with members.

Wagtail ``ModelViewSet``s under Settings. Who may use them is Wagtail's model permission policy: superusers,
or users given ``documents.add_register``/``change_register``/... (registry roles alone are not enough).
Every create, edit and delete is written to Wagtail's audit log (``log_action``, done by the generic views):
the registry's own hash-chained journal records documents, not configuration.

A register that already has documents keeps the fields its numbers were made from
(``numbering.NUMBERING_FIELDS``): the form refuses to change them and says why. Such a register cannot be
deleted either (its documents are protected); it is closed with "active" instead.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from documents.files import DEFAULT_ALLOWED_TYPES
from documents.models import Department, Register
from documents.numbering import NUMBERING_FIELDS, numbering_locked
from documents.views.base import forbidden

#: ``Document.formatted_number``'s length: a format whose numbers would not fit is refused.
FORMATTED_NUMBER_MAX = 64


class ExtensionsField(forms.CharField):
    """The register's accepted file types as "pdf, jpg" (stored as a JSON list); only types the upload
    check knows how to recognise by content (``files.DEFAULT_ALLOWED_TYPES``)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        items = [item.strip().lower().lstrip(".") for item in value.replace(";", ",").split(",")]
        return sorted({item for item in items if item})

    def validate(self, value):
        super().validate(value)
        unknown = [item for item in value if item not in DEFAULT_ALLOWED_TYPES]
        if unknown:
            raise ValidationError(
                _("Unknown file types: %(types)s. Known types: %(known)s.")
                % {"types": ", ".join(unknown), "known": ", ".join(sorted(DEFAULT_ALLOWED_TYPES))},
                code="unknown_type",
            )


class RegisterForm(WagtailAdminModelForm):
    allowed_extensions = ExtensionsField(
        label=gettext_lazy("accepted file types"),
        required=False,
        help_text=gettext_lazy(
            "Extensions separated by commas, e.g. pdf, jpg; empty means the default list."
        ),
    )

    class Meta:
        model = Register
        fields = [
            "index",
            "uri_index",
            "name",
            "direction",
            "purpose",
            "number_format",
            "groups",
            "requires_egn",
            "max_attachment_bytes",
            "allowed_extensions",
            "default_deadline_days",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = numbering_locked(self.instance)
        # The values as saved (the form changes the instance itself before it is saved).
        self.saved = Register.objects.get(pk=self.instance.pk) if self.locked else None
        if self.locked:
            for name in NUMBERING_FIELDS:
                if name in self.fields:
                    self.fields[name].help_text = _(
                        "The register already has documents: their numbers were made with this value, "
                        "so it cannot change."
                    )

    def _unchanged_if_locked(self, name):
        value = self.cleaned_data.get(name)
        if self.locked and value != getattr(self.saved, name):
            raise ValidationError(
                _(
                    "The register already has documents: changing its %(field)s would break their "
                    "numbering. Open a new register instead."
                )
                % {"field": Register._meta.get_field(name).verbose_name},
                code="numbering_locked",
            )
        return value

    def clean_index(self):
        return self._unchanged_if_locked("index")

    def clean_uri_index(self):
        return self._unchanged_if_locked("uri_index")

    def clean_direction(self):
        return self._unchanged_if_locked("direction")

    def clean_number_format(self):
        value = self._unchanged_if_locked("number_format")
        # The model's validator allows only the known keys; this also catches a format spec that fails
        # only when used (e.g. "{index:d}") and numbers longer than the document's field.
        sample = Register(index=self.cleaned_data.get("index") or "ОА-01", number_format=value)
        try:
            formatted = sample.format_number(999999, timezone.localdate())
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise ValidationError(
                _("The number format is not valid: %(error)s") % {"error": exc}, code="invalid_format"
            ) from exc
        if len(formatted) > FORMATTED_NUMBER_MAX:
            raise ValidationError(
                _("Numbers in this format would be longer than %(max)d characters, e.g. %(example)s.")
                % {"max": FORMATTED_NUMBER_MAX, "example": formatted},
                code="too_long",
            )
        return value

    def clean_requires_egn(self):
        value = self.cleaned_data.get("requires_egn")
        # Turning it off would leave stored personal numbers in a register that may not hold them.
        if self.locked and not value and self.saved.requires_egn:
            if self.instance.documents.filter(correspondents__egn__gt="").exists():
                raise ValidationError(
                    _("Documents of this register hold personal numbers (ЕГН): it must keep needing them."),
                    code="egn_in_use",
                )
        return value


class DepartmentForm(WagtailAdminModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices only: active accounts (the actions check again who works in the registry).
        self.fields["members"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        )
        self.fields["members"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )


class ProtectedDeleteView(generic.DeleteView):
    """Deleting something the registry's documents still refer to: a message instead of an error page."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            messages.error(request, self.protected_message)
            return redirect(self.edit_url_name, self.object.pk)

    protected_message = gettext_lazy("It is in use by registered documents and cannot be deleted.")


class RegisterDeleteView(ProtectedDeleteView):
    protected_message = gettext_lazy(
        "The register has documents and cannot be deleted; untick “active” to close it."
    )


class ConfigurationViewSet(ModelViewSet):
    """A refused user gets a 403 page saying why (Wagtail would redirect to the dashboard instead)."""

    add_to_settings_menu = True

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def checked(request, *args, **kw):
            try:
                return view(request, *args, **kw)
            except PermissionDenied:
                return forbidden(
                    request, _("Only administrators of the registry may change registers and departments.")
                )

        return checked


class RegisterViewSet(ConfigurationViewSet):
    model = Register
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Registry registers")
    menu_name = "registry-registers"
    url_prefix = "registry-settings/registers"
    list_display = ["index", "name", "direction", "purpose", "is_active"]
    list_filter = ["direction", "purpose", "is_active"]
    search_fields = ["index", "name"]
    delete_view_class = RegisterDeleteView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("index"), FieldPanel("uri_index")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("direction"), FieldPanel("purpose")]),
            FieldPanel("number_format"),
            FieldPanel("groups"),
            MultiFieldPanel(
                [
                    FieldPanel("requires_egn"),
                    FieldPanel("max_attachment_bytes"),
                    FieldPanel("allowed_extensions"),
                    FieldPanel("default_deadline_days"),
                ],
                heading=gettext_lazy("Rules"),
            ),
            FieldPanel("is_active"),
        ],
        base_form_class=RegisterForm,
    )


class DepartmentViewSet(ConfigurationViewSet):
    model = Department
    icon = "group"
    menu_label = gettext_lazy("Registry departments")
    menu_name = "registry-departments"
    url_prefix = "registry-settings/departments"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    delete_view_class = ProtectedDeleteView
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("code"), FieldPanel("members")], base_form_class=DepartmentForm
    )


register_viewset = RegisterViewSet("registry_registers")
department_viewset = DepartmentViewSet("registry_departments")
