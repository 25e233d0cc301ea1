"""Who acts: a Django user, or a ``SystemActor`` for automatic work (the portal, СЕОС).

System actors may take every action (they are code, not people); the journal records them as
``system:<code>``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    code: str
    name: str

    @property
    def is_authenticated(self) -> bool:
        return True

    def __str__(self):
        return self.name


PORTAL = SystemActor("portal", "Портал за електронни услуги")
SEOS = SystemActor("seos", "СЕОС")
SYSTEM = SystemActor("system", "Система")


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def display_name(actor) -> str:
    """A human-readable name for receipts and timelines."""
    if actor is None:
        return ""
    if is_system(actor):
        return actor.name
    return actor.get_full_name() or actor.get_username()
