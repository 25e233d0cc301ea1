"""URLs of the site content outside the page tree.

``urlpatterns`` go outside the language prefix (sitemap.xml, robots.txt); ``i18n_urlpatterns`` inside
``i18n_patterns`` (``/search/`` in Bulgarian, ``/en/search/`` in English), before Wagtail's catch-all.
"""

from django.urls import path

from home import views

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

i18n_urlpatterns = [
    path("search/", views.search, name="search"),
]
