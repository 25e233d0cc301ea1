"""Applying online: the form (GET/POST) and the confirmation page with the number and the access code."""

import logging

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from services import conf, security, session
from services.forms import ApplicationForms
from services.models import ServiceApplication
from services.submission import submit

logger = logging.getLogger(__name__)


def _render(request, page, forms, status=200):
    errors = forms.field_errors() if forms.is_bound else []
    questions = list(forms.questions)
    context = page.get_context(request)
    context.update(
        {
            "forms": forms,
            "errors": errors,
            "question_fields": [f for f in questions if f.name not in forms.questions.file_field_names()],
            "question_file_fields": [f for f in questions if f.name in forms.questions.file_field_names()],
        }
    )
    return TemplateResponse(request, "services/apply.html", context, status=status)


def _registration_errors(forms, exc: ValidationError) -> None:
    """Errors from the registry (e.g. a file its register refuses) shown on the form."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, texts in messages.items():
        target = "attachments" if field == "files" else None
        for text in texts:
            forms.applicant.add_error(target, text)


def _rate_limited(request, page, message):
    forms = ApplicationForms(page, request.POST)
    forms.applicant.is_valid()
    forms.applicant.add_error(None, message)
    return _render(request, page, forms, status=429)


def apply(request, page):
    if not page.accepts_online:
        raise Http404
    if request.method != "POST":
        return _render(request, page, ApplicationForms(page))

    # Two limits: every attempt (against abuse), and registered applications only, so that sending the form
    # back with errors again and again does not lock out a person correcting mistakes. The second is
    # checked here and counted after registration: two parallel submissions may both pass, which the
    # attempt limit bounds.
    if security.limited(request, "services:apply:attempt", conf.get("APPLY_ATTEMPT_RATE")):
        security.log_event("application.rate_limited", request=request, service=page.pk, per="attempts")
        return _rate_limited(
            request,
            page,
            _("The form was sent too many times from your connection. Please try again in a few minutes."),
        )
    if security.used_up(request, "services:apply", conf.get("APPLY_RATE")):
        security.log_event("application.rate_limited", request=request, service=page.pk, per="applications")
        return _rate_limited(
            request,
            page,
            _("Too many applications were sent from your connection. Please try again in a few minutes."),
        )

    too_big = security.refuse_oversized_body(request, conf.get("MAX_TOTAL_BYTES"), service=page.pk)
    forms = ApplicationForms(page, request.POST, {} if too_big else request.FILES)
    if too_big:
        forms.files_were_sent = True
        forms.is_valid()
        forms.applicant.add_error(
            "attachments",
            _("The files together are larger than the limit. Please send fewer or smaller files."),
        )
        return _render(request, page, forms, status=413)

    if forms.applicant.is_spam():
        security.log_event("application.honeypot", request=request, service=page.pk)
        forms = ApplicationForms(page, request.POST)
        forms.applicant.is_valid()
        forms.applicant.add_error(None, _("The application could not be accepted. Please try again."))
        return _render(request, page, forms, status=400)

    if not forms.is_valid():
        security.log_rejected_uploads(request, forms.rejected_uploads, service=page.pk)
        return _render(request, page, forms)

    try:
        submitted = submit(page, forms)
    except ValidationError as exc:
        if "files" in getattr(exc, "error_dict", {}):
            security.log_event("upload.rejected", request=request, reason="registry_refused", service=page.pk)
        _registration_errors(forms, exc)
        return _render(request, page, forms)
    except Exception:
        logger.exception("Registering an online application for page %s failed", page.pk)
        forms.applicant.add_error(
            None,
            _(
                "Your application could not be registered because of a technical problem; nothing was "
                "saved. Please try again in a few minutes."
            ),
        )
        return _render(request, page, forms, status=503)

    security.count(request, "services:apply", conf.get("APPLY_RATE"))
    session.grant(request, submitted.application)
    session.remember_new_code(request, submitted.application, submitted.access_code)
    url = page.get_url(request) + page.reverse_subpage(
        "apply_done", args=[str(submitted.application.public_id)]
    )
    return HttpResponseRedirect(url)


def done(request, page, public_id):
    application = ServiceApplication.objects.filter(public_id=public_id, service=page).first()
    if application is None or not session.has_access(request, application):
        raise Http404
    code = session.take_new_code(request, application)
    context = page.get_context(request)
    context.update({"application": application, "access_code": code})
    response = TemplateResponse(request, "services/apply_done.html", context)
    response["Cache-Control"] = "no-store"
    return response
