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
    "FILE_FIELD_TYPES",
    "ServiceFormField",
    "ServiceIndexPage",
    "ServicePage",
    "ServiceSection",
    "ServiceTerm",
    "ServiceUnit",
]
