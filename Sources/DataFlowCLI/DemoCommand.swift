import ArgumentParser
import DataFlow
import Pipelines
import SampleData

/// `dataflow demo`: the sample sales job on generated data.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate sample sales, deduplicate them and report totals per region and day.")

    @Option(help: "Rows of sample data to generate.")
    var rows: Int = 100_000

    @Option(help: "Number of distinct regions.")
    var regions: Int = 12

    @Option(help: "Seed of the data generator.")
    var seed: UInt64 = 42

    @Option(help: "Worker threads (default: all processors).")
    var parallelism: Int?

    @OptionGroup var memory: MemoryOptions

    @Option(help: "Directory the totals are written to as CSV (replaced on each run).")
    var output: String?

    func run() throws {
        let job = SampleSalesJob(config: .init(rows: rows, regions: regions, seed: seed, parallelism: parallelism,
                                                  memoryLimit: try memory.bytes(), outputDirectory: output,
                                                  spillDirectory: try memory.spillFolder()))
        do {
            let report = try job.run()
            try report.totals.show(10)
            print("input rows: \(report.inputRows), unique sales: \(report.uniqueRows), groups: \(try report.totals.count())")
            print(String(format: "generated in %.3f s, queried in %.3f s", report.generateSeconds, report.querySeconds))
            if let written = report.written, let output {
                print("wrote \(written.rows) rows to \(output)/\(written.files.joined(separator: ", "))")
            }
        } catch let error as DataFlowError {
            throw ValidationError(error.description)
        }
    }
}
