"""The online application: the applicant's fixed fields, the editor-defined fields and the attachments.

Wagtail's form builder has no file fields; ``ServiceFormBuilder`` adds a single and a multiple file
upload. Every file of an application, from any field, passes ``documents.files.check_upload`` (type from
the bytes against the allow-list, extension, size); counts and the total size are limited here. A file
that fails gets an error naming it on the field it came from.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from portal.security import upload_rejection
from services import conf
from services.choices import ApplicantKind
from services.templatetags.services_tags import eur, term_text
from services.validators import normalise_eik, validate_eik, validate_phone

ACCEPT = ",".join(f".{ext}" for ext in conf.get("ALLOWED_EXTENSIONS"))


class TelInput(forms.TextInput):
    input_type = "tel"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when nothing was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        # Empty files pass here and are refused by check_upload, whose message names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            files = [f for f in data if f]
            if not files and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [single_clean(f, initial) for f in files]
        return [single_clean(data, initial)] if data else single_clean(data, initial) or []


def refused_form(form_class, field: str, message):
    """An empty form showing only ``message`` on ``field``: for a request whose body was not read at all."""
    form = form_class(data={}, files={})
    form.is_valid()
    form.errors.clear()
    form.add_error(field, message)
    return form


class ServiceFormBuilder(FormBuilder):
    """Wagtail's form builder plus the file upload fields."""

    def create_file_field(self, field, options):
        options.pop("initial", None)
        return forms.FileField(
            widget=forms.FileInput(attrs={"accept": ACCEPT}), allow_empty_file=True, **options
        )

    def create_files_field(self, field, options):
        options.pop("initial", None)
        return MultipleFileField(**options)

    def get_form_class(self):
        return type("ServiceFieldsForm", (ServiceFieldsForm,), self.formfields)


class ServiceFieldsForm(BaseForm):
    """The editor-defined questions (rendered with the prefix ``q``)."""

    def file_field_names(self):
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def answers(self):
        """The non-file answers, keyed by the field's clean name, with their labels (for the registry)."""
        result = []
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "да" if value else "не"
            elif value is None:
                value = ""
            result.append({"name": name, "label": str(field.label), "value": str(value)})
        return result


class ApplicantForm(forms.Form):
    """Who applies, how fast, how the result comes back, consent; the general attachments."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("First, middle and last name, as in your identity document"),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the receipt and every change of status here"),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        validators=[validate_phone],
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    address = forms.CharField(
        label=_("Address for correspondence"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("Town or village, street and number"),
    )
    applicant_kind = forms.ChoiceField(
        label=_("You apply"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    company_name = forms.CharField(
        label=_("Name of the company or organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Only when you apply on behalf of a company or organisation"),
    )
    eik = forms.CharField(
        label=_("EIK / BULSTAT"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("9 or 13 digits; only when you apply on behalf of a company or organisation"),
    )
    term = forms.ChoiceField(label=_("Kind of service"), widget=forms.RadioSelect)
    result_method = forms.ChoiceField(
        label=_("How do you want to receive the result?"), widget=forms.RadioSelect
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, image, Word, Excel, OpenDocument or signature (.p7s) files"),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Regional Administration of Ruse processes my personal data to provide this "
            "service."
        ),
        error_messages={"required": _("Without your consent we cannot process the application.")},
    )
    # Honeypot: hidden from people (CSS) and from assistive technology; bots fill every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["term"].choices = [(t.kind, self.term_label(page, t)) for t in page.term_list]
        if len(page.term_list) == 1:
            self.fields["term"].initial = page.term_list[0].kind
        methods = page._meta.get_field("result_methods")
        self.fields["result_method"].choices = list(
            zip(page.result_methods, methods.labels(page.result_methods), strict=True)
        )
        if len(page.result_methods) == 1:
            self.fields["result_method"].initial = page.result_methods[0]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["attachments"].help_text = _(
            "PDF, image, Word, Excel, OpenDocument or signature (.p7s) files; up to %(count)d files of at "
            "most %(size)s each, %(total)s together"
        ) % {
            "count": conf.get("MAX_FILES"),
            "size": filesizeformat(conf.get("MAX_FILE_BYTES")),
            "total": filesizeformat(conf.get("MAX_TOTAL_BYTES")),
        }

    @staticmethod
    def term_label(page, term) -> str:
        label = f"{term.get_kind_display()} – {term_text(term)}"
        if not page.is_free:
            label += f" – {eur(term.fee_eur)}"
        return label

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))

    def clean_full_name(self):
        value = " ".join(self.cleaned_data["full_name"].split())
        if len(value) < 3 or not any(ch.isalpha() for ch in value):
            raise ValidationError(_("Enter your full name."))
        return value

    def clean_eik(self):
        return normalise_eik(self.cleaned_data.get("eik", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("applicant_kind") == ApplicantKind.COMPANY:
            if not cleaned.get("company_name"):
                self.add_error("company_name", _("Enter the name of the company or organisation."))
            eik = cleaned.get("eik")
            if not eik:
                self.add_error("eik", _("Enter the EIK of the company or organisation."))
            else:
                try:
                    validate_eik(eik)
                except ValidationError as exc:
                    self.add_error("eik", exc)
        else:
            cleaned["company_name"] = ""
            cleaned["eik"] = ""
        return cleaned


class ApplicationForms:
    """The applicant form and the service's own form, validated together, with the file rules."""

    def __init__(self, page, data=None, files=None):
        self.page = page
        self.applicant = ApplicantForm(data, files, page=page)
        builder = ServiceFormBuilder([f for f in page.form_fields.all()])
        self.questions = builder.get_form_class()(data, files, prefix="q", page=page)
        self.checked_files: list[tuple[object, object]] = []  # (UploadedFile, CheckedFile)
        # Refused files, described for the security log (portal.security.upload_rejection).
        self.rejected_uploads: list[dict] = []
        self.files_were_sent = bool(files)

    @property
    def is_bound(self):
        return self.applicant.is_bound

    def is_valid(self) -> bool:
        applicant_ok = self.applicant.is_valid()
        questions_ok = self.questions.is_valid()
        files_ok = self._check_files()
        return applicant_ok and questions_ok and files_ok

    def _file_sources(self):
        """(form, field name, [files]) for every file field that received files."""
        sources = []
        pairs = ((self.questions, self.questions.file_field_names()), (self.applicant, ["attachments"]))
        for form, names in pairs:
            for name in names:
                value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
                files = value if isinstance(value, list) else [value] if value else []
                if files:
                    sources.append((form, name, files))
        return sources

    def _check_files(self) -> bool:
        from documents.files import check_upload

        sources = self._file_sources()
        all_files = [f for _form, _name, files in sources for f in files]
        ok = True
        total = sum(f.size for f in all_files)
        if len(all_files) > conf.get("MAX_FILES"):
            self.rejected_uploads.append({"reason": "too_many_files", "count": len(all_files), "size": total})
            self.applicant.add_error(
                None,
                ngettext(
                    "You may attach at most %(max)d file; you chose %(count)d.",
                    "You may attach at most %(max)d files; you chose %(count)d.",
                    conf.get("MAX_FILES"),
                )
                % {"max": conf.get("MAX_FILES"), "count": len(all_files)},
            )
            return False
        if total > conf.get("MAX_TOTAL_BYTES"):
            self.rejected_uploads.append(
                {"reason": "total_too_large", "count": len(all_files), "size": total}
            )
            self.applicant.add_error(
                None,
                _(
                    "The files are %(size)s together; the limit is %(limit)s. "
                    "Please send fewer or smaller files."
                )
                % {"size": filesizeformat(total), "limit": filesizeformat(conf.get("MAX_TOTAL_BYTES"))},
            )
            return False
        for form, name, files in sources:
            for uploaded in files:
                try:
                    checked = check_upload(
                        uploaded,
                        max_bytes=conf.get("MAX_FILE_BYTES"),
                        allowed_types=conf.get("ALLOWED_EXTENSIONS"),
                    )
                except ValidationError as exc:
                    form.add_error(name, exc)
                    self.rejected_uploads.append(upload_rejection(exc, uploaded, field=name))
                    ok = False
                else:
                    self.checked_files.append((uploaded, checked, name))
        return ok

    def field_errors(self):
        """[(field id to link to, label, message)] of every error, in form order, for the summary."""
        errors = []
        for form in (self.applicant, self.questions):
            for message in form.non_field_errors():
                errors.append(("", "", message))
            for bound in form:
                for message in bound.errors:
                    # A group of radios or checkboxes: link to its first option.
                    target = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
                    errors.append((target, bound.label, message))
        return errors
