// Runs one out-of-core workload once on DataFlow under a memory limit, spilling to a folder, and
// prints one JSON line: {"engine", "workload", "seconds", "spilled_bytes", "checksum"}. Driven by
// scripts/out_of_core.py, one process per run, which measures each run's peak RSS (wait4).
//
//   OutOfCoreBench --workload groupby|sort|join --data DIR --memory-limit 1g --spill-directory DIR
//                  [--parallelism 2] [--output DIR] [--memory-trace SECONDS]
//
// With --memory-trace, every SECONDS it prints to stderr the process's resident memory, the bytes
// the memory pool has reserved and the stages started: where the two part is what the pool misses.
import DataFlow
import DataFlowIO
import Foundation

struct Options {
    var workload = "groupby"
    var data = "bench-data/out-of-core"
    var memoryLimit = "1g"
    var spillDirectory: String?
    var parallelism = 2
    var output = "/tmp/dataflow-out-of-core"
    var memoryTrace: Double?

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw DataFlowError.invalidArgument(flag, "needs a value") }
            switch flag {
            case "--workload": workload = value
            case "--data": data = value
            case "--memory-limit": memoryLimit = value
            case "--spill-directory": spillDirectory = value
            case "--parallelism": parallelism = Int(value) ?? parallelism
            case "--output": output = value
            case "--memory-trace": memoryTrace = Double(value)
            default: throw DataFlowError.invalidArgument(flag, "unknown option")
            }
        }
    }
}

/// The workload: an aggregate over the query (its checksum), or the sorted rows written as Parquet.
func run(_ workload: String, data: String, output: String, session: Session) throws -> (checksum: [String: Any], metrics: QueryMetrics) {
    switch workload {
    case "groupby":
        // 100M rows, 20M distinct int64 keys at scale 1.
        let groups = try session.read.parquet(data + "/facts").groupBy("k").agg(.sum("v").alias("s"))
        let (batches, metrics) = try groups.agg(.count().alias("n"), .sum("s").alias("total")).profile()
        return (firstRow(batches), metrics)
    case "join":
        // 100M facts against 20M dimension rows on an int64 key.
        let facts = try session.read.parquet(data + "/facts"), dimension = try session.read.parquet(data + "/dimension")
        let joined = try facts.join(dimension, on: ["k"]).agg(.count().alias("n"), .sum(col("v") + col("w")).alias("total"))
        let (batches, metrics) = try joined.profile()
        return (firstRow(batches), metrics)
    case "sort":
        // 100M (int64, string) rows sorted and written to one Parquet file.
        try? FileManager.default.removeItem(atPath: output)
        let observer = MetricsCatcher()
        session.addObserver(observer)
        let summary = try session.read.parquet(data + "/sort").orderBy(col("a"), col("b")).write.mode(.overwrite).parquet(output)
        guard let metrics = observer.metrics else { throw DataFlowError.internalError("no metrics for the write") }
        return (["rows": summary.rows], metrics)
    default:
        throw DataFlowError.invalidArgument("--workload", "unknown workload \(workload)")
    }
}

/// The one row of an aggregate, as JSON numbers.
func firstRow(_ batches: [RecordBatch]) -> [String: Any] {
    guard let batch = batches.first(where: { $0.rowCount > 0 }) else { return [:] }
    var row: [String: Any] = [:]
    for (field, column) in zip(batch.schema.fields, batch.columns) {
        switch column.scalar(at: 0) {
        case let .int64(value): row[field.name] = value
        case let .float64(value): row[field.name] = value
        default: row[field.name] = "\(column.scalar(at: 0))"
        }
    }
    return row
}

/// Prints the resident memory, the pool's reservation and the stages started so far to stderr
/// every `interval` seconds, on a thread of its own.
final class MemoryTrace: QueryObserver, @unchecked Sendable { // `stages` is only touched under `lock`
    private let lock = NSLock()
    private var stages: [String] = []

    func queryProgressed(_ query: RunningQuery, _ progress: QueryProgress) {
        lock.withLock { stages = progress.stages.map { "\($0.name.prefix(40)) \($0.partitionsDone)/\($0.partitions)" } }
    }

    func start(pool: MemoryPool, interval: Double) {
        let started = Date()
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
                let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                let line = String(format: "%6.1f s  rss %5d MiB  reserved %5d MiB  ", Date().timeIntervalSince(started), rss / 1024, pool.reservedBytes >> 20)
                    + lock.withLock { stages.suffix(2).joined(separator: " | ") } + "\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}

/// Keeps the metrics of the last query that finished (a write's).
final class MetricsCatcher: QueryObserver, @unchecked Sendable { // `finished` is only touched under `lock`
    private let lock = NSLock()
    private var finished: QueryMetrics?

    var metrics: QueryMetrics? { lock.withLock { finished } }

    func queryFinished(_ query: RunningQuery, outcome: Result<QueryMetrics, any Error>) {
        if case let .success(metrics) = outcome { lock.withLock { finished = metrics } }
    }
}

do {
    let options = try Options(CommandLine.arguments)
    let session = Session(parallelism: options.parallelism, memoryLimit: try ByteSize.parse(options.memoryLimit, argument: "--memory-limit"),
                          spillDirectory: options.spillDirectory)
    if let interval = options.memoryTrace {
        let trace = MemoryTrace()
        session.addObserver(trace)
        trace.start(pool: session.memoryPool, interval: interval)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let (checksum, metrics) = try run(options.workload, data: options.data, output: options.output, session: session)
    let elapsed = clock.now - start
    let report: [String: Any] = [
        "engine": "dataflow", "workload": options.workload,
        "seconds": Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        "spilled_bytes": metrics.spilledBytes, "checksum": checksum,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("OutOfCoreBench: \(error)\n".utf8))
    exit(1)
}
