"""General public pages: the home page, standard content pages, contacts and the accessibility declaration."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.visibility import public

from .blocks import BodyBlock

# A featured service is chosen as a page by model name, so that home never imports the services app.
# Every name that exists is offered in the chooser; StandardPage stays for plain information pages.
FEATURED_SERVICE_PAGE_TYPES = ("services.ServicePage", "home.StandardPage")


def featured_service_page_types():
    found = []
    for name in FEATURED_SERVICE_PAGE_TYPES:
        try:
            apps.get_model(name)
        except (LookupError, ValueError):
            continue
        found.append(name)
    return found


class FeaturedServiceChooserPanel(PageChooserPanel):
    """A page chooser whose page types are resolved when the form is built, not at import time."""

    def get_form_options(self):
        self.page_type = featured_service_page_types()
        return super().get_form_options()


class SummaryMixin:
    """What a listing or search result shows under the title of a page."""

    summary_field = "intro"

    @property
    def summary(self):
        return getattr(self, self.summary_field, "") or self.search_description


class HomePage(SummaryMixin, Page):
    """Началната страница: the root of the site in each language."""

    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences under the title."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    latest_news_count = models.PositiveSmallIntegerField(_("number of latest news"), default=3)

    summary_field = "lead"
    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        InlinePanel("featured_services", label=_("Featured services"), max_num=8),
        FieldPanel("latest_news_count"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    # Only under the tree root. Subpage types stay open on purpose: the other apps' index pages
    # (e-services, ...) declare HomePage as their parent and home cannot name them.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .news import NewsPage

        context = super().get_context(request, *args, **kwargs)
        news = public(NewsPage.objects.live().descendant_of(self), request)
        context["latest_news"] = news.for_listing()[: self.latest_news_count]
        context["featured_services"] = [
            item for item in self.featured_services.select_related("service") if item.service.live
        ]
        return context


class HomePageFeaturedService(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_services")
    service = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    description = models.CharField(
        _("short description"), max_length=250, blank=True,
        help_text=_("Leave empty to use the page's search description."),
    )

    panels = [FeaturedServiceChooserPanel("service"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured service")

    @property
    def text(self):
        return self.description or self.service.search_description


class StandardPage(SummaryMixin, Page):
    """An ordinary content page (about us, a municipality, a service description, ...)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A section page (e.g. the municipalities) lists its live children under its own text.
        context["subpages"] = public(self.get_children().live(), request)
        return context


class ContactPage(SummaryMixin, Page):
    """Контакти: the administration's details from the site settings plus contact points."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("contact_points", label=_("Contact points")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types: list = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")


class ContactPoint(Orderable):
    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="contact_points")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    location = models.CharField(_("room or address"), max_length=200, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("location"),
              FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact point")


class AccessibilityPage(SummaryMixin, Page):
    """Декларация за достъпност (EN 301 549 / WCAG 2.1 AA), linked from every page's footer."""

    FULL, PARTIAL, NONE = "full", "partial", "none"
    CONFORMANCE_CHOICES = [
        (FULL, _("fully compliant")),
        (PARTIAL, _("partially compliant")),
        (NONE, _("not compliant")),
    ]
    STANDARD = "EN 301 549 v3.2.1 (WCAG 2.1, AA)"

    intro = models.TextField(_("introduction"), blank=True)
    conformance = models.CharField(
        _("compliance status"), max_length=10, choices=CONFORMANCE_CHOICES, default=PARTIAL
    )
    prepared_on = models.DateField(_("statement prepared on"), default=timezone.localdate)
    last_reviewed_on = models.DateField(_("last reviewed on"), default=timezone.localdate)
    body = StreamField(
        BodyBlock(), verbose_name=_("body"), blank=True,
        help_text=_("Non-accessible content, how to give feedback, and the enforcement procedure."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("conformance"), FieldPanel("prepared_on"), FieldPanel("last_reviewed_on")],
            _("Compliance"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


class PrivacyPage(SummaryMixin, Page):
    """Информация за обработването на лични данни (GDPR Art. 13), linked from every form and the footer.

    One per language under the home page; editors keep it current. The forms find it through the site
    chrome, so its slug may change freely.
    """

    intro = models.TextField(_("introduction"), blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), default=timezone.localdate)
    body = StreamField(
        BodyBlock(), verbose_name=_("body"), blank=True,
        help_text=_("Who the controller is, what is kept, why, for how long, the data subject's rights, "
                    "contacts of the data protection officer."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("last_reviewed_on"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
