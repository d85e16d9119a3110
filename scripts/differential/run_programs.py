"""Runs Python programs with real Python and NumPy and prints, as one JSON object keyed by path, the final value
of every module-level name the evaluator can hold: numbers, strings, None, lists, tuples, dicts, sets and
numeric arrays (any rank). The differential test (test/unit/differential.test.ts) compares them with what the
evaluator computes. One process runs every program (each in a fresh namespace).

Encoding: {"int": "123"} (exact), {"float": x or "nan"/"inf"/"-inf"}, {"bool": b}, {"str": s}, {"none": true},
{"list": [...]}, {"tuple": [...]}, {"dict": [[k, v], ...]} (insertion order), {"set": [...]} (sorted when
possible), {"array": {"shape": [...], "data": [...]}} (C order, floats as above).

Usage: python3 scripts/differential/run_programs.py FILE.py [FILE.py ...]
"""
import contextlib
import io
import json
import math
import runpy
import sys

import numpy as np


def number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def encode(v, depth=0):
    if depth > 20:
        return None
    if v is None:
        return {"none": True}
    if isinstance(v, (bool, np.bool_)):
        return {"bool": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"int": str(int(v))}
    if isinstance(v, (float, np.floating)):
        return {"float": number(v)}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, np.ndarray):
        if v.dtype.kind not in "biuf":
            return None
        return {"array": {"shape": list(v.shape), "data": [number(x) for x in v.astype(np.float64).ravel()]}}
    if isinstance(v, (list, tuple)):
        items = [encode(x, depth + 1) for x in v]
        if any(x is None for x in items):
            return None
        return {"list" if isinstance(v, list) else "tuple": items}
    if isinstance(v, dict):
        pairs = [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]
        if any(a is None or b is None for a, b in pairs):
            return None
        return {"dict": pairs}
    if isinstance(v, (set, frozenset)):
        try:
            items = sorted(v)
        except TypeError:
            return None
        enc = [encode(x, depth + 1) for x in items]
        return None if any(x is None for x in enc) else {"set": enc}
    return None


def main(paths):
    out = {}
    for path in paths:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = runpy.run_path(path, run_name="__main__")
        values = {}
        for name, value in namespace.items():
            if name.startswith("__"):
                continue
            enc = encode(value)
            if enc is not None:
                values[name] = enc
        out[path] = values
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
