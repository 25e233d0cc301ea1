#!/usr/bin/env bash
# Installs the Debian 12 packages the portal needs, only those missing. Usage: debian-deps.sh run|test
set -euo pipefail
want=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libmagic1 gettext fonts-dejavu-core
      shared-mime-info)
if [ "${1:-run}" = test ]; then
  want+=(poppler-utils chromium)
  command -v java >/dev/null || want+=(default-jre-headless)   # W3C Nu checker (vnu.jar)
  command -v npm >/dev/null || want+=(nodejs npm)             # axe-core and vnu-jar come from npm
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv may be absent on a machine whose Python ships venv itself (e.g. pyenv).
if [[ " ${missing[*]} " == *" python3-venv "* ]] && python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
