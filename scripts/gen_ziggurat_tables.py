#!/usr/bin/env python3
"""Transcribe NumPy's ziggurat tables for the normal sampler into src/core/random/zigguratTables.ts.

Usage (from the repository root):
    python3 scripts/gen_ziggurat_tables.py PATH/TO/numpy/random/src/distributions/ziggurat_constants.h

The tables are copied value for value (ki_double as integers below 2^53, wi_double and fi_double from their
21-significant-digit literals, which parse to the same doubles in C and in JavaScript); the generated file
also records a checksum of each table so that a hand edit is noticed by the unit tests.
"""
import hashlib
import pathlib
import re
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "core" / "random" / "zigguratTables.ts"


def table(text, name):
    m = re.search(r"static const \w+ " + name + r"\[\] = \{(.*?)\};", text, re.S)
    if not m:
        sys.exit(f"table {name} not found")
    return [t.strip() for t in m.group(1).split(",") if t.strip()]


def constant(text, name):
    m = re.search(r"static const double " + name + r"\s*=\s*([0-9.eE+-]+);", text)
    if not m:
        sys.exit(f"constant {name} not found")
    return float(m.group(1))


def digest(values):
    return hashlib.sha256(b"".join(struct.pack("<d", float(v)) for v in values)).hexdigest()


def main():
    text = pathlib.Path(sys.argv[1]).read_text()
    ki = [int(v.rstrip("ULL").rstrip("UL"), 16) for v in table(text, "ki_double")]
    wi = [float(v) for v in table(text, "wi_double")]
    fi = [float(v) for v in table(text, "fi_double")]
    assert len(ki) == len(wi) == len(fi) == 256
    assert all(k < 2**53 for k in ki)
    r = constant(text, "ziggurat_nor_r")
    inv_r = constant(text, "ziggurat_nor_inv_r")
    fmt = lambda vs: ",\n".join("  " + ", ".join(vs[i:i + 4]) for i in range(0, len(vs), 4))
    lines = [
        "/**",
        " * NumPy's 256-layer ziggurat tables for `random_standard_normal` (double precision), transcribed from",
        " * `numpy/random/src/distributions/ziggurat_constants.h` by scripts/gen_ziggurat_tables.py. Do not edit.",
        " * `KI[i]`: layer i's acceptance bound on the 52-bit magnitude; `WI[i]`: scale from that magnitude to x;",
        " * `FI[i]`: the density exp(−x²/2) at layer i's edge.",
        " */",
        "",
        f"/** `ziggurat_nor_r`: where the tail starts. */",
        f"export const ZIGGURAT_NOR_R = {r!r};",
        f"/** `ziggurat_nor_inv_r` = 1 / `ziggurat_nor_r` as NumPy writes it. */",
        f"export const ZIGGURAT_NOR_INV_R = {inv_r!r};",
        "",
        f"/** SHA-256 of the little-endian doubles of KI, WI and FI (checked by the unit tests). */",
        f"export const TABLE_DIGESTS = {{ ki: '{digest(ki)}', wi: '{digest(wi)}', fi: '{digest(fi)}' }};",
        "",
        "export const KI = new Float64Array([",
        fmt([hex(k) for k in ki]),
        "]);",
        "",
        "export const WI = new Float64Array([",
        fmt([repr(w) for w in wi]),
        "]);",
        "",
        "export const FI = new Float64Array([",
        fmt([repr(f) for f in fi]),
        "]);",
        "",
    ]
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
