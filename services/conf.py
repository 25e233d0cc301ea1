"""Limits of the online application; each can be overridden in settings (``SERVICES_<NAME>``)."""

from django.conf import settings

_DEFAULTS = {
    "MAX_FILES": 10,  # files per application (all file fields together)
    "MAX_FILE_BYTES": 10 * 1024 * 1024,  # one file
    "MAX_TOTAL_BYTES": 25 * 1024 * 1024,  # all files of one application
    "ALLOWED_EXTENSIONS": [
        "pdf",
        "jpg",
        "jpeg",
        "png",
        "tif",
        "tiff",
        "doc",
        "docx",
        "odt",
        "xls",
        "xlsx",
        "ods",
        "p7s",
        "p7m",
    ],
    "APPLY_RATE": "5/10m",  # registered applications per IP
    # Every POST of the form per IP, also those sent back with errors: people correcting mistakes
    # (screen reader users, offices behind one address) must not run into APPLY_RATE.
    "APPLY_ATTEMPT_RATE": "30/10m",
    "TRACK_RATE_IP": "20/h",  # tracking attempts per IP
    "TRACK_RATE_NUMBER": "10/h",  # tracking attempts per incoming number
    "UPLOAD_RATE": "10/h",  # additional uploads per IP
    # Days after closure before an application's personal data is anonymised (a service may set its own).
    "RETENTION_DAYS": 3 * 365,
    # /verify/<token>/: the receipts we issue are far smaller; a larger file cannot be one.
    "VERIFY_MAX_BYTES": 10 * 1024 * 1024,
    "VERIFY_COMPARE_RATE": "10/h",  # files compared per IP (on top of TRACK_RATE_IP for every request)
}


def get(name: str):
    return getattr(settings, f"SERVICES_{name}", _DEFAULTS[name])
