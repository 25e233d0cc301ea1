"""Nomenclatures of a service description (ИИСДА) and of an application (RIO), as Django choices.

Where the e-government registers give a code, it is kept beside our own short value so that a receipt or
an export can name it (``rio_code``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TermKind(models.TextChoices):
    """Вид услуга според срока (RIO 0007-000014)."""

    REGULAR = "regular", _("Regular")
    FAST = "fast", _("Fast")
    EXPRESS = "express", _("Express")


TERM_KIND_RIO_CODES = {
    TermKind.REGULAR: "0006-000083",
    TermKind.FAST: "0006-000084",
    TermKind.EXPRESS: "0006-000085",
}


class DurationUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "days", _("days")
    HOURS = "hours", _("hours")


class PaymentKind(models.TextChoices):
    """ИИСДА PaymentInfo/PaymentKind."""

    FREE = "free", _("Free of charge")
    FEE = "fee", _("Fee")
    PRICE = "price", _("Price")


class PaymentMethod(models.TextChoices):
    """ИИСДА PaymentInfo/PaymentMethods."""

    DESK_CASH = "desk_cash", _("In cash at the desk")
    DESK_CARD = "desk_card", _("By card at the desk")
    BANK = "bank", _("By bank transfer")
    ELECTRONIC = "electronic", _("Online through pay.egov.bg")


class ApplyChannel(models.TextChoices):
    """Ways to apply: ИИСДА ServiceApplicationMethods plus СЕОС and ССЕВ."""

    DESK = "desk", _("In person at the desk")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    ONLINE = "online", _("Online on this portal")
    SEOS = "seos", _("Through СЕОС (for administrations)")
    SSEV = "ssev", _("Through ССЕВ (e-delivery)")


class ResultMethod(models.TextChoices):
    """Ways to receive the result (RIO 0007-000013 where it has a code)."""

    ELECTRONIC = "electronic", _("Electronically: by e-mail and on this portal")
    DESK = "desk", _("In person at the desk")
    POST = "post", _("By post to the address given")
    SSEV = "ssev", _("In the applicant's ССЕВ (e-delivery) profile")


RESULT_METHOD_RIO_CODES = {
    ResultMethod.ELECTRONIC: "0006-000076",
    ResultMethod.DESK: "0006-000077",
    ResultMethod.POST: "0006-000079",
}


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("For myself")
    COMPANY = "company", _("On behalf of a company or organisation")
