"""File downloads: the only way registry files leave the server, after an object-level permission check.

Someone who may not see the document gets 404 (not 403), so file ids reveal nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from documents.models import Attachment, GeneratedFile
from documents.permissions import can_download


def _serve(obj, filename: str, content_type: str):
    response = FileResponse(
        obj.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def attachment(request, pk: int):
    att = get_object_or_404(Attachment.objects.select_related("document__register"), pk=pk)
    if not can_download(request.user, att):
        raise Http404
    return _serve(att, att.original_name, att.content_type)


@never_cache
@login_required
def generated_file(request, pk: int):
    gen = get_object_or_404(GeneratedFile.objects.select_related("document__register", "register"), pk=pk)
    if not can_download(request.user, gen):
        raise Http404
    return _serve(gen, gen.filename, gen.content_type)
