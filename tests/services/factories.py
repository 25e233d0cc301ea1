"""Factories of the services app: sections, units, catalogue pages, service pages with their terms."""

import datetime
from decimal import Decimal

import factory
from wagtail.models import Locale

from services.choices import ApplyChannel, PaymentKind, PaymentMethod, ResultMethod, TermKind
from services.models import (
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceSection,
    ServiceTerm,
    ServiceUnit,
)


def default_locale():
    return Locale.get_default()


def site_root():
    """The page under which the tests build their catalogue (the default site's root page)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceSection

    name = factory.Sequence(lambda n: f"Раздел {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    locale = factory.LazyFunction(default_locale)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit

    name = "Център за административно обслужване"
    address = "гр. Русе, пл. „Свобода“ № 6"
    phones = "082 812 200"
    email = "cao@ruse.government.bg"
    working_hours = "Понеделник – петък, 9:00 – 17:30, без прекъсване"
    locale = factory.LazyFunction(default_locale)


class _PageFactory(factory.Factory):
    """Pages are added under a parent with treebeard, not with a plain INSERT."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        parent = parent or site_root()
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        return page


class ServiceIndexPageFactory(_PageFactory):
    class Meta:
        model = ServiceIndexPage

    title = "Административни услуги"
    slug = factory.Sequence(lambda n: f"uslugi-{n}")
    intro = "<p>Услугите, които предоставя Областна администрация Русе.</p>"


class ServicePageFactory(_PageFactory):
    class Meta:
        model = ServicePage

    class Params:
        online = factory.Trait(
            online_application_open=True,
            apply_channels=[ApplyChannel.DESK, ApplyChannel.POST, ApplyChannel.ONLINE],
        )
        paid = factory.Trait(
            payment_kind=PaymentKind.FEE,
            payment_methods=[PaymentMethod.DESK_CASH, PaymentMethod.BANK],
        )
        overdue = factory.Trait(review_by=datetime.date(2020, 1, 1))

    title = factory.Sequence(lambda n: f"Услуга {n}")
    slug = factory.Sequence(lambda n: f"usluga-{n}")
    section = factory.SubFactory(SectionFactory)
    short_description = "Кратко описание на услугата."
    description = "<p>Подробно описание.</p>"
    payment_kind = PaymentKind.FREE
    apply_channels = factory.LazyFunction(lambda: [ApplyChannel.DESK, ApplyChannel.POST])
    result_methods = factory.LazyFunction(lambda: [ResultMethod.ELECTRONIC, ResultMethod.DESK])
    legal_basis = factory.LazyFunction(
        lambda: [
            (
                "provision",
                {
                    "act": "Закон за държавната собственост",
                    "article": "77",
                    "paragraph": "",
                    "point": "",
                    "letter": "",
                    "url": "",
                },
            )
        ]
    )

    @factory.post_generation
    def terms(page, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted
        if specs is None:
            paid = page.payment_kind != PaymentKind.FREE
            specs = [
                (TermKind.REGULAR, 7, Decimal("7.67") if paid else None),
                (TermKind.FAST, 3, Decimal("11.50") if paid else None),
            ]
        for order, (kind, days, fee) in enumerate(specs):
            ServiceTerm.objects.create(
                page=page, kind=kind, duration=days, fee_eur=fee, sort_order=order, locale=page.locale
            )


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceFormField

    label = factory.Sequence(lambda n: f"Поле {n}")
    field_type = "singleline"
    required = True
    sort_order = factory.Sequence(int)
    locale = factory.LazyFunction(default_locale)
