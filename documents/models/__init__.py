"""Models of the correspondence registry (деловодство). Import them from ``documents.models``."""

from .correspondents import Correspondent, DocumentCorrespondent
from .documents import Attachment, CaseFile, Document, DocumentQuerySet, DocumentURI
from .generated import GeneratedFile
from .journal import JournalEntry, JournalHead
from .registers import DEFAULT_NUMBER_FORMAT, Department, NumberCounter, Register
from .resolutions import Resolution, ResolutionAssignee

__all__ = [
    "DEFAULT_NUMBER_FORMAT",
    "Attachment",
    "CaseFile",
    "Correspondent",
    "Department",
    "Document",
    "DocumentCorrespondent",
    "DocumentQuerySet",
    "DocumentURI",
    "GeneratedFile",
    "JournalEntry",
    "JournalHead",
    "NumberCounter",
    "Register",
    "Resolution",
    "ResolutionAssignee",
]
