"""Writes the fuzz targets' seed corpora into Fuzz/Corpus/<target>/: small valid inputs made by
pyarrow and DuckDB that reach every encoding, codec and dialect the decoders handle. Deterministic;
run it again (with the project's .venv Python) after changing what a target reads, and commit the
result: `make fuzz-corpus`.
"""
import datetime
import decimal
import gzip
import io
import os
import shutil
import struct
import sys

import duckdb
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def target(name: str) -> str:
    path = os.path.join(ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write_seeds(name: str, seeds: dict) -> None:
    """Writes each seed's bytes as a file named after it in target `name`'s corpus."""
    out = target(name)
    for seed, data in seeds.items():
        open(os.path.join(out, seed), "wb").write(data)


def table(rows: int = 24) -> pa.Table:
    """Every type DataFlow reads from Parquet, with nulls and repeats."""
    return pa.table({
        "b": pa.array([i % 3 == 0 if i % 7 else None for i in range(rows)], pa.bool_()),
        "i": pa.array([i - 5 if i % 5 else None for i in range(rows)], pa.int32()),
        "l": pa.array([i * 1_000_003 for i in range(rows)], pa.int64()),
        "f": pa.array([i / 4 for i in range(rows)], pa.float32()),
        "d": pa.array([i / 8 if i % 6 else None for i in range(rows)], pa.float64()),
        "s": pa.array([f"v{i % 4}" if i % 9 else None for i in range(rows)], pa.string()),
        "bin": pa.array([bytes([i, 0, 255]) for i in range(rows)], pa.binary()),
        "day": pa.array([datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(rows)], pa.date32()),
        "ts": pa.array([datetime.datetime(2025, 1, 1) + datetime.timedelta(minutes=i) for i in range(rows)], pa.timestamp("us", tz="UTC")),
        "dec": pa.array([decimal.Decimal(i * 37 - 100) / 100 for i in range(rows)], pa.decimal128(9, 2)),
    })


def parquet_corpus() -> list:
    out = target("FuzzParquet")
    data = table()
    variants = [
        ("plain-none", dict(compression="none", use_dictionary=False)),
        ("dict-snappy", dict(compression="snappy")),
        ("dict-gzip-v2", dict(compression="gzip", data_page_version="2.0")),
        ("zstd-checksums", dict(compression="zstd", write_page_checksum=True)),
        ("delta", dict(compression="none", use_dictionary=False,
                       column_encoding={"i": "DELTA_BINARY_PACKED", "l": "DELTA_BINARY_PACKED",
                                        "s": "DELTA_LENGTH_BYTE_ARRAY", "bin": "DELTA_BYTE_ARRAY",
                                        "f": "BYTE_STREAM_SPLIT", "d": "BYTE_STREAM_SPLIT"})),
        ("small-pages", dict(compression="snappy", data_page_size=64, row_group_size=8)),
    ]
    paths = []
    for name, options in variants:
        path = os.path.join(out, name + ".parquet")
        pq.write_table(data, path, **options)
        paths.append(path)
    duck = os.path.join(out, "duckdb.parquet")
    duckdb.sql("SELECT range AS id, 'n' || (range % 5) AS name, range / 3.0 AS v FROM range(40)").write_parquet(duck)
    paths.append(duck)
    return paths


def thrift_corpus(parquet_files: list) -> None:
    """Footers, and the first page header of each file (bytes from its first data page on)."""
    out = target("FuzzThrift")
    for path in parquet_files:
        raw = open(path, "rb").read()
        length = struct.unpack("<I", raw[-8:-4])[0]
        name = os.path.splitext(os.path.basename(path))[0]
        open(os.path.join(out, name + "-footer"), "wb").write(raw[-8 - length:-8])
        first = pq.ParquetFile(path).metadata.row_group(0).column(0)
        start = first.dictionary_page_offset or first.data_page_offset
        open(os.path.join(out, name + "-page-header"), "wb").write(raw[start:start + 48])


def csv_corpus() -> None:
    write_seeds("FuzzCSV", {
        "rfc4180-infer": b"\x00id,amount,day,at,note,flag\n1,12.50,2025-11-02,2025-11-02 10:00:00,\"a, \"\"quoted\"\" note\",true\n2,,2025-11-03,,plain,false\n",
        "rfc4180-schema": b"\x01id,amount,day,at,note,flag\n1,3.25,2025-01-31,2025-01-31T23:59:59Z,\"multi\nline\",true\n",
        "redshift-unload": b"\x02\"1\"|\"99.99\"|\"2025-11-02\"|\"2025-11-02 08:00:00\"|\"pipe \\| and \\\\ and \\\"\"|\"t\"\n\\N|\\N|\\N|\\N|\\N|\\N\n",
        "tsv": b"\x03id\tnote\n1\thello\n2\t\n",
        "drop-malformed": b"\x81id,amount,day,at,note,flag\n1,2,3\n\"unterminated\n",
    })


def json_corpus() -> None:
    write_seeds("FuzzJSON", {
        "infer": b'\x00{"id": 1, "amount": 1.5, "note": "caf\\u00e9", "flag": true, "nested": {"a": [1, 2]}}\n{"id": null}\n',
        "schema": b'\x01{"id": 7, "day": "2025-11-02", "at": "2025-11-02T10:00:00Z", "raw": "AAEC", "amount": -0.0}\n\n{"note": "x"}\n',
    })


def arrow_corpus() -> None:
    out = target("FuzzArrow")
    data = table(12).drop_columns(["dec"])
    for name, options in [("plain", ipc.IpcWriteOptions()), ("zstd", ipc.IpcWriteOptions(compression="zstd"))]:
        sink = io.BytesIO()
        with ipc.new_stream(sink, data.schema, options=options) as writer:
            writer.write_table(data, max_chunksize=5)
        open(os.path.join(out, name), "wb").write(sink.getvalue())


def decompress_corpus() -> None:
    out = target("FuzzDecompress")
    payload = b"".join(struct.pack("<q", i * 7) for i in range(64)) + b"dataflow " * 20
    frames = {
        0: pa.compress(payload, codec="snappy", asbytes=True),
        1: gzip.compress(payload, mtime=0),
        2: pa.compress(payload, codec="zstd", asbytes=True),
        3: payload,
    }
    names = {0: "snappy", 1: "gzip", 2: "zstd", 3: "none"}
    for codec, frame in frames.items():
        header = bytes([codec]) + struct.pack("<I", len(payload))
        open(os.path.join(out, names[codec]), "wb").write(header + frame)


def main() -> None:
    files = parquet_corpus()
    thrift_corpus(files)
    csv_corpus()
    json_corpus()
    arrow_corpus()
    decompress_corpus()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"wrote the seed corpora under {ROOT} ({total} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
