"""Writes the benchmark tables as raw little-endian column files that every engine loads.

Deterministic: the same --rows and --seed give byte-identical files. DIR/meta.json lists the tables
and their columns; each column is one file (int64, float64, timestamp as int64 microseconds) or two
(string: int32 offsets and UTF-8 bytes).

  t         --rows rows: k1 int64 uniform in [0, 1_000_000), v float64 in [0, 1000),
            s string (100 distinct, 6 to 18 bytes), ts timestamp (distinct, in 2025)
  d         1,000,000 rows: k int64 0..999_999 (unique), w float64
  bookings  --rows / 10 rows: id int64, start timestamp uniform in 2025, end = start + 1 to 8 hours
  hours     8,760 rows: the hourly buckets of 2025, bucket_start and bucket_end timestamps
  unload/   --rows * 3 / 10 rows of a Redshift UNLOAD export (DELIMITER '|' NULL AS '\\N' ESCAPE
            ADDQUOTES) in 8 files: id bigint, day date, ts timestamp, n int, note text with escaped
            quotes and backslashes, \\N nulls
  chargebacks/  1,250,000 rows of the chargebacks schema in 700 small snappy Parquet files (pyarrow):
            chargeback_id string, merchant_id bigint (50,000 distinct), amount decimal(18,2),
            currency and status (low-cardinality strings), reason_code (nullable), created_at
            timestamp, dispute_id (nullable string); independent of --rows
"""
import argparse
import json
import os
import shutil

import numpy as np

YEAR_START = 1_735_689_600 * 1_000_000  # 2025-01-01T00:00:00Z in microseconds
HOUR = 3_600 * 1_000_000


def write_strings(directory: str, name: str, values: list, codes: np.ndarray) -> list:
    lengths = np.array([len(v) for v in values], dtype=np.int32)[codes]
    offsets = np.zeros(len(codes) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    table = np.frombuffer("".join(values).encode(), dtype=np.uint8)
    starts = np.concatenate([[0], np.cumsum([len(v) for v in values])[:-1]])
    row_starts = np.repeat(starts[codes] - offsets[:-1], lengths)
    data = table[np.arange(offsets[-1]) + row_starts]
    offsets.tofile(os.path.join(directory, f"{name}.off"))
    data.tofile(os.path.join(directory, f"{name}.bytes"))
    return [f"{name}.off", f"{name}.bytes"]


def write(directory: str, name: str, array: np.ndarray) -> list:
    array.tofile(os.path.join(directory, f"{name}.bin"))
    return [f"{name}.bin"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20251121)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies the fixed-size datasets (chargebacks, landing zone, reservations): 0.05 for a smoke run")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    scaled = lambda n: max(1, int(n * args.scale))
    write_chargebacks(os.path.join(args.out, "chargebacks"), args.seed, scaled(1_250_000), scaled(700))
    write_landing_zone(os.path.join(args.out, "landing", "chargebacks"), args.seed, args.scale)
    write_reservations(os.path.join(args.out, "reservations"), args.seed, scaled(1_000_000))
    meta_path = os.path.join(args.out, "meta.json")
    wanted = {"rows": args.rows, "seed": args.seed, "scale": args.scale, "version": 5}
    if os.path.exists(meta_path):
        with open(meta_path) as handle:
            existing = json.load(handle)
        if all(existing.get(key) == value for key, value in wanted.items()):
            return
    rng = np.random.default_rng(args.seed)
    out = args.out
    tables = {}
    rows = args.rows
    names = [f"cat{i:02d}-" + "x" * ((i * 7) % 13) for i in range(100)]
    tables["t"] = {"rows": rows, "columns": [
        {"name": "k1", "type": "int64", "files": write(out, "t.k1", rng.integers(0, 1_000_000, rows, dtype=np.int64))},
        {"name": "v", "type": "float64", "files": write(out, "t.v", rng.random(rows) * 1000.0)},
        {"name": "s", "type": "string", "files": write_strings(out, "t.s", names, rng.integers(0, 100, rows))},
        {"name": "ts", "type": "timestamp", "files": write(out, "t.ts", YEAR_START + rng.permutation(rows).astype(np.int64) * 3_000_000)},
    ]}
    dims = 1_000_000
    tables["d"] = {"rows": dims, "columns": [
        {"name": "k", "type": "int64", "files": write(out, "d.k", rng.permutation(dims).astype(np.int64))},
        {"name": "w", "type": "float64", "files": write(out, "d.w", rng.random(dims))},
    ]}
    bookings = max(1, rows // 10)
    start = YEAR_START + rng.integers(0, 8_760 * HOUR - 8 * HOUR, bookings, dtype=np.int64)
    length = rng.integers(HOUR, 8 * HOUR + 1, bookings, dtype=np.int64)
    tables["bookings"] = {"rows": bookings, "columns": [
        {"name": "id", "type": "int64", "files": write(out, "bookings.id", np.arange(bookings, dtype=np.int64))},
        {"name": "start", "type": "timestamp", "files": write(out, "bookings.start", start)},
        {"name": "end", "type": "timestamp", "files": write(out, "bookings.end", start + length)},
    ]}
    bucket_start = YEAR_START + np.arange(8_760, dtype=np.int64) * HOUR
    tables["hours"] = {"rows": 8_760, "columns": [
        {"name": "bucket_start", "type": "timestamp", "files": write(out, "hours.start", bucket_start)},
        {"name": "bucket_end", "type": "timestamp", "files": write(out, "hours.end", bucket_start + HOUR)},
    ]}
    write_unload(os.path.join(out, "unload"), rng, rows * 3 // 10)
    link_exports(out)
    with open(meta_path, "w") as handle:
        json.dump(dict(wanted, tables=tables), handle)


def write_unload(directory: str, rng: np.random.Generator, rows: int) -> None:
    """A Redshift-style export: every field quoted, `\\"` and `\\\\` escapes, `\\N` for null."""
    os.makedirs(directory, exist_ok=True)
    words = ["alpha", "beta", "say \\\"hi\\\"", "path C:\\\\temp", "gamma delta", "x", "lorem ipsum dolor", "no|pe".replace("|", "")]
    ids = rng.permutation(rows).astype(np.int64) + 1_000_000_000
    days = rng.integers(0, 365, rows)
    seconds = rng.integers(0, 86_400, rows)
    counts = rng.integers(0, 50, rows)
    notes = rng.integers(0, len(words), rows)
    nulls = rng.random(rows) < 0.05
    base = np.datetime64("2025-01-01")
    per_file = (rows + 7) // 8
    for part in range(8):
        lines = []
        for i in range(part * per_file, min(rows, (part + 1) * per_file)):
            day = str(base + np.timedelta64(int(days[i]), "D"))
            ts = f"{day} {seconds[i] // 3600:02d}:{seconds[i] // 60 % 60:02d}:{seconds[i] % 60:02d}"
            note = "\\N" if nulls[i] else f'"{words[notes[i]]} {i}"'
            lines.append(f'"{ids[i]}"|"{day}"|"{ts}"|"{counts[i]}"|{note}\n')
        with open(os.path.join(directory, f"bookings_{part:04d}_part_00"), "w") as handle:
            handle.writelines(lines)


def write_chargebacks(directory: str, seed: int, rows: int = 1_250_000, files: int = 700) -> None:
    """The landing zone of seed 002: many small snappy Parquet files (skipped when already written)."""
    marker = os.path.join(directory, "_GENERATED")
    if os.path.exists(marker):
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed + 2)
    ids = np.arange(rows)
    currencies = np.array(["EUR", "USD", "GBP", "JPY", "CHF", "SEK", "PLN", "CAD"])
    statuses = np.array(["open", "won", "lost", "pending"])
    reasons = np.array([f"R{code:02d}" for code in range(12)])
    cents = rng.integers(100, 5_000_000, rows)
    columns = {
        "chargeback_id": pa.array(np.char.add("cb-", np.char.zfill(ids.astype(str), 9))),
        "merchant_id": pa.array(rng.integers(0, 50_000, rows), pa.int64()),
        "amount": pa.array(np.char.add(np.char.add((cents // 100).astype(str), "."), np.char.zfill((cents % 100).astype(str), 2))).cast(pa.decimal128(18, 2)),
        "currency": pa.array(currencies[rng.integers(0, len(currencies), rows)]),
        "status": pa.array(statuses[rng.integers(0, len(statuses), rows)]),
        "reason_code": pa.array(reasons[rng.integers(0, len(reasons), rows)], mask=rng.random(rows) < 0.1),
        "created_at": pa.array(YEAR_START + np.sort(rng.integers(0, 365 * 24 * HOUR, rows)), pa.timestamp("us", tz="UTC")),
        "dispute_id": pa.array(np.char.add("dp-", rng.integers(0, 10**8, rows).astype(str)), mask=rng.random(rows) < 0.3),
    }
    table = pa.table(columns)
    per_file = (rows + files - 1) // files
    for part in range(files):
        pq.write_table(table.slice(part * per_file, per_file), os.path.join(directory, f"part-{part:04d}.parquet"), compression="snappy")
    open(marker, "w").close()


def write_landing_zone(root: str, seed: int, scale: float = 1.0) -> None:
    """Seed 002's landing zone: three days of small snappy files (skipped when already written)."""
    marker = os.path.join(root, "_GENERATED")
    if os.path.exists(marker):
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    currencies = np.array(["EUR", "USD", "GBP", "JPY", "CHF", "SEK", "PLN", "CAD"])
    statuses = np.array(["open", "won", "lost", "pending"])
    reasons = np.array([f"R{code:02d}" for code in range(12)])
    days = [(day, max(1, int(rows * scale)), max(1, int(files * scale))) for day, rows, files in [(1, 100_000, 56), (2, 1_250_000, 700), (3, 100_000, 56)]]
    for offset, (day, rows, files) in enumerate(days):
        rng = np.random.default_rng(seed + 10 + offset)
        directory = os.path.join(root, "2025", "11", f"{day:02d}")
        os.makedirs(directory, exist_ok=True)
        day_start = (1_761_955_200 + (day - 1) * 86_400) * 1_000_000  # 2025-11-01T00:00:00Z + days
        row = np.arange(rows)
        draw = rng.integers(0, 10_000, rows)
        repeat = (draw < 10) & (row > 0)
        later = (draw >= 10) & (draw < 110) & (row > 0)
        ids = row.copy()
        ids[later] = (rng.random(later.sum()) * row[later]).astype(np.int64)
        source = np.maximum.accumulate(np.where(repeat, 0, row))  # the row a redelivery repeats
        ids[repeat] = ids[source[repeat]]
        event = day_start + ids * 86_400_000_000 // rows
        updated = event + rng.integers(0, 60_000_000, rows)
        updated_null = rng.random(rows) < 0.2
        updated[later] = event[later] + rng.integers(1, 3_600_000_000, later.sum())
        updated_null[later] = False
        updated[repeat] = updated[source[repeat]]
        updated_null[repeat] = updated_null[source[repeat]]
        key_null = draw >= 9_995
        cents = rng.integers(100, 5_000_000, rows)
        table = pa.table({
            "chargeback_id": pa.array(np.char.add(f"cb-202511{day:02d}-", np.char.zfill(ids.astype(str), 8)), mask=key_null),
            "merchant_id": pa.array(rng.integers(0, 50_000, rows), pa.int64()),
            "amount": pa.array(np.char.add(np.char.add((cents // 100).astype(str), "."), np.char.zfill((cents % 100).astype(str), 2))).cast(pa.decimal128(18, 2)),
            "currency": pa.array(currencies[rng.integers(0, len(currencies), rows)]),
            "status": pa.array(statuses[rng.integers(0, len(statuses), rows)]),
            "reason_code": pa.array(reasons[rng.integers(0, len(reasons), rows)], mask=rng.random(rows) < 0.1),
            "event_timestamp": pa.array(event, pa.timestamp("us", tz="UTC")),
            "updated_at": pa.array(updated, pa.timestamp("us", tz="UTC"), mask=updated_null),
            "dispute_id": pa.array(np.char.add("dp-", rng.integers(0, 10**8, rows).astype(str)), mask=rng.random(rows) < 0.3),
        })
        per_file = (rows + files - 1) // files
        for part in range(files):
            pq.write_table(table.slice(part * per_file, per_file), os.path.join(directory, f"batch-{part:04d}.parquet"), compression="snappy")
    open(marker, "w").close()


def link_exports(out: str) -> None:
    """The UNLOAD files as `migrate` finds a snapshot export: exports/bookings/snapshot/."""
    directory = os.path.join(out, "exports", "bookings", "snapshot")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for name in sorted(os.listdir(os.path.join(out, "unload"))):
        os.link(os.path.join(out, "unload", name), os.path.join(directory, name))


def write_reservations(directory: str, seed: int, rows: int = 1_000_000, files: int = 8) -> None:
    """Seed 003's fact_reservation for a year (skipped when already written)."""
    marker = os.path.join(directory, "_GENERATED")
    if os.path.exists(marker):
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed + 3)
    minute = 60_000_000
    distinct = rows * 4 // 5
    ids = np.sort(np.concatenate([np.arange(distinct), rng.integers(0, distinct, rows - distinct)]))
    space = rng.integers(0, 400, distinct)[ids]
    start = YEAR_START + rng.integers(0, 365 * 24 * 60, distinct)[ids] * minute
    length = rng.integers(15, 615, rows) * minute
    length[rng.random(rows) < 0.01] *= -1
    version = np.arange(rows) - np.searchsorted(ids, ids)  # 0 for a reservation's first row, then 1, 2, ...
    updated = start - 7 * 86_400 * 1_000_000 + (version + (rng.random(rows) < 0.02)) * 3_600_000_000 * (version > 0)
    table = pa.table({
        "reservation_id": pa.array(ids + 1, pa.int64()),
        "company_id": pa.array(space % 50 + 1, pa.int64()),
        "space_id": pa.array(space + 1, pa.int64()),
        "person_id": pa.array(rng.integers(1, 50_001, distinct)[ids], pa.int64()),
        "start_ts": pa.array(start, pa.timestamp("us", tz="UTC")),
        "end_ts": pa.array(start + length, pa.timestamp("us", tz="UTC")),
        "people_count": pa.array(rng.integers(1, 13, rows).astype(np.int32), mask=rng.random(rows) < 0.03),
        "updated_at": pa.array(updated, pa.timestamp("us", tz="UTC")),
    })
    order = rng.permutation(rows)
    table = table.take(order)
    per_file = (rows + files - 1) // files
    for part in range(files):
        pq.write_table(table.slice(part * per_file, per_file), os.path.join(directory, f"part-{part}.parquet"), compression="snappy")
    open(marker, "w").close()


if __name__ == "__main__":
    main()
