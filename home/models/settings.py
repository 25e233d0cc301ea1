"""Site-wide settings an administrator edits in Wagtail (Settings → Site details)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# ЕИК (Unified Identification Code): 9 digits, or 13 for a branch.
eik_validator = RegexValidator(r"^(\d{9}|\d{13})$", _("The EIK has 9 or 13 digits."))


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Name, EIK, address and contacts of the administration, shown in the footer and on the contacts page.

    The site runs in two languages; the text fields that differ have an English twin (``*_en``), and
    templates read them through :meth:`localized`, which falls back to Bulgarian.
    """

    name = models.CharField(_("name"), max_length=200, default="Областна администрация Русе")
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True,
                               default="Regional Administration of Ruse")
    eik = models.CharField(_("EIK"), max_length=13, blank=True, validators=[eik_validator])
    address = models.TextField(_("address"), blank=True)
    address_en = models.TextField(_("address (English)"), blank=True)
    phones = models.CharField(
        _("phones"), max_length=200, blank=True, help_text=_("Separate several numbers with commas.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.TextField(
        _("working hours of the information centre"), blank=True,
        help_text=_("One line per period, e.g. “Monday – Friday: 9:00 – 17:30”."),
    )
    working_hours_en = models.TextField(_("working hours (English)"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("eik")], _("Administration")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("address_en"), FieldPanel("phones"), FieldPanel("email")],
            _("Contacts"),
        ),
        MultiFieldPanel([FieldPanel("working_hours"), FieldPanel("working_hours_en")],
                        _("Information centre")),
    ]

    class Meta:
        verbose_name = _("site details")

    def __str__(self):
        return self.name

    def localized(self, field):
        """The value of ``field`` in the active language (``name`` → ``name_en`` in English)."""
        if (get_language() or "bg").split("-")[0] == "en":
            value = getattr(self, f"{field}_en", "")
            if value:
                return value
        return getattr(self, field)

    @property
    def display_name(self):
        return self.localized("name")

    @property
    def display_address(self):
        return self.localized("address")

    @property
    def display_working_hours(self):
        return self.localized("working_hours")

    @property
    def phone_list(self):
        return [p.strip() for p in self.phones.split(",") if p.strip()]

    @property
    def working_hours_lines(self):
        return [line.strip() for line in self.display_working_hours.splitlines() if line.strip()]
