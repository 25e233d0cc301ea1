"""The admin edit form of a ServicePage: Wagtail's form-builder checks plus the rules of a description."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm


class ServicePageForm(WagtailAdminFormPageForm):
    def clean(self):
        cleaned_data = super().clean()
        terms = self.formsets.get("terms")
        if terms is not None:
            seen = set()
            for form in terms.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                kind = form.cleaned_data.get("kind")
                if kind in seen:
                    form.add_error("kind", _("Each kind of term may appear only once."))
                seen.add(kind)
        if cleaned_data.get("online_application_open") and not cleaned_data.get("result_methods"):
            self.add_error("result_methods", _("Choose at least one way to receive the result."))
        return cleaned_data
