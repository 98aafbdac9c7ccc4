#!/usr/bin/env bash
# npm run jupyter: the notebooks in Jupyter, in one command, on a clone of this repository.
#   1. installs Debian's notebook server (jupyter-notebook) and the kernel tools when missing (as root or
#      with sudo; notebooks only: no Chromium, no PyTorch),
#   2. registers the tslab kernel in .jupyter/ (not in $HOME) with the ABSOLUTE path of this project's
#      tslab, so neither PATH nor node_modules/.bin matter to Jupyter,
#   3. starts Jupyter in notebooks/ on 127.0.0.1 (with --allow-root when run as root).
# Extra arguments go to Jupyter: npm run jupyter -- --no-browser --port 8899
# JUPYTER_SETUP_ONLY=1 does steps 1 and 2 and exits.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

tslab="$root/node_modules/.bin/tslab"
[ -x "$tslab" ] || { echo "jupyter: $tslab is missing: run npm install first" >&2; exit 1; }

need=()
command -v jupyter-notebook >/dev/null || need+=(jupyter-notebook)
/usr/bin/python3 -c 'import jupyter_client, ipykernel' 2>/dev/null || need+=(jupyter-client python3-ipykernel)
if [ ${#need[@]} -gt 0 ]; then
  echo "jupyter: installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "jupyter: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # --no-install-recommends: the server and its Python modules, not a web browser.
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The kernel spec, rewritten every time so that a moved clone still points at its own tslab.
spec="$root/.jupyter/share/jupyter/kernels/tslab"
mkdir -p "$spec"
node -e '
  const [file, tslab] = process.argv.slice(1);
  const spec = { argv: [tslab, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" };
  require("node:fs").writeFileSync(file, JSON.stringify(spec, null, 1) + "\n");
' "$spec/kernel.json" "$tslab"
echo "jupyter: tslab kernel registered in $spec (runs $tslab)"
export JUPYTER_PATH="$root/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
# tslab is a Node script (#!/usr/bin/env node): the kernel needs the node that runs npm.
export PATH="$(dirname "$(command -v node)"):$PATH"

[ -z "${JUPYTER_SETUP_ONLY:-}" ] || exit 0

args=(--notebook-dir="$root/notebooks" --ip=127.0.0.1)
[ "$(id -u)" -ne 0 ] || args+=(--allow-root)
echo "jupyter: starting in notebooks/; pick the TypeScript kernel. After editing src/, restart the kernel (Kernel > Restart)."
exec jupyter-notebook "${args[@]}" "$@"
