@testable import DataFlowSparkConnect
import DataFlow
import DataFlowIO
import Foundation
import Testing
import TestSupport

/// A remote session against the live Spark Connect server of the tests: local rows out, results
/// back, files read and written by Spark, errors before anything runs.
@Suite("Spark Connect: a remote session", .serialized)
struct RemoteSessionTests {
    static let schema = Schema([Field("k", .string), Field("v", .int64, nullable: false), Field("d", .date), Field("ts", .timestamp),
                                Field("amount", .decimal(precision: 12, scale: 2))])
    static let rows: [[Scalar]] = [
        [.string("a"), .int64(1), .date(20_000), .timestamp(1_700_000_000_123_456), .decimal(unscaled: 12_345, precision: 12, scale: 2)],
        [.string("b"), .int64(2), .date(20_001), .null, .decimal(unscaled: -5, precision: 12, scale: 2)],
        [.string("a"), .int64(5), .null, .timestamp(-1), .null],
        [.null, .int64(7), .date(-1), .timestamp(0), .decimal(unscaled: 1, precision: 12, scale: 2)],
    ]

    @Test("local rows of every type go to Spark and come back unchanged, and aggregated")
    func localRows() throws {
        let spark = try sparkSession(timeZone: "America/Los_Angeles")
        let frame = try spark.createDataFrame(rows: Self.rows, schema: Self.schema)
        #expect(try frame.orderBy(col("v").asc()).collect().map(\.values) == Self.rows)
        let totals = try frame.groupBy("k").agg(Expr.sum("v").alias("total"), Expr.count().alias("n")).orderBy(col("k").asc()).collect()
        #expect(totals.map(\.values) == [[.null, .int64(7), .int64(1)], [.string("a"), .int64(6), .int64(2)], [.string("b"), .int64(2), .int64(1)]])
        #expect(try frame.count() == 4)
        #expect(try frame.explain().contains("local_relation"))
    }

    @Test("SET timeZone moves a remote session to a Spark session in the new zone; DataFrames made before keep theirs")
    func setTimeZone() throws {
        let spark = try sparkSession()
        let hour = "SELECT hour(CAST(0 AS TIMESTAMP)) AS h"
        let before = try spark.sql(hour)
        _ = try spark.sql("SET timeZone = 'America/Los_Angeles'").collect()
        #expect(try spark.sql(hour).collect().map(\.values) == [[.int32(16)]])
        #expect(try before.collect().map(\.values) == [[.int32(0)]])
    }

    @Test("Spark writes partitioned Parquet and reads it back with the schema it infers; the summary counts the rows")
    func writesAndReadsFiles() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spark = try sparkSession()
        let frame = try spark.createDataFrame(rows: Self.rows, schema: Self.schema)
        let summary = try frame.write.mode(.overwrite).partitionBy("k").parquet(root + "/out")
        #expect(summary.rows == 4)
        // The summary names the data files Spark wrote, as the local file system sees them.
        let written = try dataFiles(root + "/out")
        #expect(!written.isEmpty && summary.files == written.keys.sorted(), "\(summary.files) vs \(written.keys.sorted())")
        #expect(summary.bytes == written.values.reduce(0, +))
        // An append names only the files it added.
        let appended = try frame.filter(col("k") == "b").write.mode(.append).partitionBy("k").parquet(root + "/out")
        let afterAppend = try dataFiles(root + "/out")
        #expect(appended.rows == 1 && appended.files == afterAppend.keys.filter { written[$0] == nil }.sorted() && appended.files.count >= 1)
        #expect(appended.files.allSatisfy { $0.hasPrefix("k=b/part-") })
        #expect(FileManager.default.fileExists(atPath: root + "/out/k=a") && FileManager.default.fileExists(atPath: root + "/out/_SUCCESS"))
        // Read back here, embedded, and on Spark.
        let embedded = try Session().read.parquet(root + "/out").select("v", "amount", "k").orderBy(col("v").asc()).collect().map(\.values)
        let remote = try spark.read.parquet(root + "/out")
        #expect(remote.schema.names.sorted() == ["amount", "d", "k", "ts", "v"])
        #expect(try remote.select("v", "amount", "k").orderBy(col("v").asc()).collect().map(\.values) == embedded)
        #expect(embedded.map { $0[0] } == [.int64(1), .int64(2), .int64(2), .int64(5), .int64(7)])
        // error mode refuses the existing target, as Spark does.
        #expect(throws: DataFlowError.self) { try frame.write.parquet(root + "/out") }
        // CSV with a header, schema inferred by Spark.
        try frame.select("k", "v").write.mode(.overwrite).csv(root + "/csv", options: CSVOptions(header: true))
        let csv = try spark.read.csv(root + "/csv", options: CSVOptions(header: true, inferSchema: true))
        #expect(csv.schema.fields.map(\.type) == [.string, .int32])
        #expect(try csv.agg(Expr.sum("v").alias("total")).collect().first?.values == [.int64(15)])
    }

    @Test("nested Parquet: Spark reads the arrays, maps and structs DataFlow writes, and DataFlow reads Spark's")
    func nestedParquet() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let schema = try Schema(ddl: "id bigint, a array<int>, m map<string, double>, s struct<x: string, ys: array<bigint>>, l array<struct<k: string, v: array<int>>>")
        func pair(_ names: [String], _ values: [Scalar]) -> Scalar { .struct(names: names, values: values) }
        let rows: [[Scalar]] = [
            [1, .array([1, .null, 3]), .map(keys: ["a", "b"], values: [1.5, .null]), pair(["x", "ys"], ["p", .array([10, 20])]),
             .array([pair(["k", "v"], ["u", .array([])])])],
            [2, .array([]), .map(keys: [], values: []), pair(["x", "ys"], [.null, .null]), .array([])],
            [3, .null, .null, .null, .null],
            [4, .array([.null]), .map(keys: ["z"], values: [-2.25]), pair(["x", "ys"], ["", .array([.null])]),
             .array([.null, pair(["k", "v"], ["w", .null]), pair(["k", "v"], [.null, .array([7, .null])])])],
        ]
        let embedded = Session(parallelism: 2)
        let local = try embedded.createDataFrame(rows: rows, schema: schema)
        let expected = try local.orderBy("id").collect().map(\.values)
        try local.write.mode(.overwrite).parquet(root + "/dataflow")
        let spark = try sparkSession()
        let readBySpark = try spark.read.parquet(root + "/dataflow")
        #expect(readBySpark.schema.fields.map(\.type) == schema.fields.map(\.type))
        #expect(try readBySpark.orderBy(col("id").asc()).collect().map(\.values) == expected)
        // Spark writes the same rows with its own writer; DataFlow reads them back.
        try spark.createDataFrame(rows: rows, schema: schema).write.mode(.overwrite).parquet(root + "/spark")
        let readHere = try embedded.read.parquet(root + "/spark")
        #expect(readHere.schema.fields.map(\.type) == schema.fields.map(\.type))
        #expect(try readHere.orderBy("id").collect().map(\.values) == expected)
    }

    @Test("uuid_from_hash on Spark gives DataFlow's version-5 UUIDs, in the default and another namespace")
    func nameBasedUUID() throws {
        let names: [[Scalar]] = [[.string("ana@x.io")], [.string("")], [.string("zoë 🙂")], [.null]]
        let schema = Schema([Field("e", .string)])
        func uuids(_ session: Session) throws -> [[Scalar]] {
            try session.createDataFrame(rows: names, schema: schema)
                .select(col("e"), Expr.uuidFromHash(col("e")).alias("url"),
                        Expr.uuidFromHash(col("e"), namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8").alias("dns"))
                .orderBy(col("e").asc()).collect().map(\.values)
        }
        let embedded = try uuids(Session())
        #expect(try uuids(try sparkSession()) == embedded)
        // Python's str(uuid.uuid5(uuid.NAMESPACE_URL, "ana@x.io")).
        #expect(embedded.first { $0[0] == .string("ana@x.io") }?[1] == .string("7c8d19ef-00f3-53ad-b04f-5090d3c87352"))
        #expect(embedded.first { $0[0].isNull }?[1].isNull == true)
    }

    @Test("cache() keeps a snapshot on the cluster: a later read of the rewritten file sees the new rows, the cached frame its own")
    func cacheIsASnapshot() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/users.csv"
        let spark = try sparkSession()
        let options = CSVOptions(header: true, inferSchema: true)
        try "id,name\n1,a\n2,b\n".write(toFile: file, atomically: true, encoding: .utf8)
        let cached = try spark.read.csv(file, options: options).cache()
        #expect(try cached.explain().contains("cached_remote_relation"))
        try "id,name\n1,a\n2,b\n3,c\n".write(toFile: file, atomically: true, encoding: .utf8)
        // The same read again, as a watcher reads each new file of the same name.
        #expect(try spark.read.csv(file, options: options).cache().count() == 3)
        #expect(try cached.count() == 2)
        #expect(try cached.filter(col("id") > 1).select("name").collect().map(\.values) == [[.string("b")]])
    }

    @Test("a database of this process: its rows go to Spark with the plan, and results come back into it")
    func localDatabase() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let database = root + "/warehouse.sqlite"
        try Session().createDataFrame(rows: [[.string("a"), .string("first")], [.string("b"), .string("second")]],
                                      schema: Schema([Field("k", .string), Field("label", .string)])).write.sqlite(database, table: "labels")
        let spark = try sparkSession()
        let joined = try spark.createDataFrame(rows: Self.rows, schema: Self.schema).join(spark.read.sqlite(database, table: "labels"), on: "k")
            .groupBy("label").agg(Expr.sum("v").alias("total"))
        let summary = try joined.write.mode(.overwrite).sqlite(database, table: "totals")
        #expect(summary.rows == 2)
        let totals = try Session().read.sqlite(database, table: "totals").orderBy(col("label").asc()).collect().map(\.values)
        #expect(totals == [[.string("first"), .int64(6)], [.string("second"), .int64(2)]])
    }

    @Test("a session this process started ends on the server once nothing uses it")
    func releasesItsSession() throws {
        let address = try #require(ProcessInfo.processInfo.environment["DATAFLOW_SPARK_REMOTE"])
        var sessionID = ""
        do {
            let spark = try sparkSession()
            sessionID = try #require(spark.runner as? SparkConnectBackend).client.sessionID
            #expect(try spark.range(0, 3).count() == 3)
        }
        // Joining it by id now fails: the server closed it.
        let error = #expect(throws: DataFlowError.self) { try Session(remote: address + (address.contains(";") ? ";" : "/;") + "session_id=" + sessionID).range(0, 1).count() }
        #expect(error?.message.contains("SESSION_CLOSED") == true, "\(String(describing: error))")
    }

    @Test("the server's token goes with every call; a wrong one is refused by the server")
    func token() throws {
        let address = try SparkConnectURL(try #require(ProcessInfo.processInfo.environment["DATAFLOW_SPARK_REMOTE"]))
        #expect(address.token != nil && !address.usesTLS, "make test's server asks for a token, over loopback")
        let error = #expect(throws: DataFlowError.self) { try Session(remote: "sc://localhost:\(address.port)/;token=wrong").range(0, 1).count() }
        #expect(error?.message.contains("Invalid authentication token") == true, "\(String(describing: error))")
    }

    @Test("use_ssl=true: TLS to a proxy in front of the server, trusting its certificate through GRPC_DEFAULT_SSL_ROOTS_FILE_PATH")
    func tls() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let address = try SparkConnectURL(try #require(ProcessInfo.processInfo.environment["DATAFLOW_SPARK_REMOTE"]))
        let (certificate, key) = try selfSignedCertificate(in: root)
        let proxy = try startTLSProxy(certificate: certificate, key: key, targetPort: address.port)
        defer { proxy.process.terminate() }
        let secure = "sc://localhost:\(proxy.port)/;use_ssl=true;token=\(address.token ?? "")"
        // Not trusting the certificate, the handshake fails.
        #expect(throws: DataFlowError.self) { try Session(remote: secure).range(0, 1).count() }
        let systemRoots = ProcessInfo.processInfo.environment["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"]
        setenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", certificate, 1)
        defer {
            if let systemRoots { setenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", systemRoots, 1) } else { unsetenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH") }
        }
        #expect(try Session(remote: secure).range(0, 5).agg(Expr.sum("id").alias("total")).collect().first?.values == [.int64(10)])
    }

    @Test("what Spark cannot run is refused before anything runs, naming it")
    func refusals() throws {
        let spark = try sparkSession()
        let frame = try spark.createDataFrame(rows: Self.rows, schema: Self.schema)
        let distinctWindow = try frame.withColumn("kinds", Expr.countDistinct("k").over(Window.partitionBy("d").orderBy("v").rowsBetween(-1, 0)))
        let error = #expect(throws: DataFlowError.self) { try distinctWindow.collect() }
        #expect(error?.category == .notImplemented && error?.message.contains("count(DISTINCT ...) over a window") == true)
        let sql = #expect(throws: DataFlowError.self) { try spark.read.parquet("/no/such/dataflow/path").count() }
        #expect(sql?.message.contains("Spark Connect at") == true)
    }
}

/// The data files under `directory` (no hidden or `_` files) relative to it, with their sizes, as
/// this process sees them.
private func dataFiles(_ directory: String) throws -> [String: Int] {
    var files: [String: Int] = [:]
    let manager = FileManager.default
    for case let relative as String in manager.enumerator(atPath: directory) ?? NSEnumerator() {
        let name = (relative as NSString).lastPathComponent
        let path = directory + "/" + relative
        var isDirectory: ObjCBool = false
        guard !name.hasPrefix("."), !name.hasPrefix("_"), manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
        files[relative] = (try manager.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
    }
    return files
}
