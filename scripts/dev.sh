#!/usr/bin/env bash
# npm run dev: make sure the system packages and the executed notebooks exist, then serve the site
# with hot reload at http://127.0.0.1:4321.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f site/public/notebooks/08-upsampling.html ]; then
  echo "dev: executing the notebooks once so the site can publish them (about a minute)"
  npm run --silent notebooks || echo "dev: the notebooks failed; the site runs without them (see the output above)" >&2
fi
export ASTRO_TELEMETRY_DISABLED=1 ASTRO_DISABLE_UPDATE_CHECK=true
exec node node_modules/astro/astro.js dev --host 127.0.0.1 "$@"
