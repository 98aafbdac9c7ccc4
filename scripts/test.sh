#!/usr/bin/env bash
# npm test: everything, fastest first. Each stage fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck (core, tests, scripts, site)"
npm run --silent typecheck
echo "== notebooks (tslab, headless; their outputs are checked by test/notebooks.test.ts)"
npm run --silent notebooks
echo "== unit, property, conformance, snippet and figure tests"
npx vitest run
echo "== the engine tests again with relaxed SIMD on (Node 20 keeps it behind a flag; Chromium ships it)"
npx vitest run --execArgv=--experimental-wasm-relaxed-simd test/wasm.test.ts test/fast.test.ts test/conformance.test.ts
echo "== site build"
npm run --silent build > /tmp/deconv-build.log 2>&1 || { cat /tmp/deconv-build.log; exit 1; }
echo "== browser tests (Chromium)"
npx vitest run --config vitest.browser.config.ts
