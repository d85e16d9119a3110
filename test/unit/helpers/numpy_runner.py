"""Runs generated NumPy programs for the differential test (test/unit/ndarray.diff.test.ts).

Reads a JSON list of programs (Python source, one statement per line) on stdin and writes one JSON list: per
program, the arrays of rank >= 1 bound at the end ({name: {shape, dtype, data}}, data flattened in C order,
NaN/inf as strings) and the names whose statement raised ({name: error}). Each line runs on its own, as the
evaluator runs statements: a line that raises leaves the names it assigns undefined from there on.
"""
import json
import math
import re
import sys

import numpy as np


def encode(x):
    if isinstance(x, bool):
        return x
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def run(src):
    ns = {"np": np}
    failed = {}
    for line in src.split("\n"):
        if not line.strip():
            continue
        m = re.match(r"^([A-Za-z_]\w*)\s*(?:\[.*\])?\s*=(?!=)", line)
        try:
            exec(line, ns)
        except Exception as e:  # noqa: BLE001 - any NumPy error is a result
            if m:
                failed[m.group(1)] = f"{type(e).__name__}: {e}"
                ns.pop(m.group(1), None)
    arrays = {}
    for k, v in ns.items():
        if k.startswith("_") or k == "np" or not isinstance(v, np.ndarray) or v.ndim == 0:
            continue
        arrays[k] = {"shape": list(v.shape), "dtype": str(v.dtype), "data": [encode(x) for x in v.ravel().tolist()]}
    return {"arrays": arrays, "failed": failed}


def main():
    programs = json.load(sys.stdin)
    with np.errstate(all="ignore"):
        out = [run(p) for p in programs]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
