"""``/verify/<token>/``: anyone can confirm that a receipt is genuine. No personal data is shown."""

import hashlib

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from services import conf, security
from services.models import ServiceApplication


class CompareForm(forms.Form):
    pdf = forms.FileField(label=_("The receipt file (PDF) you were given"))


@never_cache
def verify(request, token):
    from services.tasks import ensure_receipt

    if security.limited(request, "services:verify", conf.get("TRACK_RATE_IP")):
        security.log_event("verify.rate_limited", request=request)
        return render(request, "services/verify.html", {"limited": True}, status=429)
    application = ServiceApplication.objects.filter(verification_token=token).first()
    if application is None:
        security.log_event("verify.unknown", request=request, token=token[:16])
        return render(request, "services/verify.html", {"application": None}, status=404)
    application = ensure_receipt(application.pk)
    form = CompareForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    match = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        match = digest.hexdigest() == application.receipt_sha256
    context = {
        "application": application,
        "form": form,
        "match": match,
    }
    return render(request, "services/verify.html", context)
