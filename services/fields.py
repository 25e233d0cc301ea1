"""A list of choice codes stored as JSON: works the same on SQLite and PostgreSQL (no ArrayField)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """Several values out of ``choices`` (e.g. the ways to apply), edited as a list of checkboxes."""

    def __init__(self, *args, choices_list=None, **kwargs):
        # Not passed as ``choices``: Django would then validate the whole list against single values.
        self.choices_list = list(choices_list or [])
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_list"] = self.choices_list
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {code for code, _label in self.choices_list}
        if not isinstance(value, list) or any(v not in allowed for v in value):
            raise ValidationError(_("Choose values from the list."), code="invalid_choice")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": self.choices_list,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for unwanted in ("encoder", "decoder", "max_length"):
            defaults.pop(unwanted, None)
        return form_class(
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
            **defaults,
        )

    def labels(self, value):
        """The human labels of ``value``, in the order of the choices."""
        mapping = dict(self.choices_list)
        return [mapping[code] for code, _label in self.choices_list if code in (value or [])]
