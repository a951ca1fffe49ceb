import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet row-group pruning by statistics")
struct ParquetRowGroupPruningTests {
    /// 40 row groups of 100 sorted rows: group g holds ids 100g ..< 100g + 100.
    static let script = """
import sys, datetime, decimal, math, pyarrow as pa, pyarrow.parquet as pq
n = 4000
ids = list(range(n))
t = pa.table({
  'id': pa.array(ids, pa.int64()),
  'i32': pa.array([i - 2000 for i in ids], pa.int32()),
  's': pa.array([f'k{i:05d}' for i in ids], pa.string()),
  'd': pa.array([math.nan if i == 750 else i / 10 for i in ids], pa.float64()),
  'ts': pa.array([1_700_000_000_000 + i * 1000 for i in ids], pa.timestamp('ms')),
  'day': pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=i) for i in ids], pa.date32()),
  'dec': pa.array([decimal.Decimal(i) / 100 for i in ids], pa.decimal128(9, 2)),
  'big': pa.array([decimal.Decimal(i - 2000) / 100 for i in ids], pa.decimal128(25, 2)),
  'n': pa.array([None if 1000 <= i < 2000 else i for i in ids], pa.int64()),
  'u': pa.array([4_000_000_000 + i for i in ids], pa.uint32()),
})
pq.write_table(t, sys.argv[1], row_group_size=100)
"""

    private static func file() throws -> (dir: String, path: String) {
        let dir = try temporaryDirectory()
        let path = dir + "/sorted.parquet"
        _ = try runPython(script, [path])
        return (dir, path)
    }

    /// Each filter, the row groups it must leave, and an equivalent condition the optimizer cannot push.
    static let cases: [(PushedFilter, Int, Expr)] = {
        let ts = Int64(1_700_000_000_000 + 3900 * 1000) * 1000
        return [
            (.compare(column: "id", op: .equal, value: .int64(1234)), 1, col("id") + 0 == 1234),
            (.compare(column: "id", op: .less, value: .int32(100)), 1, col("id") + 0 < 100),
            (.compare(column: "id", op: .lessOrEqual, value: .int32(100)), 2, col("id") + 0 <= 100),
            (.compare(column: "id", op: .greater, value: .int64(3899)), 1, col("id") + 0 > 3899),
            (.compare(column: "id", op: .greaterOrEqual, value: .int64(3899)), 2, col("id") + 0 >= 3899),
            (.compare(column: "id", op: .notEqual, value: .int64(5)), 40, col("id") + 0 != 5),
            (.compare(column: "id", op: .greater, value: .float64(3899.5)), 1, col("id") + 0 > 3899.5),
            (.inList(column: "id", values: [.int64(5), .int64(3950), .int64(99_999)]), 2, (col("id") + 0).isin(.int64(5), .int64(3950), .int64(99_999))),
            (.compare(column: "i32", op: .less, value: .int32(-1950)), 1, col("i32") + 0 < -1950),
            (.compare(column: "s", op: .equal, value: .string("k01234")), 1, Expr.concat(col("s"), lit("")) == "k01234"),
            (.compare(column: "s", op: .greaterOrEqual, value: .string("k03900")), 1, Expr.concat(col("s"), lit("")) >= lit("k03900")),
            (.compare(column: "s", op: .less, value: .string("k")), 0, Expr.concat(col("s"), lit("")) < lit("k")),
            (.compare(column: "d", op: .lessOrEqual, value: .float64(0.5)), 1, col("d") + 0 <= 0.5),
            // NaN (in group 7, absent from min/max) is greater than any number: > cannot prune doubles.
            (.compare(column: "d", op: .greater, value: .float64(399)), 40, col("d") + 0 > 399.0),
            (.compare(column: "ts", op: .greaterOrEqual, value: .timestamp(ts)), 1, col("ts") >= lit(.timestamp(ts)) && col("id") >= 0),
            (.compare(column: "day", op: .equal, value: .date(18262 + 2500)), 1, col("day") == lit(.date(18262 + 2500)) && col("id") >= 0),
            (.compare(column: "dec", op: .greater, value: .decimal(unscaled: 390, precision: 3, scale: 1)), 1, col("dec") * 1 > lit(.decimal(unscaled: 390, precision: 3, scale: 1))),
            (.compare(column: "big", op: .less, value: .decimal(unscaled: -1950, precision: 4, scale: 2)), 1, col("big") * 1 < lit(.decimal(unscaled: -1950, precision: 4, scale: 2))),
            (.isNull(column: "n"), 10, (col("n") + 0).isNull()),
            (.isNotNull(column: "n"), 30, !(col("n") + 0).isNull()),
            (.compare(column: "n", op: .equal, value: .int64(1500)), 0, col("n") + 0 == 1500),
            (.compare(column: "u", op: .greater, value: .int64(4_000_003_899)), 1, col("u") + 0 > 4_000_003_899),
        ]
    }()

    @Test("each pushed filter reads only the row groups that can match, and results are unchanged")
    func pruning() throws {
        let (dir, path) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try ParquetSource(dataset: Dataset.discover([path], extensions: ["parquet"]), options: ParquetReadOptions())
        let session = Session(parallelism: 2)
        let frame = try session.read.parquet(path)
        for (filter, expected, unpushed) in Self.cases {
            #expect(source.pushdown(for: filter) == .inexact, "\(filter)")
            let request = ScanRequest(filters: [filter])
            let metrics = ScanMetrics()
            _ = try scanRowCount(source, request, session: session, metrics: metrics)
            let counts = metrics.counts
            #expect(counts.rowGroupsRead == expected, "\(filter)")
            #expect(counts.rowGroups == 40, "\(filter)")
            #expect(counts.rowGroupsSkippedByStatistics == 40 - expected, "\(filter)")
            #expect(counts.files == 1, "\(filter)")
            let condition = try #require(Self.expression(filter))
            let rows = try canonicalRows(frame.filter(condition).orderBy(col("id")))
            #expect(rows == (try canonicalRows(frame.filter(unpushed).orderBy(col("id")))), "\(filter)")
            #expect((rows == "\n") == (expected == 0), "\(filter)")
        }
        let both: [PushedFilter] = [.isNull(column: "n"), .compare(column: "id", op: .less, value: .int32(100))]
        let metrics = ScanMetrics()
        #expect(try scanRowCount(source, ScanRequest(filters: both), session: session, metrics: metrics) == 0)
        #expect(metrics.counts.rowGroupsRead == 0)
    }

    @Test("explain(.analyze) shows the row groups the pushed filters left; byte ranges split a file without losing a row group")
    func explain() throws {
        let (dir, path) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frame = try Session(parallelism: 2).read.parquet(path).filter(col("id") == 1234)
        let before = try frame.explain()
        #expect(before.contains("PushedFilters: [id = 1234]"))
        #expect(!before.contains("row groups"), "footers are read by the scan, so nothing is known before a run")
        #expect(try frame.select("s").collect().map(\.values) == [[.string("k01234")]])
        #expect(try frame.explain(.analyze).contains("row groups=1 of 40 read, 39 skipped by statistics, 0 by dictionary"))
        let scan = try #require(try frame.profile().metrics.firstOperator(named: "Scan")?.metrics.scan)
        #expect(scan.files == 1 && scan.rowGroupsRead == 1 && scan.bytesSkipped > scan.bytesRead && scan.bytesRead > 0)
        // Another filter on the same source counts its own row groups.
        #expect(try frame.filter(col("s") == "x").explain(.analyze).contains("row groups=0 of 40 read, 40 skipped by statistics, 0 by dictionary"))

        var options = ParquetReadOptions()
        options.splitSize = 8192
        let source = try ParquetSource(dataset: Dataset.discover([path], extensions: ["parquet"]), options: options)
        #expect(try source.partitions(for: ScanRequest()).count > 4)
        let split = Session(parallelism: 2).read(source)
        #expect(try split.count() == 4000)
        #expect(try split.agg(Expr.sum("id")).collect().map(\.values) == [[.int64(3999 * 4000 / 2)]])
        let tail = try split.filter(col("s") >= "k03990")
        #expect(try tail.count() == 10)
        #expect(try tail.explain(.analyze).contains("row groups=1 of 40 read"))
    }

    @Test("statistics that cannot be trusted keep the row group")
    func untrusted() throws {
        func leaf(_ physical: ParquetPhysicalType, _ type: DataType, _ conversion: ParquetConversion = .direct) -> ParquetLeaf {
            ParquetLeaf(path: ["c"], chunkIndex: 0, physical: physical, typeLength: 0, maxDefinitionLevel: 1, maxRepetitionLevel: 0,
                        field: Field("c", type), conversion: conversion, unsupported: nil)
        }
        func chunk(_ physical: ParquetPhysicalType, min: [UInt8]?, max: [UInt8]?, nulls: Int64?, legacy: Bool = false) -> ColumnMetaData {
            var statistics = ParquetStatistics(min: min, max: max, nullCount: nulls)
            statistics.legacy = legacy
            return ColumnMetaData(type: physical, encodings: [], path: ["c"], codec: .uncompressed, valueCount: 10, totalUncompressedSize: 0,
                                  totalCompressedSize: 0, dataPageOffset: 4, dictionaryPageOffset: nil, statistics: statistics)
        }
        let equalsZ = PushedFilter.compare(column: "c", op: .equal, value: .string("z"))
        let strings = leaf(.byteArray, .string)
        let ab = chunk(.byteArray, min: Array("a".utf8), max: Array("b".utf8), nulls: 0)
        #expect(!ParquetRowGroupFilter(leaf: strings, chunk: ab, rowCount: 10, typeDefinedOrder: true).canMatch(equalsZ))
        // Without TYPE_DEFINED_ORDER, or from the legacy signed min/max, byte order is unknown.
        #expect(ParquetRowGroupFilter(leaf: strings, chunk: ab, rowCount: 10, typeDefinedOrder: false).canMatch(equalsZ))
        let legacy = chunk(.byteArray, min: Array("a".utf8), max: Array("b".utf8), nulls: 0, legacy: true)
        #expect(ParquetRowGroupFilter(leaf: strings, chunk: legacy, rowCount: 10, typeDefinedOrder: true).canMatch(equalsZ))
        // Missing statistics and metadata keep; a known null count still decides IS NULL.
        let none = chunk(.byteArray, min: nil, max: nil, nulls: nil)
        #expect(ParquetRowGroupFilter(leaf: strings, chunk: none, rowCount: 10, typeDefinedOrder: true).canMatch(equalsZ))
        #expect(ParquetRowGroupFilter(leaf: strings, chunk: nil, rowCount: 10, typeDefinedOrder: true).canMatch(.isNull(column: "c")))
        #expect(!ParquetRowGroupFilter(leaf: strings, chunk: ab, rowCount: 10, typeDefinedOrder: true).canMatch(.isNull(column: "c")))
        // Legacy min/max of a signed integer are usable; of an unsigned one they are not.
        let ints = chunk(.int32, min: [1, 0, 0, 0], max: [2, 0, 0, 0], nulls: 0, legacy: true)
        let equals9 = PushedFilter.compare(column: "c", op: .equal, value: .int32(9))
        #expect(!ParquetRowGroupFilter(leaf: leaf(.int32, .int32), chunk: ints, rowCount: 10, typeDefinedOrder: false).canMatch(equals9))
        #expect(ParquetRowGroupFilter(leaf: leaf(.int32, .int64, .unsigned32), chunk: ints, rowCount: 10, typeDefinedOrder: false).canMatch(equals9))
        // NaN bounds, NaN values and INT96 keep; a date never compares with a plain number.
        let nan = chunk(.double, min: withUnsafeBytes(of: Double.nan) { Array($0) }, max: withUnsafeBytes(of: 1.0) { Array($0) }, nulls: 0)
        #expect(ParquetRowGroupFilter(leaf: leaf(.double, .float64), chunk: nan, rowCount: 10, typeDefinedOrder: true).canMatch(.compare(column: "c", op: .less, value: .float64(-5))))
        let reals = chunk(.double, min: withUnsafeBytes(of: 0.0) { Array($0) }, max: withUnsafeBytes(of: 1.0) { Array($0) }, nulls: 0)
        #expect(ParquetRowGroupFilter(leaf: leaf(.double, .float64), chunk: reals, rowCount: 10, typeDefinedOrder: true).canMatch(.compare(column: "c", op: .equal, value: .float64(.nan))))
        #expect(!ParquetRowGroupFilter(leaf: leaf(.double, .float64), chunk: reals, rowCount: 10, typeDefinedOrder: true).canMatch(.compare(column: "c", op: .equal, value: .float64(2))))
        let dates = chunk(.int32, min: [1, 0, 0, 0], max: [2, 0, 0, 0], nulls: 0)
        #expect(ParquetRowGroupFilter(leaf: leaf(.int32, .date), chunk: dates, rowCount: 10, typeDefinedOrder: true).canMatch(equals9))
        #expect(!ParquetRowGroupFilter(leaf: leaf(.int32, .date), chunk: dates, rowCount: 10, typeDefinedOrder: true).canMatch(.compare(column: "c", op: .equal, value: .date(9))))
    }

    /// The DataFlow condition of a pushed filter.
    static func expression(_ filter: PushedFilter) -> Expr? {
        switch filter {
        case let .compare(column, op, value):
            switch op {
            case .equal: return col(column) == lit(value)
            case .notEqual: return col(column) != lit(value)
            case .less: return col(column) < lit(value)
            case .lessOrEqual: return col(column) <= lit(value)
            case .greater: return col(column) > lit(value)
            case .greaterOrEqual: return col(column) >= lit(value)
            }
        case let .isNull(column): return col(column).isNull()
        case let .isNotNull(column): return col(column).isNotNull()
        case let .inList(column, values): return col(column).isin(values.map(lit))
        }
    }
}
