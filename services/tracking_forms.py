"""Forms of the tracking page: open an application, send missing documents, withdraw."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from services import conf
from services.forms import MultipleFileField


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Incoming number"),
        max_length=64,
        help_text=_("As on your receipt, for example ОА-01-123/29.11.2026"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("The code you were shown when you applied, for example ABCD-EFGH-JKMN"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class SupplementForm(forms.Form):
    files = MultipleFileField(
        label=_("Documents"),
        help_text=_("PDF, image, Word, Excel, OpenDocument or signature (.p7s) files"),
    )
    note = forms.CharField(
        label=_("Message to the officer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_files(self):
        from documents.files import check_upload

        files = self.cleaned_data["files"]
        if len(files) > conf.get("MAX_FILES"):
            raise ValidationError(_("You may attach at most %(max)d files.") % {"max": conf.get("MAX_FILES")})
        errors = []
        for uploaded in files:
            try:
                check_upload(
                    uploaded,
                    max_bytes=conf.get("MAX_FILE_BYTES"),
                    allowed_types=conf.get("ALLOWED_EXTENSIONS"),
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw my application"),
        error_messages={"required": _("Tick the box to confirm that you withdraw the application.")},
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
