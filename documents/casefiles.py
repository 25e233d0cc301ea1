"""Case files (преписки): who may see and change one, and when its state allows a step.

A case file is seen by whoever sees at least one of its documents (managers: all). Its steps:

- close (open → closed): managers, and clerks who work on one of its documents (who may ``close`` it) —
  only when none of its *incoming* documents is still waiting for the administration (registered,
  assigned, in progress, information requested). Outgoing letters and internal notes are records of what
  was done and do not hold a case file open; a cancelled document does not either.
- archive (closed → handed to the archive): managers and the registrars of one of its documents' registers.
- reopen (closed → open): managers only, with a reason (as for documents).
- add a document (``add_to_case_file``, a document action): who may ``link`` the document, into an open
  case file they see; a document belongs to at most one case file.

The actions themselves are in ``documents.actions``; this module only answers questions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from documents import permissions
from documents.models import CaseFile, Document, Register

CF = CaseFile.Status
ACTIONS = ("close_case_file", "archive_case_file", "reopen_case_file")
STATES = {
    "close_case_file": {CF.OPEN},
    "archive_case_file": {CF.CLOSED},
    "reopen_case_file": {CF.CLOSED},
}
#: Document states in which an incoming document still waits for an answer or decision.
WAITING = (
    Document.Status.REGISTERED,
    Document.Status.ASSIGNED,
    Document.Status.IN_PROGRESS,
    Document.Status.INFO_REQUESTED,
)


def visible_case_files(user, queryset=None):
    """The case files ``user`` may see, as one filtered queryset."""
    queryset = CaseFile.objects.all() if queryset is None else queryset
    if permissions.is_manager(user):
        return queryset
    documents = permissions.visible_documents(user).filter(case_file__isnull=False)
    return queryset.filter(pk__in=documents.values("case_file_id"))


def can_see(user, case_file: CaseFile) -> bool:
    return visible_case_files(user).filter(pk=case_file.pk).exists()


def _documents(case_file: CaseFile):
    return list(Document.objects.filter(case_file=case_file).select_related("register"))


def can(user, action: str, case_file: CaseFile) -> bool:
    """Whether ``user`` may take ``action`` (one of ``ACTIONS``) on ``case_file`` — role only."""
    if action not in ACTIONS:
        raise ValueError(f"unknown case file action {action!r}")
    if permissions.is_manager(user):
        return True
    if action == "close_case_file":
        return any(permissions.can(user, "close", doc) for doc in _documents(case_file))
    if action == "archive_case_file":
        # "cancel" is the registrars' own step: the registrar of the document's register.
        return any(permissions.can(user, "cancel", doc) for doc in _documents(case_file))
    return False  # reopen: managers only


def require(user, action: str, case_file: CaseFile) -> None:
    if not can(user, action, case_file):
        raise PermissionDenied(
            _("You may not do this with case file %(number)s.") % {"number": case_file.number}
        )


def state_allows(action: str, case_file: CaseFile) -> bool:
    return case_file.status in STATES[action]


def require_state(action: str, case_file: CaseFile) -> None:
    if not state_allows(action, case_file):
        raise ValidationError(
            _("Case file %(number)s is %(state)s: this step is not possible now.")
            % {"number": case_file.number, "state": case_file.get_status_display()},
            code="invalid_state",
        )


def allowed_actions(user, case_file: CaseFile) -> list[str]:
    """The case file steps the document page may offer, in ``ACTIONS`` order."""
    return [a for a in ACTIONS if state_allows(a, case_file) and can(user, a, case_file)]


def waiting_documents(case_file: CaseFile):
    """Incoming documents of the case file still waiting for the administration (they block closing)."""
    return Document.objects.filter(
        case_file=case_file,
        register__direction=Register.Direction.INCOMING,
        status__in=WAITING,
        is_cancelled=False,
    ).order_by("registered_at", "id")


def origin(case_file: CaseFile) -> Document | None:
    """The document the case file was opened from (its number is the case file's), else its first one:
    the case file's own journal entries appear on that document's timeline."""
    documents = Document.objects.filter(case_file=case_file).order_by("registered_at", "id")
    return documents.filter(formatted_number=case_file.number).first() or documents.first()


def require_open(case_file: CaseFile, field: str = "case_file") -> None:
    """Documents go only into an open case file (else ``ValidationError`` saying to reopen it)."""
    if case_file.status != CF.OPEN:
        raise ValidationError(
            {
                field: _("Case file %(number)s is %(state)s: reopen it first.")
                % {"number": case_file.number, "state": case_file.get_status_display()}
            }
        )


def check_open_for(user, case_file: CaseFile, field: str = "case_file") -> None:
    """A document may go into ``case_file``: the user sees it and it is open (else ``ValidationError``)."""
    if not can_see(user, case_file):
        raise ValidationError({field: _("Choose a case file you may see.")})
    require_open(case_file, field)
