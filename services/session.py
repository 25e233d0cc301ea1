"""Which applications a browser session may see: the ones it submitted, or opened with number + code."""

import secrets
import time

from django.core.cache import cache

ACCESS_KEY = "services_access"
NEW_CODES_KEY = "services_new_codes"
MAX_REMEMBERED = 20
# Long enough for the redirect after submitting (and a slow connection), short enough not to linger.
NEW_CODE_SECONDS = 10 * 60


def grant(request, application) -> None:
    ids = [i for i in request.session.get(ACCESS_KEY, []) if i != str(application.public_id)]
    ids.append(str(application.public_id))
    request.session[ACCESS_KEY] = ids[-MAX_REMEMBERED:]


def has_access(request, application) -> bool:
    return str(application.public_id) in request.session.get(ACCESS_KEY, [])


def remember_new_code(request, application, code: str) -> None:
    """Keep the plain access code only for the redirect to the confirmation page.

    The code goes into a short-lived cache entry under a random token, and only the token into the
    session: the code is never written to the session store, and if the confirmation page is never
    opened the cache forgets it after ``NEW_CODE_SECONDS``.
    """
    token = secrets.token_urlsafe(32)
    cache.set(_code_cache_key(token), (code, time.time()), NEW_CODE_SECONDS)
    tokens = {
        public_id: old
        for public_id, old in request.session.get(NEW_CODES_KEY, {}).items()
        if cache.get(_code_cache_key(old)) is not None  # drop the tokens of codes already forgotten
    }
    tokens[str(application.public_id)] = token
    request.session[NEW_CODES_KEY] = tokens


def take_new_code(request, application) -> str | None:
    """The access code, once: it is erased as it is read, and is gone anyway after ``NEW_CODE_SECONDS``."""
    tokens = dict(request.session.get(NEW_CODES_KEY, {}))
    token = tokens.pop(str(application.public_id), None)
    if tokens:
        request.session[NEW_CODES_KEY] = tokens
    else:
        request.session.pop(NEW_CODES_KEY, None)
    if token is None:
        return None
    key = _code_cache_key(token)
    entry = cache.get(key)
    cache.delete(key)
    if not entry:
        return None
    code, stored_at = entry
    # The cache's own expiry erases it; this also refuses it where a cache keeps entries a little longer.
    if time.time() - stored_at > NEW_CODE_SECONDS:
        return None
    return code


def _code_cache_key(token: str) -> str:
    return f"services:new-code:{token}"
