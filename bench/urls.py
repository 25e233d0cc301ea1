"""The portal's URLs plus ``/__bench__/bare/``: a bare Django view behind the same middleware.

Only ``bench.settings`` uses this URLconf; the bare view never exists in the real site.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import *  # noqa: F403
from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare/", bare), *portal_urlpatterns]
