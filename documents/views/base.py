"""What every clerk screen shares: the access check, the document lookup, the page furniture, paging.

Answers, in one place:

- not logged in: Wagtail's admin sends the browser to the login page;
- logged in without registry access (an editor): 403 with a plain message;
- a document (or file) the user may not see: 404, so that ids reveal nothing;
- an action the user may not take on a document they see: 403 with the action's message; nothing written.

Each refusal, the 403s and the 404s that hide an existing object, is a ``permission.denied`` security event
(``status`` says which answer the user got; ids only, nothing personal).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from documents import permissions
from documents.models import Document
from portal.security import log_event

NS = "documents_admin"


def url(name: str, *args, **kwargs) -> str:
    return reverse(f"{NS}:{name}", args=args or None, kwargs=kwargs or None)


def log_denial(request, status: int, **ids) -> None:
    """A ``permission.denied`` security event for this request: the view, the answer, the objects' ids."""
    match = getattr(request, "resolver_match", None)
    fields = {k: v for k, v in ids.items() if v is not None}
    view = match.view_name if match else ""
    log_event("permission.denied", request=request, view=view, status=status, **fields)


def hidden(request, **ids):
    """Refuse an existing object the user may not see as if it did not exist (ids reveal nothing), logged."""
    log_denial(request, 404, **ids)
    return Http404()


def forbidden(request, message: str = "", *, document=None, status: int = 403):
    """The 403 page inside the admin: what was refused, and a way back."""
    if status == 403:  # a 400 ("choose a valid period first") refuses input, not the user
        log_denial(request, status, document=document.pk if document is not None else None)
    return TemplateResponse(
        request,
        "documents/admin/forbidden.html",
        {
            "message": message or _("You do not have access to the registry."),
            "document": document,
            "header_title": _("Not allowed"),
            "page_title": _("Not allowed"),
            "breadcrumbs_items": [],
        },
        status=status,
    )


def document_queryset(user):
    """The documents ``user`` may see, with what a document page shows in the same query."""
    return permissions.visible_documents(
        user,
        Document.objects.select_related(
            "register", "assignee", "department", "registered_by", "in_reply_to", "case_file"
        ),
    )


def get_visible_document(request, pk) -> Document:
    """The document, or 404 when it does not exist or the user may not see it (then logged as a denial)."""
    try:
        return document_queryset(request.user).get(pk=pk)
    except Document.DoesNotExist:
        if Document.objects.filter(pk=pk).exists():
            raise hidden(request, document=pk) from None
        raise Http404 from None


class RegistryView(WagtailAdminTemplateMixin, View):
    """Base of every registry screen: only users with registry access get past ``dispatch``."""

    header_icon = "folder-open-inverse"
    page_title = gettext_lazy("Registry")
    #: an extra check on top of registry access (e.g. managers only for statistics)
    access_check = staticmethod(permissions.has_registry_access)
    denied_message = gettext_lazy("You do not have access to this part of the registry.")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.has_registry_access(request.user):
            return forbidden(request, _("You do not have access to the registry."))
        if not self.access_check(request.user):
            return forbidden(request, str(self.denied_message))
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as exc:
            # An action refused the user: say so here (Wagtail would redirect to the dashboard instead).
            return forbidden(
                request, str(exc) or str(self.denied_message), document=getattr(self, "document", None)
            )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": url("index"), "label": _("Registry")},
            *self.extra_breadcrumbs(),
            {"url": "", "label": self.get_page_title()},
        ]

    def extra_breadcrumbs(self):
        return []

    def render(self, context: dict, status: int = 200):
        context = self.get_context_data(**context)
        return TemplateResponse(self.request, self.get_template_names(), context, status=status)


class Window:
    """One page of a list without counting the whole result (``COUNT(*)`` over a million rows hurts).

    Fetches ``per_page + 1`` rows: the extra row only tells whether a next page exists.
    """

    def __init__(self, queryset, page: int, per_page: int):
        self.number = max(1, page)
        self.per_page = per_page
        offset = (self.number - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.has_previous = self.number > 1
        self.start_index = offset + 1 if self.object_list else 0
        self.end_index = offset + len(self.object_list)

    @cached_property
    def next_page_number(self):
        return self.number + 1

    @cached_property
    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number(request, name: str = "p") -> int:
    try:
        number = int(request.GET.get(name, 1))
    except (TypeError, ValueError):
        return 1
    if number < 1:
        return 1
    if number > 10000:
        # Far pages are a job for filters (an OFFSET that deep reads and drops millions of rows).
        raise Http404
    return number
