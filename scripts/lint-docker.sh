#!/usr/bin/env bash
# Lints the production stack's files: hadolint on the Dockerfile, and the structural checks of
# docker-compose.yml / .env.example (parsed with PyYAML; no Docker engine needed). With a Docker engine
# and the compose plugin present, `docker compose config` validates the file against the compose schema too.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN="${VENV_BIN:-.venv/bin}"

"$VENV_BIN/hadolint" Dockerfile
echo "hadolint: Dockerfile ok"

if docker compose version >/dev/null 2>&1; then
  [ -f .env ] || trap 'rm -f .env' EXIT
  [ -f .env ] || { cp .env.example .env; sed -i 's/^SECRET_KEY=$/SECRET_KEY=x/; s/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=x/' .env; }
  docker compose config --quiet
  echo "docker compose config: ok"
else
  echo "docker compose: not installed here, schema validation skipped (structure checked below)"
fi

DJANGO_SETTINGS_MODULE=portal.settings.test "$VENV_BIN/pytest" -q -p no:cacheprovider tests/portal/test_docker.py
