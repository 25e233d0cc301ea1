from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import urls as home_urls

handler403 = "portal.views.permission_denied"

urlpatterns = [
    # Before the Wagtail admin: these must work for a staff user who has not given the second factor yet.
    path("admin/2fa/", include("portal.twofactor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("registry/", include("documents.urls")),  # permission-checked registry file downloads
    path("i18n/", include("django.conf.urls.i18n")),
    # СЕОС endpoint for other administrations (SOAP Submit; WSDL at ?wsdl): outside the language prefix.
    path("seos/", include("documents.exchange.urls")),
    path("", include(home_urls.urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Bulgarian is the default language and has no prefix; English lives under /en/.
urlpatterns += i18n_patterns(
    path("", include(home_urls.i18n_urlpatterns)),
    path("", include("services.urls")),  # /track/, /verify/<token>/ (before Wagtail's catch-all)
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
