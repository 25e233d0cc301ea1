"""The document page and every action on it.

The page offers exactly ``permissions.allowed_actions(user, document)``; each form posts to its own URL,
which checks the role first (403 with the reason), validates the form, and calls the one action in
``documents.actions``. Bad input or a state that does not allow the step: the page again, with the form
open, the message beside the field and in the summary at the top; nothing written.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from documents import actions, casefiles, journal, permissions
from documents.forms import (
    AnswerForm,
    AssignForm,
    AttachForm,
    CaseFileForm,
    CompleteResolutionForm,
    CorrespondentForm,
    EmptyForm,
    LinkForm,
    NoteForm,
    ReasonForm,
    RequestInformationForm,
    ResolveForm,
    ResumeForm,
    SetDeadlineForm,
    WithdrawForm,
    WithdrawResolutionForm,
    apply_action_errors,
)
from documents.models import CaseFile, Department, Document, GeneratedFile, Resolution
from documents.views.base import RegistryView, document_queryset, get_visible_document, hidden, url
from documents.views.files import PDF_KINDS, pdf_kind_for


@dataclass(frozen=True)
class ActionSpec:
    form_class: type
    run: object  # callable(actor, document, **form kwargs)
    label: str
    button: str
    done: str  # success message


ACTION_SPECS = {
    "assign": ActionSpec(
        AssignForm, actions.assign, gettext_lazy("Assign"), gettext_lazy("Assign"), gettext_lazy("Assigned.")
    ),
    "resolve": ActionSpec(
        ResolveForm,
        actions.resolve,
        gettext_lazy("Write a resolution"),
        gettext_lazy("Save the resolution"),
        gettext_lazy("The resolution is saved."),
    ),
    "start": ActionSpec(
        EmptyForm,
        actions.start,
        gettext_lazy("Start work"),
        gettext_lazy("Start work"),
        gettext_lazy("Marked as in progress."),
    ),
    "set_deadline": ActionSpec(
        SetDeadlineForm,
        actions.set_deadline,
        gettext_lazy("Set the deadline"),
        gettext_lazy("Set the deadline"),
        gettext_lazy("The deadline is changed."),
    ),
    "request_information": ActionSpec(
        RequestInformationForm,
        actions.request_information,
        gettext_lazy("Request information"),
        gettext_lazy("Request information"),
        gettext_lazy("Information requested; the term waits."),
    ),
    "resume": ActionSpec(
        ResumeForm,
        actions.resume,
        gettext_lazy("Information received"),
        gettext_lazy("Resume work"),
        gettext_lazy("Work resumed."),
    ),
    "close": ActionSpec(
        NoteForm,
        actions.close,
        gettext_lazy("Close"),
        gettext_lazy("Close the document"),
        gettext_lazy("Closed."),
    ),
    "reopen": ActionSpec(
        ReasonForm,
        actions.reopen,
        gettext_lazy("Reopen"),
        gettext_lazy("Reopen the document"),
        gettext_lazy("Reopened."),
    ),
    "cancel": ActionSpec(
        ReasonForm,
        actions.cancel,
        gettext_lazy("Cancel the registration"),
        gettext_lazy("Cancel the registration"),
        gettext_lazy("The document is cancelled; it keeps its number."),
    ),
    "withdraw": ActionSpec(
        WithdrawForm,
        actions.withdraw,
        gettext_lazy("Withdrawn by the sender"),
        gettext_lazy("Mark as withdrawn"),
        gettext_lazy("Marked as withdrawn."),
    ),
    "attach": ActionSpec(
        AttachForm,
        actions.attach_files,
        gettext_lazy("Attach files"),
        gettext_lazy("Attach"),
        gettext_lazy("The files are attached."),
    ),
    "link": ActionSpec(
        LinkForm,
        actions.link_related,
        gettext_lazy("Link a related document"),
        gettext_lazy("Link"),
        gettext_lazy("The documents are linked."),
    ),
    "open_case_file": ActionSpec(
        EmptyForm,
        actions.open_case_file,
        gettext_lazy("Open a case file"),
        gettext_lazy("Open a case file for this document"),
        gettext_lazy("A case file is opened for the document."),
    ),
    "add_to_case_file": ActionSpec(
        CaseFileForm,
        actions.add_to_case_file,
        gettext_lazy("Add to a case file"),
        gettext_lazy("Add to the case file"),
        gettext_lazy("The document is added to the case file."),
    ),
}
#: The order the forms appear in on the page.
ACTION_ORDER = list(ACTION_SPECS)

#: The steps on the document's case file (``documents.casefiles``), in the order they appear.
CASE_FILE_SPECS = {
    "close_case_file": ActionSpec(
        NoteForm,
        actions.close_case_file,
        gettext_lazy("Close the case file"),
        gettext_lazy("Close the case file"),
        gettext_lazy("The case file is closed."),
    ),
    "archive_case_file": ActionSpec(
        NoteForm,
        actions.archive_case_file,
        gettext_lazy("Hand the case file to the archive"),
        gettext_lazy("Hand to the archive"),
        gettext_lazy("The case file is handed to the archive."),
    ),
    "reopen_case_file": ActionSpec(
        ReasonForm,
        actions.reopen_case_file,
        gettext_lazy("Reopen the case file"),
        gettext_lazy("Reopen the case file"),
        gettext_lazy("The case file is reopened."),
    ),
}


def make_form(name: str, user, data=None, files=None):
    spec = ACTION_SPECS[name]
    kwargs = {"prefix": name}
    if spec.form_class in (LinkForm, CaseFileForm):
        kwargs["user"] = user
    return spec.form_class(data, files, **kwargs)


# --- The journal, readable ---------------------------------------------------------------------------

ACTION_LABELS = {
    "register_incoming": gettext_lazy("Registered as incoming"),
    "register_outgoing": gettext_lazy("Registered as outgoing"),
    "assign": gettext_lazy("Assigned"),
    "start": gettext_lazy("Work started"),
    "set_deadline": gettext_lazy("Deadline set"),
    "request_information": gettext_lazy("Information requested"),
    "resume": gettext_lazy("Work resumed"),
    "answer": gettext_lazy("Answered"),
    "close": gettext_lazy("Closed"),
    "reopen": gettext_lazy("Reopened"),
    "cancel": gettext_lazy("Cancelled"),
    "withdraw": gettext_lazy("Withdrawn"),
    "resolve": gettext_lazy("Resolution written"),
    "complete_resolution": gettext_lazy("Resolution carried out"),
    "withdraw_resolution": gettext_lazy("Resolution withdrawn"),
    "attach": gettext_lazy("File attached"),
    "link": gettext_lazy("Related document linked"),
    "open_case_file": gettext_lazy("Case file opened"),
    "add_to_case_file": gettext_lazy("Added to a case file"),
    "close_case_file": gettext_lazy("Case file closed"),
    "archive_case_file": gettext_lazy("Case file handed to the archive"),
    "reopen_case_file": gettext_lazy("Case file reopened"),
    "anonymise": gettext_lazy("Personal data anonymised"),
}
FIELD_LABELS = {
    "status": gettext_lazy("status"),
    "assignee_id": gettext_lazy("assignee"),
    "department_id": gettext_lazy("department"),
    "deadline": gettext_lazy("deadline"),
    "is_cancelled": gettext_lazy("cancelled"),
    "cancel_reason": gettext_lazy("reason for cancelling"),
    "closed_at": gettext_lazy("closed at"),
    "case_file_id": gettext_lazy("case file"),
    "in_reply_to_id": gettext_lazy("answer to"),
    "subject": gettext_lazy("subject"),
    "kind": gettext_lazy("kind"),
    "channel": gettext_lazy("channel"),
    "note": gettext_lazy("note"),
    "number": gettext_lazy("number"),
    "register": gettext_lazy("register"),
    "text": gettext_lazy("text"),
    "deadline_": gettext_lazy("deadline"),
    "name": gettext_lazy("file"),
    "sha256": "SHA-256",
    "related": gettext_lazy("related document"),
    "case_file": gettext_lazy("case file"),
    "files_removed": gettext_lazy("files emptied"),
}
HIDDEN_KEYS = {"correspondents", "attachments", "assignees", "controller", "completed_at", "size"}
HIDDEN_KEYS.add("kept_correspondents")  # ids of an anonymisation entry: nothing a reader can use


def _labels(entries):
    """Names for the user and department ids the journal mentions (two queries for the whole timeline)."""
    user_ids, dept_ids = set(), set()
    for entry in entries:
        for data in (entry.before or {}, entry.after or {}):
            if isinstance(data.get("assignee_id"), int):
                user_ids.add(data["assignee_id"])
            if isinstance(data.get("department_id"), int):
                dept_ids.add(data["department_id"])
    users = {
        u.pk: (u.get_full_name() or u.get_username())
        for u in get_user_model().objects.filter(pk__in=user_ids)
    }
    depts = dict(Department.objects.filter(pk__in=dept_ids).values_list("pk", "name"))
    return users, depts


def _value(key, value, users, depts):
    if value in (None, ""):
        return "—"
    if key == "status":
        try:
            return Document.Status(value).label
        except ValueError:
            return value
    if key == "assignee_id":
        return users.get(value, f"#{value}")
    if key == "department_id":
        return depts.get(value, f"#{value}")
    if key == "is_cancelled":
        return _("yes") if value else _("no")
    if key == "kind":
        try:
            return Document.Kind(value).label
        except ValueError:
            return Resolution.Kind(value).label if value in Resolution.Kind.values else value
    if key == "channel":
        try:
            return Document.Channel(value).label
        except ValueError:
            return value
    if key in ("deadline", "closed_at") and isinstance(value, str):
        return _iso_date(value)
    return str(value)


def _iso_date(value: str) -> str:
    date = value[:10]
    if len(date) == 10 and date[4] == "-" and date[7] == "-":
        return f"{date[8:10]}.{date[5:7]}.{date[0:4]}"
    return value


def _case_file_numbers(entries) -> dict:
    """Numbers of the case files the journal mentions (one query)."""
    ids = {
        data["case_file_id"]
        for entry in entries
        for data in (entry.before or {}, entry.after or {})
        if isinstance(data.get("case_file_id"), int)
    }
    return dict(CaseFile.objects.filter(pk__in=ids).values_list("pk", "number")) if ids else {}


def _entry_value(entry, key, value, users, depts, case_numbers):
    """``_value``, knowing case files: their numbers, and a case file entry's status as a case file's."""
    if key == "case_file_id" and isinstance(value, int):
        return case_numbers.get(value, f"#{value}")
    if key == "status" and entry.object_type == "documents.casefile" and value in CaseFile.Status.values:
        return CaseFile.Status(value).label
    return _value(key, value, users, depts)


def timeline(document):
    """The journal entries about the document, each with its changes as ``(label, before, after)``."""
    entries = list(journal.timeline(document))
    users, depts = _labels(entries)
    case_numbers = _case_file_numbers(entries)
    items = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for key in after:
            if key in HIDDEN_KEYS:
                continue
            changes.append(
                {
                    "label": FIELD_LABELS.get(key, key),
                    "before": _entry_value(entry, key, before.get(key), users, depts, case_numbers)
                    if key in before
                    else None,
                    "after": _entry_value(entry, key, after[key], users, depts, case_numbers),
                }
            )
        attachments = after.get("attachments") or []
        items.append(
            {
                "entry": entry,
                "label": ACTION_LABELS.get(entry.action, entry.action),
                "actor": (entry.actor.get_full_name() or entry.actor.get_username())
                if entry.actor
                else entry.actor_label,
                "changes": changes,
                "attachments": attachments,
            }
        )
    return items


# --- The page ---------------------------------------------------------------------------------------


class DocumentMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.document = None

    def load_document(self):
        self.document = get_visible_document(self.request, self.kwargs["pk"])
        return self.document

    def get_page_title(self):
        return self.document.formatted_number if self.document else _("Document")

    def extra_breadcrumbs(self):
        if self.document is None:
            return []
        register = self.document.register
        return [{"url": url("register_documents", register.pk), "label": register.index}]


class DocumentDetailView(DocumentMixin, RegistryView):
    template_name = "documents/admin/document_detail.html"

    def get(self, request, pk, **kwargs):
        self.load_document()
        return self.show()

    def case_file_context(self, visible, case_bound=None) -> dict:
        """The document's case file: its status, the documents in it the user sees (and how many others),
        and the forms of the steps the user may take on it."""
        doc = self.document
        if doc.case_file_id is None:
            return {"case_file": None}
        case_file = doc.case_file
        members = list(visible.filter(case_file=case_file).for_list().order_by("registered_at", "id"))
        forms = []
        for name in casefiles.allowed_actions(self.request.user, case_file):
            spec = CASE_FILE_SPECS[name]
            bound = case_bound is not None and case_bound[0] == name
            form = case_bound[1] if bound else spec.form_class(prefix=name)
            form.describe_widgets()
            forms.append(
                {
                    "name": name,
                    "form": form,
                    "label": spec.label,
                    "button": spec.button,
                    "action_url": url("case_file_action", doc.pk, name),
                    "open": bound,
                }
            )
        return {
            "case_file": case_file,
            "case_members": members,
            "case_hidden": Document.objects.filter(case_file=case_file).count() - len(members),
            "case_forms": forms,
        }

    def show(self, bound=None, status=200, open_resolution=None, case_bound=None):
        """The page; ``bound``: ``(action name, bound form)`` to show with its errors, open (a document
        action; ``case_bound`` the same for a step on its case file)."""
        user = self.request.user
        doc = self.document
        allowed = permissions.allowed_actions(user, doc)
        forms = []
        for name in ACTION_ORDER:
            if name not in allowed:
                continue
            form = bound[1] if bound and bound[0] == name else make_form(name, user)
            form.describe_widgets()
            spec = ACTION_SPECS[name]
            forms.append(
                {
                    "name": name,
                    "form": form,
                    "label": spec.label,
                    "button": spec.button,
                    "action_url": url("document_action", doc.pk, name),
                    "open": bool(bound and bound[0] == name),
                    "multipart": name == "attach",
                }
            )
        resolutions = list(
            doc.resolutions.select_related("author", "controller", "completed_by").prefetch_related(
                Prefetch("assignees", queryset=get_user_model().objects.order_by("first_name", "last_name"))
            )
        )
        is_manager = permissions.is_manager(user)
        for res in resolutions:
            parties = {res.author_id, res.controller_id}
            assignees = {u.pk for u in res.assignees.all()}
            res.can_complete = res.is_open and (is_manager or user.pk in parties | assignees)
            res.can_withdraw = res.is_open and (is_manager or user.pk in parties)
            form = open_resolution[1] if open_resolution and open_resolution[0] == res.pk else None
            res.complete_form = (
                form
                if form is not None and open_resolution[2] == "complete"
                else (CompleteResolutionForm(prefix=f"res{res.pk}"))
            )
            res.withdraw_form = (
                form
                if form is not None and open_resolution[2] == "withdraw"
                else (WithdrawResolutionForm(prefix=f"wres{res.pk}"))
            )
            res.complete_form.describe_widgets()
            res.withdraw_form.describe_widgets()
        visible = document_queryset(user)
        in_reply_to = visible.filter(pk=doc.in_reply_to_id).first() if doc.in_reply_to_id else None
        answers = list(visible.filter(in_reply_to=doc).order_by("registered_at"))
        related = list(visible.filter(related=doc).order_by("registered_at"))
        pdf_kind = pdf_kind_for(doc)
        pdf_ready = GeneratedFile.objects.filter(document=doc, kind=PDF_KINDS[pdf_kind][0]).exists()
        errors = []
        if bound:
            errors = _error_summary(bound[1])
        if open_resolution:
            errors = _error_summary(open_resolution[1])
        if case_bound:
            errors = _error_summary(case_bound[1])
        return self.render(
            {
                "document": doc,
                "parties": list(doc.parties.select_related("correspondent")),
                "attachments": list(doc.attachments.all()),
                "resolutions": resolutions,
                "in_reply_to": in_reply_to,
                "answers": answers,
                "related": related,
                "timeline": timeline(doc),
                "action_forms": forms,
                "can_answer": "answer" in allowed,
                "pdf_kind": pdf_kind,
                "pdf_ready": pdf_ready,
                "pdf_url": url("document_pdf", doc.pk, pdf_kind),
                "error_summary": errors,
                "show_egn": doc.register.requires_egn,
                "extra_panels": extra_panels(self.request, doc),
                **self.case_file_context(visible, case_bound),
            },
            status=status,
        )


def extra_panels(request, document) -> list:
    """HTML panels other apps contribute to the document page (e.g. the e-services show the service and
    the form answers of an online application) through the ``registry_document_panels`` hook, so that the
    registry never imports them. A hook returns safe HTML, or an empty string when it has nothing to show."""
    return [html for fn in hooks.get_hooks("registry_document_panels") if (html := fn(request, document))]


def redirect_after(request, document_id):
    """Back to the document, or to "my tasks" when the step took it out of the user's sight (e.g. a clerk
    who carried out their resolution on someone else's document)."""
    if document_queryset(request.user).filter(pk=document_id).exists():
        return redirect(url("document", document_id))
    return redirect(url("my_tasks"))


def _error_summary(form):
    """``[(field id or '', message)]`` for the summary at the top of the page."""
    items = []
    for name, errors in form.errors.items():
        anchor = form[name].auto_id if name in form.fields else ""
        for message in errors:
            items.append((anchor, message))
    return items


class DocumentActionView(DocumentDetailView):
    """POST one action's form. GET shows the document page."""

    def post(self, request, pk, action):
        self.load_document()
        if action not in ACTION_SPECS:
            return redirect(url("document", pk))
        permissions.require(request.user, action, self.document)  # 403 with the reason, nothing written
        form = make_form(action, request.user, request.POST, request.FILES)
        if not form.is_valid():
            return self.show(bound=(action, form))
        spec = ACTION_SPECS[action]
        try:
            spec.run(request.user, self.document, **form.action_kwargs())
        except ValidationError as exc:
            apply_action_errors(exc, form)
            return self.show(bound=(action, form))
        messages.success(request, str(spec.done))
        return redirect_after(request, pk)


class CaseFileActionView(DocumentDetailView):
    """POST a step on the case file of a document the user sees (close, archive, reopen)."""

    def post(self, request, pk, action):
        self.load_document()
        if action not in CASE_FILE_SPECS or self.document.case_file_id is None:
            raise Http404
        case_file = self.document.case_file
        casefiles.require(request.user, action, case_file)  # 403 with the reason, nothing written
        spec = CASE_FILE_SPECS[action]
        form = spec.form_class(request.POST, prefix=action)
        if not form.is_valid():
            return self.show(case_bound=(action, form))
        try:
            spec.run(request.user, case_file, **form.action_kwargs())
        except ValidationError as exc:
            apply_action_errors(exc, form)
            return self.show(case_bound=(action, form))
        messages.success(request, str(spec.done))
        return redirect_after(request, pk)


class ResolutionActionView(DocumentDetailView):
    """Complete (изпълнена) or withdraw a resolution of a document the user may see."""

    def post(self, request, pk, action):
        if action not in ("complete", "withdraw"):
            raise Http404
        resolution = Resolution.objects.filter(document__in=document_queryset(request.user), pk=pk).first()
        if resolution is None:
            hidden_id = Resolution.objects.filter(pk=pk).values_list("document_id", flat=True).first()
            if hidden_id is not None:
                raise hidden(request, resolution=pk, document=hidden_id)
            raise Http404
        self.kwargs["pk"] = resolution.document_id
        self.load_document()
        if action == "complete":
            form = CompleteResolutionForm(request.POST, prefix=f"res{resolution.pk}")
        else:
            form = WithdrawResolutionForm(request.POST, prefix=f"wres{resolution.pk}")
        if not form.is_valid():
            return self.show(open_resolution=(resolution.pk, form, action))
        try:
            if action == "complete":
                actions.complete_resolution(request.user, resolution, note=form.cleaned_data["note"])
                messages.success(request, _("The resolution is marked as carried out."))
            else:
                actions.withdraw_resolution(request.user, resolution, reason=form.cleaned_data["reason"])
                messages.success(request, _("The resolution is withdrawn."))
        except ValidationError as exc:
            apply_action_errors(exc, form)
            return self.show(open_resolution=(resolution.pk, form, action))
        return redirect_after(request, resolution.document_id)


class AnswerView(DocumentMixin, RegistryView):
    """Answer an incoming document: a new outgoing document, linked, with its own attachments."""

    template_name = "documents/admin/answer_form.html"
    party_rows = 3

    def get_page_title(self):
        return _("Answer to %(number)s") % {"number": self.document.formatted_number}

    def extra_breadcrumbs(self):
        return [
            *super().extra_breadcrumbs(),
            {"url": url("document", self.document.pk), "label": self.document.formatted_number},
        ]

    def forms(self, data=None, files=None):
        form = AnswerForm(data, files, user=self.request.user)
        show_egn = any(r.requires_egn for r in form.fields["register"].queryset)
        parties = [
            CorrespondentForm(data, prefix=f"recipient-{i}", show_egn=show_egn)
            for i in range(self.party_rows)
        ]
        return form, parties

    def get(self, request, pk):
        self.load_document()
        permissions.require(request.user, "answer", self.document)
        return self.show(*self.forms())

    def post(self, request, pk):
        self.load_document()
        permissions.require(request.user, "answer", self.document)
        form, parties = self.forms(request.POST, request.FILES)
        valid = form.is_valid()
        valid = all([p.is_valid() for p in parties]) and valid
        if not valid:
            return self.show(form, parties)
        data = form.cleaned_data
        recipients = [p for p in (party.as_party() for party in parties) if p]
        try:
            outgoing = actions.answer(
                request.user,
                self.document,
                register=data["register"],
                subject=data["subject"],
                kind=data["kind"],
                channel=data["channel"],
                correspondents=recipients or None,  # none given: the senders of the incoming document
                files=data["files"],
                note=data["note"],
                close_incoming=data["close_incoming"],
            )
        except ValidationError as exc:
            apply_action_errors(exc, [(form, {}), (parties[0], {"correspondents": "name"})])
            return self.show(form, parties)
        messages.success(
            request,
            _("The answer is registered with number %(number)s.") % {"number": outgoing.formatted_number},
        )
        return redirect(url("document", outgoing.pk))

    def show(self, form, parties):
        form.describe_widgets()
        for party in parties:
            party.describe_widgets()
        senders = list(self.document.parties.filter(role="sender").select_related("correspondent"))
        return self.render(
            {
                "document": self.document,
                "form": form,
                "parties": parties,
                "all_forms": [form, *parties],
                "senders": senders,
                "has_errors": form.errors or any(p.errors for p in parties),
            }
        )
