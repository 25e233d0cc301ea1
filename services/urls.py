from django.urls import path

from services.views import tracking, verify

app_name = "services"

urlpatterns = [
    path("track/", tracking.track, name="track"),
    path("track/<uuid:public_id>/", tracking.status, name="status"),
    path("track/<uuid:public_id>/receipt.pdf", tracking.receipt, name="receipt"),
    path("track/<uuid:public_id>/files/<int:attachment_id>/", tracking.attachment, name="attachment"),
    path("track/<uuid:public_id>/letters/<int:file_id>/", tracking.letter, name="letter"),
    path("track/<uuid:public_id>/documents/", tracking.supplement, name="supplement"),
    path("track/<uuid:public_id>/withdraw/", tracking.withdraw, name="withdraw"),
    path("verify/<str:token>/", verify.verify, name="verify"),
]
