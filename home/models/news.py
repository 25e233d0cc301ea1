"""News (новини): an index page with pagination, category filter and RSS/Atom feeds, and the news items."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyBlock
from .pages import SummaryMixin

# Renditions used by the templates; listings prefetch exactly these so a list costs the same for any length.
LISTING_IMAGE_SPEC = "fill-480x270"
PAGE_IMAGE_SPEC = "width-960"


@register_snippet
class NewsCategory(TranslatableMixin, models.Model):
    """A category of news (e.g. „Съобщения“, „Събития“), translated per language."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in the address of the filtered list.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="home_newscategory_unique_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class NewsPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Newest first, with image renditions and categories fetched in a fixed number of queries."""
        rendition_model = get_image_model().get_rendition_model()
        return (
            self.order_by("-date", "-pk")
            .select_related("image")
            .prefetch_related(
                "categories",
                Prefetch(
                    "image__renditions",
                    queryset=rendition_model.objects.filter(filter_spec=LISTING_IMAGE_SPEC),
                ),
            )
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(RoutablePageMixin, SummaryMixin, Page):
    """Новини: lists its news items, newest first, 10 per page; ``rss/`` and ``atom/`` are the feeds."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 10
    feed_size = 20

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def news(self):
        return NewsPage.objects.live().public().child_of(self)

    @path("")
    def news_list(self, request):
        news = self.news()
        category = None
        slug = request.GET.get("category")
        if slug:
            category = NewsCategory.objects.filter(locale_id=self.locale_id, slug=slug).first()
            if category is None:
                raise Http404("No such category")
            news = news.filter(categories=category)
        page_obj = Paginator(news.for_listing(), self.per_page).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "news_items": page_obj,
                "category": category,
                "categories": NewsCategory.objects.filter(locale_id=self.locale_id),
            },
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from home.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from home.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    def feed_items(self):
        return self.news().order_by("-date", "-pk").defer_streamfields()[: self.feed_size]


class NewsPage(SummaryMixin, Page):
    """Новина: one news item or announcement."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown in lists and feeds."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        get_image_model(), verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("text alternative of the image"), max_length=250, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Leave empty if it is decorative."),
    )
    categories = ParentalManyToManyField(NewsCategory, verbose_name=_("categories"), blank=True)

    objects = NewsPageManager()

    summary_field = "lead"
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], _("Image")),
        FieldPanel("body"),
        FieldPanel("categories"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent()
        return context
