// Runs one TPC-H query file on DataFlow through session.sql and prints one JSON line: {"engine",
// "query", "seconds" (each run's), "rows" (the last run's result, values tagged as
// scripts/tpch.py tags every engine's)}. The tables are the Parquet files of --data as temporary
// views; each run executes the file's statements in order (Q15 creates and drops its view).
// Driven by scripts/tpch.py, one process per query, which measures its peak RSS (wait4).
//
//   TPCHBench --data DIR --query FILE [--runs 3] [--parallelism 2]
import DataFlow
import DataFlowIO
import Foundation

/// A value as the driver tags every engine's: i: integer, d: decimal, f: double, s: string, t: date.
func tagged(_ value: Scalar) -> String? {
    switch value {
    case .null: return nil
    case let .int32(number): return "i:\(number)"
    case let .int64(number): return "i:\(number)"
    case let .float64(number): return "f:\(number)"
    case .decimal: return "d:\(value)"
    case let .date(days): return "t:\(CalendarDate(daysSinceEpoch: Int(days)))"
    case let .string(text): return "s:\(text)"
    default: return "s:\(value)"
    }
}

do {
    var data = "", query = "", runs = 3, parallelism = 2
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let flag = arguments.next() {
        if flag == "--help" || flag == "-h" {
            print("usage: TPCHBench --data DIR --query FILE [--runs 3] [--parallelism 2]")
            exit(0)
        }
        guard let value = arguments.next() else { throw DataFlowError.invalidArgument(flag, "needs a value") }
        switch flag {
        case "--data": data = value
        case "--query": query = value
        case "--runs": runs = Int(value) ?? runs
        case "--parallelism": parallelism = Int(value) ?? parallelism
        default: throw DataFlowError.invalidArgument(flag, "unknown option")
        }
    }

    let session = Session(parallelism: parallelism)
    for table in ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"] {
        try session.read.parquet("\(data)/\(table).parquet").createOrReplaceTempView(table)
    }
    let statements = try String(contentsOfFile: query, encoding: .utf8).split(separator: ";").map(String.init)
        .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    var seconds: [Double] = []
    var rows: [[String?]] = []
    for _ in 0..<runs {
        let start = DispatchTime.now()
        var result: [Row] = []
        for statement in statements {
            let frame = try session.sql(statement)
            // The query's rows are the answer, not those of Q15's view definition or drop (no columns).
            if !frame.columns.isEmpty { result = try frame.collect() }
        }
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        rows = result.map { $0.values.map(tagged) }
    }
    let name = URL(fileURLWithPath: query).deletingPathExtension().lastPathComponent
    let line = try JSONSerialization.data(withJSONObject: ["engine": "dataflow", "query": name, "seconds": seconds,
                                                           "rows": rows.map { $0.map { $0 as Any? ?? NSNull() } }])
    print(String(decoding: line, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("TPCHBench: \(error)\n".utf8))
    exit(1)
}
