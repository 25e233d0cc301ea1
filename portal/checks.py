"""Deploy checks (``manage.py check --deploy``) for what Django's own checks do not know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_staff_security(app_configs, **kwargs):
    problems = []
    if not settings.REQUIRE_2FA:
        problems.append(Warning(
            "REQUIRE_2FA is off: staff who can see the registry log in with a password alone.",
            hint="Remove REQUIRE_2FA=0 from the environment (it exists for the development demo).",
            id="portal.W001",
        ))
    if not settings.STAFF_SESSION_IDLE_MINUTES:
        problems.append(Warning(
            "STAFF_SESSION_IDLE_MINUTES is 0: staff sessions never time out.",
            id="portal.W002",
        ))
    if "axes.backends.AxesStandaloneBackend" not in settings.AUTHENTICATION_BACKENDS:
        problems.append(Warning("django-axes is not the first authentication backend.", id="portal.W003"))
    return problems
