"""Forms of the clerk screens (деловодство in the Wagtail admin).

The forms only shape the input: required fields, types, choices limited to what the user may pick. The
rules of the registry (deadline not in the past, file content, ЕГН only where a register needs it, who may
do what) stay in ``documents.actions``; a view calls the action and puts its ``ValidationError`` back on
the form with ``apply_action_errors`` so the clerk sees one list of what to fix.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import casefiles, permissions
from documents.models import CaseFile, Correspondent, Department, Document, Register, Resolution

# --- Widgets and fields ----------------------------------------------------------------------------


class DateInput(forms.DateInput):
    """The browser's own date picker (no JavaScript of ours); ISO value as the input type requires."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        # A browser only sends ISO dates; anything else (typed into the URL) is not echoed back into an
        # <input type="date">, where it would be invalid HTML. The field's error message still says what
        # to fix.
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one ``<input type="file" multiple>``; cleans to a list (possibly empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def registry_users(*codenames: str):
    """Active users holding one of the registry permissions ``codenames`` (any, by default), and superusers.

    Only a choice list: the actions check again whether the chosen person works in the registry.
    """
    codenames = codenames or ("register_document", "process_document", "manage_registry")
    perms = Permission.objects.filter(content_type__app_label="documents", codename__in=codenames)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=perms) | Q(user_permissions__in=perms))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assignable_users():
    """Who a document or a resolution can go to: clerks and managers."""
    return registry_users("process_document", "manage_registry")


FILES_HELP = _("You may choose several files at once. Each is checked by its content, type and size.")


def _required(message):
    return {"required": message}


# --- Base with accessible rendering ----------------------------------------------------------------


class RegistryForm(forms.Form):
    """A form whose widgets point at their help text and error message (``aria-describedby``)."""

    def describe_widgets(self):
        """Set ``aria-describedby``/``aria-invalid`` on every widget; call after validation."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


def apply_action_errors(exc: ValidationError, forms_by_field) -> None:
    """Put an action's ``ValidationError`` on the form fields it names.

    ``forms_by_field``: a form, or a list of ``(form, field_map)`` pairs where ``field_map`` maps the
    action's keys (``subject``, ``correspondents``, ``files``...) to field names of that form. Keys no
    form knows become the first form's non-field errors.
    """
    if isinstance(forms_by_field, forms.Form):
        forms_by_field = [(forms_by_field, {})]
    first = forms_by_field[0][0]
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            first.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        for form, field_map in forms_by_field:
            name = field_map.get(key, key)
            if name in form.fields:
                for message in messages:
                    form.add_error(name, message)
                break
        else:
            for message in messages:
                first.add_error(None, message)


# --- Registering -----------------------------------------------------------------------------------


class CorrespondentForm(RegistryForm):
    """One sender or recipient. Every field optional here: an empty block is skipped; the action says
    when a sender or recipient is missing."""

    kind = forms.ChoiceField(
        label=_("Type of correspondent"), choices=Correspondent.Kind.choices, initial="person", required=False
    )
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    city = forms.CharField(label=_("City or village"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    eik = forms.CharField(
        label=_("ЕИК/БУЛСТАТ"),
        max_length=13,
        required=False,
        help_text=_("For organisations and administrations: 9 or 13 digits."),
    )
    egn = forms.CharField(
        label=_("ЕГН"),
        max_length=10,
        required=False,
        help_text=_("Only for registers that need a personal number; never shown in lists."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, show_egn=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_egn:
            del self.fields["egn"]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(k) or "").strip() for k in self.fields if k != "kind")

    def as_party(self) -> dict | None:
        """The dict ``documents.actions`` expects, or ``None`` for an empty block."""
        if self.is_blank():
            return None
        party = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        party.setdefault("kind", Correspondent.Kind.PERSON)
        return party

    def clean(self):
        data = super().clean()
        if not self.is_blank() and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Enter the name of the correspondent."))
        return data


class DocumentFieldsMixin(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", "---------")] + Document.Kind.choices,
        error_messages=_required(_("Choose the kind of document.")),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", "---------")] + Document.Channel.choices,
        error_messages=_required(_("Choose how the document came or goes.")),
    )
    subject = forms.CharField(
        label=_("Subject (относно)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Enter the subject.")),
    )
    sheets = forms.IntegerField(label=_("Number of sheets"), min_value=1, max_value=32000, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)


class RegisterIncomingForm(DocumentFieldsMixin, RegistryForm):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.none(),
        error_messages=_required(_("Choose the register.")),
    )
    sender_reference = forms.CharField(label=_("Sender's number"), max_length=64, required=False)
    sender_date = forms.DateField(label=_("Sender's date"), required=False, widget=DateInput())
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the register's usual term in working days."),
    )
    assignee = UserChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )

    field_order = [
        "register",
        "kind",
        "channel",
        "subject",
        "sender_reference",
        "sender_date",
        "sheets",
        "deadline",
        "assignee",
        "department",
        "note",
        "files",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        registers = permissions.usable_registers(user).filter(direction=Register.Direction.INCOMING)
        if not permissions.is_manager(user):
            # Only registrars register incoming documents (a clerk's groups may reach a register too).
            registers = registers if permissions.is_registrar(user) else registers.none()
        self.fields["register"].queryset = registers.order_by("index")
        self.fields["assignee"].queryset = assignable_users()


def open_case_files(user):
    """The open case files ``user`` sees, newest first: what a document may be put into."""
    return (
        casefiles.visible_case_files(user).filter(status=CaseFile.Status.OPEN).order_by("-opened_at", "-id")
    )


def case_file_field(required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Case file"),
        queryset=CaseFile.objects.none(),
        required=required,
        help_text=_("An open case file (преписка) you may see, named by the number of its first document."),
        error_messages={
            "required": _("Choose the case file."),
            "invalid_choice": _("Choose a case file you may see."),
        },
    )


class RegisterOutgoingForm(DocumentFieldsMixin, RegistryForm):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.none(),
        error_messages=_required(_("Choose the register.")),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    case_file = case_file_field(required=False)

    field_order = [
        "register",
        "kind",
        "channel",
        "subject",
        "sheets",
        "department",
        "case_file",
        "note",
        "files",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = (
            permissions.usable_registers(user)
            .exclude(direction=Register.Direction.INCOMING)
            .order_by("index")
        )
        self.fields["kind"].initial = Document.Kind.LETTER
        self.fields["case_file"].queryset = open_case_files(user)


# --- Actions on a document -------------------------------------------------------------------------


class AssignForm(RegistryForm):
    assignee = UserChoiceField(label=_("Clerk"), queryset=get_user_model().objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()

    def action_kwargs(self):
        return self.cleaned_data


class ResolveForm(RegistryForm):
    kind = forms.ChoiceField(label=_("Kind of task"), choices=Resolution.Kind.choices, initial="resolution")
    text = forms.CharField(
        label=_("Text of the resolution"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Enter the text of the resolution.")),
    )
    assignees = UserMultipleChoiceField(
        label=_("To be carried out by"),
        queryset=get_user_model().objects.none(),
        error_messages=_required(_("Choose who must carry it out.")),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one person."),
    )
    controller = UserChoiceField(
        label=_("Controlled by"), queryset=get_user_model().objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = assignable_users()
        self.fields["controller"].queryset = assignable_users()

    def action_kwargs(self):
        return self.cleaned_data


class SetDeadlineForm(RegistryForm):
    deadline = forms.DateField(
        label=_("New deadline"), widget=DateInput(), error_messages=_required(_("Enter the deadline."))
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def action_kwargs(self):
        return self.cleaned_data


class RequestInformationForm(RegistryForm):
    note = forms.CharField(
        label=_("What information is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Say what information is needed.")),
    )
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=DateInput())

    def action_kwargs(self):
        return self.cleaned_data


class ResumeForm(RegistryForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=DateInput())

    def action_kwargs(self):
        return self.cleaned_data


class NoteForm(RegistryForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def action_kwargs(self):
        return self.cleaned_data


class EmptyForm(RegistryForm):
    def action_kwargs(self):
        return {}


class ReasonForm(RegistryForm):
    """Reopen, cancel, withdraw: a reason is required (the actions say so too)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("Enter the reason.")),
    )

    def action_kwargs(self):
        return self.cleaned_data


class WithdrawForm(RegistryForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def action_kwargs(self):
        return self.cleaned_data


class AttachForm(RegistryForm):
    files = MultipleFileField(
        label=_("Files"), help_text=FILES_HELP, error_messages=_required(_("Choose at least one file."))
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].required = True

    def action_kwargs(self):
        return self.cleaned_data


class LinkForm(RegistryForm):
    number = forms.CharField(
        label=_("Registration number of the related document"),
        max_length=64,
        help_text=_("For example ОА-01-123/29.11.2026."),
        error_messages=_required(_("Enter the registration number.")),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        other = (
            permissions.visible_documents(self.user, Document.objects.select_related("register"))
            .filter(formatted_number=number)
            .order_by("-registered_at")
            .first()
        )
        if other is None:
            raise ValidationError(_("No document with this number that you may see."))
        self.other = other
        return number

    def action_kwargs(self):
        return {"other": self.other}


class CaseFileForm(RegistryForm):
    """Put the document into an existing case file."""

    case_file = case_file_field(required=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_file"].queryset = open_case_files(user)

    def action_kwargs(self):
        return self.cleaned_data


class AnswerForm(RegistryForm):
    """Answer an incoming document: a new outgoing document linked to it."""

    register = forms.ModelChoiceField(
        label=_("Register of the answer"),
        queryset=Register.objects.none(),
        error_messages=_required(_("Choose the register.")),
    )
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices, initial="letter")
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", "---------")] + Document.Channel.choices,
        error_messages=_required(_("Choose how the document came or goes.")),
    )
    subject = forms.CharField(
        label=_("Subject (относно)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty for “Answer to” with the number and subject of the incoming document."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)
    close_incoming = forms.BooleanField(
        label=_("Close the incoming document with this answer"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = (
            permissions.usable_registers(user)
            .exclude(direction=Register.Direction.INCOMING)
            .order_by("index")
        )
        only = self.fields["register"].queryset
        if len(only) == 1:
            self.fields["register"].initial = only[0].pk


class CompleteResolutionForm(RegistryForm):
    note = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawResolutionForm(RegistryForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("Enter the reason.")),
    )


# --- Reports ---------------------------------------------------------------------------------------


class DateRangeForm(RegistryForm):
    date_from = forms.DateField(
        label=_("From"), widget=DateInput(), error_messages=_required(_("Enter the first day."))
    )
    date_to = forms.DateField(
        label=_("To"), widget=DateInput(), error_messages=_required(_("Enter the last day."))
    )

    max_days = 366

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The last day must not be before the first day."))
            elif (end - start).days >= self.max_days:
                self.add_error(
                    "date_to", _("Choose at most %(days)s days at a time.") % {"days": self.max_days}
                )
        return data


class JournalForm(DateRangeForm):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.none(),
        error_messages=_required(_("Choose the register.")),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", _("PDF (A4 landscape)")), ("csv", _("CSV table"))],
        initial="pdf",
        widget=forms.RadioSelect,
    )

    field_order = ["register", "date_from", "date_to", "format"]

    def __init__(self, *args, registers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = registers
        today = timezone.localdate()
        self.fields["date_from"].initial = today.replace(day=1)
        self.fields["date_to"].initial = today


class StatisticsForm(DateRangeForm):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.all(),
        required=False,
        empty_label=_("All registers"),
    )

    max_days = 366 * 3
    field_order = ["register", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date_from"].initial = today.replace(month=1, day=1)
        self.fields["date_to"].initial = today
