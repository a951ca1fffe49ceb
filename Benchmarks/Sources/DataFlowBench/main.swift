// Runs one benchmark workload on DataFlow over the raw tables of scripts/generate.py and prints one
// JSON line: {"engine", "workload", "times", "median", "checksum", "peak_rss_mb"}. Loading is not
// timed; each timed run materializes the full result as batches.
import DataFlow
import DataFlowIO
import Foundation
import Pipelines
import SampleData

struct Options {
    var data = "bench-data"
    var workload = "groupby-int64"
    var runs = 5
    var parallelism = 2
    var scale = 1.0
    /// A dataset to generate (`dms`) instead of running a workload.
    var generate: String?

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw DataFlowError.invalidArgument(flag, "needs a value") }
            switch flag {
            case "--data": data = value
            case "--workload": workload = value
            case "--runs": runs = Int(value) ?? runs
            case "--parallelism": parallelism = Int(value) ?? parallelism
            case "--scale": scale = Double(value) ?? scale
            case "--generate": generate = value
            default: throw DataFlowError.invalidArgument(flag, "unknown option")
            }
        }
    }
}

/// The workload as an action to time: a query collected as batches, or a job that writes files
/// (`parquet-write`, `consolidate`) whose one-row result counts rows written (`n`) and removed (`total`).
func job(_ workload: String, data: String, scale: Double, session: Session, _ table: (String) throws -> DataFrame) throws -> () throws -> [RecordBatch] {
    let counts = { (written: Int, removed: Int?) in
        try session.createDataFrame(rows: [[.int64(Int64(written))] + (removed.map { [.float64(Double($0))] } ?? [])],
                                    schema: try Schema(ddl: "n BIGINT" + (removed == nil ? "" : ", total DOUBLE"))).collectBatches()
    }
    switch workload {
    case "migrate":
        let bookings = MigrateTable(schema: "id BIGINT, day DATE, ts TIMESTAMP, c INT, note STRING", partitionColumn: "day")
        var config = MigrateJob.Config(source: data + "/exports", output: data + "/written/dataflow", tables: ["bookings": bookings])
        config.maxRejectRatio = 1
        let session = try session.withTimeZone("UTC")
        return {
            let report = try MigrateJob(config: config).run(session: session)
            return try counts(report.tables.reduce(0) { $0 + $1.rowsWritten }, report.tables.reduce(0) { $0 + $1.rowsRejected })
        }
    case "hourly-space":
        let warehouse = session.warehouse
        let reservations = try session.read.parquet(data + "/reservations")
        try Catalog(warehouse: warehouse).registerPartitions("bench.fact_reservation", location: data + "/reservations", format: .parquet,
                                                             schema: reservations.schema, partitionColumns: [], partitions: [], replacing: true)
        var config = AggregateJob.Config(output: data + "/written/dataflow")
        config.aggregations = [.hourlySpace]
        config.timeZone = "America/New_York"
        config.inputDatabase = "bench"
        config.skipDataCheck = true
        return {
            let report = try AggregateJob(config: config).run(session: session)
            return try counts(report.outputRows["hourly-space"] ?? 0, report.invalidReservations)
        }
    case "cdc-snapshot":
        // Each run starts from an empty warehouse, so it rebuilds the snapshot from the full load and every change.
        let warehouse = data + "/written/dataflow"
        let session = Session(parallelism: session.parallelism, shufflePartitions: session.shufflePartitions, warehouse: warehouse)
        let config = CDCSnapshotJob.Config(table: "employees", source: dmsExport(scale: scale).tableConfig(path: data + "/dms/employees"),
                                           runDate: dmsStart.adding(days: dmsDays - 1))
        return {
            try? FileManager.default.removeItem(atPath: warehouse)
            let report = try CDCSnapshotJob(config: config).run(session: session)
            return try counts(report.snapshotRows, report.deletes)
        }
    default: break
    }
    if workload == "consolidate" {
        var config = ConsolidateJob.Config(source: data + "/landing/chargebacks", output: data + "/written/dataflow", fileCount: 10, compression: .snappy)
        config.partitionDate = "2025-11-02"
        return {
            let report = try ConsolidateJob(config: config).run(session: session)
            return try counts(report.recordsWritten, report.duplicatesRemoved)
        }
    }
    guard workload == "parquet-write" else {
        let plan = try query(workload, data: data, session: session, table)
        return { try plan.collectBatches() }
    }
    let chargebacks = try session.read.parquet(data + "/chargebacks").cache()
    return {
        let summary = try chargebacks.repartition(10).write.mode(.overwrite).parquet(data + "/written/dataflow")
        return try counts(summary.rows, nil)
    }
}

/// The workload's query over the tables it reads (loaded by name) or the files under `data`.
func query(_ workload: String, data: String, session: Session, _ table: (String) throws -> DataFrame) throws -> DataFrame {
    switch workload {
    case "filter":
        return try table("t").filter(col("v") < 100 && col("s") != "cat00-").select(col("k1"), col("v").alias("total"))
    case "projection":
        return try table("t").select((col("k1") * 2 + 1).alias("n"), (col("v") * 1.5 - col("k1") / 4.0).alias("total"))
    case "drop-duplicates":
        return try table("t").dropDuplicates(["k1"]).select(col("k1").alias("n"), col("v"), col("s"), col("ts"))
    case "groupby-int64":
        return try table("t").groupBy("k1").agg(.sum("v").alias("total"))
    case "groupby-string":
        return try table("t").groupBy("s").agg(.count().alias("n"), .sum("v").alias("total"), .avg("v").alias("mean"))
    case "sort-int64-string":
        return try table("t").orderBy(col("k1"), col("s"))
    case "join-hash":
        let facts = try table("t"), dimension = try table("d")
        return try facts.join(dimension, on: facts["k1"] == dimension["k"]).agg(.sum(col("v") + col("w")).alias("total"), .count().alias("n"))
    case "window-latest":
        let latest = Window.partitionBy("k1").orderBy(col("ts").desc())
        return try table("t").withColumn("rn", Expr.rowNumber().over(latest)).filter(col("rn") == 1)
            .select(col("k1"), col("ts"), col("v").alias("total"))
    case "window-running":
        let running = Window.partitionBy("k1").orderBy(col("ts")).rowsBetween(Window.unboundedPreceding, Window.currentRow)
        return try table("t").select(col("k1"), col("ts"), Expr.sum("v").over(running).alias("total"))
    case "csv-redshift":
        var options = CSVOptions.redshiftUnload
        options.schema = try Schema(ddl: "id BIGINT, day DATE, ts TIMESTAMP, c INT, note STRING")
        return try session.read.csv(data + "/unload", options: options)
            .agg(.count().alias("n"), .sum("id").alias("total"), .max("day"), .max("ts"), .sum("c"), .max(Expr.length(col("note"))))
    case "parquet-scan":
        return try session.read.parquet(data + "/chargebacks").agg(.sum("amount").alias("total"), .countDistinct("merchant_id").alias("n"))
    case "join-band":
        let bookings = try table("bookings"), hours = try table("hours")
        return try bookings.join(hours, on: col("start") < col("bucket_end") && col("end") > col("bucket_start"))
            .groupBy("bucket_start").agg(.count().alias("n"))
    default:
        throw DataFlowError.invalidArgument("--workload", "unknown workload \(workload)")
    }
}

/// The same checksums as scripts/peers.py computes.
func checksum(_ workload: String, _ batches: [RecordBatch]) -> [String: Any] {
    let rows = batches.reduce(0) { $0 + $1.rowCount }
    if workload == "sort-int64-string" {
        var k1Sum: Int64 = 0, sSum: Int64 = 0, position: Int64 = 0
        for batch in batches {
            let k1 = batch.columns[(try? batch.schema.index(of: "k1")) ?? 0].scalars
            let s = batch.columns[(try? batch.schema.index(of: "s")) ?? 1].scalars
            for (key, text) in zip(k1, s) {
                let weight = position % 1000 + 1
                if case let .int64(value) = key { k1Sum &+= value &* weight }
                if case let .string(value) = text { sSum &+= Int64(value.unicodeScalars.count) &* weight }
                position += 1
            }
        }
        return ["rows": rows, "k1": k1Sum, "s": sSum]
    }
    var totals: [Double] = []
    var n: Int64 = 0
    var hasTotal = false, hasN = false
    for batch in batches {
        if let index = try? batch.schema.index(of: "total") {
            hasTotal = true
            for value in batch.columns[index].scalars {
                switch value {
                case let .float64(x): totals.append(x)
                case let .int64(x): totals.append(Double(x))
                case let .decimal(unscaled, _, scale): totals.append(Double(unscaled) / pow(10, Double(scale)))
                default: break
                }
            }
        }
        if let index = try? batch.schema.index(of: "n") {
            hasN = true
            for value in batch.columns[index].scalars { if case let .int64(x) = value { n += x } }
        }
    }
    var result: [String: Any] = ["rows": rows]
    if hasTotal { result["total"] = totals.sorted().reduce(0, +) }
    if hasN { result["n"] = n }
    return result
}

/// The DMS export `cdc-snapshot` reads: 1M employees and 300k changes over three days at scale 1.
let dmsStart = CalendarDate(daysSinceEpoch: 18_579), dmsDays = 3 // 2020-11-13, as `make demo`

func dmsExport(scale: Double) -> DMSExport {
    DMSExport(fullLoadRows: max(1, Int(1_000_000 * scale)), changes: max(1, Int(300_000 * scale)), days: dmsDays, startDate: dmsStart)
}

/// Writes the DMS export under `data/dms/employees` unless a marker says it is there at this scale.
func generateDMS(data: String, scale: Double, session: Session) throws {
    let marker = data + "/dms/_GENERATED"
    let stamp = "scale \(scale)"
    if (try? String(contentsOfFile: marker, encoding: .utf8)) == stamp { return }
    try dmsExport(scale: scale).write(to: data + "/dms/employees", session: session)
    try stamp.write(toFile: marker, atomically: true, encoding: .utf8)
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

do {
    let options = try Options(CommandLine.arguments)
    let session = Session(parallelism: options.parallelism, shufflePartitions: Int(ProcessInfo.processInfo.environment["SHUFFLE"] ?? "") ?? options.parallelism,
                          warehouse: options.data + "/written/warehouse")
    if options.generate == "dms" {
        try generateDMS(data: options.data, scale: options.scale, session: session)
        exit(0)
    }
    let run = try job(options.workload, data: options.data, scale: options.scale, session: session) {
        try RawTable.load(URL(fileURLWithPath: options.data), table: $0, session: session)
    }
    _ = try run() // warm-up
    var times: [Double] = []
    var last: [RecordBatch] = []
    let clock = ContinuousClock()
    for _ in 0..<options.runs {
        last = []
        let start = clock.now
        last = try run()
        let elapsed = clock.now - start
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    let sorted = times.sorted()
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    let report: [String: Any] = [
        "engine": "dataflow", "workload": options.workload, "times": times, "median": median,
        "checksum": checksum(options.workload, last), "peak_rss_mb": peakRSSMegabytes(),
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("DataFlowBench: \(error)\n".utf8))
    exit(1)
}
