"""Which applications a browser session may see: the ones it submitted, or opened with number + code."""

ACCESS_KEY = "services_access"
NEW_CODES_KEY = "services_new_codes"
MAX_REMEMBERED = 20


def grant(request, application) -> None:
    ids = [i for i in request.session.get(ACCESS_KEY, []) if i != str(application.public_id)]
    ids.append(str(application.public_id))
    request.session[ACCESS_KEY] = ids[-MAX_REMEMBERED:]


def has_access(request, application) -> bool:
    return str(application.public_id) in request.session.get(ACCESS_KEY, [])


def remember_new_code(request, application, code: str) -> None:
    codes = dict(request.session.get(NEW_CODES_KEY, {}))
    codes[str(application.public_id)] = code
    request.session[NEW_CODES_KEY] = codes


def take_new_code(request, application) -> str | None:
    """The access code, once: it is removed from the session as it is read."""
    codes = dict(request.session.get(NEW_CODES_KEY, {}))
    code = codes.pop(str(application.public_id), None)
    request.session[NEW_CODES_KEY] = codes
    return code
