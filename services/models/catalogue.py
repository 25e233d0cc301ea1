"""The service catalogue: sections, servicing units, the index page and one page per service.

A ServicePage carries the fields of an ИИСДА service description (AdmServiceInfoType): number in the
register, name, legal basis, providing body, terms and fees per kind of term, payment methods, required
and model documents, ways to apply and to receive the result, servicing unit. Editors keep it current: each
page has a content owner and a review-by date (see services.wagtail_hooks for the overdue listing).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from services.admin_forms import ServicePageForm
from services.blocks import LegalBasisBlock, ModelDocumentBlock, RequiredDocumentBlock, format_provision
from services.choices import (
    ApplyChannel,
    DurationUnit,
    PaymentKind,
    PaymentMethod,
    ResultMethod,
    TermKind,
)
from services.fields import ChoiceListField

FILE_FIELD_TYPES = ("file", "files")

FORM_FIELD_CHOICES = (
    ("singleline", _("Single line text")),
    ("multiline", _("Multi-line text")),
    ("email", _("Email")),
    ("number", _("Number")),
    ("url", _("URL")),
    ("checkbox", _("Checkbox")),
    ("checkboxes", _("Checkboxes")),
    ("dropdown", _("Drop down")),
    ("multiselect", _("Multiple select")),
    ("radio", _("Radio buttons")),
    ("date", _("Date")),
    ("file", _("File upload (one file)")),
    ("files", _("File upload (several files)")),
)


def one_year_from_today():
    return timezone.localdate() + datetime.timedelta(days=365)


class ServiceSection(TranslatableMixin, models.Model):
    """A section of the catalogue (e.g. "Property", "Certification of documents")."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, allow_unicode=False, help_text=_("Used in the address of a filtered list")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("service section")
        verbose_name_plural = _("service sections")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class ServiceUnit(TranslatableMixin, models.Model):
    """Звено за обслужване: where citizens are served (ИИСДА ServicingUnitContactData)."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    phones = models.CharField(_("phones"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.TextField(_("working hours"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("phones"), FieldPanel("email")]),
        FieldPanel("working_hours"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("servicing unit")
        verbose_name_plural = _("servicing units")

    def __str__(self):
        return self.name


class ServiceIndexPage(Page):
    """Каталог на услугите: lists, filters and searches the services below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    page_size = 20

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["services.ServicePage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("service catalogue")

    def get_context(self, request, *args, **kwargs):
        from services.views.catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class ServicePage(RoutablePageMixin, Page):
    """One administrative service, described as in ИИСДА, optionally open for online application."""

    iisda_number = models.PositiveIntegerField(
        _("number in ИИСДА"),
        null=True,
        blank=True,
        help_text=_("The service's number in ИИСДА, the administrative register, e.g. 1972"),
    )
    section = models.ForeignKey(
        ServiceSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    short_description = models.TextField(
        _("short description"), max_length=300, help_text=_("One or two sentences shown in the list")
    )
    description = RichTextField(_("description"), blank=True)
    legal_basis = StreamField([("provision", LegalBasisBlock())], verbose_name=_("legal basis"), blank=True)
    providing_body = models.CharField(
        _("providing body"),
        max_length=200,
        default="Областен управител на област Русе",
        help_text=_("The body that provides the service"),
    )
    result_description = models.CharField(
        _("result"), max_length=300, blank=True, help_text=_("What the applicant receives")
    )
    result_validity = models.CharField(
        _("validity of the result"), max_length=200, blank=True, help_text=_("e.g. 1 month")
    )
    appeal_info = models.TextField(_("appeal"), blank=True, help_text=_("Who controls, where to appeal"))

    payment_kind = models.CharField(
        _("payment"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.FREE
    )
    payment_methods = ChoiceListField(_("payment methods"), choices_list=PaymentMethod.choices)
    payment_note = models.TextField(_("notes on payment"), blank=True, help_text=_("Bank account, tariff"))

    required_documents = StreamField(
        [("document", RequiredDocumentBlock())], verbose_name=_("required documents"), blank=True
    )
    model_documents = StreamField(
        [("document", ModelDocumentBlock())], verbose_name=_("model documents (forms)"), blank=True
    )
    apply_channels = ChoiceListField(_("ways to apply"), choices_list=ApplyChannel.choices)
    result_methods = ChoiceListField(_("ways to receive the result"), choices_list=ResultMethod.choices)
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("servicing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    online_application_open = models.BooleanField(_("online application open"), default=False)
    register = models.ForeignKey(
        "documents.Register",
        verbose_name=_("register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"direction": "incoming", "is_active": True},
        help_text=_("Where online applications are registered; empty: the register for online applications"),
    )
    document_type_name = models.CharField(
        _("document type"),
        max_length=200,
        default="Заявление",
        help_text=_("How the application is named in the registry and on the receipt"),
    )
    form_intro = RichTextField(
        _("text above the form"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    retention_days = models.PositiveIntegerField(
        _("retention of personal data (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after an application is closed or withdrawn before the applicant's personal data is "
            "anonymised; empty: the portal's default"
        ),
    )

    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("content owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who keeps this description current"),
    )
    review_by = models.DateField(
        _("review by"), default=one_year_from_today, help_text=_("Check the description again by this date")
    )

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list = []
    base_form_class = ServicePageForm

    search_fields = Page.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.SearchField("legal_basis_text"),
        index.SearchField("iisda_number"),
        index.AutocompleteField("title"),
        index.FilterField("section"),
        index.FilterField("online_application_open"),
        index.FilterField("payment_kind"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("iisda_number"), FieldPanel("section")]),
        FieldPanel("short_description"),
        FieldPanel("description"),
        FieldPanel("legal_basis"),
        MultiFieldPanel(
            [
                FieldPanel("providing_body"),
                FieldPanel("result_description"),
                FieldPanel("result_validity"),
                FieldPanel("appeal_info"),
            ],
            heading=_("Provider and result"),
        ),
    ]
    terms_panels = [
        FieldPanel("payment_kind"),
        InlinePanel("terms", heading=_("Terms and fees"), label=_("Term"), min_num=1),
        FieldPanel("payment_methods"),
        FieldPanel("payment_note"),
    ]
    applying_panels = [
        FieldPanel("required_documents"),
        FieldPanel("model_documents"),
        FieldPanel("apply_channels"),
        FieldPanel("result_methods"),
        FieldPanel("unit"),
    ]
    online_panels = [
        FieldPanel("online_application_open"),
        FieldPanel("register"),
        FieldPanel("document_type_name"),
        FieldPanel("form_intro"),
        FieldPanel("retention_days"),
        InlinePanel("form_fields", heading=_("Additional form fields"), label=_("Field")),
    ]
    review_panels = [FieldPanel("content_owner"), FieldPanel("review_by")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(terms_panels, heading=_("Terms and fees")),
            ObjectList(applying_panels, heading=_("Applying")),
            ObjectList(online_panels, heading=_("Online application")),
            ObjectList(review_panels, heading=_("Review")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    @property
    def effective_retention_days(self) -> int:
        from services import conf

        return self.retention_days if self.retention_days is not None else int(conf.get("RETENTION_DAYS"))

    # --- description helpers ------------------------------------------------------------------------

    @property
    def legal_basis_text(self) -> str:
        return "; ".join(
            f"{block.value['act']} {format_provision(block.value)}".strip() for block in self.legal_basis
        )

    @property
    def is_free(self) -> bool:
        return self.payment_kind == PaymentKind.FREE

    @cached_property
    def term_list(self):
        return list(self.terms.all())

    def get_term(self, kind):
        return next((t for t in self.term_list if t.kind == kind), None)

    def payment_method_labels(self):
        return type(self)._meta.get_field("payment_methods").labels(self.payment_methods)

    def apply_channel_labels(self):
        channels = list(self.apply_channels)
        if self.online_application_open and ApplyChannel.ONLINE not in channels:
            channels.append(ApplyChannel.ONLINE)
        return type(self)._meta.get_field("apply_channels").labels(channels)

    def result_method_labels(self):
        return type(self)._meta.get_field("result_methods").labels(self.result_methods)

    @cached_property
    def application_register(self):
        """The register applications go to: the page's own, or the registry's one for online applications."""
        from documents.models import Register

        if self.register_id:
            return self.register if self.register.is_active else None
        return Register.objects.for_purpose(Register.Purpose.ONLINE)

    @property
    def accepts_online(self) -> bool:
        return self.online_application_open and self.live and self.application_register is not None

    def clean(self):
        super().clean()
        errors = {}
        if self.online_application_open and not self.result_methods:
            errors["result_methods"] = _("Choose at least one way to receive the result.")
        if errors:
            raise ValidationError(errors)

    # --- routes ---------------------------------------------------------------------------------------

    @path("")
    def description_view(self, request):
        return self.render(request, context_overrides={"print_view": False})

    @path("print/", name="print")
    def print_view(self, request):
        return self.render(request, context_overrides={"print_view": True})

    @path("apply/", name="apply")
    def apply_view(self, request):
        from services.views.apply import apply

        return apply(request, self)

    @path("apply/done/<uuid:public_id>/", name="apply_done")
    def apply_done_view(self, request, public_id):
        from services.views.apply import done

        return done(request, self, public_id)

    def get_context(self, request, *args, **kwargs):
        from services.structured_data import service_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = service_json_ld(self, request)
        return context


class ServiceTerm(TranslatableMixin, Orderable):
    """A kind of term (обикновена / бърза / експресна) with its duration and fee in EUR."""

    page = ParentalKey(ServicePage, related_name="terms", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=10, choices=TermKind.choices, default=TermKind.REGULAR)
    duration = models.PositiveSmallIntegerField(_("duration"), validators=[MinValueValidator(1)])
    unit = models.CharField(
        _("unit"), max_length=15, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    fee_eur = models.DecimalField(
        _("fee in EUR"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when the service is free"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("duration"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("fee_eur"), FieldPanel("note")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.duration} {self.get_unit_display()}"


class ServiceFormField(TranslatableMixin, AbstractFormField):
    """An extra field of the online application, defined by editors (form builder plus file uploads)."""

    page = ParentalKey(ServicePage, related_name="form_fields", on_delete=models.CASCADE)
    field_type = models.CharField(_("field type"), max_length=16, choices=FORM_FIELD_CHOICES)
    field_type.required_on_save = True  # previews build the form from unsaved fields

    # The clean name keys the stored answers: the same in every language.
    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    @property
    def is_file(self) -> bool:
        return self.field_type in FILE_FIELD_TYPES

    def get_field_clean_name(self):
        # Wagtail would turn Cyrillic into "u0414u044a…" (long, unreadable): transliterate instead.
        return transliterated_name(self.label)


# Bulgarian official transliteration (Закон за транслитерацията, 2009), lower case.
_TRANSLIT = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),
        strict=True,
    )
)


def transliterated_name(label: str, max_length: int = 60) -> str:
    """'Държава, в която…' → 'darzhava_v_koyato…': an ASCII snake_case key for a form field."""
    from wagtail.coreutils import safe_snake_case

    latin = "".join(_TRANSLIT.get(ch, ch) for ch in (label or "").lower())
    return safe_snake_case(latin)[:max_length].strip("_") or "field"
