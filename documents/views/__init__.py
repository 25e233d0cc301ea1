"""Clerk screens of the registry (деловодство) in the Wagtail admin; see ``documents.views.urls``.

``attachment`` and ``generated_file`` are the permission-checked downloads; they are exported here for
code that refers to ``documents.views.attachment``.
"""

from documents.views.files import attachment, generated_file

__all__ = ["attachment", "generated_file"]
