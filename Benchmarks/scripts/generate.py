"""Writes the benchmark tables as raw little-endian column files that every engine loads.

Deterministic: the same --rows and --seed give byte-identical files. Layout of DIR:
  meta.json         {"rows": N, "columns": [{"name", "type", "files"}]}
  k1.i64            int64 keys, uniform in [0, 1_000_000)
  v.f64             float64 values, uniform in [0, 1000)
  s.off, s.bytes    string keys (100 distinct, 6 to 18 bytes): int32 offsets (N + 1) and UTF-8 bytes
"""
import argparse
import json
import os

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20251121)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    meta_path = os.path.join(args.out, "meta.json")
    wanted = {"rows": args.rows, "seed": args.seed}
    if os.path.exists(meta_path):
        with open(meta_path) as handle:
            existing = json.load(handle)
        if all(existing.get(key) == value for key, value in wanted.items()):
            return
    rng = np.random.default_rng(args.seed)
    rows = args.rows
    k1 = rng.integers(0, 1_000_000, rows, dtype=np.int64)
    v = rng.random(rows) * 1000.0
    names = [f"cat{i:02d}-" + "x" * ((i * 7) % 13) for i in range(100)]
    codes = rng.integers(0, 100, rows)
    lengths = np.array([len(n) for n in names], dtype=np.int32)[codes]
    offsets = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    table = np.frombuffer("".join(names).encode(), dtype=np.uint8)
    starts = np.concatenate([[0], np.cumsum([len(n) for n in names])[:-1]])
    # Gather each row's name bytes with one vectorized index.
    row_starts = np.repeat(starts[codes] - offsets[:-1], lengths)
    data = table[np.arange(offsets[-1]) + row_starts]
    k1.tofile(os.path.join(args.out, "k1.i64"))
    v.tofile(os.path.join(args.out, "v.f64"))
    offsets.tofile(os.path.join(args.out, "s.off"))
    data.tofile(os.path.join(args.out, "s.bytes"))
    meta = dict(wanted, columns=[
        {"name": "k1", "type": "int64", "files": ["k1.i64"]},
        {"name": "v", "type": "float64", "files": ["v.f64"]},
        {"name": "s", "type": "string", "files": ["s.off", "s.bytes"]},
    ])
    with open(meta_path, "w") as handle:
        json.dump(meta, handle)


if __name__ == "__main__":
    main()
