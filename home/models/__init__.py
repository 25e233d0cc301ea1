"""Site content models, split by subject: general pages, news, StreamField blocks, site settings."""

from .blocks import BodyBlock
from .news import NewsCategory, NewsIndexPage, NewsPage
from .pages import (
    AccessibilityPage,
    ContactPage,
    ContactPoint,
    HomePage,
    HomePageFeaturedService,
    PrivacyPage,
    StandardPage,
)
from .settings import SiteSettings

__all__ = [
    "AccessibilityPage",
    "BodyBlock",
    "ContactPage",
    "ContactPoint",
    "HomePage",
    "HomePageFeaturedService",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "PrivacyPage",
    "SiteSettings",
    "StandardPage",
]
