"""Every change of registry state, one function each. Views, tasks, commands, СЕОС and services call these.

Each action: checks permission (``PermissionDenied``), validates its input (``ValidationError`` with a
message per field, in Bulgarian), changes state in one transaction (locking the document row), appends to
the audit journal, and schedules follow-up on commit (signals from ``documents.signals``, Celery tasks).
Nothing is written when it raises. ``actor`` is a user or a ``documents.actors.SystemActor``.

The document's life cycle::

    registered → assigned → in_progress ⇄ info_requested → answered → closed
    (any open state) → withdrawn;   closed → reopen → in_progress/registered;   cancel: a flag, any state
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from documents import casefiles, journal, permissions, signals
from documents.actors import display_name, is_system
from documents.deadlines import add_working_days
from documents.models import (
    CaseFile,
    Correspondent,
    Document,
    DocumentCorrespondent,
    Register,
    Resolution,
    ResolutionAssignee,
)
from documents.numbering import next_number
from documents.registration import (
    check_files,
    create_attachments,
    delete_files,
    diff,
    prepare_correspondents,
    save_parties,
    snapshot,
    store_files,
)

S = Document.Status
_OPEN = {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.INFO_REQUESTED}

#: Statuses in which each action is possible (cancelled documents allow only "link").
STATES = {
    "assign": _OPEN,
    "resolve": _OPEN,
    "start": {S.REGISTERED, S.ASSIGNED},
    "set_deadline": _OPEN,
    "request_information": {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS},
    "resume": {S.INFO_REQUESTED},
    "answer": _OPEN,
    "close": _OPEN | {S.ANSWERED},
    "reopen": {S.CLOSED},
    "cancel": set(S),
    "withdraw": _OPEN | {S.ANSWERED},
    "attach": _OPEN | {S.ANSWERED},
    "link": set(S),
    "add_to_case_file": set(S),
    "open_case_file": set(S),
}


def state_allows(action: str, document: Document) -> bool:
    """Whether ``document``'s state allows ``action`` (roles aside)."""
    if action == "answer" and document.register.direction != Register.Direction.INCOMING:
        return False
    if document.is_cancelled and action != "link":
        return False
    if action in ("add_to_case_file", "open_case_file") and document.case_file_id:
        return False  # a document belongs to one case file
    return document.status in STATES.get(action, ())


def _require_state(action: str, document: Document) -> None:
    if not state_allows(action, document):
        state = (
            pgettext("document status", "cancelled")
            if document.is_cancelled
            else document.get_status_display()
        )
        raise ValidationError(
            _("Document %(number)s is %(state)s: this step is not possible now.")
            % {"number": document.formatted_number, "state": state},
            code="invalid_state",
        )


def _user(actor):
    return None if is_system(actor) else actor


def _today() -> datetime.date:
    return timezone.localdate()


def _check_deadline(deadline, errors: dict, field: str = "deadline") -> None:
    if deadline is None:
        return
    if not isinstance(deadline, datetime.date) or isinstance(deadline, datetime.datetime):
        errors[field] = _("Enter a date.")
    elif deadline < _today():
        errors[field] = _("The deadline cannot be in the past.")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _check_user(user, errors: dict, field: str) -> None:
    if user is not None and not (user.is_active and permissions.has_registry_access(user)):
        errors[field] = _("%(user)s does not work in the registry.") % {"user": display_name(user)}


def _lock(document: Document) -> Document:
    return Document.objects.select_related("register").select_for_update(of=("self",)).get(pk=document.pk)


def _sync(target: Document, source: Document) -> None:
    """Copy the saved state back into the caller's instance."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _change(actor, document: Document, action: str, mutate, *, note: str = "") -> Document:
    """Lock, check state, apply ``mutate(doc)``, save, journal and signal a status change."""
    with transaction.atomic():
        doc = _lock(document)
        permissions.require(actor, action, doc)
        _require_state(action, doc)
        _apply(actor, doc, action, mutate, note=note)
    _sync(document, doc)
    return document


def _apply(actor, doc: Document, action: str, mutate, *, note: str = "") -> None:
    """Inside a transaction, on a locked row: mutate, save, journal, signal (no checks)."""
    before = snapshot(doc)
    mutate(doc)
    doc.save()
    old, new = diff(before, snapshot(doc))
    if note:
        new["note"] = note
    journal.record(actor, action, doc, old, new)
    label = journal.actor_label(actor)
    if "status" in old:
        signals.send_on_commit(
            signals.document_status_changed,
            document_id=doc.pk,
            old_status=old["status"],
            new_status=doc.status,
            action=action,
            actor=label,
        )
    if "deadline" in old:
        signals.send_on_commit(
            signals.deadline_changed,
            document_id=doc.pk,
            old_deadline=old["deadline"],
            new_deadline=doc.deadline,
            actor=label,
        )


# --- Registering -----------------------------------------------------------------------------------


def _validate_registration(register, subject, kind, channel, correspondents, deadline, role) -> dict:
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = _("Enter the subject.")
    elif len(subject) > 1000:
        errors["subject"] = _("The subject may be at most 1000 characters long.")
    if kind not in Document.Kind.values:
        errors["kind"] = _("Choose the kind of document.")
    if channel not in Document.Channel.values:
        errors["channel"] = _("Choose how the document came or goes.")
    if not correspondents and register.direction != Register.Direction.INTERNAL:
        errors["correspondents"] = (
            _("Enter the sender.") if role == DocumentCorrespondent.Role.SENDER else _("Enter the recipient.")
        )
    _check_deadline(deadline, errors)
    return errors


def _create(
    actor,
    register,
    *,
    action,
    role,
    subject,
    kind,
    channel,
    correspondents,
    files,
    deadline,
    sender_reference="",
    sender_date=None,
    sheets=None,
    note="",
    assignee=None,
    department=None,
    in_reply_to=None,
    case_file=None,
) -> Document:
    """Validate, number and insert one document with its parties and files (one transaction)."""
    errors = _validate_registration(register, subject, kind, channel, correspondents, deadline, role)
    _check_user(assignee, errors, "assignee")
    try:
        parties = prepare_correspondents(register, correspondents)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        parties = []
    try:
        checked = check_files(register, files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _raise(errors)
    if (
        deadline is None
        and register.default_deadline_days
        and register.direction == Register.Direction.INCOMING
    ):
        deadline = add_working_days(_today(), register.default_deadline_days)
    saved_files: list[str] = []
    try:
        stored = store_files(checked, saved_files)  # bytes written before the counter row is locked
        with transaction.atomic():
            now = timezone.now()
            local = timezone.localtime(now)
            number = next_number(register, local.year)
            status = (
                S.ASSIGNED
                if (assignee or department) and role == DocumentCorrespondent.Role.SENDER
                else S.REGISTERED
            )
            doc = Document(
                register=register,
                year=local.year,
                number=number,
                formatted_number=register.format_number(number, local.date()),
                registered_at=now,
                registered_by=_user(actor),
                registered_by_name=display_name(actor)[:150],
                channel=channel,
                kind=kind,
                subject=subject.strip(),
                note=note or "",
                sender_reference=sender_reference or "",
                sender_date=sender_date,
                sheets=sheets,
                deadline=deadline,
                assignee=assignee,
                department=department,
                status=status,
                in_reply_to=in_reply_to,
                case_file=case_file,
            )
            doc.save()
            save_parties(doc, parties, role)
            doc.save(update_fields=["correspondent_names"])
            attachments = create_attachments(doc, stored, _user(actor))
            after = snapshot(doc) | {
                "number": doc.formatted_number,
                "register": register.index,
                "correspondents": [c.pk for c in parties],
                "attachments": [{"name": a.original_name, "sha256": a.sha256} for a in attachments],
            }
            journal.record(actor, action, doc, None, after)
            label = journal.actor_label(actor)
            signals.send_on_commit(
                signals.document_registered,
                document_id=doc.pk,
                register_id=register.pk,
                channel=channel,
                actor=label,
            )
            signals.send_on_commit(
                signals.document_status_changed,
                document_id=doc.pk,
                old_status=None,
                new_status=doc.status,
                action=action,
                actor=label,
            )
            if doc.assignee_id or doc.department_id:
                signals.send_on_commit(
                    signals.document_assigned,
                    document_id=doc.pk,
                    assignee_id=doc.assignee_id,
                    department_id=doc.department_id,
                    actor=label,
                )
    except BaseException:
        delete_files(saved_files)
        raise
    return doc


def _require_register(actor, register: Register, *, registrar_only: bool) -> None:
    from django.core.exceptions import PermissionDenied

    if is_system(actor) or permissions.is_manager(actor):
        if not register.is_active:
            raise ValidationError(
                {"register": _("Register %(index)s is closed.") % {"index": register.index}}
            )
        return
    role_ok = permissions.is_registrar(actor) or (not registrar_only and permissions.is_clerk(actor))
    if not (role_ok and permissions.can_use_register(actor, register)):
        raise PermissionDenied(_("You may not register documents in %(index)s.") % {"index": register.index})


def register_incoming(
    actor,
    *,
    register: Register,
    subject: str,
    kind: str,
    channel: str,
    correspondents,
    files=(),
    deadline=None,
    sender_reference="",
    sender_date=None,
    sheets=None,
    note="",
    assignee=None,
    department=None,
) -> Document:
    """Register an incoming document (входящ): next number of ``register``, parties, checked files.

    ``correspondents``: ``Correspondent`` instances or dicts (kind, name, city, address, eik, egn, email,
    phone) — the senders. ``files``: Django ``File``/``UploadedFile`` objects, checked against the
    register's limits. ``deadline``: a date (default: the register's ``default_deadline_days`` working
    days). With ``assignee``/``department`` the document starts as assigned. Registrars of the register,
    managers and system actors (``PORTAL``, ``SEOS``) may register. On commit: ``document_registered``,
    and the registration receipt PDF is rendered (``tasks.render_receipt``).
    """
    if register.direction != Register.Direction.INCOMING:
        raise ValidationError(
            {"register": _("Register %(index)s is not for incoming documents.") % {"index": register.index}}
        )
    _require_register(actor, register, registrar_only=True)
    doc = _create(
        actor,
        register,
        action="register_incoming",
        role=DocumentCorrespondent.Role.SENDER,
        subject=subject,
        kind=kind,
        channel=channel,
        correspondents=correspondents,
        files=files,
        deadline=deadline,
        sender_reference=sender_reference,
        sender_date=sender_date,
        sheets=sheets,
        note=note,
        assignee=assignee,
        department=department,
    )
    if getattr(settings, "REGISTRY_AUTO_RECEIPT", True):
        _queue("render_receipt", doc.pk)
    return doc


def register_outgoing(
    actor,
    *,
    register: Register,
    subject: str,
    kind: str,
    channel: str,
    correspondents=(),
    files=(),
    in_reply_to: Document | None = None,
    sheets=None,
    note="",
    department=None,
    case_file: CaseFile | None = None,
) -> Document:
    """Register an outgoing (изходящ) or internal (вътрешен) document; recipients in ``correspondents``
    (may be empty for internal). Registrars and clerks who may use ``register``, managers, system.
    ``case_file``: an open case file the actor sees (default: the case file of ``in_reply_to``)."""
    if register.direction == Register.Direction.INCOMING:
        raise ValidationError(
            {"register": _("Register %(index)s is for incoming documents.") % {"index": register.index}}
        )
    _require_register(actor, register, registrar_only=False)
    with transaction.atomic():  # the case file row stays locked: nobody closes it meanwhile
        case_file = _case_file_for(actor, case_file, in_reply_to)
        doc = _create(
            actor,
            register,
            action="register_outgoing",
            role=DocumentCorrespondent.Role.RECIPIENT,
            subject=subject,
            kind=kind,
            channel=channel,
            correspondents=correspondents,
            files=files,
            deadline=None,
            sheets=sheets,
            note=note,
            department=department,
            in_reply_to=in_reply_to,
            case_file=case_file,
        )
    _queue("render_letter", doc.pk)
    return doc


def _queue(task_name: str, *args) -> None:
    def run():
        from documents import tasks

        getattr(tasks, task_name).delay(*args)

    transaction.on_commit(run)


# --- Working on a document -------------------------------------------------------------------------


def assign(actor, document: Document, *, assignee=None, department=None, deadline=None, note="") -> Document:
    """Route the document to a clerk and/or a department (managers). Registered → assigned."""
    permissions.require(actor, "assign", document)
    errors = {}
    if assignee is None and department is None:
        errors["assignee"] = _("Choose a clerk or a department.")
    _check_user(assignee, errors, "assignee")
    _check_deadline(deadline, errors)
    _raise(errors)

    def mutate(doc):
        doc.assignee, doc.department = assignee, department
        if deadline is not None:
            doc.deadline = deadline
        if doc.status == S.REGISTERED:
            doc.status = S.ASSIGNED

    _change(actor, document, "assign", mutate, note=note)
    signals.send_on_commit(
        signals.document_assigned,
        document_id=document.pk,
        assignee_id=document.assignee_id,
        department_id=document.department_id,
        actor=journal.actor_label(actor),
    )
    if assignee is not None:
        _queue("notify_assignee", document.pk)
    return document


def start(actor, document: Document) -> Document:
    """The clerk starts work: → in_progress."""
    return _change(actor, document, "start", lambda doc: setattr(doc, "status", S.IN_PROGRESS))


def set_deadline(actor, document: Document, deadline: datetime.date, *, reason: str = "") -> Document:
    """Set or change the deadline (registrars of the register, managers). Not in the past."""
    permissions.require(actor, "set_deadline", document)
    errors = {}
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    _check_deadline(deadline, errors)
    _raise(errors)
    return _change(
        actor, document, "set_deadline", lambda doc: setattr(doc, "deadline", deadline), note=reason
    )


def request_information(actor, document: Document, *, note: str, deadline=None) -> Document:
    """Ask the sender for missing information (the term waits): → info_requested. ``note`` says what."""
    permissions.require(actor, "request_information", document)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("Say what information is needed.")
    _check_deadline(deadline, errors)
    _raise(errors)

    def mutate(doc):
        doc.status = S.INFO_REQUESTED
        if deadline is not None:
            doc.deadline = deadline

    return _change(actor, document, "request_information", mutate, note=note.strip())


def resume(actor, document: Document, *, note: str = "", deadline=None) -> Document:
    """The requested information arrived: info_requested → in_progress (optionally a new deadline)."""
    permissions.require(actor, "resume", document)
    errors = {}
    _check_deadline(deadline, errors)
    _raise(errors)

    def mutate(doc):
        doc.status = S.IN_PROGRESS
        if deadline is not None:
            doc.deadline = deadline

    return _change(actor, document, "resume", mutate, note=note)


def close(actor, document: Document, *, note: str = "") -> Document:
    """Close the matter (the assigned clerk, managers): → closed. Its open resolutions are withdrawn."""

    def mutate(doc):
        doc.status, doc.closed_at = S.CLOSED, timezone.now()

    with transaction.atomic():
        _change(actor, document, "close", mutate, note=note)
        _withdraw_open_resolutions(actor, document, _("The document was closed."))
    return document


def _withdraw_open_resolutions(actor, document: Document, reason: str) -> None:
    """Inside the transaction that ends ``document`` (close, cancel, withdraw): its open resolutions are
    withdrawn (снети от контрол), each journaled. Not "done": nobody reported them carried out. Otherwise
    they would stay in "my tasks", in the daily reminders as overdue forever, and keep granting access."""
    open_ = list(
        Resolution.objects.select_for_update()
        .filter(document_id=document.pk, status=Resolution.Status.OPEN)
        .order_by("id")
    )
    now = timezone.now()
    for res in open_:
        before = snapshot(res, ("status", "completed_at"))
        res.status, res.completed_at, res.completed_by, res.note = (
            Resolution.Status.WITHDRAWN,
            now,
            _user(actor),
            reason,
        )
        res.save(update_fields=["status", "completed_at", "completed_by", "note"])
        journal.record(
            actor,
            "withdraw_resolution",
            res,
            before,
            snapshot(res, ("status", "completed_at")) | {"note": reason},
            document=document,
        )
        signals.send_on_commit(
            signals.resolution_completed,
            document_id=document.pk,
            resolution_id=res.pk,
            actor=journal.actor_label(actor),
        )
    if open_:
        ResolutionAssignee.objects.filter(resolution__in=open_).update(is_open=False)


def reopen(actor, document: Document, *, reason: str) -> Document:
    """Reopen a closed document (managers): → in_progress (registered if nobody is assigned). Resolutions
    withdrawn when it was closed stay withdrawn: the manager writes new ones for the new work."""
    permissions.require(actor, "reopen", document)
    _raise({"reason": _("Say why the document is reopened.")} if not (reason or "").strip() else {})

    def mutate(doc):
        doc.status = S.IN_PROGRESS if doc.assignee_id or doc.department_id else S.REGISTERED
        doc.closed_at = None

    return _change(actor, document, "reopen", mutate, note=reason.strip())


def cancel(actor, document: Document, *, reason: str) -> Document:
    """Cancel (анулиране) a document registered by mistake: it keeps its number, marked cancelled. Its open
    resolutions are withdrawn."""
    permissions.require(actor, "cancel", document)
    _raise({"reason": _("Say why the document is cancelled.")} if not (reason or "").strip() else {})

    def mutate(doc):
        doc.is_cancelled, doc.cancel_reason, doc.cancelled_at = True, reason.strip()[:500], timezone.now()

    with transaction.atomic():
        _change(actor, document, "cancel", mutate)
        _withdraw_open_resolutions(actor, document, _("The document was cancelled."))
    signals.send_on_commit(
        signals.document_cancelled,
        document_id=document.pk,
        reason=document.cancel_reason,
        actor=journal.actor_label(actor),
    )
    return document


def withdraw(actor, document: Document, *, reason: str = "") -> Document:
    """The sender withdrew the request (оттегляне): → withdrawn (registrars, managers, system). Its open
    resolutions are withdrawn."""
    with transaction.atomic():
        _change(actor, document, "withdraw", lambda doc: setattr(doc, "status", S.WITHDRAWN), note=reason)
        _withdraw_open_resolutions(actor, document, _("The sender withdrew the document."))
    return document


def answer(
    actor,
    document: Document,
    *,
    register: Register,
    subject: str = "",
    kind: str = Document.Kind.LETTER,
    channel: str,
    correspondents=None,
    files=(),
    note: str = "",
    close_incoming: bool = False,
) -> Document:
    """Answer an incoming document: registers an outgoing one linked to it (``in_reply_to``), puts both in
    one case file (created from the incoming one when missing) and marks the incoming one answered (or
    closed with ``close_incoming``). Recipients default to the incoming document's senders. Returns the
    outgoing document. Sends ``document_answered`` on commit."""
    permissions.require(actor, "answer", document)
    if correspondents is None:
        correspondents = list(
            Correspondent.objects.filter(
                parties__document=document, parties__role=DocumentCorrespondent.Role.SENDER
            )
        )
    subject = subject or _("Answer to %(number)s: %(subject)s") % {
        "number": document.formatted_number,
        "subject": document.subject,
    }
    with transaction.atomic():
        incoming = _lock(document)
        permissions.require(actor, "answer", incoming)
        _require_state("answer", incoming)
        if incoming.case_file_id is None:
            _start_case_file(actor, incoming)
        outgoing = register_outgoing(
            actor,
            register=register,
            subject=subject[:1000],
            kind=kind,
            channel=channel,
            correspondents=correspondents,
            files=files,
            in_reply_to=incoming,
            note=note,
        )

        def mutate(doc):
            doc.status = S.CLOSED if close_incoming else S.ANSWERED
            if close_incoming:
                doc.closed_at = timezone.now()

        _change(actor, incoming, "answer", mutate, note=outgoing.formatted_number)
        if close_incoming:
            _withdraw_open_resolutions(actor, incoming, _("The document was closed."))
        signals.send_on_commit(
            signals.document_answered,
            document_id=incoming.pk,
            answer_id=outgoing.pk,
            actor=journal.actor_label(actor),
        )
    _sync(document, incoming)
    return outgoing


# --- Resolutions -----------------------------------------------------------------------------------


def resolve(
    actor,
    document: Document,
    *,
    text: str,
    assignees,
    controller=None,
    deadline=None,
    kind: str = Resolution.Kind.RESOLUTION,
) -> Resolution:
    """Write a резолюция/task on the document for ``assignees`` (users) with an optional controller and
    deadline. A registered document with nobody assigned gets the first assignee (→ assigned)."""
    permissions.require(actor, "resolve", document)
    assignees = list(assignees or ())
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Enter the text of the resolution.")
    if not assignees:
        errors["assignees"] = _("Choose who must carry it out.")
    for user in assignees:
        _check_user(user, errors, "assignees")
    _check_user(controller, errors, "controller")
    if kind not in Resolution.Kind.values:
        errors["kind"] = _("Choose the kind of task.")
    _check_deadline(deadline, errors)
    _raise(errors)
    with transaction.atomic():
        doc = _lock(document)
        _require_state("resolve", doc)
        resolution = Resolution.objects.create(
            document=doc,
            kind=kind,
            author=_user(actor),
            controller=controller,
            text=text.strip(),
            deadline=deadline,
        )
        resolution.assignees.set(assignees, through_defaults={"document": doc, "is_open": True})
        journal.record(
            actor,
            "resolve",
            resolution,
            None,
            {
                "kind": kind,
                "text": resolution.text,
                "assignees": [u.pk for u in assignees],
                "controller": controller.pk if controller else None,
                "deadline": deadline,
            },
            document=doc,
        )
        if doc.status == S.REGISTERED and doc.assignee_id is None:

            def route(d):
                d.assignee, d.status = assignees[0], S.ASSIGNED

            _apply(actor, doc, "assign", route)
        signals.send_on_commit(
            signals.resolution_created,
            document_id=doc.pk,
            resolution_id=resolution.pk,
            actor=journal.actor_label(actor),
        )
    _sync(document, doc)
    return resolution


def _require_resolution_party(actor, resolution: Resolution, *, completing: bool) -> None:
    from django.core.exceptions import PermissionDenied

    if permissions.is_manager(actor):
        return
    user_id = getattr(actor, "pk", None)
    allowed = user_id is not None and (
        resolution.controller_id == user_id
        or resolution.author_id == user_id
        or (completing and resolution.assignees.filter(pk=user_id).exists())
    )
    if not allowed:
        raise PermissionDenied(_("You may not change this resolution."))


def _change_resolution(actor, resolution: Resolution, action: str, status_for, note: str) -> Resolution:
    with transaction.atomic():
        res = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if res.status != Resolution.Status.OPEN:
            raise ValidationError(
                _("This resolution is already %(status)s.") % {"status": res.get_status_display()}
            )
        before = snapshot(res, ("status", "completed_at"))
        res.status = status_for(res)
        res.completed_at, res.completed_by, res.note = timezone.now(), _user(actor), note or ""
        res.save()
        ResolutionAssignee.objects.filter(resolution=res).update(is_open=False)
        journal.record(
            actor, action, res, before, snapshot(res, ("status", "completed_at")) | {"note": res.note}
        )
        signals.send_on_commit(
            signals.resolution_completed,
            document_id=res.document_id,
            resolution_id=res.pk,
            actor=journal.actor_label(actor),
        )
    resolution.status, resolution.completed_at, resolution.completed_by_id = (
        res.status,
        res.completed_at,
        res.completed_by_id,
    )
    resolution.note = res.note
    return resolution


def complete_resolution(actor, resolution: Resolution, *, note: str = "") -> Resolution:
    """An assignee (or the controller, author, a manager) reports it done: done, or done_late after the
    deadline."""
    _require_resolution_party(actor, resolution, completing=True)

    def status_for(res):
        late = res.deadline is not None and _today() > res.deadline
        return Resolution.Status.DONE_LATE if late else Resolution.Status.DONE

    return _change_resolution(actor, resolution, "complete_resolution", status_for, note)


def withdraw_resolution(actor, resolution: Resolution, *, reason: str) -> Resolution:
    """The author, controller or a manager takes a resolution back (снета)."""
    _require_resolution_party(actor, resolution, completing=False)
    _raise({"reason": _("Say why the resolution is withdrawn.")} if not (reason or "").strip() else {})
    return _change_resolution(
        actor, resolution, "withdraw_resolution", lambda res: Resolution.Status.WITHDRAWN, reason.strip()
    )


# --- Files and links -------------------------------------------------------------------------------


def attach_files(actor, document: Document, files) -> list:
    """Add checked files to a document (registrars of the register, its clerks, managers)."""
    permissions.require(actor, "attach", document)
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    checked = check_files(document.register, files)
    saved: list[str] = []
    try:
        stored = store_files(checked, saved)
        with transaction.atomic():
            doc = _lock(document)
            _require_state("attach", doc)
            attachments = create_attachments(doc, stored, _user(actor))
            for att in attachments:
                journal.record(
                    actor,
                    "attach",
                    att,
                    None,
                    {"name": att.original_name, "sha256": att.sha256, "size": att.size},
                    document=doc,
                )
    except BaseException:
        delete_files(saved)
        raise
    return attachments


def link_related(actor, document: Document, other: Document) -> None:
    """Mark two documents as related (both ways); the actor must see both."""
    permissions.require(actor, "link", document)
    permissions.require(actor, "view", other)
    if other.pk == document.pk:
        raise ValidationError({"related": _("A document cannot be related to itself.")})
    if document.related.filter(pk=other.pk).exists():
        return  # already linked: nothing to change or journal (СЕОС may link the same pair again)
    with transaction.atomic():
        document.related.add(other)
        # Both timelines show the link: each side's entry names the other document.
        journal.record(actor, "link", document, None, {"related": other.formatted_number})
        journal.record(actor, "link", other, None, {"related": document.formatted_number})


# --- Case files (преписки) -------------------------------------------------------------------------
# Who may do what and when: documents.casefiles. The case file row is locked for each step, so closing
# and putting a document into it never interleave.


def _lock_case_file(case_file: CaseFile) -> CaseFile:
    return CaseFile.objects.select_for_update().get(pk=case_file.pk)


def _case_file_for(actor, case_file: CaseFile | None, in_reply_to: Document | None) -> CaseFile | None:
    """The case file a new outgoing/internal document goes into, locked and checked open: the one chosen
    (the actor must see it), else the answered document's. Inside the caller's transaction."""
    if case_file is None:
        if in_reply_to is None or in_reply_to.case_file_id is None:
            return None
        locked = _lock_case_file(in_reply_to.case_file)
        casefiles.require_open(locked)  # seeing it: the caller checked the answered document
        return locked
    if in_reply_to is not None and in_reply_to.case_file_id not in (None, case_file.pk):
        raise ValidationError(
            {
                "case_file": _("The answered document is in case file %(number)s.")
                % {"number": in_reply_to.case_file.number}
            }
        )
    locked = _lock_case_file(case_file)
    casefiles.check_open_for(actor, locked)
    return locked


def _change_case_file(actor, case_file: CaseFile, action: str, mutate, *, note: str = "", check=None):
    """Lock, check role and state (and ``check(cf)``), apply ``mutate(cf)``, save, journal on the case
    file's first document (so its timeline shows the step)."""
    with transaction.atomic():
        cf = _lock_case_file(case_file)
        casefiles.require(actor, action, cf)
        casefiles.require_state(action, cf)
        if check is not None:
            check(cf)
        fields = ("status", "closed_at")
        before = snapshot(cf, fields)
        mutate(cf)
        cf.save(update_fields=list(fields))
        old, new = diff(before, snapshot(cf, fields))
        new["case_file"] = cf.number
        if note:
            new["note"] = note
        journal.record(actor, action, cf, old, new, document=casefiles.origin(cf))
    case_file.status, case_file.closed_at = cf.status, cf.closed_at
    return case_file


def close_case_file(actor, case_file: CaseFile, *, note: str = "") -> CaseFile:
    """Close a case file (managers, clerks who work on one of its documents): open → closed, only when
    none of its incoming documents still waits (registered, assigned, in progress, information
    requested); the message names those that do."""

    def nothing_waiting(cf):
        waiting = [d.formatted_number for d in casefiles.waiting_documents(cf)[:10]]
        if waiting:
            raise ValidationError(
                {
                    "case_file": _(
                        "Case file %(number)s still has documents waiting for an answer or a decision: "
                        "%(documents)s. Answer, close or withdraw them first."
                    )
                    % {"number": cf.number, "documents": ", ".join(waiting)}
                }
            )

    def mutate(cf):
        cf.status, cf.closed_at = CaseFile.Status.CLOSED, timezone.now()

    return _change_case_file(actor, case_file, "close_case_file", mutate, note=note, check=nothing_waiting)


def archive_case_file(actor, case_file: CaseFile, *, note: str = "") -> CaseFile:
    """Hand a closed case file to the archive (managers, registrars of its documents' registers)."""
    return _change_case_file(
        actor,
        case_file,
        "archive_case_file",
        lambda cf: setattr(cf, "status", CaseFile.Status.ARCHIVED),
        note=note,
    )


def reopen_case_file(actor, case_file: CaseFile, *, reason: str) -> CaseFile:
    """Reopen a closed case file (managers): closed → open. An archived one stays with the archive."""
    casefiles.require(actor, "reopen_case_file", case_file)
    _raise({"reason": _("Say why the case file is reopened.")} if not (reason or "").strip() else {})

    def mutate(cf):
        cf.status, cf.closed_at = CaseFile.Status.OPEN, None

    return _change_case_file(actor, case_file, "reopen_case_file", mutate, note=reason.strip())


def _start_case_file(actor, doc: Document) -> CaseFile:
    """A new case file for ``doc`` (locked, in no case file yet), numbered and titled after it; journaled."""
    case = CaseFile.objects.create(number=doc.formatted_number, title=doc.subject[:500])
    doc.case_file = case
    Document.objects.filter(pk=doc.pk).update(case_file=case)
    journal.record(actor, "open_case_file", case, None, {"number": case.number}, document=doc)
    return case


def open_case_file(actor, document: Document) -> CaseFile:
    """Open a case file (преписка) for a document that is in none yet, e.g. an incoming request before its
    answer, so that internal notes can join it (who may add the document to a case file). An answer opens
    one by itself when the request has none."""
    permissions.require(actor, "open_case_file", document)
    with transaction.atomic():
        doc = _lock(document)
        permissions.require(actor, "open_case_file", doc)
        _require_state("open_case_file", doc)
        case = _start_case_file(actor, doc)
    document.case_file = case
    return case


def add_to_case_file(actor, document: Document, case_file: CaseFile) -> Document:
    """Put a document that is in no case file yet (e.g. an internal note) into an open case file the actor
    sees (who may link the document: its registrars and clerks, managers)."""
    permissions.require(actor, "add_to_case_file", document)
    with transaction.atomic():
        doc = _lock(document)
        permissions.require(actor, "add_to_case_file", doc)
        if doc.case_file_id is not None:
            current = CaseFile.objects.get(pk=doc.case_file_id)
            raise ValidationError(
                {
                    "case_file": _("Document %(document)s is already in case file %(number)s.")
                    % {"document": doc.formatted_number, "number": current.number}
                }
            )
        _require_state("add_to_case_file", doc)
        cf = _lock_case_file(case_file)
        casefiles.check_open_for(actor, cf)
        _apply(actor, doc, "add_to_case_file", lambda d: setattr(d, "case_file", cf), note=cf.number)
    _sync(document, doc)
    return document
