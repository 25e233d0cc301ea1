"""The public catalogue: listing, filters, search, service page, structured data, print view."""

import json
import re
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from services.choices import DurationUnit, PaymentKind, TermKind
from services.models import ServiceTerm
from tests.documents.factories import RegisterFactory

from .factories import SectionFactory, ServiceIndexPageFactory, ServicePageFactory, UnitFactory


class CatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ServiceIndexPageFactory(slug="uslugi")
        cls.property = SectionFactory(name="Държавна собственост", slug="property", sort_order=1)
        cls.certification = SectionFactory(name="Заверки", slug="certification", sort_order=2)
        cls.apostille = ServicePageFactory(
            parent=cls.index,
            title="Заверка с апостил",
            slug="apostil",
            section=cls.certification,
            short_description="Поставяне на апостил върху документи, издадени от общините.",
            online=True,
            paid=True,
        )
        cls.certificate = ServicePageFactory(
            parent=cls.index,
            title="Удостоверение за наличие или липса на акт за държавна собственост",
            slug="akt-darzhavna-sobstvenost",
            section=cls.property,
            iisda_number=1972,
            paid=True,
        )
        cls.public_info = ServicePageFactory(
            parent=cls.index,
            title="Достъп до обществена информация",
            slug="dostap-do-informacia",
            section=cls.property,
            online=True,
            description="<p>Заявление по ЗДОИ за информация.</p>",
        )
        cls.draft = ServicePageFactory(parent=cls.index, title="Чернова", slug="chernova", live=False)

    def get(self, **params):
        return self.client.get("/uslugi/", params)

    def titles(self, response):
        return [s.title for s in response.context["services_page"].object_list]

    def test_lists_live_services_grouped_by_section(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.titles(response),
            [self.public_info.title, self.certificate.title, self.apostille.title],
        )
        self.assertNotContains(response, "Чернова")
        groups = response.context["sections_grouped"]
        self.assertEqual([section.slug for section, _ in groups], ["property", "certification"])
        self.assertContains(response, 'href="/uslugi/apostil/"')

    def test_filter_by_section(self):
        response = self.get(section="certification")
        self.assertEqual(self.titles(response), [self.apostille.title])
        self.assertContains(response, "Намерена е 1 услуга")

    def test_unknown_section_shows_everything_not_an_error(self):
        response = self.get(section="no-such-section")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.titles(response)), 3)

    def test_filter_online(self):
        response = self.get(online="on")
        self.assertEqual(set(self.titles(response)), {self.apostille.title, self.public_info.title})

    def test_filter_free_and_paid(self):
        self.assertEqual(self.titles(self.get(cost="free")), [self.public_info.title])
        self.assertEqual(
            set(self.titles(self.get(cost="paid"))), {self.apostille.title, self.certificate.title}
        )

    def test_filters_combine(self):
        self.assertEqual(self.titles(self.get(online="on", cost="paid")), [self.apostille.title])

    def test_search_words(self):
        response = self.get(q="апостил")
        self.assertEqual(self.titles(response), [self.apostille.title])
        self.assertContains(response, "Резултати за „апостил“.")

    def test_search_within_filters(self):
        self.assertEqual(self.titles(self.get(q="информация", section="certification")), [])
        self.assertEqual(self.titles(self.get(q="информация", section="property")), [self.public_info.title])

    def test_search_by_iisda_number(self):
        self.assertEqual(self.titles(self.get(q="1972")), [self.certificate.title])

    def test_search_without_match(self):
        response = self.get(q="хеликоптер")
        self.assertEqual(self.titles(response), [])
        self.assertEqual(response.context["service_count"], 0)

    def test_query_count_does_not_grow_with_the_list(self):
        self.get()  # warm the process-wide caches (content types, locales)
        with CaptureQueriesContext(connection) as before:
            self.get()
        for n in range(5):
            ServicePageFactory(parent=self.index, section=self.property, paid=True, slug=f"extra-{n}")
        with CaptureQueriesContext(connection) as after:
            response = self.get()
        self.assertEqual(len(self.titles(response)), 8)
        self.assertEqual(len(after), len(before))

    def test_filter_form_is_labelled(self):
        response = self.get()
        html = response.content.decode()
        for field_id in ("id_q", "id_section", "id_cost", "id_online"):
            self.assertRegex(html, rf'<label for="{field_id}"')


class ServicePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        RegisterFactory(index="ОА-04", uri_index=4, purpose="online")
        cls.index = ServiceIndexPageFactory(slug="uslugi")
        unit = UnitFactory()
        doc = Document(title="Заявление – образец")
        doc.file.save("zayavlenie.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        doc.save()
        cls.doc = doc
        cls.page = ServicePageFactory(
            parent=cls.index,
            title="Удостоверение за наличие или липса на претенции за възстановяване на собствеността",
            slug="pretencii",
            iisda_number=1979,
            paid=True,
            online=True,
            unit=unit,
            legal_basis=[
                (
                    "provision",
                    {
                        "act": "Закон за държавната собственост",
                        "article": "77",
                        "paragraph": "1",
                        "point": "",
                        "letter": "",
                        "url": "",
                    },
                ),
                (
                    "provision",
                    {
                        "act": "Правилник за прилагане на ЗДС",
                        "article": "82а",
                        "paragraph": "",
                        "point": "3",
                        "letter": "б",
                        "url": "https://lex.bg/",
                    },
                ),
            ],
            required_documents=[
                ("document", {"title": "Заявление по образец", "note": "", "mandatory": True}),
                ("document", {"title": "Пълномощно", "note": "нотариално заверено", "mandatory": False}),
            ],
            model_documents=[("document", {"document": doc, "title": ""})],
            short_description="Текст с </script> вътре, за да проверим екранирането.",
            terms=[
                (TermKind.REGULAR, 7, Decimal("7.67")),
                (TermKind.FAST, 3, Decimal("11.50")),
            ],
        )
        ServiceTerm.objects.create(
            page=cls.page,
            kind=TermKind.EXPRESS,
            duration=4,
            unit=DurationUnit.HOURS,
            fee_eur=Decimal("20.00"),
            sort_order=3,
            locale=cls.page.locale,
        )

    def test_shows_the_iisda_description(self):
        response = self.client.get("/uslugi/pretencii/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("1979", html)
        self.assertIn("Закон за държавната собственост, чл. 77, ал. 1", html)
        self.assertIn(
            '<a href="https://lex.bg/">Правилник за прилагане на ЗДС</a>, чл. 82а, т. 3, б. б', html
        )
        self.assertIn("7 работни дни", html)
        self.assertIn("3 работни дни", html)
        self.assertIn("4 часа", html)
        self.assertIn("7,67\u00a0€", html)
        self.assertIn("11,50\u00a0€", html)
        self.assertIn("Пълномощно", html)
        self.assertIn("нотариално заверено", html)
        self.assertIn(self.doc.url, html)
        self.assertIn("пл. „Свобода“ № 6", html)
        self.assertIn("082 812 200", html)
        self.assertIn("Областен управител на област Русе", html)
        self.assertIn('href="/uslugi/pretencii/apply/"', html)

    def test_no_apply_link_without_a_register(self):
        from documents.models import Register

        Register.objects.update(is_active=False)
        response = self.client.get("/uslugi/pretencii/")
        self.assertNotContains(response, "/uslugi/pretencii/apply/")
        self.assertEqual(self.client.get("/uslugi/pretencii/apply/").status_code, 404)

    def test_free_service_says_so(self):
        free = ServicePageFactory(parent=self.index, slug="free-one")
        response = self.client.get("/uslugi/free-one/")
        self.assertContains(response, "Услугата е безплатна.")
        self.assertNotContains(response, "/uslugi/free-one/apply/")
        self.assertEqual(free.payment_kind, PaymentKind.FREE)

    def test_json_ld_is_valid_and_escaped(self):
        html = self.client.get("/uslugi/pretencii/").content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        self.assertEqual(len(blocks), 1)
        self.assertNotIn("</script>", blocks[0])
        data = json.loads(blocks[0])
        self.assertEqual(data["@type"], "GovernmentService")
        self.assertEqual(data["name"], self.page.title)
        self.assertEqual(data["identifier"]["value"], "1979")
        self.assertEqual(data["provider"]["name"], "Областен управител на област Русе")
        self.assertEqual(data["url"], "http://localhost/uslugi/pretencii/")
        self.assertEqual([o["price"] for o in data["offers"]], ["7.67", "11.50", "20.00"])
        self.assertEqual(data["availableChannel"]["processingTime"], "P7D")
        self.assertIn("</script>", data["description"])

    def test_no_inline_script_other_than_data(self):
        html = self.client.get("/uslugi/pretencii/").content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            self.assertIn('type="application/ld+json"', tag)
        self.assertNotIn("style=", html)

    def test_print_view(self):
        response = self.client.get("/uslugi/pretencii/print/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<meta name="robots" content="noindex">')
        self.assertContains(response, "service--print")
        self.assertContains(response, 'href="/uslugi/pretencii/"')
        self.assertContains(response, "services/services.css")

    def test_english_translation_is_served_under_en(self):
        from wagtail.models import Locale

        en = Locale.objects.create(language_code="en")
        index_en = self.index.copy_for_translation(en, copy_parents=True)
        index_en.save_revision().publish()
        page_en = self.page.copy_for_translation(en)
        page_en.title = "Certificate of claims for restitution"
        page_en.save_revision().publish()
        response = self.client.get("/en/uslugi/pretencii/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Certificate of claims for restitution")
        self.assertContains(response, "7 working days")

    def test_english_structured_data_is_in_english(self):
        from wagtail.models import Locale

        en = Locale.objects.create(language_code="en")
        self.index.copy_for_translation(en, copy_parents=True).save_revision().publish()
        page_en = self.page.copy_for_translation(en)
        page_en.title = "Certificate of claims for restitution"
        page_en.save_revision().publish()

        def json_ld(url):
            html = self.client.get(url).content.decode()
            return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])

        english = json_ld("/en/uslugi/pretencii/")
        self.assertEqual(english["name"], "Certificate of claims for restitution")
        self.assertEqual(english["areaServed"]["name"], "Ruse Province")
        self.assertEqual(english["availableChannel"]["availableLanguage"], ["en"])
        self.assertEqual([o["name"] for o in english["offers"]], ["Regular", "Fast", "Express"])
        bulgarian = json_ld("/uslugi/pretencii/")
        self.assertEqual(bulgarian["areaServed"]["name"], "Област Русе")
        self.assertEqual(bulgarian["availableChannel"]["availableLanguage"], ["bg"])


class TrackingLinkTests(TestCase):
    """Every way into the e-services leads to the tracking page too: people come back days later."""

    @classmethod
    def setUpTestData(cls):
        from tests.home.factories import build_site

        cls.tree = build_site()
        cls.index = ServiceIndexPageFactory(parent=cls.tree.home, slug="uslugi")
        ServicePageFactory(parent=cls.index, slug="apostil")

    def test_home_catalogue_and_service_page_link_to_tracking(self):
        for url in ("/", "/uslugi/", "/uslugi/apostil/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, '<a href="/track/">Проследете заявление</a>')
        # The catalogue and the service page link to it in their content, not only in the footer.
        for url in ("/uslugi/", "/uslugi/apostil/"):
            main = self.client.get(url).content.decode().split('<main id="main"', 1)[1].split("</main>")[0]
            self.assertIn('href="/track/"', main, url)

    def test_english_pages_link_to_the_english_tracking_page(self):
        response = self.client.get("/en/")
        self.assertContains(response, '<a href="/en/track/">Track an application</a>')
        self.assertEqual(self.client.get("/en/track/").status_code, 200)
