"""The public СЕОС endpoint: SOAP 1.1 ``Submit`` (POST) and its WSDL (GET ``?wsdl``)."""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from portal.security import log_event

from . import inbox
from .protocol import UNKNOWN_ENTITY, compose
from .wire import messages as m
from .wire import soap

logger = logging.getLogger(__name__)


def endpoint_url() -> str:
    """Where other participants reach us: the exchange may be published apart from the public site (another
    port or host whose proxy requires client certificates), so the WSDL names ``SEOS_ENDPOINT_URL`` if set."""
    return settings.SEOS_ENDPOINT_URL or settings.BASE_URL + reverse("exchange:endpoint")


def _soap(body: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=soap.CONTENT_TYPE)


def _rejected(request, reason: str, sender_guid: str | None = None, message_guid: str | None = None) -> None:
    """One ``seos.rejected`` security event per refused request. Only the reason code and the GUIDs the
    message claims (normalised, so no free text from the sender) are logged: never the message itself,
    whose documents carry personal data, nor the description we answered with (it quotes the message)."""
    if sender_guid == UNKNOWN_ENTITY.guid:
        sender_guid = None
    log_event(
        "seos.rejected", request=request, sender_guid=sender_guid, message_guid=message_guid, reason=reason
    )


def _too_large(request, limit: int) -> HttpResponse:
    _rejected(request, "too_large")
    description = f"{inbox.SENDER_FAULT} Съобщението е по-голямо от допустимите {limit} байта."
    error = m.Error(error_type=m.ErrorType.EXTERNAL, description=description)
    return _soap(soap.submit_response(compose(UNKNOWN_ENTITY, error)[1]), status=413)


@csrf_exempt  # a machine-to-machine SOAP endpoint: no cookies, no session; trust comes from the signature
def endpoint(request):
    if request.method == "GET" and "wsdl" in {key.lower() for key in request.GET}:
        return HttpResponse(soap.wsdl(endpoint_url()), content_type="text/xml; charset=utf-8")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    limit = settings.SEOS_MAX_MESSAGE_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _too_large(request, limit)
    # Read the stream ourselves, at most one byte past the limit: a body without a (true) length cannot
    # make us hold more than that in memory.
    body = request.read(limit + 1)
    if len(body) > limit:
        return _too_large(request, limit)
    try:
        outcome = inbox.receive_soap(body)
    except Exception:
        logger.exception("СЕОС: the endpoint failed")
        _rejected(request, "endpoint_failure")
        return _soap(soap.fault("Server", "Internal error"), status=500)
    if outcome.refused is not None:
        claimed = outcome.refused.claimed
        _rejected(
            request,
            outcome.refused.reason,
            claimed.sender.guid if claimed else None,
            claimed.message_guid if claimed else None,
        )
    return _soap(soap.submit_response(outcome.reply), status=outcome.http_status)
