#!/usr/bin/env bash
# Known-vulnerability audit of the pinned runtime requirements with pip-audit (pinned in
# requirements-dev.txt). pip-audit resolves requirements.txt in a throw-away virtualenv, so what the pins
# pull in is audited too, and asks PyPI's JSON API (https://pypi.org/pypi/NAME/VERSION/json) for the
# advisories of each package.
#
# Exit status:
#   0  every package was audited and none has a known vulnerability
#   1  a known vulnerability was found (the table names package, version, advisory id and fixed version)
#   3  the audit could not be made: the advisory feed did not answer for some package (--strict turns a
#      skipped package into a failure instead of a silent pass). On a machine that reaches the package
#      index but not PyPI's JSON API this is what happens; AUDIT_OFFLINE_OK=1 makes it a loud warning
#      with exit 0, for CI environments known to be in that situation.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV_BIN="${VENV_BIN:-.venv/bin}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

"$VENV_BIN/pip-audit" \
  --requirement requirements.txt \
  --vulnerability-service pypi \
  --strict \
  --progress-spinner off \
  --desc on \
  "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}

if [ "$status" -ne 0 ] && grep -qE "could not be audited|Could not connect|Connection|timed out" "$out" \
   && ! grep -qE "^Found [0-9]+ known vulnerabilit" "$out"; then
  echo "AUDIT NOT PERFORMED: PyPI's vulnerability feed did not answer (see the line above)." >&2
  if [ "${AUDIT_OFFLINE_OK:-0}" = 1 ]; then
    echo "AUDIT_OFFLINE_OK=1: continuing without a vulnerability audit." >&2
    exit 0
  fi
  exit 3
fi
exit "$status"
