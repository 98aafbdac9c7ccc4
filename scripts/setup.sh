#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, only when it is missing:
#   - Debian's Chromium (browser tests, driven by playwright-core),
#   - Jupyter from Debian (nbconvert, nbclient, jupyter-client, ipykernel) for the notebooks,
#   - PyTorch and ONNX from Debian (python3-torch, python3-onnx): the framework sweep runs the
#     generated PyTorch code and builds the generated ONNX models with them; PyTorch is also the
#     live oracle of test/torchOracle.test.ts,
#   - the tslab kernel spec, registered inside the project (.jupyter/), not in $HOME.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import nbclient, nbconvert, jupyter_client, ipykernel' 2>/dev/null \
  || need+=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel python3-ipython)
/usr/bin/python3 -c 'import torch, onnx' 2>/dev/null || need+=(python3-torch python3-onnx)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -d node_modules ] && [ ! -f .jupyter/share/jupyter/kernels/tslab/kernel.json ]; then
  echo "setup: registering the tslab kernel in .jupyter/"
  node_modules/.bin/tslab install --python=/usr/bin/python3 --prefix=.jupyter >/dev/null
fi
