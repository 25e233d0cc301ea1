"""``/verify/<token>/``: anyone can confirm that a receipt is genuine. No personal data is shown."""

import hashlib

from django import forms
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from services import conf, security
from services.forms import refused_form
from services.models import ServiceApplication


def _too_large_message():
    return _(
        "The file is larger than any receipt we issue (the limit is %(limit)s). "
        "Please choose the receipt PDF you were given."
    ) % {"limit": filesizeformat(conf.get("VERIFY_MAX_BYTES"))}


class CompareForm(forms.Form):
    pdf = forms.FileField(label=_("The receipt file (PDF) you were given"))

    def clean_pdf(self):
        # The declared body size let through a file up to the limit plus the form overhead.
        pdf = self.cleaned_data["pdf"]
        if pdf.size > conf.get("VERIFY_MAX_BYTES"):
            raise forms.ValidationError(_too_large_message(), code="too_large")
        return pdf


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@never_cache
def verify(request, token):
    from services.tasks import ensure_receipt

    if security.limited(request, "services:verify", conf.get("TRACK_RATE_IP")):
        security.log_event("verify.rate_limited", request=request)
        return render(request, "services/verify.html", {"limited": True}, status=429)
    # Comparing a file costs an upload and a hash: on top of the page's limit, a stricter one for POSTs.
    if request.method == "POST" and security.limited(
        request, "services:verify:compare", conf.get("VERIFY_COMPARE_RATE")
    ):
        security.log_event("verify.rate_limited", request=request, per="compare")
        return render(request, "services/verify.html", {"limited": True}, status=429)
    application = ServiceApplication.objects.filter(verification_token=token).first()
    if application is None:
        security.log_event("verify.unknown", request=request, token=token[:16])
        return render(request, "services/verify.html", {"application": None}, status=404)
    application = ensure_receipt(application.pk)
    context = {"application": application, "match": None}
    if request.method != "POST":
        context["form"] = CompareForm()
        return render(request, "services/verify.html", context)
    # Before anything touches request.POST/FILES: they would parse and store the whole upload.
    if security.refuse_oversized_body(request, conf.get("VERIFY_MAX_BYTES")):
        context["form"] = refused_form(CompareForm, "pdf", _too_large_message())
        return render(request, "services/verify.html", context, status=413)
    form = CompareForm(request.POST, request.FILES)
    if form.is_valid():
        context["match"] = _sha256(form.cleaned_data["pdf"]) == application.receipt_sha256
    elif form.has_error("pdf", "too_large"):
        security.log_event(
            "upload.rejected", request=request, reason="too_large", size=request.FILES["pdf"].size
        )
    context["form"] = form
    return render(request, "services/verify.html", context)
