"""Lists: the registry's start page, per-register (and all) document lists, and "my tasks".

A list is one query for its rows (``visible_documents`` + ``for_list``: register, assignee and
department joined) and never a ``COUNT`` over the whole table (``Window`` fetches one row more than it
shows). The number of queries does not grow with the number of documents.
"""

from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from documents import permissions, queries
from documents.deadlines import due_soon_limit
from documents.filters import DocumentFilterSet
from documents.models import Document, Register, Resolution
from documents.views.base import RegistryView, Window, page_number, url

PER_PAGE = 50

#: ``?ordering=`` values -> ORDER BY (each ends on a unique key, so pages never overlap).
ORDERINGS = {
    "-registered_at": ("-registered_at", "-id"),
    "registered_at": ("registered_at", "id"),
    "deadline": (F("deadline").asc(nulls_last=True), "-registered_at", "-id"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-registered_at", "-id"),
    "number": ("year", "number", "id"),
    "-number": ("-year", "-number", "-id"),
}
DEFAULT_ORDERING = "-registered_at"
SORTABLE = {
    "registered_at": gettext_lazy("Date"),
    "number": pgettext_lazy("registration", "Number"),
    "deadline": gettext_lazy("Deadline"),
}


def registers_for_menu(user):
    """The registers whose lists the user is offered: managers and clerks all active ones (a clerk's
    documents may sit in any register), registrars the ones they work in."""
    if permissions.is_manager(user) or permissions.is_clerk(user):
        return Register.objects.active().order_by("index")
    return permissions.usable_registers(user).order_by("index")


class IndexView(RegistryView):
    """The start page: registers, and what the user can do next."""

    template_name = "documents/admin/index.html"

    def get(self, request):
        user = request.user
        registers = list(registers_for_menu(user))
        return self.render(
            {
                "registers": registers,
                "can_register_incoming": permissions.is_manager(user) or permissions.is_registrar(user),
                "can_register_outgoing": bool(registers) and permissions.has_registry_access(user),
                "can_see_journal": permissions.is_manager(user) or permissions.is_registrar(user),
                "can_see_statistics": permissions.can_see_statistics(user),
            }
        )

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": _("Registry")}]


class DocumentListView(RegistryView):
    """All documents the user may see, or one register's (``register_pk`` in the URL)."""

    template_name = "documents/admin/document_list.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.register = None
        if "register_pk" in kwargs:
            self.register = get_object_or_404(Register, pk=kwargs["register_pk"])

    def get_page_title(self):
        if self.register is not None:
            return f"{self.register.index} {self.register.name}"
        return _("All documents")

    def get(self, request, **kwargs):
        queryset = Document.objects.for_list()
        if self.register is not None:
            queryset = queryset.filter(register=self.register)
        queryset = permissions.visible_documents(request.user, queryset)
        filterset = DocumentFilterSet(
            request.GET or None, queryset=queryset, request=request, fixed_register=self.register
        )
        ordering = request.GET.get("ordering", DEFAULT_ORDERING)
        if ordering not in ORDERINGS:
            ordering = DEFAULT_ORDERING
        if filterset.is_bound and not filterset.is_valid():
            rows = queryset.none()
        else:
            rows = filterset.qs
        window = Window(rows.order_by(*ORDERINGS[ordering]), page_number(request), PER_PAGE)
        _describe(filterset.form)
        params = request.GET.copy()
        params.pop("p", None)
        params.pop("ordering", None)
        return self.render(
            {
                "register": self.register,
                "filterset": filterset,
                "form": filterset.form,
                "error_forms": [filterset.form],
                "page": window,
                "documents": window.object_list,
                "query": params.urlencode(),
                "ordering": ordering,
                "sort_links": _sort_links(params, ordering),
                "is_filtering": any(v for k, v in request.GET.items() if k not in ("p", "ordering")),
                "today": timezone.localdate(),
            }
        )


def _describe(form):
    """Tie help texts and errors of a filter form to its widgets (as ``RegistryForm`` does)."""
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}-help")
        if form.is_bound and bound.errors:
            ids.append(f"{bound.auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)


def _sort_links(params, current: str) -> dict:
    """For each sortable column: the URL that sorts by it, and the ``aria-sort`` state now."""
    links = {}
    for key, label in SORTABLE.items():
        if current == key:
            state, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, target = "descending", key
        else:
            state, target = "none", f"-{key}" if key != "deadline" else key
        query = params.copy()
        query["ordering"] = target
        links[key] = {"url": f"?{query.urlencode()}", "state": state, "label": label}
    return links


class MyTasksView(RegistryView):
    """Documents assigned to me or my departments, and open resolutions I carry out or control."""

    template_name = "documents/admin/my_tasks.html"
    page_title = gettext_lazy("My tasks")
    limit = 200

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        active = Document.objects.for_list().active()
        mine = queries.my_documents(user)
        departments = active.filter(department__in=user.registry_departments.values("pk")).exclude(
            assignee=user
        )
        order = (F("deadline").asc(nulls_last=True), "registered_at", "id")
        resolutions = (
            Resolution.objects.filter(status=Resolution.Status.OPEN)
            .filter(document__is_cancelled=False, document__status__in=Document.Status.active())
            .filter(Q(assignees=user) | Q(controller=user))
            .distinct()
            .select_related("document__register", "controller", "author")
            .prefetch_related("assignees")
            .order_by(F("deadline").asc(nulls_last=True), "created_at", "id")
        )
        sections = [
            {
                "id": "assigned",
                "title": _("Assigned to me"),
                "documents": list(mine.order_by(*order)[: self.limit]),
            },
            {
                "id": "department",
                "title": _("Assigned to my departments"),
                "documents": list(departments.order_by(*order)[: self.limit]),
            },
        ]
        return self.render(
            {
                "sections": sections,
                "resolutions": list(resolutions[: self.limit]),
                "limit": self.limit,
                "today": today,
                "soon": due_soon_limit(today),
                "all_mine_url": url("documents") + f"?assignee={user.pk}",
            }
        )
