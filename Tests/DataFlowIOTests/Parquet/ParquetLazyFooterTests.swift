import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet footers read by the scan tasks, and a bound on the files open at once")
struct ParquetLazyFooterTests {
    /// Hive partitions day=1 and day=2 of valid files, and day=3 holding a `.parquet` file of garbage.
    private static func dataset(_ dir: String) throws -> String {
        let session = Session(parallelism: 1)
        let schema = try Schema(ddl: "id BIGINT, name STRING")
        for day in 1...2 {
            let rows: [[Scalar]] = (0..<3).map { [.int64(Int64(day * 10 + $0)), .string("d\(day)-\($0)")] }
            try session.createDataFrame(rows: rows, schema: schema).write.parquet(dir + "/lake/day=\(day)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/lake/day=3", withIntermediateDirectories: true)
        let garbage = dir + "/lake/day=3/part-00000.parquet"
        try Data("this is not a Parquet file, only its name says so".utf8).write(to: URL(fileURLWithPath: garbage))
        return garbage
    }

    @Test("files that partition filters prune are never opened: a garbage file there is never read")
    func prunedFilesUnopened() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let garbage = try Self.dataset(dir)
        let session = Session(parallelism: 2)
        let lake = try session.read.parquet(dir + "/lake")
        #expect(lake.schema.names == ["id", "name", "day"])
        let kept = try lake.filter(col("day") <= 2)
        let plan = try kept.explain()
        #expect(plan.contains("files: 2 of 3 after partition pruning"))
        #expect(!plan.contains("row groups"))
        #expect(try kept.orderBy(col("id")).select("id").collect().map(\.values) == [10, 11, 12, 20, 21, 22].map { [.int64($0)] })
        let analyzed = try kept.explain(.analyze)
        #expect(analyzed.contains("files: 2 of 3 after partition pruning"))
        #expect(analyzed.contains("files=2, read="))
        #expect(analyzed.contains("row groups=2 of 2 read"))
        let one = try kept.filter(col("name") == "d2-1")
        #expect(try one.select("id").collect().map(\.values) == [[.int64(21)]])
        #expect(try one.explain(.analyze).contains("row groups=1 of 2 read, 1 skipped by statistics, 0 by dictionary"))

        // Without the filter the scan reaches the garbage file: a parse error naming it.
        let error = #expect(throws: DataFlowError.self) { try lake.collect() }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == garbage)
        #expect(error?.message.contains("not a Parquet file") == true)
        // Merging schemas reads every footer while planning, so it fails there.
        var merging = ParquetReadOptions()
        merging.mergeSchema = true
        let planning = #expect(throws: DataFlowError.self) { try session.read.parquet(dir + "/lake", options: merging) }
        #expect(planning?.location?.path == garbage)
    }

    @Test("a 200-file dataset never has more than maxOpenFiles files open, and none once the scan is done")
    func openFileBound() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 8)
        let rows: [[Scalar]] = (0..<2000).map { [.int64(Int64($0)), .string("v\($0 % 7)")] }
        try session.createDataFrame(rows: rows, schema: try Schema(ddl: "id BIGINT, v STRING")).repartition(200).write.parquet(dir + "/many")
        #expect(try parquetFiles(dir + "/many").count == 200)
        for (mergeSchema, bound) in [(false, 2), (true, 3)] {
            var options = ParquetReadOptions()
            options.maxOpenFiles = bound
            options.mergeSchema = mergeSchema
            let source = try ParquetSource(dataset: Dataset.discover([dir + "/many"], extensions: ["parquet"]), options: options)
            let frame = session.read(source)
            #expect(try frame.agg(Expr.sum("id"), Expr.count("v")).collect().map(\.values) == [[.int64(1999 * 2000 / 2), .int64(2000)]])
            #expect(try frame.filter(col("v") == "v3").count() == 286)
            #expect(source.openFiles.peak >= 1 && source.openFiles.peak <= bound, "peak \(source.openFiles.peak) with a bound of \(bound)")
            #expect(source.openFiles.openCount == 0)
            #expect(try !mappedPaths().contains { $0.hasPrefix(dir) })
        }
    }

    @Test("the bound holds while more tasks than slots contend, and every slot is given back, also on errors")
    func contention() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Session(parallelism: 1).createDataFrame(rows: [[.int64(1)]], schema: try Schema(ddl: "id BIGINT")).write.parquet(dir + "/one")
        let path = try parquetFiles(dir + "/one")[0]
        let files = ParquetOpenFiles(limit: 3)
        let failures = Failures()
        let threads = (0..<8).map { index in
            Thread {
                for _ in 0..<5 {
                    do {
                        let rows = try files.withFile(index % 4 == 0 ? dir + "/missing.parquet" : path) { file in
                            Thread.sleep(forTimeInterval: 0.01)
                            return file.metadata.rowCount
                        }
                        if rows != 1 { failures.add("read \(rows) rows") }
                    } catch let error as DataFlowError where error.category == .io {
                        continue
                    } catch {
                        failures.add("\(error)")
                    }
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(failures.all.isEmpty)
        #expect(files.peak == 3)
        #expect(files.openCount == 0)
    }

    /// The paths of the files this process has mapped (Linux); empty where /proc is missing.
    private func mappedPaths() throws -> [String] {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
        return maps.split(separator: "\n").compactMap { line in line.firstIndex(of: "/").map { String(line[$0...]) } }
    }
}

/// Messages collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
