"""Demo content of the Regional Administration of Ruse (used by ``manage.py load_demo``).

Everything here is idempotent: a page is found by its slug under its parent (a translation by its
locale) and created only when missing, so running the loader twice gives the same site, and edits an
editor made to demo pages survive a second run.

Stable slugs other apps rely on: the services are StandardPages under ``/uslugi/`` with the slugs in
:data:`SERVICE_SLUGS` until ``services.demo.load()`` turns them into service pages.

English complete: every live Bulgarian page gets a live English translation (tested in
tests/home/test_demo.py). The one exception is ``load_demo --skip-apps`` (the browser tests): there the
placeholder service pages stay Bulgarian only, since ``services.demo`` replaces them with translated
service pages; the English home then features no services rather than Bulgarian titles.

Contact figures (phones, e-mail, EIK) are demo values; check them against the official registers before
using this content anywhere real.
"""

import datetime
import io
import math
from html import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, Locale, Page, Site, Workflow, WorkflowPage, WorkflowTask
from wagtail.rich_text import RichText

from home.models import (
    AccessibilityPage,
    ContactPage,
    ContactPoint,
    HomePage,
    HomePageFeaturedService,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PrivacyPage,
    SiteSettings,
    StandardPage,
)

NEWS_WORKFLOW_NAME = "Одобрение на новини"
NEWS_TASK_NAME = "Одобрение от началник на отдел"

# slug → what it is; services.demo finds the pages by these slugs under SERVICES_SLUG.
SERVICES_SLUG = "uslugi"
SERVICE_SLUGS = {
    "apostille": "zaverka-s-apostil",
    "state_property_certificate": "udostoverenie-akt-darzhavna-sobstvenost",
    "restitution_claims_certificate": "udostoverenie-restitutsionni-pretentsii",
    "public_information": "dostap-do-obshtestvena-informatsiya",
}


def p(*paragraphs):
    """Rich text from plain paragraphs (escaped)."""
    return RichText("".join(f"<p>{escape(text)}</p>" for text in paragraphs))


def ul(*items):
    return RichText("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def h2(text):
    return ("heading", {"text": text, "level": "h2"})


def table(caption, header, *rows):
    return (
        "table",
        {
            "data": [list(header), *[list(r) for r in rows]],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": caption,
        },
    )


# --- Site details ------------------------------------------------------------------------------------

SITE_SETTINGS = {
    "name": "Областна администрация Русе",
    "name_en": "Regional Administration of Ruse",
    "eik": "000530632",
    "address": "пл. „Свобода“ № 6\n7000 Русе",
    "address_en": "6 Svoboda Square\n7000 Ruse, Bulgaria",
    "phones": "082 812 210, 082 812 212",
    "email": "oblast@ruse.government.bg",
    "working_hours": "Понеделник – петък: 9:00 – 17:30 ч., без прекъсване\n"
                     "Събота, неделя и официални празници: почивни дни",
    "working_hours_en": "Monday – Friday: 9:00 – 17:30, no lunch break\n"
                        "Saturday, Sunday and public holidays: closed",
}

CATEGORIES = [
    # slug, Bulgarian, English
    ("saobshteniya", "Съобщения", "Announcements"),
    ("sabitiya", "Събития", "Events"),
    ("elektronno-upravlenie", "Електронно управление", "E-government"),
]

MUNICIPALITIES = [
    # slug, name, administrative centre, one sentence
    ("borovo", "Борово", "град Борово", "Общината се намира в западната част на област Русе."),
    ("byala", "Бяла", "град Бяла",
     "Общината се намира в югозападната част на областта, по поречието на р. Янтра."),
    ("vetovo", "Ветово", "град Ветово", "Общината се намира в източната част на областта."),
    ("dve-mogili", "Две могили", "град Две могили", "Общината се намира в централната част на областта."),
    ("ivanovo", "Иваново", "село Иваново",
     "На територията на общината са Ивановските скални църкви – обект на световното наследство на ЮНЕСКО."),
    ("ruse", "Русе", "град Русе", "Най-голямата община в областта, на брега на река Дунав."),
    ("slivo-pole", "Сливо поле", "град Сливо поле",
     "Общината се намира на брега на река Дунав, източно от Русе."),
    ("tsenovo", "Ценово", "село Ценово", "Общината се намира в западната част на областта."),
]

# The same municipalities in English, by slug: name, administrative centre, one sentence.
MUNICIPALITIES_EN = {
    "borovo": ("Borovo", "the town of Borovo", "The municipality lies in the west of Ruse region."),
    "byala": ("Byala", "the town of Byala",
              "The municipality lies in the south-west of the region, along the Yantra river."),
    "vetovo": ("Vetovo", "the town of Vetovo", "The municipality lies in the east of the region."),
    "dve-mogili": ("Dve Mogili", "the town of Dve Mogili",
                   "The municipality lies in the centre of the region."),
    "ivanovo": ("Ivanovo", "the village of Ivanovo",
                "The Rock-hewn Churches of Ivanovo, a UNESCO World Heritage site, are in the municipality."),
    "ruse": ("Ruse", "the city of Ruse", "The largest municipality of the region, on the Danube."),
    "slivo-pole": ("Slivo Pole", "the town of Slivo Pole",
                   "The municipality lies on the Danube, east of Ruse."),
    "tsenovo": ("Tsenovo", "the village of Tsenovo", "The municipality lies in the west of the region."),
}


def _apply_channels_table():
    return table(
        "Начини за подаване и получаване",
        ["Начин", "Подаване на заявлението", "Получаване на резултата"],
        ["На място", "В информационния център на областната администрация", "В информационния център"],
        ["По пощата", "С писмо до областната администрация", "С писмо на посочен адрес"],
        ["Електронно", "През този портал или Системата за сигурно електронно връчване",
         "По електронен път, когато законът го позволява"],
    )


SERVICES = [
    {
        "key": "apostille",
        "title": "Заверка на документи с апостил",
        "intro": "Областният управител заверява с апостил документи, издадени от общинските администрации "
                 "в област Русе и от областната администрация, за да бъдат признати в държавите – страни "
                 "по Хагската конвенция.",
        "body": [
            h2("Какви документи се заверяват"),
            ul("Документи по гражданското състояние, издадени от общините в областта "
               "(удостоверения за раждане, за сключен граждански брак, за наследници и др.)",
               "Документи, издадени от областната администрация"),
            h2("Правно основание"),
            p("Конвенция за премахване на изискването за легализация на чуждестранни публични актове "
              "(Хага, 5 октомври 1961 г.)."),
            h2("Как да заявите услугата"),
            p("Подайте заявление и оригинала на документа. Заявител може да бъде всяко лице, което "
              "представи документа."),
            _apply_channels_table(),
        ],
    },
    {
        "key": "state_property_certificate",
        "title": "Издаване на удостоверение за наличие или липса на акт за държавна собственост",
        "intro": "Удостоверението показва дали за даден имот на територията на област Русе е съставен акт "
                 "за държавна собственост (услуга № 1972 в Административния регистър – ИИСДА).",
        "body": [
            h2("Правно основание"),
            p("Закон за държавната собственост и Правилник за прилагането му."),
            h2("Необходими документи"),
            ul("Заявление по образец", "Документ, който идентифицира имота (скица, нотариален акт или друг)",
               "Документ за платена такса, когато такава се дължи"),
            _apply_channels_table(),
        ],
    },
    {
        "key": "restitution_claims_certificate",
        "title": "Издаване на удостоверение за заявени реституционни претенции",
        "intro": "Удостоверението показва дали за даден имот има заявени претенции за възстановяване на "
                 "собствеността по реституционните закони (услуга № 1979 в ИИСДА).",
        "body": [
            h2("Кой може да заяви услугата"),
            p("Собственици на имоти, техните наследници и други лица с правен интерес."),
            h2("Необходими документи"),
            ul("Заявление по образец", "Документи, които идентифицират имота",
               "Пълномощно, когато заявлението се подава от пълномощник"),
            _apply_channels_table(),
        ],
    },
    {
        "key": "public_information",
        "title": "Достъп до обществена информация",
        "intro": "Всеки има право на достъп до обществената информация, която областната администрация "
                 "създава и съхранява, по реда на Закона за достъп до обществена информация.",
        "body": [
            h2("Как да поискате информация"),
            p("Подайте писмено заявление на място, по пощата или по електронен път, включително през "
              "Платформата за достъп до обществена информация. Можете да поискате информацията и устно."),
            h2("Срок"),
            p("Решението по заявлението се взема в срок до 14 дни от регистрирането му."),
            h2("Разходи"),
            p("Достъпът е безплатен. Заплащат се само материалните разходи по предоставянето на "
              "информацията, когато тя се иска на хартия или на технически носител."),
            ("document", {"document": "__request_form__", "title": "Заявление за достъп до обществена "
                                                                   "информация (образец)"}),
        ],
    },
]

NEWS = [
    {
        "slug": "elektronen-obmen-s-obshtinite-ot-1-noemvri",
        "date": datetime.date(2026, 10, 20),
        "title": "От 1 ноември общините в област Русе обменят документи с областната администрация "
                 "по електронен път",
        "lead": "От 1 ноември 2026 г. осемте общини в областта и Областна администрация Русе изпращат и "
                "получават служебна кореспонденция само по електронен път, през Системата за електронен "
                "обмен на съобщения (СЕОС).",
        "body": [
            ("paragraph", p(
                "Електронният обмен обхваща писмата, преписките и отговорите между областния управител и "
                "общините Борово, Бяла, Ветово, Две могили, Иваново, Русе, Сливо поле и Ценово. Документите "
                "се регистрират автоматично в деловодните системи на двете страни, а подателят получава "
                "потвърждение за регистрацията с входящия номер.",
                "Хартиените писма остават само за случаите, в които законът изисква оригинал на хартия.")),
            h2("Какво се променя за гражданите"),
            ("paragraph", p(
                "Нищо не се променя в начина, по който подавате заявления. По-бързият обмен между "
                "администрациите обаче съкращава времето, в което получавате отговор по преписки, за които "
                "е нужна информация от общината.")),
        ],
        "categories": ["saobshteniya", "elektronno-upravlenie"],
        "image": "exchange",
        "image_alt": "Схема: осем общини, свързани с областната администрация",
        "english": {
            "slug": "electronic-exchange-with-municipalities-from-1-november",
            "title": "From 1 November the municipalities of Ruse region exchange documents with the regional "
                     "administration electronically",
            "lead": "From 1 November 2026 the eight municipalities of the region and the Regional "
                    "Administration of Ruse send and receive official correspondence only electronically, "
                    "through the electronic message exchange system (SEOS).",
            "body": [
                ("paragraph", p(
                    "The electronic exchange covers letters, case files and replies between the regional "
                    "governor and the municipalities of Borovo, Byala, Vetovo, Dve Mogili, Ivanovo, Ruse, "
                    "Slivo Pole and Tsenovo. Documents are registered automatically in both registries, and "
                    "the sender receives a confirmation with the incoming number.",
                    "Paper letters remain only where the law requires an original on paper.")),
            ],
            "image_alt": "Diagram: eight municipalities connected to the regional administration",
        },
    },
    {
        "slug": "zapochna-elektronniyat-obmen",
        "date": datetime.date(2026, 11, 3),
        "title": "Първите документи между общините и областната администрация са разменени електронно",
        "lead": "През първите два работни дни от старта на електронния обмен през СЕОС бяха изпратени и "
                "регистрирани над 60 документа.",
        "body": [("paragraph", p(
            "Всички общини в областта са свързани и обменят документи без хартиени копия. Служителите, "
            "които работят с деловодната система, преминаха обучение през октомври."))],
        "categories": ["elektronno-upravlenie"],
        "image": None,
        "english": {
            "slug": "electronic-exchange-has-started",
            "title": "The first documents between the municipalities and the regional administration have "
                     "been exchanged electronically",
            "lead": "In the first two working days of the electronic exchange through SEOS more than 60 "
                    "documents were sent and registered.",
            "body": [("paragraph", p(
                "All municipalities of the region are connected and exchange documents without paper copies. "
                "The staff who work with the registry system were trained in October."))],
            "image_alt": "",
        },
    },
    {
        "slug": "priemen-den-na-oblastniya-upravitel",
        "date": datetime.date(2026, 11, 10),
        "title": "Приемен ден на областния управител за граждани",
        "lead": "Областният управител приема граждани всяка първа сряда от месеца от 10:00 до 12:00 ч. "
                "след предварително записване.",
        "body": [("paragraph", p(
            "Записването става в информационния център на областната администрация или по телефона. "
            "Моля, посочете накратко въпроса, с който идвате, за да подготвим нужната информация."))],
        "categories": ["saobshteniya"],
        "image": "building",
        "image_alt": "Илюстрация: сградата на областната администрация",
        "english": {
            "slug": "regional-governors-reception-day",
            "title": "The regional governor's reception day for citizens",
            "lead": "The regional governor receives citizens on the first Wednesday of every month from "
                    "10:00 to 12:00, by appointment.",
            "body": [("paragraph", p(
                "You can make an appointment at the information centre of the regional administration or by "
                "phone. Please tell us briefly what you would like to discuss, so that we can prepare the "
                "information you need."))],
            "image_alt": "Illustration: the building of the regional administration",
        },
    },
    {
        "slug": "oblasten-savet-za-namalyavane-na-riska-ot-bedstviya",
        "date": datetime.date(2026, 11, 17),
        "title": "Заседание на Областния съвет за намаляване на риска от бедствия",
        "lead": "Съветът обсъди готовността на институциите в областта за зимния сезон.",
        "body": [("paragraph", p(
            "В заседанието участваха кметовете на общините, представители на териториалните структури на "
            "министерствата и на пътната агенция. Приет беше план за действие при усложнена зимна "
            "обстановка."))],
        "categories": ["sabitiya"],
        "image": None,
        "english": {
            "slug": "regional-disaster-risk-reduction-council",
            "title": "Meeting of the Regional Disaster Risk Reduction Council",
            "lead": "The council discussed how ready the institutions of the region are for the winter.",
            "body": [("paragraph", p(
                "The mayors of the municipalities, the regional offices of the ministries and the road "
                "agency took part in the meeting. An action plan for severe winter conditions was "
                "adopted."))],
            "image_alt": "",
        },
    },
    {
        "slug": "rabotno-vreme-po-praznitsite",
        "date": datetime.date(2026, 11, 24),
        "title": "Работно време на информационния център по време на коледните и новогодишните празници",
        "lead": "На 24, 25 и 26 декември и на 1 януари информационният център няма да работи.",
        "body": [("paragraph", p(
            "Заявления по електронен път можете да подавате през портала и в почивните дни; те ще бъдат "
            "регистрирани в първия работен ден."))],
        "categories": ["saobshteniya"],
        "image": None,
        "english": {
            "slug": "working-hours-during-the-holidays",
            "title": "Working hours of the information centre during the Christmas and New Year holidays",
            "lead": "The information centre is closed on 24, 25 and 26 December and on 1 January.",
            "body": [("paragraph", p(
                "You can submit applications electronically through the portal on holidays too; they are "
                "registered on the next working day."))],
            "image_alt": "",
        },
    },
    {
        "slug": "elektronni-uslugi-na-portala",
        "date": datetime.date(2026, 11, 27),
        "title": "Административните услуги на областната администрация вече могат да се заявяват онлайн",
        "lead": "Чрез портала можете да заявите услуга, да получите входящ номер и код за достъп и да "
                "проследите заявлението си.",
        "body": [("paragraph", p(
            "Към заявлението можете да приложите документи в електронен вид. Веднага след подаването "
            "получавате потвърждение за получаване във формат PDF."))],
        "categories": ["elektronno-upravlenie", "saobshteniya"],
        "image": "exchange",
        "image_alt": "",
        "english": {
            "slug": "e-services-on-the-portal",
            "title": "The administrative services of the regional administration can now be requested online",
            "lead": "Through the portal you can apply for a service, get an incoming number and an access "
                    "code and follow your application.",
            "body": [("paragraph", p(
                "You can attach documents in electronic form to your application. As soon as you submit it, "
                "you receive a confirmation of receipt as a PDF."))],
            "image_alt": "",
        },
    },
]


# "About us" shows every block a StandardPage offers (rich text, heading, image with alt text, document
# link, table, call to action), so that the browser tests check each block's markup with axe and vnu.
# "__…__" values are resolved by _resolve_body (the image and document are created once).
ABOUT_BODY_BG = [
    h2("Областният управител"),
    ("paragraph", p(
        "Областният управител осигурява съответствието между националните и местните интереси, "
        "координира работата на териториалните звена на министерствата и контролира "
        "законосъобразността на актовете и действията на органите на местното самоуправление.",
        "Той управлява държавната собственост на територията на областта и ръководи дейността по "
        "защита при бедствия.")),
    ("image", {"image": {"image": "__building_image__",
                         "alt_text": "Илюстрация: сградата на областната администрация с колони и фронтон",
                         "decorative": False},
               "caption": "Областна администрация Русе, пл. „Свобода“ № 6"}),
    h2("Областната администрация"),
    ("paragraph", p(
        "Администрацията се състои от обща администрация (дирекция „Административно-правно "
        "обслужване, финансово-стопански дейности и управление на собствеността“) и специализирана "
        "администрация (дирекция „Административен контрол, регионално развитие и държавна "
        "собственост“).")),
    table(
        "Дирекции на областната администрация",
        ["Дирекция", "Телефон", "Етаж"],
        ["Административно-правно обслужване, финансово-стопански дейности и управление на собствеността",
         "082 812 240", "3"],
        ["Административен контрол, регионално развитие и държавна собственост", "082 812 230", "2"],
    ),
    ("document", {"document": "__structure_bg__", "title": ""}),
    ("call_to_action", {"text": "Имате въпрос или искате да подадете заявление?",
                        "page": None, "url": "", "label": "Вижте контактите"}),
]
ABOUT_BODY_EN = [
    h2("The regional governor"),
    ("paragraph", p(
        "The regional governor ensures that national and local interests are in line, coordinates "
        "the regional offices of the ministries and checks that the acts of local self-government "
        "are lawful. The governor manages state property in the region and leads disaster "
        "protection.")),
    ("image", {"image": {"image": "__building_image__",
                         "alt_text": "Illustration: the building of the regional administration with columns "
                                     "and a pediment",
                         "decorative": False},
               "caption": "Regional Administration of Ruse, 6 Svoboda Square"}),
    h2("The regional administration"),
    ("paragraph", p(
        "The administration has a general directorate (legal and administrative services, finance "
        "and property management) and a specialised directorate (administrative control, regional "
        "development and state property).")),
    table(
        "Directorates of the regional administration",
        ["Directorate", "Phone", "Floor"],
        ["Legal and Administrative Services, Finance and Property Management", "+359 82 812 240", "3"],
        ["Administrative Control, Regional Development and State Property", "+359 82 812 230", "2"],
    ),
    ("document", {"document": "__structure_en__", "title": ""}),
    ("call_to_action", {"text": "Do you have a question or want to submit an application?",
                        "page": None, "url": "", "label": "See our contacts"}),
]

# The old English municipalities index said this instead of listing the English municipality pages.
MUNICIPALITIES_IN_BULGARIAN_ONLY = "Their pages are available in Bulgarian."

# Demo documents (plain text, UTF-8): key → (title, file name, text).
STRUCTURE_DOCUMENTS = {
    "__structure_bg__": (
        "Структура на Областна администрация Русе",
        "struktura-oblastna-administratsiya-ruse.txt",
        "СТРУКТУРА НА ОБЛАСТНА АДМИНИСТРАЦИЯ РУСЕ (демо)\n\n"
        "Областен управител\nЗаместник областни управители\nГлавен секретар\n\n"
        "Обща администрация: дирекция „Административно-правно обслужване, финансово-стопански дейности "
        "и управление на собствеността“\n"
        "Специализирана администрация: дирекция „Административен контрол, регионално развитие и "
        "държавна собственост“\n",
    ),
    "__structure_en__": (
        "Structure of the Regional Administration of Ruse",
        "structure-regional-administration-ruse.txt",
        "STRUCTURE OF THE REGIONAL ADMINISTRATION OF RUSE (demo)\n\n"
        "Regional governor\nDeputy regional governors\nSecretary general\n\n"
        "General administration: Legal and Administrative Services, Finance and Property Management "
        "Directorate\n"
        "Specialised administration: Administrative Control, Regional Development and State Property "
        "Directorate\n",
    ),
}


# The privacy notice (GDPR Art. 13). Retention figures must match services' SERVICES_RETENTION_DAYS.
PRIVACY_BODY_BG = [
    h2("Администратор на личните данни"),
    ("paragraph", p(
    "Областна администрация Русе, ЕИК 000530632, пл. „Свобода“ № 6, 7000 Русе, "
    "oblast@ruse.government.bg, 082 812 210. Длъжностно лице по защита на данните: dpo@ruse.government.bg.")),
    h2("Какви данни събираме и защо"),
    ("paragraph", p(
    "Когато подадете заявление, съхраняваме името, адреса, електронната поща и телефона ви, данните на "
    "фирмата, ако подавате от нейно име, отговорите във формуляра и приложените файлове. Използваме ги, за "
    "да извършим поисканата услуга, да ви уведомяваме за хода ѝ и да ви изпратим резултата. Основанието е "
    "изпълнението на законово задължение и на задача от обществен интерес (чл. 6, пар. 1, букви „в“ и „д“ "
    "от регламента) по Административнопроцесуалния кодекс и закона, уреждащ съответната услуга.")),
    h2("Колко време ги пазим"),
    ("paragraph", p(
    "Заявлението получава входящ номер в деловодната система. Номерът, относно, датите и движението на "
    "документа се пазят постоянно, защото деловодният регистър е архивен документ и номерата му не се "
    "преизползват. Личните данни на заявителя, отговорите във формуляра и приложените от него файлове се "
    "анонимизират автоматично след срок, определен за всяка услуга, считано от приключването или "
    "оттеглянето на заявлението; когато за услугата не е определен друг срок, той е 3 години. "
    "Отговорите на администрацията (издадените актове) се пазят по номенклатурата на делата.")),
    h2("Кой има достъп до тях"),
    ("paragraph", p(
    "Служителите, които обработват заявлението, и органите, на които законът изисква да ги предоставим. "
    "Не ги използваме за маркетинг, не ги предаваме извън Европейския съюз и не вземаме автоматизирани "
    "решения въз основа на тях.")),
    h2("Вашите права"),
    ("paragraph", p(
    "Имате право на достъп до данните си и на копие от тях, на коригиране, на изтриване, когато не сме "
    "длъжни да ги пазим, на ограничаване на обработването и на възражение. Пишете ни на посочените адреси; "
    "ще ви отговорим в срок до един месец. Имате право на жалба до Комисията за защита на личните данни, "
    "бул. „Проф. Цветан Лазаров“ № 2, София, www.cpdp.bg.")),
]
PRIVACY_BODY_EN = [
    h2("Controller"),
    ("paragraph", p(
    "Regional Administration of Ruse, EIK 000530632, 6 Svoboda Square, 7000 Ruse, Bulgaria, "
    "oblast@ruse.government.bg, +359 82 812 210. Data protection officer: dpo@ruse.government.bg.")),
    h2("What we collect and why"),
    ("paragraph", p(
    "When you apply, we keep your name, address, e-mail and phone, your company's details if you apply on "
    "its behalf, your answers in the form and the files you attach. We use them to provide the service you "
    "asked for, to tell you how it progresses and to send you the result. The legal basis is a legal "
    "obligation and a task in the public interest (Article 6(1)(c) and (e) of the Regulation) under the "
    "Administrative Procedure Code and the law governing the service.")),
    h2("How long we keep them"),
    ("paragraph", p(
    "Your application gets an incoming number in the correspondence registry. The number, subject, dates "
    "and the document's history are kept permanently: the registry is an archival record and its numbers "
    "are never reused. Your contact details, your answers and the files you attached are anonymised "
    "automatically after a period set for each service, counted from when the application was closed or "
    "withdrawn; unless the service sets another period, it is 3 years. The administration's answers (the "
    "acts it issued) are kept according to its file plan.")),
    h2("Who can see them"),
    ("paragraph", p(
    "The staff who handle your application, and the authorities the law requires us to give them to. We do "
    "not use them for marketing, do not transfer them outside the European Union and make no automated "
    "decisions based on them.")),
    h2("Your rights"),
    ("paragraph", p(
    "You have the right to access your data and get a copy, to have it corrected, erased where we are not "
    "obliged to keep it, to restrict its processing and to object. Write to us at the addresses above; we "
    "will reply within one month. You may complain to the Commission for Personal Data Protection, "
    "2 Prof. Tsvetan Lazarov Blvd., Sofia, www.cpdp.bg.")),
]


# --- Builders ----------------------------------------------------------------------------------------


def _site_address():
    parts = urlsplit(settings.BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def _child(parent, slug):
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page is not None else None


def ensure_page(parent, model, slug, **fields):
    """The child of ``parent`` with ``slug``; created and published with ``fields`` when missing."""
    existing = _child(parent, slug)
    if existing is not None:
        return existing, False
    children = fields.pop("children", {})
    page = model(slug=slug, **fields)
    for relation, items in children.items():
        getattr(page, relation).set(items)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_translation(page, locale, slug, **fields):
    """The translation of ``page`` into ``locale``; created (copied, changed, published) when missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    m2m = {k: fields.pop(k) for k in list(fields) if k in ("categories",)}
    children = fields.pop("children", None)
    copy = page.copy_for_translation(locale)
    copy.slug = slug
    for name, value in fields.items():
        setattr(copy, name, value)
    for name, value in m2m.items():
        getattr(copy, name).set(value)
    if children is not None:
        for relation, items in children.items():
            getattr(copy, relation).set(items)
    copy.save()
    copy.save_revision().publish()
    return copy, True


def _demo_image(key):
    """A simple generated illustration (no photo rights involved), stored once as a Wagtail image."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw

    titles = {"building": "Сградата на областната администрация (илюстрация)",
              "exchange": "Електронен обмен с общините (схема)"}
    image_model = get_image_model()
    existing = image_model.objects.filter(title=titles[key]).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", (960, 540), "#eef2f6")
    draw = ImageDraw.Draw(canvas)
    if key == "building":
        draw.polygon([(180, 200), (480, 70), (780, 200)], fill="#0b3d6e")
        for x in range(220, 760, 90):
            draw.rectangle([x, 220, x + 40, 430], fill="#0b3d6e")
        draw.rectangle([160, 440, 800, 480], fill="#0b3d6e")
    else:
        centre = (480, 270)
        draw.ellipse([420, 210, 540, 330], fill="#0b3d6e")
        for i in range(8):
            angle = 2 * math.pi * i / 8
            x, y = centre[0] + 200 * math.cos(angle), centre[1] + 200 * math.sin(angle)
            draw.line([centre, (x, y)], fill="#4a5560", width=6)
            draw.ellipse([x - 35, y - 35, x + 35, y + 35], fill="#00966e")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return image_model.objects.create(
        title=titles[key], file=ImageFile(buffer, name=f"demo-{key}.png"), description=titles[key]
    )


def _request_form_document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    title = "Заявление за достъп до обществена информация (образец)"
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    text = (
        "ДО ОБЛАСТНИЯ УПРАВИТЕЛ НА ОБЛАСТ РУСЕ\n\n"
        "ЗАЯВЛЕНИЕ за достъп до обществена информация\n\n"
        "от ........................................................ (трите имена или наименование)\n"
        "адрес за кореспонденция: ..................................\n"
        "телефон / електронна поща: ................................\n\n"
        "Уважаеми господин областен управител,\n\n"
        "На основание Закона за достъп до обществена информация моля да ми бъде предоставена следната "
        "информация: ........................................................\n\n"
        "Предпочитам да получа информацията във вид: преглед на място / копие на хартия / копие по "
        "електронен път.\n\n"
        "Дата: ..........                                   Подпис: ..........\n"
    )
    content = ContentFile(text.encode("utf-8"), name="zayavlenie-zdoi.txt")
    return model.objects.create(title=title, file=content)


def _text_document(key):
    """A plain-text demo document from STRUCTURE_DOCUMENTS, stored once in Wagtail's documents."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    title, filename, text = STRUCTURE_DOCUMENTS[key]
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return model.objects.create(title=title, file=ContentFile(text.encode("utf-8"), name=filename))


def _resolve_body(body):
    resolved = []
    for item in body:
        block_type, value = ("paragraph", item) if isinstance(item, RichText) else item
        if block_type == "document" and value.get("document") == "__request_form__":
            value = {**value, "document": _request_form_document()}
        elif block_type == "document" and value.get("document") in STRUCTURE_DOCUMENTS:
            value = {**value, "document": _text_document(value["document"])}
        elif block_type == "image" and value["image"].get("image") == "__building_image__":
            value = {**value, "image": {**value["image"], "image": _demo_image("building")}}
        resolved.append((block_type, value))
    return resolved


def _add_missing_blocks(page, blocks):
    """Append the blocks whose type the page's body lacks (a page made by an older demo); publish once."""
    present = {block.block_type for block in page.body}
    missing = [(block_type, value) for block_type, value in blocks if block_type not in present]
    if not missing:
        return False
    for block_type, value in missing:
        page.body.append((block_type, value))
    page.save_revision().publish()
    return True


def _drop_paragraph(page, text):
    """Remove a paragraph block that says exactly ``text`` (outdated demo content); publish once."""
    kept = [(b.block_type, b.value) for b in page.body
            if not (b.block_type == "paragraph" and b.value.source == f"<p>{escape(text)}</p>")]
    if len(kept) == len(page.body):
        return False
    page.body = kept
    page.save_revision().publish()
    return True


@transaction.atomic
def build_site(log=print):
    """Create (or find) the whole demo site and return its main pages by key."""
    bg = Locale.objects.get(language_code="bg")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()

    # --- home (replaces Wagtail's "Welcome" page on a fresh database)
    home = HomePage.objects.filter(depth=2, locale=bg).first()
    if home is None:
        home = HomePage(
            title="Областна администрация Русе",
            slug="nachalo",
            lead="Областният управител провежда държавната политика на територията на област Русе. Тук "
                 "ще намерите новини, административни услуги и информация за осемте общини в областта.",
            search_description="Официален сайт на Областна администрация Русе.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        log("  created the home page")
    hostname, port = _site_address()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True,
                                   site_name=SITE_SETTINGS["name"])
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = SITE_SETTINGS["name"]
        # Full URLs (feeds, sitemap) are built from the Site: make them match BASE_URL, not Wagtail's
        # placeholder localhost:80.
        site.hostname, site.port = hostname, port
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page goes once nothing points to it.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()

    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.eik:
        for name, value in SITE_SETTINGS.items():
            setattr(settings_obj, name, value)
        settings_obj.save()

    # --- categories in both languages
    categories = {}
    for slug, name_bg, name_en in CATEGORIES:
        cat_bg = NewsCategory.objects.filter(locale=bg, slug=slug).first()
        if cat_bg is None:
            cat_bg = NewsCategory.objects.create(locale=bg, slug=slug, name=name_bg)
        cat_en = cat_bg.get_translation_or_none(en)
        if cat_en is None:
            cat_en = cat_bg.copy_for_translation(en)
            cat_en.name = name_en
            cat_en.save()
        categories[slug] = (cat_bg, cat_en)

    pages = {"home": home}

    about, _ = ensure_page(
        home, StandardPage, "za-nas", title="За нас", show_in_menus=True,
        search_description="Функции на областния управител и на областната администрация.",
        intro="Областният управител е орган на изпълнителната власт, който осъществява държавната политика "
              "в област Русе. Областната администрация му помага в тази работа.",
        body=_resolve_body(ABOUT_BODY_BG),
    )
    # A database loaded before the about page showed every block type gets the missing blocks.
    _add_missing_blocks(about, _resolve_body(ABOUT_BODY_BG))
    pages["about"] = about

    municipalities, _ = ensure_page(
        home, StandardPage, "obshtini", title="Общини в област Русе", show_in_menus=True,
        search_description="Осемте общини на област Русе.",
        intro="Област Русе включва осем общини: Борово, Бяла, Ветово, Две могили, Иваново, Русе, Сливо поле "
              "и Ценово.",
        body=[],
    )
    pages["municipalities"] = municipalities
    municipality_pages = []
    for slug, name, centre, sentence in MUNICIPALITIES:
        page, _ = ensure_page(
            municipalities, StandardPage, slug, title=f"Община {name}",
            search_description=f"Община {name}: административен център – {centre}.",
            intro=f"Административен център: {centre}. {sentence}",
            body=[("paragraph", p(
                f"Община {name} обменя документи с областната администрация по електронен път през СЕОС "
                "от 1 ноември 2026 г.",
                "За услугите, които предоставя общината, се обърнете към нейния център за административно "
                "обслужване."))],
        )
        municipality_pages.append(page)

    services, _ = ensure_page(
        home, StandardPage, SERVICES_SLUG, title="Административни услуги", show_in_menus=True,
        search_description="Услугите, които предоставя областният управител.",
        intro="Услугите на областния управител можете да заявите на място, по пощата или по електронен път.",
        body=[],
    )
    pages["services"] = services
    service_pages = []
    for service in SERVICES:
        page, _ = ensure_page(
            services, StandardPage, SERVICE_SLUGS[service["key"]], title=service["title"],
            search_description=service["intro"], intro=service["intro"], body=_resolve_body(service["body"]),
        )
        service_pages.append(page)
    pages["service_pages"] = service_pages

    news_index, _ = ensure_page(
        home, NewsIndexPage, "novini", title="Новини", show_in_menus=True,
        search_description="Новини и съобщения на Областна администрация Русе.",
        intro="Новини, съобщения и събития от Областна администрация Русе.",
    )
    pages["news_index"] = news_index

    contacts, _ = ensure_page(
        home, ContactPage, "kontakti", title="Контакти", show_in_menus=True,
        search_description="Адрес, телефони и работно време на Областна администрация Русе.",
        intro="Можете да ни посетите, да се обадите или да ни пишете. Информационният център приема "
              "заявления и дава справки по преписки.",
        body=[("paragraph", p("Заявления по електронен път можете да подавате и през този портал."))],
        children={"contact_points": [
            ContactPoint(name="Информационен център (деловодство)", phone="082 812 210",
                         email="oblast@ruse.government.bg", location="пл. „Свобода“ № 6, партер",
                         hours="Понеделник – петък, 9:00 – 17:30 ч."),
            ContactPoint(name="Дирекция „Административен контрол, регионално развитие и държавна "
                              "собственост“",
                         phone="082 812 230", location="пл. „Свобода“ № 6, ет. 2"),
            ContactPoint(name="Дирекция „Административно-правно обслужване, финансово-стопански дейности и "
                              "управление на собствеността“", phone="082 812 240",
                         location="пл. „Свобода“ № 6, ет. 3"),
        ]},
    )
    pages["contacts"] = contacts

    accessibility, _ = ensure_page(
        home, AccessibilityPage, "dostapnost", title="Декларация за достъпност",
        search_description="Декларация за достъпност на уебсайта на Областна администрация Русе.",
        intro="Областна администрация Русе се ангажира да направи уебсайта си достъпен в съответствие със "
              "Закона за електронното управление, който въвежда Директива (ЕС) 2016/2102.",
        conformance=AccessibilityPage.PARTIAL,
        prepared_on=datetime.date(2026, 11, 1),
        last_reviewed_on=datetime.date(2026, 11, 27),
        body=[
            h2("Недостъпно съдържание"),
            ("paragraph", p(
                "Някои документи в PDF формат, публикувани преди 2026 г., не са напълно достъпни за екранни "
                "четци. Ако имате нужда от такъв документ в друг формат, пишете ни и ще ви го изпратим.")),
            h2("Изготвяне на декларацията"),
            ("paragraph", p(
                "Декларацията е изготвена въз основа на самооценка. Всяка промяна на сайта се проверява "
                "автоматично с axe-core за критериите на WCAG 2.1, ниво A и AA, и с валидатора на W3C "
                "за HTML; проверява се и ръчно с клавиатура и екранен четец.")),
            h2("Обратна връзка и данни за контакт"),
            ("paragraph", p(
                "Ако срещнете трудност при ползването на сайта, пишете на oblast@ruse.government.bg или се "
                "обадете на 082 812 210. Ще ви отговорим в срок до 14 дни.")),
            h2("Процедура по прилагане"),
            ("paragraph", p(
                "Ако не сте доволни от отговора ни, можете да подадете сигнал до Министерството на "
                "електронното управление, което наблюдава спазването на изискванията за достъпност.")),
        ],
    )
    pages["accessibility"] = accessibility

    privacy, _ = ensure_page(
        home, PrivacyPage, "lichni-danni", title="Защита на личните данни",
        search_description="Как Областна администрация Русе обработва личните данни от електронните услуги.",
        intro="Тази информация се предоставя по чл. 13 от Общия регламент относно защитата на данните "
              "(Регламент (ЕС) 2016/679). Тя се отнася за заявленията, проследяването и допълнителните "
              "документи, подадени през портала.",
        last_reviewed_on=datetime.date(2026, 11, 29),
        body=PRIVACY_BODY_BG,
    )
    pages["privacy"] = privacy

    # The call to action on "about" points at the contacts page once both exist.
    _link_about_to_contacts(about, contacts)

    news_pages = []
    for item in NEWS:
        image = _demo_image(item["image"]) if item["image"] else None
        page, _ = ensure_page(
            news_index, NewsPage, item["slug"], title=item["title"], date=item["date"], lead=item["lead"],
            search_description=item["lead"], body=item["body"], image=image,
            image_alt=item.get("image_alt", ""),
            children={"categories": [categories[c][0] for c in item["categories"]]},
        )
        news_pages.append((item, page))
    pages["news"] = [page for _item, page in news_pages]

    # --- English translations of the main pages
    home_en, _ = ensure_translation(
        home, en, "home-en", title="Regional Administration of Ruse",
        lead="The regional governor carries out state policy in Ruse region. Here you will find news, "
             "administrative services and information about the eight municipalities of the region.",
        search_description="Official website of the Regional Administration of Ruse.",
        # The featured services are the English service pages; load_demo sets them once services.demo
        # has translated the catalogue (set_featured_services).
        children={"featured_services": []},
    )
    pages["home_en"] = home_en
    about_en, _ = ensure_translation(
        about, en, "about", title="About us",
        search_description="What the regional governor and the regional administration do.",
        intro="The regional governor is a body of the executive power who carries out state policy in Ruse "
              "region, supported by the regional administration.",
        body=_resolve_body(ABOUT_BODY_EN),
    )
    _add_missing_blocks(about_en, _resolve_body(ABOUT_BODY_EN))
    pages["about_en"] = about_en
    municipalities_en, _ = ensure_translation(
        municipalities, en, "municipalities", title="Municipalities of Ruse region",
        search_description="The eight municipalities of Ruse region.",
        intro="Ruse region has eight municipalities: Borovo, Byala, Vetovo, Dve Mogili, Ivanovo, Ruse, "
              "Slivo Pole and Tsenovo.",
        body=[],  # the page lists its sub-pages: the municipalities' English pages
    )
    _drop_paragraph(municipalities_en, MUNICIPALITIES_IN_BULGARIAN_ONLY)
    for page in municipality_pages:
        name, centre, sentence = MUNICIPALITIES_EN[page.slug]
        ensure_translation(
            page, en, page.slug, title=f"Municipality of {name}",
            search_description=f"Municipality of {name}: administrative centre {centre}.",
            intro=f"Administrative centre: {centre}. {sentence}",
            body=[("paragraph", p(
                f"The municipality of {name} has exchanged documents with the regional administration "
                "electronically through SEOS, the electronic message exchange system, since 1 November 2026.",
                "For the services of the municipality, contact its administrative service centre."))],
        )
    news_en, _ = ensure_translation(
        news_index, en, "news", title="News",
        search_description="News and announcements of the Regional Administration of Ruse.",
        intro="News, announcements and events from the Regional Administration of Ruse.",
    )
    pages["news_index_en"] = news_en
    contacts_en, _ = ensure_translation(
        contacts, en, "contacts", title="Contacts",
        search_description="Address, phones and working hours of the Regional Administration of Ruse.",
        intro="You can visit us, call or write to us. The information centre accepts applications and "
              "answers questions about case files.",
        body=[("paragraph", p("You can also submit applications electronically through this portal."))],
        children={"contact_points": [
            ContactPoint(name="Information centre (registry)", phone="082 812 210",
                         email="oblast@ruse.government.bg", location="6 Svoboda Square, ground floor",
                         hours="Monday – Friday, 9:00 – 17:30"),
            ContactPoint(name="Administrative Control, Regional Development and State Property Directorate",
                         phone="082 812 230", location="6 Svoboda Square, 2nd floor"),
            ContactPoint(name="Legal and Administrative Services, Finance and Property Management "
                              "Directorate", phone="082 812 240", location="6 Svoboda Square, 3rd floor"),
        ]},
    )
    pages["contacts_en"] = contacts_en
    accessibility_en, _ = ensure_translation(
        accessibility, en, "accessibility", title="Accessibility statement",
        search_description="Accessibility statement of the website of the Regional Administration of Ruse.",
        intro="The Regional Administration of Ruse is committed to making its website accessible in "
              "accordance with the Electronic Governance Act, which transposes Directive (EU) 2016/2102.",
        body=[
            h2("Non-accessible content"),
            ("paragraph", p(
                "Some PDF documents published before 2026 are not fully accessible to screen readers. If you "
                "need such a document in another format, write to us and we will send it to you.")),
            h2("Preparation of this statement"),
            ("paragraph", p(
                "This statement is based on a self-assessment. Every change to the site is checked "
                "automatically with axe-core against WCAG 2.1 levels A and AA and with the W3C HTML "
                "validator, and by hand with a keyboard and a screen reader.")),
            h2("Feedback and contact information"),
            ("paragraph", p(
                "If you have difficulty using the site, write to oblast@ruse.government.bg or call "
                "+359 82 812 210. We will reply within 14 days.")),
            h2("Enforcement procedure"),
            ("paragraph", p(
                "If you are not satisfied with our reply, you can notify the Ministry of Electronic "
                "Governance, which monitors compliance with the accessibility requirements.")),
        ],
    )
    pages["accessibility_en"] = accessibility_en
    pages["privacy_en"], _ = ensure_translation(
        privacy, en, "personal-data", title="Personal data protection",
        search_description="How the Regional Administration of Ruse processes personal data from e-services.",
        intro="This notice is given under Article 13 of the General Data Protection Regulation (Regulation "
              "(EU) 2016/679). It covers applications, tracking and additional documents sent through the "
              "portal.",
        body=PRIVACY_BODY_EN,
    )
    _link_about_to_contacts(about_en, contacts_en)

    for item, page in news_pages:
        english = item.get("english")
        if not english:
            continue
        ensure_translation(
            page, en, english["slug"], title=english["title"], lead=english["lead"],
            search_description=english["lead"], body=english["body"], image_alt=english["image_alt"],
            categories=[categories[c][1] for c in item["categories"]],
        )
    pages["site"] = site
    return pages


def _link_about_to_contacts(about, contacts):
    changed = False
    for block in about.body:
        value = block.value
        if block.block_type == "call_to_action" and not value.get("page") and not value.get("url"):
            block.value["page"] = contacts
            changed = True
    if changed:
        about.save_revision().publish()


def set_featured_services(home, service_pages):
    """Feature the given service pages on a home page (only when none is featured yet and there are some
    to feature: an empty list publishes nothing, so a second run adds no revision)."""
    if not service_pages or home.featured_services.exists():
        return False
    # Publishing saves every field: an instance read before its children were added (or translated
    # under it) would write a stale tree position (numchild) and hide the children from routing.
    home.refresh_from_db()
    home.featured_services.set(
        [HomePageFeaturedService(service=page, sort_order=i) for i, page in enumerate(service_pages)]
    )
    home.save_revision().publish()
    return True


@transaction.atomic
def build_news_workflow(moderators, news_indexes):
    """News goes through "Одобрение на новини": an editor submits, a moderator (head of department)
    approves."""
    task = GroupApprovalTask.objects.filter(name=NEWS_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=NEWS_TASK_NAME)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=NEWS_WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in news_indexes:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
