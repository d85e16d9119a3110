"""NumPy reference for bench/pipeline.bench.ts: reads the same float64 inputs, times the same pipeline and
each of its kernels (single-threaded BLAS: the benchmark sets OPENBLAS_NUM_THREADS=1 for this process).

Usage (called by the benchmark): python3 bench/numpy_pipeline.py DIR N D REPEATS
Prints JSON: median seconds of the full pipeline and of the products (wall and CPU) and of each kernel, and a checksum of the output.
"""
import json
import statistics
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


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def median_time(repeats, f, clock=time.perf_counter):
    times = []
    for _ in range(repeats):
        t0 = clock()
        f()
        times.append(clock() - t0)
    return statistics.median(times)


def main():
    folder, n, d, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    load = lambda name, shape: np.fromfile(f"{folder}/{name}.f64", dtype="<f8").reshape(shape)
    X, WQ, WK, WV = load("X", (n, d)), load("WQ", (d, d)), load("WK", (d, d)), load("WV", (d, d))
    out = pipeline(X, WQ, WK, WV)
    Q, K, V = X @ WQ, X @ WK, X @ WV
    S = Q @ K.T
    A = softmax(S / np.sqrt(d))
    result = {
        "pipeline": median_time(repeats, lambda: pipeline(X, WQ, WK, WV)),
        "pipelineCpu": median_time(repeats, lambda: pipeline(X, WQ, WK, WV), time.process_time),
        "qk": median_time(repeats, lambda: Q @ K.T),
        "qkCpu": median_time(repeats, lambda: Q @ K.T, time.process_time),
        "scale": median_time(repeats, lambda: S / np.sqrt(d)),
        "softmax": median_time(repeats, lambda: softmax(S)),
        "av": median_time(repeats, lambda: A @ V),
        "avCpu": median_time(repeats, lambda: A @ V, time.process_time),
        "output_sum": float(out.sum()),
        "numpy": np.__version__,
    }
    try:
        from threadpoolctl import threadpool_info
        result["blas"] = ", ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} x{i.get('num_threads')}" for i in threadpool_info())
    except ImportError:
        result["blas"] = "threadpoolctl not installed"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
