#!/usr/bin/env python3
"""Runs many small NumPy programs in one process, for the differential tests (test/unit/randomDiff.test.ts).

stdin: a JSON list of program texts. stdout: a JSON list, one entry per program: {"arrays": {name: {"shape",
"data"}}} with every 1-D or 2-D numeric ndarray the program leaves in its namespace (C-order data, floats by
repr through JSON), or {"error": "..."} when the program raised.
"""
import contextlib
import io
import json
import sys

import numpy as np


def main():
    programs = json.load(sys.stdin)
    out = []
    for text in programs:
        ns = {"__name__": "__main__"}
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(text, "<program>", "exec"), ns)
        except Exception as e:  # noqa: BLE001 - reported to the test
            out.append({"error": f"{type(e).__name__}: {e}"})
            continue
        arrays = {}
        for name, v in ns.items():
            if isinstance(v, np.ndarray) and v.dtype.kind in "biuf" and v.ndim in (1, 2):
                arrays[name] = {"shape": list(v.shape), "data": v.astype(np.float64).ravel().tolist()}
        out.append({"arrays": arrays})
    json.dump({"numpy": np.__version__, "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
