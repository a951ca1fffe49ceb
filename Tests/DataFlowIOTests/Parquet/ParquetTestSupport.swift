import DataFlow
@testable import DataFlowIO
import Foundation
import Testing
@_exported import TestSupport

/// Opens and drains every partition of a scan of `source`, one after another; returns the rows read.
func scanRowCount(_ source: ParquetSource, _ request: ScanRequest, session: Session, metrics: ScanMetrics = ScanMetrics()) throws -> Int {
    let context = session.makeTaskContext()
    var rows = 0
    for partition in try source.partitions(for: request) {
        let stream = try partition.open(context: context, metrics: metrics)
        while let batch = try stream.next() { rows += batch.rowCount }
    }
    return rows
}

/// The one `.parquet` file DataFlow wrote into `directory`.
func parquetFiles(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".parquet") }.sorted().map { directory + "/" + $0 }
}

/// A DataFrame with every DataFlow type, nulls in every nullable column, and repeated values (so
/// that dictionaries are used).
func everyTypeFrame(_ session: Session, rows: Int = 300) throws -> DataFrame {
    let schema = try Schema(ddl: "b BOOLEAN, i INT, l BIGINT, d DOUBLE, small DECIMAL(7,2), mid DECIMAL(15,3), big DECIMAL(30,4), s STRING, bin BINARY, day DATE, ts TIMESTAMP")
    var table: [[Scalar]] = []
    for row in 0..<rows {
        let null = row % 7 == 3
        let r = Int64(row)
        table.append(null ? Array(repeating: .null, count: 11) : [
            .boolean(row % 3 == 0), .int32(Int32(row % 50) - 25), .int64(r * 1_000_000_007 - 9_000_000_000), .float64(Double(row) / 8 - 3),
            .decimal(unscaled: Int128(r * 37 - 5000), precision: 7, scale: 2), .decimal(unscaled: Int128(r) * 123_456_789_012 - 7, precision: 15, scale: 3),
            .decimal(unscaled: Int128(r - 150) * 1_000_000_000_000_000_000_001, precision: 30, scale: 4),
            .string(row % 5 == 0 ? "" : "név-\(row % 40)"), .binary([UInt8(row % 256), 0, 255]), .date(Int32(row) * 97 - 10_000),
            .timestamp(r * 3_600_000_123 - 1_000_000_000_000),
        ])
    }
    return try session.createDataFrame(rows: table, schema: schema)
}

/// The rows of `frame` as text, one line per row, in the format the Python check scripts print.
func canonicalRows(_ frame: DataFrame) throws -> String {
    try frame.collect().map { row in
        row.values.map { value -> String in
            switch value {
            case .null: return "None"
            case let .binary(bytes): return bytes.map { String(format: "%02x", $0) }.joined()
            case let .timestamp(micros): return String(micros)
            case let .date(days): return String(days)
            case let .boolean(flag): return flag ? "True" : "False"
            case let .float64(value): return String(value)
            default: return value.formatted()
            }
        }.joined(separator: "|")
    }.joined(separator: "\n") + "\n"
}

/// Prints every row of a table in `canonicalRows`' format: pyarrow values, then a type line.
let pythonCanonical = """
import sys, datetime, decimal
def fmt(v):
    if v is None: return 'None'
    if isinstance(v, bytes): return v.hex()
    if isinstance(v, datetime.datetime):
        e = datetime.datetime(1970,1,1,tzinfo=datetime.timezone.utc)
        d = v - e
        return str((d.days*86400 + d.seconds)*1000000 + d.microseconds)
    if isinstance(v, datetime.date): return str((v - datetime.date(1970,1,1)).days)
    if isinstance(v, float): return repr(v)
    return str(v)
def dump(rows):
    return ''.join('|'.join(fmt(v) for v in r) + '\\n' for r in rows)

"""

/// Defines `text(value, type)`: Spark's text of a pyarrow value (what `Scalar.formatted()` writes),
/// and `rows(table)`: one line per row of a table, its columns' texts joined by `|`.
let pythonSparkText = """
import sys, pyarrow as pa
def text(v, t, top=False):
    if v is None: return 'NULL' if top else 'null'
    if pa.types.is_list(t) or pa.types.is_large_list(t): return '[' + ', '.join(text(x, t.value_type) for x in v) + ']'
    if pa.types.is_map(t): return '{' + ', '.join(text(k, t.key_type) + ' -> ' + text(x, t.item_type) for k, x in v) + '}'
    if pa.types.is_struct(t): return '{' + ', '.join(text(v[f.name], f.type) for f in t) + '}'
    if isinstance(v, bool): return 'true' if v else 'false'
    return str(v)
def rows(table):
    return ''.join('|'.join(text(row[f.name], f.type, True) for f in table.schema) + '\\n' for row in table.to_pylist())

"""

/// The pages of one column chunk, in file order, as "dictionary" or the data page's encoding
/// (`RLE_DICTIONARY`, `PLAIN`, ...), read from the page headers.
func pageEncodings(_ path: String, rowGroup: Int = 0, column: Int) throws -> [String] {
    let file = try ParquetFileReader(path: path)
    let chunk = try #require(file.metadata.rowGroups[rowGroup].columns[column].metadata)
    var position = Int(chunk.dictionaryPageOffset ?? chunk.dataPageOffset)
    let end = position + Int(chunk.totalCompressedSize)
    var pages: [String] = []
    try file.data.withUnsafeBytes { raw in
        while position < end {
            var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: raw[position..<end]), path: path, baseOffset: position)
            let header = try PageHeader(from: &reader)
            switch ParquetPageType(rawValue: header.type) {
            case .dictionaryPage?: pages.append("dictionary")
            case .dataPage?: pages.append(header.dataPage.map { "\($0.encoding)" } ?? "?")
            case .dataPageV2?: pages.append(header.dataPageV2.map { "\($0.encoding)" } ?? "?")
            default: pages.append("other")
            }
            position += reader.position + Int(header.compressedSize)
        }
    }
    return pages
}
