# syntax=docker/dockerfile:1
# Portal of the Ruse regional administration: one image for web (gunicorn), worker and beat (Celery).
# Build: docker compose build   (see README, "Deployment")

ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

# --- build: install the pinned requirements into a venv, compile messages, collect static files -------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
# gettext for compilemessages; the Python packages all come as wheels, no compiler needed.
# Debian's security updates replace package versions, so apt packages are not pinned to one version.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-compile -r requirements.txt
COPY . .
# Production settings with throw-away values: collectstatic must build the hashed manifest production uses.
RUN python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 \
    && DJANGO_SETTINGS_MODULE=portal.settings.production \
       SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
       DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
       ALLOWED_HOSTS=localhost STATIC_ROOT=/app/static_collected \
       python manage.py collectstatic --noinput -v 0

# --- runtime: slim, non-root, only the libraries the portal loads at run time --------------------------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="ruse-portal" \
      org.opencontainers.image.description="Portal of the Ruse regional administration"
# PRIVATE_MEDIA_ROOT is a folder path, not a secret (DL3064 matches on the word "PRIVATE").
# hadolint ignore=DL3064
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/static_collected \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private \
    BACKUP_DIR=/data/backups
# WeasyPrint (pango, harfbuzz), python-magic (libmagic), fonts with Cyrillic, pg_dump/pg_restore for backups.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libmagic1 shared-mime-info fonts-dejavu-core \
       postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /data/media /data/private /data/backups \
    && chown -R portal:portal /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz/live', timeout=4).status != 200)"]
CMD ["gunicorn", "portal.wsgi:application", "--config", "python:portal.gunicorn_conf"]
