"""Registry URLs outside the Wagtail admin: permission-checked file downloads."""

from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("files/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("files/generated/<int:pk>/", views.generated_file, name="generated_file"),
]
