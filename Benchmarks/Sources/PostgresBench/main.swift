// The PostgreSQL store's benchmark (issue 9), against a server at DATAFLOW_PG_URL:
//   load, read-back  1M rows written with COPY through DataFlow, and read back (two partitioned
//              ranges), against psql's \copy of the same rows as CSV in and out, in the same run;
//   scd2       an SCD type 2 merge of 100k changed users into a 1M-row dimension.
// Prints one JSON line per measurement: {"workload", "engine", "times", "median"}.
import DataFlow
import DataFlowIO
import DataFlowPostgres
import Foundation

let url = ProcessInfo.processInfo.environment["DATAFLOW_PG_URL"] ?? ""
let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 5
let rows = 1_000_000
let session = Session(parallelism: 2)
let scratch = NSTemporaryDirectory() + "dataflow-postgres-bench"

/// The median of `runs` timings of `body` after a warm-up.
func measure(_ body: () throws -> Void) rethrows -> (times: [Double], median: Double) {
    try body()
    let clock = ContinuousClock()
    let times = try (0..<runs).map { _ -> Double in
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    return (times, times.sorted()[times.count / 2])
}

func report(_ workload: String, _ engine: String, _ result: (times: [Double], median: Double)) {
    let line: [String: Any] = ["workload": workload, "engine": engine, "times": result.times, "median": result.median]
    if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) { print(String(decoding: data, as: UTF8.self)) }
}

/// Runs psql with `arguments`, failing on a non-zero exit.
func psql(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q"] + arguments
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw DataFlowError(.io, "psql failed (\(process.terminationStatus))") }
}

do {
    guard !url.isEmpty else { throw DataFlowError(.invalidArgument, "set DATAFLOW_PG_URL (scripts/postgres-test-server.sh start DIR prints one)") }
    try? FileManager.default.removeItem(atPath: scratch)
    let ids = try Column((0..<Int64(rows)).map { $0 })
    var names = ColumnBuilder(type: .string, capacity: rows), amounts = ColumnBuilder(type: .decimal(precision: 12, scale: 2), capacity: rows)
    var created = ColumnBuilder(type: .timestamp, capacity: rows), active = ColumnBuilder(type: .boolean, capacity: rows)
    for row in 0..<rows {
        names.appendString("customer-\(row % 50_000)")
        amounts.appendFixed(Int64((row * 7_919) % 10_000_000))
        created.appendFixed(1_735_689_600_000_000 + Int64(row) * 31_000_000)
        active.appendBit(row % 3 != 0)
    }
    let schema = try Schema(ddl: "id BIGINT, customer STRING, amount DECIMAL(12,2), created TIMESTAMP, active BOOLEAN")
    let frame = try session.createDataFrame(columns: [ids, names.finish(), amounts.finish(), created.finish(), active.finish()], schema: schema).cache()
    _ = try frame.count()

    // DataFlow: COPY in; then read back in two ranges of id and aggregate.
    report("load", "dataflow", try measure { try frame.write.mode(.overwrite).postgres(url, table: "bench_dataflow") })
    // Reading splits on the table's key, as Spark's JDBC reads do: the ranges are index scans.
    try PostgresStore(url: url).execute([SQLStatement("ALTER TABLE bench_dataflow ADD PRIMARY KEY (id)")])
    report("read-back", "dataflow", try measure {
        let back = try session.read.postgres(url, table: "bench_dataflow",
                                             options: PostgresReadOptions(partitionColumn: "id", lowerBound: 0, upperBound: Int64(rows), numPartitions: 2))
        let total = try back.agg(Expr.count().alias("n"), Expr.sum("amount").alias("total")).collect()
        guard total.first?[0] == .int64(Int64(rows)) else { throw DataFlowError.internalError("read back \(total) rows") }
    })

    // psql: the same rows as CSV, \copy in; then \copy out.
    try frame.coalesce(1).write.mode(.overwrite).csv(scratch + "/csv", options: CSVOptions(header: false))
    let csv = try FileManager.default.contentsOfDirectory(atPath: scratch + "/csv").first { $0.hasSuffix(".csv") }.map { scratch + "/csv/" + $0 } ?? ""
    report("load", "psql", try measure {
        try psql(["-c", "DROP TABLE IF EXISTS bench_psql", "-c", "CREATE TABLE bench_psql (id bigint, customer text, amount numeric(12,2), created timestamptz, active boolean)",
                  "-c", "\\copy bench_psql FROM '\(csv)' CSV"])
    })
    report("read-back", "psql", try measure { try psql(["-c", "\\copy bench_psql TO '/dev/null' CSV"]) })

    // SCD2: a 1M-user dimension, then 100k of them changing city.
    let users = try frame.select(col("customer").alias("city"), col("id").cast(.string).alias("email"), col("active"))
    let changed = try users.filter(col("email").cast(.int64) % lit(10) == lit(0)).withColumn("city", lit("Elsewhere"))
    var merge = SCD2Merge(businessKeys: ["email"], trackedColumns: ["city", "active"])
    let timings = try (0..<runs).map { _ -> Double in
        try PostgresStore(url: url).execute([SQLStatement("DROP TABLE IF EXISTS bench_dim_users")])
        merge.asOf = Date(timeIntervalSince1970: 1_760_000_000)
        try users.write.postgres(url).scd2Merge(table: "bench_dim_users", merge)
        merge.asOf = Date(timeIntervalSince1970: 1_760_086_400)
        let clock = ContinuousClock(), start = clock.now
        let summary = try changed.write.postgres(url).scd2Merge(table: "bench_dim_users", merge)
        let elapsed = clock.now - start
        guard summary.updated == rows / 10 else { throw DataFlowError.internalError("merged \(summary)") }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    report("scd2-100k-into-1M", "dataflow", (timings, timings.sorted()[timings.count / 2]))
    try PostgresStore(url: url).execute([SQLStatement("DROP TABLE IF EXISTS bench_dataflow"), SQLStatement("DROP TABLE IF EXISTS bench_psql"),
                                         SQLStatement("DROP TABLE IF EXISTS bench_dim_users")])
} catch {
    FileHandle.standardError.write(Data("PostgresBench: \(error)\n".utf8))
    exit(1)
}
