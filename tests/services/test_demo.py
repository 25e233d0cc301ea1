"""services.demo.load() through the project's ``load_demo``: real service pages at the site's addresses,
in Bulgarian and English, idempotent."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home.models import HomePage
from services.models import ServiceIndexPage, ServicePage, ServiceSection

pytestmark = pytest.mark.slow

SLUGS = [
    "zaverka-s-apostil",
    "udostoverenie-akt-darzhavna-sobstvenost",
    "udostoverenie-restitutsionni-pretentsii",
    "dostap-do-obshtestvena-informatsiya",
]


@pytest.fixture
def demo(db, settings):
    settings.SERVICES_APPLY_RATE = "1000/m"
    call_command("load_demo", force=True, verbosity=0)


def test_the_site_section_becomes_the_catalogue(demo, client):
    index = ServiceIndexPage.objects.get(locale__language_code="bg")
    assert index.url_path.endswith("/uslugi/")
    assert not Page.objects.filter(slug__in=SLUGS).exclude(content_type__model="servicepage").exists()
    response = client.get("/uslugi/")
    assert response.status_code == 200
    for slug in SLUGS:
        assert f'href="/uslugi/{slug}/"' in response.content.decode()


def test_full_descriptions(demo, client):
    apostille = ServicePage.objects.get(slug="zaverka-s-apostil", locale__language_code="bg")
    assert apostille.online_application_open and apostille.accepts_online
    certificate = ServicePage.objects.get(
        slug="udostoverenie-akt-darzhavna-sobstvenost", locale__language_code="bg"
    )
    assert certificate.iisda_number == 1972
    assert [(t.kind, t.duration, str(t.fee_eur)) for t in certificate.terms.all()] == [
        ("regular", 7, "7.67"),
        ("fast", 3, "11.50"),
    ]
    claims = ServicePage.objects.get(
        slug="udostoverenie-restitutsionni-pretentsii", locale__language_code="bg"
    )
    assert claims.iisda_number == 1979
    html = client.get("/uslugi/udostoverenie-akt-darzhavna-sobstvenost/").content.decode()
    for expected in (
        "Граждански процесуален кодекс, чл. 587, ал. 1",
        "7 работни дни",
        "7,67\u00a0€",
        "Скица на имота",
        "Заявление по образец",
        "Център за административно обслужване",
        "Административен съд – Русе",
        "1972",
    ):
        assert expected in html, expected
    info = client.get("/uslugi/dostap-do-obshtestvena-informatsiya/").content.decode()
    assert "Услугата е безплатна." in info
    assert "14 дни" in info


def test_english_translations(demo, client):
    # The English catalogue has an English address; the Bulgarian one stays /uslugi/.
    assert client.get("/en/uslugi/").status_code == 404
    catalogue = client.get("/en/services/").content.decode()
    for slug in SLUGS:
        assert f'href="/en/services/{slug}/"' in catalogue
    response = client.get("/en/services/zaverka-s-apostil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Apostille on documents" in html
    assert "Convention Abolishing the Requirement of Legalisation" in html
    assert "7 working days" in html
    # The model application is a Bulgarian PDF; its English link says so, in English.
    assert "Model application form (PDF in Bulgarian)" in html
    assert "Заявление по образец" not in html
    assert ServiceSection.objects.filter(locale__language_code="en").count() == 3
    form = client.get("/en/services/zaverka-s-apostil/apply/")
    assert form.status_code == 200
    assert "Country where the document will be used" in form.content.decode()


def test_model_documents_download(demo, client):
    page = ServicePage.objects.get(slug="zaverka-s-apostil", locale__language_code="bg")
    document = page.model_documents[0].value["document"]
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_featured_on_the_home_page(demo, client):
    home = HomePage.objects.get(locale__language_code="bg")
    featured = [item.service.specific for item in home.featured_services.all()]
    assert featured and all(isinstance(page, ServicePage) for page in featured)
    # The English home features the same services, in English.
    home_en = HomePage.objects.get(locale__language_code="en")
    featured_en = [item.service.specific for item in home_en.featured_services.all()]
    assert [p.translation_key for p in featured_en] == [p.translation_key for p in featured]
    assert all(p.locale.language_code == "en" for p in featured_en)
    html = client.get("/en/").content.decode()
    assert 'href="/en/services/zaverka-s-apostil/"' in html
    assert "Apostille on documents" in html


def test_idempotent(demo, client):
    page = ServicePage.objects.get(slug="zaverka-s-apostil", locale__language_code="bg")
    page.short_description = "Редактирано от редактор."
    page.save_revision().publish()
    counts = (Page.objects.count(), ServicePage.objects.count(), ServiceSection.objects.count())
    call_command("load_demo", force=True, verbosity=0)
    assert (Page.objects.count(), ServicePage.objects.count(), ServiceSection.objects.count()) == counts
    assert ServicePage.objects.count() == 8  # four services, Bulgarian and English
    page.refresh_from_db()
    assert page.short_description == "Редактирано от редактор."
