"""The registry panel on the Wagtail admin dashboard: received today, assigned to me, overdue.

Three small counts, each served by an index (registration date; assignee + status; status + deadline),
over the documents the user may see.
"""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from documents import permissions
from documents.models import Document
from documents.views.base import url


class RegistryPanel(Component):
    name = "registry"
    template_name = "documents/admin/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        user = self.user
        today = timezone.localdate()
        start = datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_current_timezone())
        visible = permissions.visible_documents(user)
        received = visible.filter(
            registered_at__gte=start, registered_at__lt=start + datetime.timedelta(days=1)
        )
        date = today.isoformat()
        return {
            "received_today": received.count(),
            "assigned_to_me": Document.objects.active().filter(assignee=user).count(),
            "overdue": visible.overdue(today).count(),
            "received_url": url("documents") + f"?date_from={date}&date_to={date}",
            "tasks_url": url("my_tasks"),
            "overdue_url": url("documents") + "?overdue=on",
            "index_url": url("index"),
        }
