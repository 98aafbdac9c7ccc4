"""Runs generated framework snippets in one process (test/frameworkSweep.test.ts).

Reads a JSON list of {id, kind, code} from argv[1], executes each snippet in its own
namespace (its prints captured), and writes a JSON list to argv[2]: the snippet's x and w and,
for PyTorch, its output y; for ONNX, the model it built (serialized, base64), which the test
runs in onnxruntime. A snippet that raises (its own asserts included) reports the error.
"""
import base64
import contextlib
import io
import json
import sys
import time

import torch

torch.set_num_threads(1)


def flat(t):
    return t.detach().flatten().tolist() if isinstance(t, torch.Tensor) else t.flatten().tolist()


def run(job):
    namespace = {"__name__": "snippet"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(job["code"], job["id"], "exec"), namespace)
    result = {"x": flat(namespace["x"]), "w": flat(namespace["w"])}
    if job["kind"] == "torch":
        y = namespace["y"]
        result.update(shape=list(y.shape), y=flat(y))
    else:
        result.update(model=base64.b64encode(namespace["model"].SerializeToString()).decode())
    result["printed"] = len(printed.getvalue())
    return result


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    results = []
    start = time.perf_counter()
    for job in jobs:
        try:
            result = run(job)
            result["ok"] = True
        except Exception as e:  # reported to the test, which fails with the message
            result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        result["id"] = job["id"]
        results.append(result)
    with open(sys.argv[2], "w") as f:
        json.dump({"seconds": time.perf_counter() - start, "torch": torch.__version__, "results": results}, f)


main()
