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
# Node 20 keeps relaxed SIMD behind a flag (Chromium ships it); a Node that has dropped the flag
# runs relaxed SIMD in the pass above already.
if node --experimental-wasm-relaxed-simd -e 0 2>/dev/null; then
  echo "== the engine tests again with relaxed SIMD on"
  npx vitest run --execArgv=--experimental-wasm-relaxed-simd test/wasm.test.ts test/fast.test.ts test/gradient.test.ts test/conformance.test.ts
fi
echo "== site build"
npm run --silent build > /tmp/deconv-build.log 2>&1 || { cat /tmp/deconv-build.log; exit 1; }
echo "== browser tests (Chromium)"
npx vitest run --config vitest.browser.config.ts
