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


# --- Files, as browsers send them ------------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)


def pdf_upload(name="document.pdf", content=MINIMAL_PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def online_service(parent, register, **kwargs):
    """An online service like the apostille: a required text question and a required PDF upload."""
    page = ServicePageFactory(parent=parent, online=True, paid=True, register=register, **kwargs)
    FormFieldFactory(page=page, label="Държава, в която ще се ползва документът", field_type="singleline")
    FormFieldFactory(page=page, label="Документ за заверка", field_type="file")
    return page


def valid_post(page, **overrides):
    """POST data of a complete, valid application to ``page`` (files separately)."""
    data = {
        "full_name": "Иван Петров Иванов",
        "email": "ivan@example.org",
        "phone": "0888 123 456",
        "address": "гр. Русе, ул. „Борисова“ 10",
        "applicant_kind": "person",
        "company_name": "",
        "eik": "",
        "term": "regular",
        "result_method": "electronic",
        "consent": "on",
        "website": "",
        "q-darzhava_v_koyato_shte_se_polzva_dokumentat": "Германия",
    }
    data.update(overrides)
    return data


def admin_access(user):
    """Let ``user`` into the Wagtail admin, as the demo groups do."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user
