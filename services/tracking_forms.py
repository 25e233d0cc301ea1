"""Forms of the tracking page: open an application, send missing documents, withdraw."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.security import upload_rejection
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Refused files, described for the security log (portal.security.upload_rejection).
        self.rejected_uploads: list[dict] = []

    def clean_files(self):
        from documents.files import check_upload

        files = self.cleaned_data["files"]
        total = sum(f.size for f in files)
        if len(files) > conf.get("MAX_FILES"):
            self.rejected_uploads.append({"reason": "too_many_files", "count": len(files), "size": total})
            raise ValidationError(_("You may attach at most %(max)d files.") % {"max": conf.get("MAX_FILES")})
        if total > conf.get("MAX_TOTAL_BYTES"):
            self.rejected_uploads.append({"reason": "total_too_large", "count": len(files), "size": total})
            raise ValidationError(
                _(
                    "The files are %(size)s together; the limit is %(limit)s. "
                    "Please send fewer or smaller files."
                )
                % {"size": filesizeformat(total), "limit": filesizeformat(conf.get("MAX_TOTAL_BYTES"))}
            )
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
                self.rejected_uploads.append(upload_rejection(exc, uploaded))
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
