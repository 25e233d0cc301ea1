"""The registry panel on the Wagtail admin dashboard: received today, assigned to me, overdue.

The counts come from ``documents.queries.dashboard`` (three indexed counts over what the user may see).
"""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from documents import queries
from documents.views.base import url


class RegistryPanel(Component):
    name = "registry"
    template_name = "documents/admin/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        counts = queries.dashboard(self.user, today)
        date = today.isoformat()
        return {
            "received_today": counts.received_today,
            "assigned_to_me": counts.assigned_to_me,
            "overdue": counts.overdue,
            "received_url": url("documents") + f"?date_from={date}&date_to={date}",
            "tasks_url": url("my_tasks"),
            "overdue_url": url("documents") + "?overdue=on",
            "index_url": url("index"),
        }
