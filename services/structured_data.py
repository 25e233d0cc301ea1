"""schema.org JSON-LD of a service page (a ``GovernmentService``).

It goes into ``<script type="application/ld+json">``: a data block, which browsers never execute, so the
site's CSP (``script-src 'self'``, no inline scripts) does not apply to it. The JSON is escaped so that
no ``</script>`` inside a text can end the element.
"""

import json

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from services.choices import DurationUnit

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _iso_duration(term) -> str:
    if term.unit == DurationUnit.HOURS:
        return f"PT{term.duration}H"
    return f"P{term.duration}D"


def service_data(page, request) -> dict:
    """The data in the page's own language: the English page must not describe itself in Bulgarian."""
    with translation.override(page.locale.language_code):
        return _service_data(page, request)


def _service_data(page, request) -> dict:
    language = page.locale.language_code
    section = page.section.localized if page.section_id else None
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "description": page.short_description,
        "url": url,
        "serviceType": section.name if section else "",
        "provider": {
            "@type": "GovernmentOrganization",
            "name": page.providing_body,
        },
        "areaServed": {"@type": "AdministrativeArea", "name": _("Ruse Province")},
    }
    if page.iisda_number:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "ИИСДА",
            "value": str(page.iisda_number),
        }
    if page.legal_basis:
        data["termsOfService"] = page.legal_basis_text
    channel = {"@type": "ServiceChannel", "serviceUrl": url}
    if page.unit_id:
        unit = page.unit.localized
        channel["name"] = unit.name
        channel["serviceLocation"] = {"@type": "Place", "name": unit.name, "address": unit.address}
        if unit.phones:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": unit.phones}
        if unit.working_hours:
            channel["availableLanguage"] = [language]
            channel["serviceLocation"]["openingHours"] = strip_tags(unit.working_hours)
    terms = page.term_list
    if terms:
        channel["processingTime"] = _iso_duration(terms[0])
    data["availableChannel"] = channel
    offers = [
        {
            "@type": "Offer",
            "name": term.get_kind_display(),
            "price": str(term.fee_eur if term.fee_eur is not None else "0.00"),
            "priceCurrency": "EUR",
        }
        for term in terms
    ]
    if offers:
        data["offers"] = offers
    return data


def service_json_ld(page, request) -> str:
    """The JSON text, safe to place inside a script data block."""
    text = json.dumps(service_data(page, request), ensure_ascii=False, default=str)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - escaped above, data block only
