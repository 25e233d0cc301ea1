"""URLs of the clerk screens, mounted inside the Wagtail admin (``/admin/registry/``) by
``documents.wagtail_hooks``; Wagtail adds its admin-access check (login) to each of them."""

from django.urls import path

from documents.views import detail, files, lists, register, reports, statistics

app_name = "documents_admin"
urlpatterns = [
    path("", lists.IndexView.as_view(), name="index"),
    path("tasks/", lists.MyTasksView.as_view(), name="my_tasks"),
    path("documents/", lists.DocumentListView.as_view(), name="documents"),
    path("registers/<int:register_pk>/", lists.DocumentListView.as_view(), name="register_documents"),
    path("register/incoming/", register.RegisterIncomingView.as_view(), name="register_incoming"),
    path("register/outgoing/", register.RegisterOutgoingView.as_view(), name="register_outgoing"),
    path("documents/<int:pk>/", detail.DocumentDetailView.as_view(), name="document"),
    path("documents/<int:pk>/answer/", detail.AnswerView.as_view(), name="answer"),
    path(
        "documents/<int:pk>/do/<slug:action>/",
        detail.DocumentActionView.as_view(),
        name="document_action",
    ),
    path(
        "documents/<int:pk>/case-file/<slug:action>/",
        detail.CaseFileActionView.as_view(),
        name="case_file_action",
    ),
    path(
        "resolutions/<int:pk>/<str:action>/",
        detail.ResolutionActionView.as_view(),
        name="resolution_action",
    ),
    path("documents/<int:pk>/pdf/<slug:kind>/", files.document_pdf, name="document_pdf"),
    path("files/attachments/<int:pk>/", files.attachment, name="attachment"),
    path("files/generated/<int:pk>/", files.generated_file, name="generated_file"),
    path("journal/", reports.JournalView.as_view(), name="journal"),
    path("journal/tasks/<str:task_id>/", reports.task_status, name="task"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("statistics/csv/", statistics.statistics_csv, name="statistics_csv"),
]
