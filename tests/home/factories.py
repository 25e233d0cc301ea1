"""Factories for the site content. Page factories add the page under ``parent`` and publish it.

``build_site()`` makes the small tree most tests need: the Bulgarian home page as the site root (replacing
Wagtail's placeholder page), its English translation, news index, standard page, contacts and the
accessibility statement, plus the site settings.
"""

import datetime
import itertools

import factory
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Site

from home.models import (
    AccessibilityPage,
    ContactPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)

_dates = itertools.count()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Снимка {n}")
    file = factory.LazyFunction(lambda: get_test_image_file(size=(640, 360)))


class PageFactory(factory.django.DjangoModelFactory):
    """Base for page factories: ``parent`` is required; ``publish=False`` leaves a draft."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Страница {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            raise ValueError("page factories need parent=")
        m2m = {name: kwargs.pop(name) for name in ("categories",) if name in kwargs}
        page = model_class(*args, **kwargs)
        for name, value in m2m.items():
            getattr(page, name).set(value)
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Областна администрация Русе"
    slug = factory.Sequence(lambda n: f"home-{n}")
    lead = "Областният управител провежда държавната политика в област Русе."


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Информация {n}")
    slug = factory.Sequence(lambda n: f"info-{n}")
    intro = "Кратко въведение."
    body = factory.LazyFunction(lambda: [("heading", {"text": "Раздел", "level": "h2"})])
    show_in_menus = True


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Новини"
    slug = factory.Sequence(lambda n: f"novini-{n}" if n else "novini")
    intro = "Новини и съобщения."
    show_in_menus = True


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Новина номер {n}")
    slug = factory.Sequence(lambda n: f"novina-{n}")
    date = factory.LazyFunction(
        lambda: datetime.date(2026, 11, 1) - datetime.timedelta(days=next(_dates) % 300)
    )
    lead = "Кратко резюме на новината."

    class Params:
        with_image = factory.Trait(
            image=factory.SubFactory(ImageFactory), image_alt="Сградата на областната администрация"
        )
        scheduled = factory.Trait(publish=False, go_live_at=factory.LazyFunction(
            lambda: timezone.now() + datetime.timedelta(hours=1)))


class ContactPageFactory(PageFactory):
    class Meta:
        model = ContactPage

    title = "Контакти"
    slug = "kontakti"
    intro = "Как да се свържете с нас."
    show_in_menus = True


class AccessibilityPageFactory(PageFactory):
    class Meta:
        model = AccessibilityPage

    title = "Декларация за достъпност"
    slug = "dostapnost"
    last_reviewed_on = datetime.date(2026, 11, 27)
    prepared_on = datetime.date(2026, 11, 1)


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    name = factory.Sequence(lambda n: f"Категория {n}")
    slug = factory.Sequence(lambda n: f"kategoriya-{n}")
    locale = factory.LazyFunction(Locale.get_default)


def translate(page, language_code, **fields):
    """Copy ``page`` into the language, change ``fields`` and publish the translation."""
    locale = Locale.objects.get(language_code=language_code)
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def build_site():
    """The Bulgarian site with its main pages and an English home; returns the pages in a namespace."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="nachalo")
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True,
                               site_name="Областна администрация Русе")
    # Wagtail's placeholder page from the initial migration is no longer needed.
    Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(content_type__app_label="home").delete()
    SiteSettings.objects.update_or_create(site=site, defaults={
        "name": "Областна администрация Русе", "name_en": "Regional Administration of Ruse",
        "eik": "000530632", "address": "пл. „Свобода“ № 6\n7000 Русе",
        "address_en": "6 Svoboda Sq.\n7000 Ruse",
        "phones": "082 812 210, 082 812 212", "email": "oblast@ruse.government.bg",
        "working_hours": "Понеделник – петък: 9:00 – 17:30 ч.",
        "working_hours_en": "Monday – Friday: 9:00 – 17:30",
    })
    tree = type("SiteTree", (), {})()
    tree.site = site
    tree.home = home
    tree.about = StandardPageFactory(parent=home, title="За нас", slug="za-nas")
    tree.news_index = NewsIndexPageFactory(parent=home, slug="novini")
    tree.contacts = ContactPageFactory(parent=home)
    tree.accessibility = AccessibilityPageFactory(parent=home)
    tree.home_en = translate(home, "en", title="Regional Administration of Ruse", slug="home-en",
                             lead="The regional governor carries out state policy in Ruse region.")
    tree.about_en = translate(tree.about, "en", title="About us", slug="about", intro="A short introduction.")
    tree.news_index_en = translate(tree.news_index, "en", title="News", slug="news", intro="News.")
    tree.accessibility_en = translate(tree.accessibility, "en", title="Accessibility statement",
                                      slug="accessibility")
    return tree
