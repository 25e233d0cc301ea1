"""Demo content of the e-services: the catalogue with four real service descriptions, in Bulgarian and
English. Called by ``manage.py load_demo`` (``services.demo.load()``) after the site and the registry.

The site's demo puts placeholder StandardPages under ``/uslugi/`` (slugs in ``home.demo.SERVICE_SLUGS``);
``load()`` turns that section into a ServiceIndexPage with ServicePages at the same addresses. Idempotent:
what exists is found and left alone (an editor's changes survive), what is missing is created.

Fees are in euro (Bulgaria uses the euro since 1 January 2026; the tariffs in leva are converted at
1.95583). Phones, e-mail and working hours are demo values.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from services.choices import ApplyChannel, DurationUnit, PaymentKind, PaymentMethod, ResultMethod, TermKind
from services.models import (
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceSection,
    ServiceTerm,
    ServiceUnit,
)

INDEX_SLUG = "uslugi"
INDEX_SLUG_EN = "services"  # the English catalogue is /en/services/, the Bulgarian one /uslugi/
# The model application (образец) is a Bulgarian PDF: its English link says so.
MODEL_DOCUMENT_TITLE_BG = "Заявление по образец"
MODEL_DOCUMENT_TITLE_EN = "Model application form (PDF in Bulgarian)"
PROVIDER = "Областен управител на област Русе"
PROVIDER_EN = "Regional Governor of Ruse"

SECTIONS = [
    # slug, bg, en, order
    ("sobstvenost", "Държавна собственост", "State property", 1),
    ("zaverki", "Заверки и легализация", "Certification of documents", 2),
    ("informatsiya", "Достъп до информация", "Access to information", 3),
]

UNIT = {
    "bg": {
        "name": "Център за административно обслужване",
        "address": "7000 Русе, пл. „Свобода“ № 6, партер",
        "working_hours": "Понеделник – петък: 9:00 – 17:30 ч., без прекъсване\n"
        "Не се работи в официалните празници.",
    },
    "en": {
        "name": "Administrative Service Centre",
        "address": "6 Svoboda Square, ground floor, 7000 Ruse",
        "working_hours": "Monday to Friday: 9:00 – 17:30, no lunch break\nClosed on public holidays.",
    },
    "phones": "+359 82 812 200, +359 82 812 201",
    "email": "cao@ruse.government.bg",
}


def _law(act, article="", paragraph="", point="", letter="", url=""):
    return (
        "provision",
        {
            "act": act,
            "article": article,
            "paragraph": paragraph,
            "point": point,
            "letter": letter,
            "url": url,
        },
    )


def _doc(title, note="", mandatory=True):
    return ("document", {"title": title, "note": note, "mandatory": mandatory})


TARIFF_BG = (
    "Тарифа за таксите, които се събират от областните администрации (ПМС № 26 от 03.02.2011 г.): "
    "15 лв. (7,67 €) за обикновена и 22,50 лв. (11,50 €) за бърза услуга, за всеки имот."
)
TARIFF_EN = (
    "Tariff of the fees collected by the regional administrations (Council of Ministers Decree No. 26 of "
    "3 February 2011): BGN 15 (EUR 7.67) regular and BGN 22.50 (EUR 11.50) fast, per property."
)
BANK_BG = (
    "Банкова сметка на Областна администрация Русе: IBAN BG00 DEMO 0000 0000 0000 00 (демо), "
    "основание: номерът на заявлението."
)
BANK_EN = (
    "Bank account of the Regional Administration of Ruse: IBAN BG00 DEMO 0000 0000 0000 00 (demo), "
    "reference: the number of your application."
)

SERVICES = [
    {
        "key": "apostille",
        "slug": "zaverka-s-apostil",
        "section": "zaverki",
        "iisda_number": None,
        "online": True,
        "payment_kind": PaymentKind.FEE,
        "terms": [(TermKind.REGULAR, 7, Decimal("5.11")), (TermKind.FAST, 3, Decimal("7.67"))],
        "payment_methods": [
            PaymentMethod.DESK_CASH,
            PaymentMethod.DESK_CARD,
            PaymentMethod.BANK,
            PaymentMethod.ELECTRONIC,
        ],
        "apply_channels": [ApplyChannel.DESK, ApplyChannel.POST, ApplyChannel.ONLINE],
        "result_methods": [ResultMethod.DESK, ResultMethod.POST],
        "bg": {
            "title": "Заверка на документи с апостил",
            "short": "Областният управител заверява с апостил документи, издадени от общинските "
            "администрации "
            "в област Русе и от областната администрация, за да бъдат признати в държавите – страни по "
            "Хагската конвенция.",
            "description": "<p>Апостилът е удостоверение, с което се потвърждава автентичността на подписа и "
            "печата върху български официален документ, за да бъде той признат в друга държава – страна по "
            "Хагската конвенция от 1961 г., без допълнителна легализация.</p>"
            "<p>Областният управител поставя апостил върху документи по гражданското състояние, издадени от "
            "общините в област Русе (удостоверения за раждане, за сключен граждански брак, за наследници и "
            "други), и върху документи, издадени от областната администрация.</p>"
            "<p>Когато подавате заявлението онлайн, приложете сканирано копие на документа. Оригиналът се "
            "представя в Центъра за административно обслужване или се изпраща по пощата; апостилът се "
            "поставя върху оригинала в срока на услугата, считан от получаването му.</p>",
            "legal": [
                _law(
                    "Конвенция за премахване на изискването за легализация на чуждестранни публични актове "
                    "(Хага, 5 октомври 1961 г.)",
                    "3",
                ),
                _law(
                    "Конвенция за премахване на изискването за легализация на чуждестранни публични актове "
                    "(Хага, 5 октомври 1961 г.)",
                    "6",
                ),
                _law("Правилник за легализациите, заверките и преводите на документи и други книжа"),
            ],
            "result": "Документът с поставен апостил",
            "validity": "Безсрочно",
            "appeal": "Отказът може да се обжалва пред Административен съд – Русе в 14-дневен срок от "
            "съобщаването му.",
            "payment_note": BANK_BG,
            "required": [
                _doc("Заявление по образец"),
                _doc(
                    "Оригиналът на документа, който ще се заверява",
                    "издаден от община в област Русе или от областната администрация",
                ),
                _doc("Документ за платена такса", "при плащане по банков път", mandatory=False),
                _doc("Пълномощно", "когато заявлението се подава чрез пълномощник", mandatory=False),
            ],
            "document_type": "Заявление за заверка с апостил",
            "form_intro": "<p>Попълнете формуляра и приложете сканирано копие на документа. Оригиналът се "
            "представя на гише или по пощата.</p>",
            "fields": [
                ("Държава, в която ще се ползва документът", "singleline", True, "", ""),
                (
                    "Вид на документа",
                    "dropdown",
                    True,
                    "Удостоверение за раждане\nУдостоверение за сключен граждански брак\n"
                    "Удостоверение за наследници\nДруг документ",
                    "",
                ),
                ("Брой документи", "number", True, "", "1"),
                ("Сканиран документ за заверка", "file", True, "", ""),
            ],
        },
        "en": {
            "title": "Apostille on documents",
            "short": "The Regional Governor certifies with an apostille documents issued by the municipal "
            "administrations of the Ruse region and by the regional administration, so that they are "
            "recognised in the countries party to the Hague Convention.",
            "description": "<p>An apostille confirms the authenticity of the signature and seal on a "
            "Bulgarian "
            "official document so that another country party to the 1961 Hague Convention recognises it "
            "without further legalisation.</p>"
            "<p>The Regional Governor puts an apostille on civil status documents issued by the "
            "municipalities "
            "of the Ruse region (birth and marriage certificates, certificates of heirs and others) and on "
            "documents issued by the regional administration.</p>"
            "<p>When you apply online, attach a scanned copy of the document. Bring the original to the "
            "Administrative Service Centre or send it by post; the apostille is put on the original within "
            "the term of the service, counted from its arrival.</p>",
            "legal": [
                _law(
                    "Convention Abolishing the Requirement of Legalisation for Foreign Public Documents "
                    "(The Hague, 5 October 1961)",
                    "3",
                ),
                _law(
                    "Convention Abolishing the Requirement of Legalisation for Foreign Public Documents "
                    "(The Hague, 5 October 1961)",
                    "6",
                ),
                _law("Regulations on the Legalisation, Certification and Translation of Documents"),
            ],
            "result": "The document with an apostille",
            "validity": "Unlimited",
            "appeal": "A refusal may be appealed before the Administrative Court of Ruse within 14 days of "
            "its notification.",
            "payment_note": BANK_EN,
            "required": [
                _doc("Application form"),
                _doc(
                    "The original of the document to be certified",
                    "issued by a municipality of the Ruse region or by the regional administration",
                ),
                _doc("Proof of payment of the fee", "when paying by bank transfer", mandatory=False),
                _doc("Power of attorney", "when a representative applies", mandatory=False),
            ],
            "document_type": "Application for an apostille",
            "form_intro": "<p>Fill in the form and attach a scanned copy of the document. Bring or post the "
            "original.</p>",
            "fields": [
                ("Country where the document will be used", "", "", "", ""),
                (
                    "Kind of document",
                    "",
                    "",
                    "Birth certificate\nMarriage certificate\nCertificate of heirs\nOther document",
                    "",
                ),
                ("Number of documents", "", "", "", ""),
                ("Scanned document to be certified", "", "", "", ""),
            ],
        },
    },
    {
        "key": "state_property_certificate",
        "slug": "udostoverenie-akt-darzhavna-sobstvenost",
        "section": "sobstvenost",
        "iisda_number": 1972,
        "online": True,
        "payment_kind": PaymentKind.FEE,
        "terms": [(TermKind.REGULAR, 7, Decimal("7.67")), (TermKind.FAST, 3, Decimal("11.50"))],
        "payment_methods": [
            PaymentMethod.DESK_CASH,
            PaymentMethod.DESK_CARD,
            PaymentMethod.BANK,
            PaymentMethod.ELECTRONIC,
        ],
        "apply_channels": [
            ApplyChannel.DESK,
            ApplyChannel.POST,
            ApplyChannel.EMAIL,
            ApplyChannel.ONLINE,
            ApplyChannel.SEOS,
            ApplyChannel.SSEV,
        ],
        "result_methods": [ResultMethod.ELECTRONIC, ResultMethod.DESK, ResultMethod.POST, ResultMethod.SSEV],
        "bg": {
            "title": "Издаване на удостоверение за наличие или липса на акт за държавна собственост",
            "short": "Удостоверение дали за имот на територията на област Русе е съставен акт за държавна "
            "собственост или имотът е отписан от актовите книги.",
            "description": "<p>Удостоверението показва дали за посочения имот е съставен акт за държавна "
            "собственост, какъв е неговият номер и дата, или че имотът е отписан от актовите книги за "
            "държавна собственост. То се изисква от нотариуси, съдилища, банки и при сделки с имоти.</p>"
            "<p>Опишете имота възможно най-точно: община, населено място, адрес, идентификатор по "
            "кадастралната карта или номер на парцел.</p>",
            "legal": [
                _law("Граждански процесуален кодекс", "587", "1"),
                _law("Закон за държавната собственост", "77"),
                _law("Закон за държавната собственост", "82а"),
            ],
            "result": "Удостоверение за наличие или липса на акт за държавна собственост",
            "validity": "1 месец",
            "appeal": "Контрол: областният управител. Отказът се обжалва пред Административен съд – Русе "
            "в 14-дневен срок от съобщаването му.",
            "payment_note": f"{TARIFF_BG}\n{BANK_BG}",
            "required": [
                _doc("Заявление по образец"),
                _doc("Скица на имота или друг документ, който го индивидуализира"),
                _doc("Документ за собственост", "при наличие", mandatory=False),
                _doc("Документ за платена такса", "при плащане по банков път", mandatory=False),
                _doc("Пълномощно", "когато заявлението се подава чрез пълномощник", mandatory=False),
            ],
            "document_type": "Заявление за издаване на удостоверение за наличие или липса на акт за държавна "
            "собственост",
            "form_intro": "",
            "fields": [
                ("Местонахождение на имота (община, населено място, адрес)", "multiline", True, "", ""),
                ("Идентификатор по кадастралната карта", "singleline", False, "", ""),
                ("За какво ще се ползва удостоверението", "singleline", False, "", ""),
                ("Скица или документ за имота", "files", True, "", ""),
            ],
        },
        "en": {
            "title": "Certificate of existence or absence of a state property act",
            "short": "A certificate whether a state property act has been drawn up for a property in "
            "the Ruse "
            "region, or the property has been written off the registers of acts.",
            "description": "<p>The certificate shows whether a state property act exists for the "
            "property, its "
            "number and date, or that the property has been written off the registers of state property "
            "acts. Notaries, courts and banks ask for it, as do buyers and sellers of property.</p>"
            "<p>Describe the property as precisely as you can: municipality, town or village, address, "
            "cadastral identifier or plot number.</p>",
            "legal": [
                _law("Civil Procedure Code", "587", "1"),
                _law("State Property Act", "77"),
                _law("State Property Act", "82a"),
            ],
            "result": "Certificate of existence or absence of a state property act",
            "validity": "1 month",
            "appeal": "Control: the Regional Governor. A refusal may be appealed before the "
            "Administrative Court "
            "of Ruse within 14 days of its notification.",
            "payment_note": f"{TARIFF_EN}\n{BANK_EN}",
            "required": [
                _doc("Application form"),
                _doc("Sketch of the property or another document identifying it"),
                _doc("Title deed", "if available", mandatory=False),
                _doc("Proof of payment of the fee", "when paying by bank transfer", mandatory=False),
                _doc("Power of attorney", "when a representative applies", mandatory=False),
            ],
            "document_type": "Application for a certificate of existence or absence of a state property act",
            "form_intro": "",
            "fields": [
                ("Location of the property (municipality, town or village, address)", "", "", "", ""),
                ("Cadastral identifier", "", "", "", ""),
                ("What the certificate is for", "", "", "", ""),
                ("Sketch or document of the property", "", "", "", ""),
            ],
        },
    },
    {
        "key": "restitution_claims_certificate",
        "slug": "udostoverenie-restitutsionni-pretentsii",
        "section": "sobstvenost",
        "iisda_number": 1979,
        "online": True,
        "payment_kind": PaymentKind.FEE,
        "terms": [(TermKind.REGULAR, 7, Decimal("7.67")), (TermKind.FAST, 3, Decimal("11.50"))],
        "payment_methods": [
            PaymentMethod.DESK_CASH,
            PaymentMethod.DESK_CARD,
            PaymentMethod.BANK,
            PaymentMethod.ELECTRONIC,
        ],
        "apply_channels": [
            ApplyChannel.DESK,
            ApplyChannel.POST,
            ApplyChannel.EMAIL,
            ApplyChannel.ONLINE,
            ApplyChannel.SEOS,
            ApplyChannel.SSEV,
        ],
        "result_methods": [ResultMethod.ELECTRONIC, ResultMethod.DESK, ResultMethod.POST],
        "bg": {
            "title": "Издаване на удостоверение за наличие или липса на претенции за възстановяване на "
            "собствеността",
            "short": "Удостоверение дали за държавен имот в област Русе има предявени претенции за "
            "възстановяване на собствеността по реституционните закони.",
            "description": "<p>Удостоверението показва дали в областната администрация са постъпили искания "
            "за възстановяване на собствеността върху имота по реституционните закони и какво е тяхното "
            "състояние. Издава се за имоти – държавна собственост, на територията на област Русе.</p>",
            "legal": [
                _law("Закон за държавната собственост", "77"),
                _law("Закон за държавната собственост", "82а"),
            ],
            "result": "Удостоверение за наличие или липса на претенции за възстановяване на собствеността",
            "validity": "1 месец",
            "appeal": "Отказът се обжалва пред Административен съд – Русе в 14-дневен срок от "
            "съобщаването му.",
            "payment_note": f"{TARIFF_BG}\n{BANK_BG}",
            "required": [
                _doc("Заявление по образец"),
                _doc("Скица на имота или друг документ, който го индивидуализира"),
                _doc("Документ за платена такса", "при плащане по банков път", mandatory=False),
                _doc("Пълномощно", "когато заявлението се подава чрез пълномощник", mandatory=False),
            ],
            "document_type": "Заявление за издаване на удостоверение за наличие или липса на претенции за "
            "възстановяване на собствеността",
            "form_intro": "",
            "fields": [
                ("Местонахождение на имота (община, населено място, адрес)", "multiline", True, "", ""),
                ("Идентификатор по кадастралната карта", "singleline", False, "", ""),
                ("Скица или документ за имота", "files", False, "", ""),
            ],
        },
        "en": {
            "title": "Certificate of existence or absence of claims for restitution",
            "short": "A certificate whether claims for the restitution of ownership have been made for "
            "a state "
            "property in the Ruse region.",
            "description": "<p>The certificate shows whether requests for the restitution of the "
            "property under "
            "the restitution laws have reached the regional administration, and where they stand. It is "
            "issued for state-owned properties in the Ruse region.</p>",
            "legal": [_law("State Property Act", "77"), _law("State Property Act", "82a")],
            "result": "Certificate of existence or absence of claims for restitution",
            "validity": "1 month",
            "appeal": "A refusal may be appealed before the Administrative Court of Ruse within 14 days "
            "of its "
            "notification.",
            "payment_note": f"{TARIFF_EN}\n{BANK_EN}",
            "required": [
                _doc("Application form"),
                _doc("Sketch of the property or another document identifying it"),
                _doc("Proof of payment of the fee", "when paying by bank transfer", mandatory=False),
                _doc("Power of attorney", "when a representative applies", mandatory=False),
            ],
            "document_type": "Application for a certificate of existence or absence of claims for "
            "restitution",
            "form_intro": "",
            "fields": [
                ("Location of the property (municipality, town or village, address)", "", "", "", ""),
                ("Cadastral identifier", "", "", "", ""),
                ("Sketch or document of the property", "", "", "", ""),
            ],
        },
    },
    {
        "key": "public_information",
        "slug": "dostap-do-obshtestvena-informatsiya",
        "section": "informatsiya",
        "iisda_number": None,
        "online": True,
        "payment_kind": PaymentKind.FREE,
        "terms": [(TermKind.REGULAR, 14, None)],
        "term_unit": DurationUnit.CALENDAR_DAYS,
        "term_note_bg": "може да се удължи с до 10 дни (чл. 30 ЗДОИ)",
        "term_note_en": "may be extended by up to 10 days (Art. 30 of the Access to Public Information Act)",
        "payment_methods": [PaymentMethod.DESK_CASH, PaymentMethod.BANK],
        "apply_channels": [
            ApplyChannel.DESK,
            ApplyChannel.POST,
            ApplyChannel.EMAIL,
            ApplyChannel.ONLINE,
            ApplyChannel.SSEV,
        ],
        "result_methods": [ResultMethod.ELECTRONIC, ResultMethod.DESK, ResultMethod.POST],
        "review_overdue": True,  # so that the editors' report has something to show in the demo
        "bg": {
            "title": "Предоставяне на достъп до обществена информация",
            "short": "Всеки има право на достъп до обществената информация, която създава или съхранява "
            "областната администрация. Заявлението е безплатно.",
            "description": "<p>Можете да поискате информация, свързана с обществения живот, която "
            "областната администрация създава или съхранява. Посочете възможно най-точно каква информация "
            "искате и в каква форма желаете да я получите.</p>"
            "<p>Достъпът е безплатен. Когато информацията се предоставя на хартиен или технически носител, "
            "се заплащат само материалните разходи по нормативите, определени от министъра на финансите.</p>",
            "legal": [
                _law("Закон за достъпа до обществена информация", "24"),
                _law("Закон за достъпа до обществена информация", "26", "1"),
                _law("Закон за достъпа до обществена информация", "28", "1"),
                _law("Закон за достъпа до обществена информация", "20", "2"),
            ],
            "result": "Решение за предоставяне или за отказ от предоставяне на достъп и самата информация",
            "validity": "",
            "appeal": "Решението може да се обжалва пред Административен съд – Русе в 14-дневен срок от "
            "съобщаването му.",
            "payment_note": "Безплатно. При предоставяне на хартиен или технически носител се заплащат "
            "материалните разходи по заповед на министъра на финансите.",
            "required": [
                _doc(
                    "Заявление за достъп до обществена информация",
                    "писмено, по електронен път или устно (с протокол)",
                ),
            ],
            "document_type": "Заявление за достъп до обществена информация",
            "form_intro": "<p>Опишете информацията, която искате, и начина, по който желаете да я "
            "получите.</p>",
            "fields": [
                ("Описание на исканата информация", "multiline", True, "", ""),
                (
                    "Предпочитана форма на достъп",
                    "radio",
                    True,
                    "Копие по електронна поща\nКопие на хартиен носител\nПреглед на място\nУстна справка",
                    "",
                ),
            ],
        },
        "en": {
            "title": "Access to public information",
            "short": "Everyone has the right of access to the public information the regional administration "
            "creates or keeps. The request is free of charge.",
            "description": "<p>You can ask for information about public life that the regional "
            "administration "
            "creates or keeps. Describe as precisely as you can what information you want and in what form "
            "you would like to receive it.</p>"
            "<p>Access is free. When the information is given on paper or another medium, only the material "
            "costs are paid, as set by the Minister of Finance.</p>",
            "legal": [
                _law("Access to Public Information Act", "24"),
                _law("Access to Public Information Act", "26", "1"),
                _law("Access to Public Information Act", "28", "1"),
                _law("Access to Public Information Act", "20", "2"),
            ],
            "result": "A decision granting or refusing access, and the information itself",
            "validity": "",
            "appeal": "The decision may be appealed before the Administrative Court of Ruse within 14 "
            "days of "
            "its notification.",
            "payment_note": "Free of charge. For copies on paper or another medium the material costs set by "
            "the Minister of Finance are paid.",
            "required": [
                _doc(
                    "Request for access to public information",
                    "in writing, electronically or orally (recorded in minutes)",
                ),
            ],
            "document_type": "Request for access to public information",
            "form_intro": "<p>Describe the information you want and how you would like to receive it.</p>",
            "fields": [
                ("Description of the information requested", "", "", "", ""),
                (
                    "Preferred form of access",
                    "",
                    "",
                    "Copy by e-mail\nPaper copy\nInspection on site\nOral information",
                    "",
                ),
            ],
        },
    },
]


def _default_site_root():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else Page.get_first_root_node()


def _sections(bg: Locale, en: Locale | None) -> dict:
    result = {}
    for slug, name_bg, name_en, order in SECTIONS:
        section, _ = ServiceSection.objects.get_or_create(
            slug=slug, locale=bg, defaults={"name": name_bg, "sort_order": order}
        )
        result[slug] = {"bg": section}
        if en is not None:
            translated = section.get_translation_or_none(en)
            if translated is None:
                translated = section.copy_for_translation(en)
                translated.name = name_en
                translated.save()
            result[slug]["en"] = translated
    return result


def _unit(bg: Locale, en: Locale | None) -> dict:
    unit = ServiceUnit.objects.filter(locale=bg, name=UNIT["bg"]["name"]).first()
    if unit is None:
        unit = ServiceUnit.objects.create(locale=bg, phones=UNIT["phones"], email=UNIT["email"], **UNIT["bg"])
    result = {"bg": unit}
    if en is not None:
        translated = unit.get_translation_or_none(en)
        if translated is None:
            translated = unit.copy_for_translation(en)
            for field, value in UNIT["en"].items():
                setattr(translated, field, value)
            translated.save()
        result["en"] = translated
    return result


def _model_document(spec) -> object:
    """A blank application form (образец) as a PDF in Wagtail's documents; made once per service."""
    from documents.pdf import render_pdf

    Document = get_document_model()
    title = f"Образец на заявление – {spec['bg']['title']}"[:255]
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    pdf = render_pdf(
        "services/pdf/model_application.html",
        {
            "service": spec["bg"],
            "provider": PROVIDER,
            "iisda_number": spec["iisda_number"],
            "fields": [f for f in spec["bg"]["fields"] if f[1] not in ("file", "files")],
        },
    )
    document = Document(title=title)
    document.file.save(f"obrazec-{spec['slug']}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def _index(home, bg: Locale) -> ServiceIndexPage:
    """The catalogue at /uslugi/: the site's placeholder section is replaced by a ServiceIndexPage."""
    existing = home.get_children().filter(slug=INDEX_SLUG).first()
    if existing is not None and isinstance(existing.specific, ServiceIndexPage):
        return existing.specific
    intro = (
        "<p>Услугите, които предоставя областният управител. Можете да ги заявите на място в Центъра за "
        "административно обслужване, по пощата или онлайн – и да следите заявлението си с входящия номер "
        "и кода за достъп.</p>"
    )
    index = ServiceIndexPage(
        title="Административни услуги",
        slug=INDEX_SLUG,
        intro=intro,
        show_in_menus=True,
        search_description="Услугите, които предоставя областният управител: описание, срокове, такси, "
        "заявяване онлайн.",
    )
    right_sibling = None
    if existing is not None:
        right_sibling = existing.get_next_sibling()
        index.show_in_menus = existing.show_in_menus
        # The placeholder pages go (their featured entries on the home page go with them; load_demo
        # features the service pages afterwards).
        for translation in existing.get_translations():
            translation.delete()
        existing.delete()
        home.refresh_from_db()
    home.add_child(instance=index)
    if right_sibling is not None:
        right_sibling.refresh_from_db()
        index.move(right_sibling, pos="left")
        index.refresh_from_db()
    index.save_revision().publish()
    return index


def _service(index, spec, sections, unit, owner) -> ServicePage:
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing.specific
    bg = spec["bg"]
    today = timezone.localdate()
    page = ServicePage(
        title=bg["title"],
        slug=spec["slug"],
        iisda_number=spec["iisda_number"],
        section=sections[spec["section"]]["bg"],
        short_description=bg["short"],
        search_description=bg["short"][:255],
        description=bg["description"],
        legal_basis=bg["legal"],
        providing_body=PROVIDER,
        result_description=bg["result"],
        result_validity=bg["validity"],
        appeal_info=bg["appeal"],
        payment_kind=spec["payment_kind"],
        payment_methods=list(spec["payment_methods"]),
        payment_note=bg["payment_note"],
        required_documents=bg["required"],
        model_documents=[
            ("document", {"document": _model_document(spec), "title": MODEL_DOCUMENT_TITLE_BG})
        ],
        apply_channels=list(spec["apply_channels"]),
        result_methods=list(spec["result_methods"]),
        unit=unit["bg"],
        online_application_open=spec["online"],
        document_type_name=bg["document_type"],
        form_intro=bg["form_intro"],
        content_owner=owner,
        review_by=today - datetime.timedelta(days=10)
        if spec.get("review_overdue")
        else today + datetime.timedelta(days=365),
    )
    for order, (kind, duration, fee) in enumerate(spec["terms"]):
        page.terms.add(
            ServiceTerm(
                kind=kind,
                duration=duration,
                unit=spec.get("term_unit", DurationUnit.WORKING_DAYS),
                fee_eur=fee,
                note=spec.get("term_note_bg", ""),
                sort_order=order,
                locale=index.locale,
            )
        )
    for order, (label, field_type, required, choices, default) in enumerate(bg["fields"]):
        page.form_fields.add(
            ServiceFormField(
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
                default_value=default,
                sort_order=order,
                locale=index.locale,
            )
        )
    index.add_child(instance=page)
    page.save_revision(user=owner).publish()
    return page


def _translate_index(index, en):
    translated = index.get_translation_or_none(en)
    if translated is not None:
        return translated.specific
    if index.get_parent().get_translation_or_none(en) is None:
        return None  # the English site does not exist: nothing to hang the catalogue on
    copy = index.copy_for_translation(en)
    copy.slug = INDEX_SLUG_EN
    copy.title = "Administrative services"
    copy.intro = (
        "<p>The services of the Regional Governor. Apply in person at the Administrative Service Centre, by "
        "post or online, and follow your application with its incoming number and access code.</p>"
    )
    copy.search_description = "The services of the Regional Governor: description, terms, fees, online "
    "applying."
    copy.save()
    copy.save_revision().publish()
    return copy


def _translate_service(page, spec, en, sections, unit):
    translated = page.get_translation_or_none(en)
    if translated is not None:
        return translated.specific
    text = spec["en"]
    copy = page.copy_for_translation(en)
    copy.title = text["title"]
    copy.short_description = text["short"]
    copy.search_description = text["short"][:255]
    copy.description = text["description"]
    copy.legal_basis = text["legal"]
    copy.providing_body = PROVIDER_EN
    copy.result_description = text["result"]
    copy.result_validity = text["validity"]
    copy.appeal_info = text["appeal"]
    copy.payment_note = text["payment_note"]
    copy.required_documents = text["required"]
    copy.model_documents = [
        ("document", {"document": block.value["document"], "title": MODEL_DOCUMENT_TITLE_EN})
        for block in page.model_documents
    ]
    copy.document_type_name = text["document_type"]
    copy.form_intro = text["form_intro"]
    copy.section = sections[spec["section"]]["en"]
    copy.unit = unit["en"]
    copy.save()
    for term in ServiceTerm.objects.filter(page=copy):
        term.note = spec.get("term_note_en", "")
        term.save()
    fields = list(ServiceFormField.objects.filter(page=copy).order_by("sort_order"))
    for field, (label, _type, _required, choices, _default) in zip(fields, text["fields"], strict=True):
        field.label = label
        if choices:
            field.choices = choices
        field.save()
    copy.save_revision().publish()
    return copy


@transaction.atomic
def load(log=None) -> dict:
    """Build (or complete) the demo catalogue. Returns the pages by key (``"index"``, service keys)."""
    bg = Locale.get_default()
    en = Locale.objects.filter(language_code="en").first()
    home = _default_site_root()
    owner = get_user_model().objects.filter(username="editor").first()
    sections = _sections(bg, en)
    unit = _unit(bg, en)
    index = _index(home, bg)
    pages = {"index": index}
    for spec in SERVICES:
        pages[spec["key"]] = _service(index, spec, sections, unit, owner)
    if en is not None and _translate_index(index, en) is not None:
        for spec in SERVICES:
            _translate_service(pages[spec["key"]], spec, en, sections, unit)
    if log:
        log(f"  e-services: {len(SERVICES)} service pages under /{INDEX_SLUG}/")
    return pages
