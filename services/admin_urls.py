"""Clerk screens of the e-services, mounted in the Wagtail admin by ``services.wagtail_hooks``."""

from django.urls import path

from services import admin_views

app_name = "services_admin"
urlpatterns = [
    path("", admin_views.ApplicationListView.as_view(), name="applications"),
    path("<int:pk>/", admin_views.ApplicationDetailView.as_view(), name="application"),
]
