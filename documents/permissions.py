"""Who may do what in the registry.

Roles come from model permissions (the demo gives them to the groups Registrars/Clerks/Managers):

- registrar (``documents.register_document``): registers documents in the registers one of their groups
  may use (``Register.groups``); sees all documents of those registers; sets deadlines, cancels and
  withdraws there.
- clerk (``documents.process_document``): sees and works on documents assigned to them, to their
  department, with an open resolution addressed to them, or registered by them (their outgoing letters
  and answers): resolve, request information, answer, close.
- manager (``documents.manage_registry``, and superusers): everything — assigns, reopens, statistics.
- anyone else (e.g. an editor): nothing here.

System actors (``documents.actors``) may do everything. Lists use ``visible_documents(user)`` (one query,
no per-row checks); single objects use ``can(user, action, document)`` or ``require(...)``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from documents.actors import is_system
from documents.models import Document, Register, ResolutionAssignee

REGISTER = "documents.register_document"
PROCESS = "documents.process_document"
MANAGE = "documents.manage_registry"

#: Every action name ``can()`` knows; ``allowed_actions`` returns a subset for the UI.
ACTIONS = (
    "view",
    "assign",
    "resolve",
    "start",
    "set_deadline",
    "request_information",
    "resume",
    "answer",
    "close",
    "reopen",
    "cancel",
    "withdraw",
    "attach",
    "link",
    "add_to_case_file",
    "open_case_file",
)


def _active(user) -> bool:
    return user is not None and getattr(user, "is_active", False) and user.is_authenticated


def is_manager(user) -> bool:
    return is_system(user) or (_active(user) and (user.is_superuser or user.has_perm(MANAGE)))


def is_registrar(user) -> bool:
    return _active(user) and user.has_perm(REGISTER)


def is_clerk(user) -> bool:
    return _active(user) and user.has_perm(PROCESS)


def has_registry_access(user) -> bool:
    """Whether the user sees the registry at all (the "Деловодство" menu)."""
    return is_manager(user) or is_registrar(user) or is_clerk(user)


def usable_registers(user):
    """Registers the user may register documents in (managers and system: all active ones)."""
    if is_manager(user):
        return Register.objects.active()
    if not (is_registrar(user) or is_clerk(user)):
        return Register.objects.none()
    return Register.objects.active().filter(groups__in=user.groups.all()).distinct()


def can_use_register(user, register: Register) -> bool:
    if not register.is_active:
        return False
    if is_manager(user):
        return True
    return usable_registers(user).filter(pk=register.pk).exists()


def _registrar_registers(user):
    return Register.objects.filter(groups__in=user.groups.all()).values("pk")


def visible_documents(user, queryset=None):
    """The documents ``user`` may see, as one filtered queryset."""
    queryset = Document.objects.all() if queryset is None else queryset
    if is_manager(user):
        return queryset
    condition = Q(pk__in=[])
    if is_registrar(user):
        condition |= Q(register__in=_registrar_registers(user))
    if is_clerk(user):
        # Uncorrelated subqueries (PostgreSQL hashes them once instead of probing per row), each bounded by
        # the backlog, not by the history: the user's departments and their *open* resolutions.
        on_resolution = ResolutionAssignee.objects.filter(user=user, is_open=True).values("document_id")
        condition |= (
            Q(assignee=user)
            | Q(registered_by=user)  # e.g. an outgoing letter or an answer the clerk registered
            | Q(department__in=user.registry_departments.values("pk"))
            | Q(pk__in=on_resolution)
        )
    return queryset.filter(condition)


def _is_registrar_of(user, document) -> bool:
    return is_registrar(user) and document.register.groups.filter(pk__in=user.groups.values("pk")).exists()


def _is_processor_of(user, document) -> bool:
    if not is_clerk(user):
        return False
    if document.assignee_id == user.pk or document.registered_by_id == user.pk:
        return True
    if document.department_id and user.registry_departments.filter(pk=document.department_id).exists():
        return True
    return ResolutionAssignee.objects.filter(document=document, user=user, is_open=True).exists()


def can(user, action: str, document: Document) -> bool:
    """Whether ``user`` may take ``action`` (one of ``ACTIONS``) on ``document`` — role only; the
    document's state is checked by the action itself."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if is_manager(user):
        return True
    if not _active(user):
        return False
    registrar = _is_registrar_of(user, document)
    if action in ("view", "attach", "link", "add_to_case_file", "open_case_file"):
        return registrar or _is_processor_of(user, document)
    if action in ("set_deadline", "cancel", "withdraw"):
        return registrar
    if action in ("resolve", "start", "request_information", "resume", "answer", "close"):
        return _is_processor_of(user, document)
    return False  # assign, reopen: managers only


def allowed_actions(user, document: Document) -> set[str]:
    """The actions the UI may offer (role and state together)."""
    from documents.actions import state_allows

    return {a for a in ACTIONS if a != "view" and state_allows(a, document) and can(user, a, document)}


def require(user, action: str, document: Document) -> None:
    """Raise ``PermissionDenied`` with a plain message unless ``can(user, action, document)``."""
    if not can(user, action, document):
        raise PermissionDenied(_("You may not do this with document %(number)s.") % {"number": document})


def can_download(user, obj) -> bool:
    """An attachment or generated file: whoever may see its document; a register journal: managers and
    the registrars of that register."""
    document = getattr(obj, "document", None)
    if document is not None:
        return can(user, "view", document)
    register = getattr(obj, "register", None)
    if register is not None:
        return is_manager(user) or (
            is_registrar(user) and register.groups.filter(pk__in=user.groups.values("pk")).exists()
        )
    return is_manager(user)


def can_see_statistics(user) -> bool:
    return is_manager(user)
