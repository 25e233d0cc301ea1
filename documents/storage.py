"""Private file storage for the registry: attachments and generated PDFs/CSVs.

Files live under ``settings.PRIVATE_MEDIA_ROOT`` (outside ``MEDIA_ROOT``, never served by the web server or by
``static()`` in development) and have no public URL: they are read only through views that check who asks
(``documents.views``). A project may swap the backend (e.g. S3) with a ``"private"`` entry in ``STORAGES``.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """File-system storage rooted at ``PRIVATE_MEDIA_ROOT``; ``url()`` is refused on purpose."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        setting_changed.connect(self._private_root_changed)

    def _private_root_changed(self, *, setting, **kwargs):
        if setting == "PRIVATE_MEDIA_ROOT":
            for name in ("base_location", "location"):
                self.__dict__.pop(name, None)

    @cached_property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT).parent / "private"
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", default))

    def url(self, name):
        raise NotImplementedError("Private files have no public URL; use the documents download views.")


_default = PrivateStorage(file_permissions_mode=0o640, directory_permissions_mode=0o750)


def private_storage():
    """The storage every registry file uses (callable, so migrations do not freeze a path)."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return _default
