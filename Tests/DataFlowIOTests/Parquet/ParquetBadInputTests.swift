import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet bad input and unsupported features")
struct ParquetBadInputTests {
    /// A small valid file written by DataFlow.
    private func validFile(_ dir: String, codec: CompressionCodec = .uncompressed) throws -> String {
        var options = ParquetWriteOptions()
        options.compression = codec
        options.pageSize = 64
        try everyTypeFrame(Session(parallelism: 1), rows: 40).write.parquet(dir + "/ok", options: options)
        return try parquetFiles(dir + "/ok")[0]
    }

    private func readAll(_ path: String) throws -> [Row] { try Session(parallelism: 1).read.parquet(path).collect() }

    @Test("Thrift: unknown fields are skipped, truncation is a parse error with the offset")
    func thrift() throws {
        var writer = ThriftCompactWriter()
        writer.writeStructValue { writer in
            writer.writeString(1, "key")
            writer.writeListHeader(7, .i64, count: 20)
            for value in 0..<20 { writer.writeZigzag(Int64(value) - 10) }
            writer.writeStruct(40) { writer in writer.writeBool(1, true) }
            writer.writeString(2, "value")
        }
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw, path: "mem", baseOffset: 0)
            return try ParquetKeyValue(from: &reader)
        }
        #expect(decoded == ParquetKeyValue(key: "key", value: "value"))
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            let error = #expect(throws: DataFlowError.self) {
                try Array(bytes[..<cut]).withUnsafeBytes { raw in
                    var reader = ThriftCompactReader(raw, path: "mem", baseOffset: 100)
                    _ = try ParquetKeyValue(from: &reader)
                }
            }
            #expect(error?.category == .parse)
            #expect(error?.location?.path == "mem")
            #expect((error?.location?.byteOffset ?? 0) >= 100)
        }
    }

    @Test("truncated files and a broken footer give parse errors naming the file")
    func truncated() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try validFile(dir)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for (name, data) in [("half", bytes.prefix(bytes.count / 2)), ("tiny", bytes.prefix(5)),
                             ("footer-cut", bytes.prefix(bytes.count - 20) + bytes.suffix(8))] {
            let bad = dir + "/\(name).parquet"
            try Data(data).write(to: URL(fileURLWithPath: bad))
            let error = #expect(throws: DataFlowError.self) { try readAll(bad) }
            #expect(error?.category == .parse)
            #expect(error?.location?.path == bad)
        }
    }

    @Test("corrupting any byte never crashes: each read returns rows or throws a DataFlowError", arguments: [CompressionCodec.uncompressed, .snappy])
    func corruption(codec: CompressionCodec) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try validFile(dir, codec: codec)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var errors = 0
        for position in stride(from: 4, to: original.count - 8, by: max(1, original.count / 400)) {
            for value: UInt8 in [0xFF, 0x00, 0x7F] {
                var data = original
                data[position] = value
                let bad = dir + "/bad.parquet"
                try data.write(to: URL(fileURLWithPath: bad))
                do { _ = try readAll(bad) } catch is DataFlowError { errors += 1 }
            }
        }
        #expect(errors > 0)
    }

    @Test("columns of types DataFlow does not read, nested ones included, are skipped, and asking for one names it; unknown codecs are named")
    func unsupported() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try runPython("""
import sys, datetime, pyarrow as pa, pyarrow.parquet as pq
t = pa.table({'id': [1, 2], 'at': pa.array([datetime.time(1, 2), None], pa.time64('us')),
              'point': [{'x': 1, 't': datetime.time(3, 4)}, None], 'tags': [['a'], []], 'name': ['p', None]})
pq.write_table(t, sys.argv[1] + '/nested.parquet')
pq.write_table(pa.table({'id': [1, 2]}), sys.argv[1] + '/lz4.parquet', compression='lz4')
""", [dir])
        let session = Session(parallelism: 1)
        let frame = try session.read.parquet(dir + "/nested.parquet")
        #expect(frame.schema.fields.map(\.name) == ["id", "tags", "name"])
        #expect(try frame.collect().map(\.values) == [[1, .array(["a"]), "p"], [2, .array([]), .null]])
        var options = ParquetReadOptions()
        options.columns = ["id", "point"]
        let nested = #expect(throws: DataFlowError.self) { try session.read.parquet(dir + "/nested.parquet", options: options) }
        #expect(nested?.category == .notImplemented)
        #expect(nested?.message.contains("column 'point.t': logical type") == true)
        #expect(nested?.location?.column == "point")
        let codec = #expect(throws: DataFlowError.self) { try session.read.parquet(dir + "/lz4.parquet").collect() }
        #expect(codec?.category == .notImplemented)
        #expect(codec?.message.contains("LZ4_RAW") == true)
        #expect(codec?.location?.column == "id")
    }
}
