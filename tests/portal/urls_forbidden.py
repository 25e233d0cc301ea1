"""The project's URLs plus one view that refuses, to see the 403 page and its event."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.urls import handler403  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("forbidden/", forbidden), *portal_urlpatterns]
