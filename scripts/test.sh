#!/usr/bin/env bash
# npm test: everything, in order of speed. Each stage fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"
npm run --silent typecheck
echo "== unit, property, conformance and snippet tests"
npx vitest run
