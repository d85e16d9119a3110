"""NumPy reference for bench/pipeline.bench.ts: reads the same float64 inputs, times the same pipeline.

Usage (called by the benchmark): python3 bench/numpy_pipeline.py DIR N D REPEATS
Prints JSON: {"seconds": best time of one full pipeline, "output_sum": checksum}.
"""
import json
import sys
import time

import numpy as np


def pipeline(X, WQ, WK, WV):
    Q, K, V = X @ WQ, X @ WK, X @ WV
    scores = Q @ K.T
    scaled = scores / np.sqrt(K.shape[1])
    e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    weights = e / e.sum(axis=1, keepdims=True)
    return weights @ V


def main():
    folder, n, d, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    load = lambda name, shape: np.fromfile(f"{folder}/{name}.f64", dtype="<f8").reshape(shape)
    X, WQ, WK, WV = load("X", (n, d)), load("WQ", (d, d)), load("WK", (d, d)), load("WV", (d, d))
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = pipeline(X, WQ, WK, WV)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "output_sum": float(out.sum()), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
