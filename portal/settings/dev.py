"""Development: the embedded default with DEBUG on (``make run``)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo users log in with a password alone; set REQUIRE_2FA=1 to try the enrolment flow locally.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
# Local peers (two portals on loopback, stand-ins) answer over plain HTTP.
SEOS_ALLOW_PLAIN_HTTP = env.bool("SEOS_ALLOW_PLAIN_HTTP", default=True)
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
