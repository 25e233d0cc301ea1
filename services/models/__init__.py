from .applications import ApplicationEvent, ServiceApplication
from .catalogue import (
    FILE_FIELD_TYPES,
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceSection,
    ServiceTerm,
    ServiceUnit,
)

__all__ = [
    "ApplicationEvent",
    "ServiceApplication",
    "FILE_FIELD_TYPES",
    "ServiceFormField",
    "ServiceIndexPage",
    "ServicePage",
    "ServiceSection",
    "ServiceTerm",
    "ServiceUnit",
]
