import DataFlow
import DataFlowIO
import Foundation
import Pipelines

/// The demo job behind `make demo`: generates a deterministic table of sales (with duplicates and
/// missing amounts, as real feeds have), deduplicates it, and reports daily totals per region.
public struct SampleSalesJob: Sendable {
    /// What the job generates and how it runs.
    public struct Config: Codable, Sendable {
        /// Rows to generate.
        public var rows: Int
        /// Distinct regions.
        public var regions: Int
        /// Seed of the generator: the same seed gives the same data.
        public var seed: UInt64
        /// Workers; nil means all processors.
        public var parallelism: Int?
        /// Bytes blocking operators may hold; nil means the session's default.
        public var memoryLimit: Int?
        /// Where the totals are written as CSV (replaced on each run); nil writes nothing.
        public var outputDirectory: String?
        /// The folder spill files go in; nil means the session's default.
        public var spillDirectory: String?

        /// Creates a configuration.
        public init(rows: Int = 100_000, regions: Int = 12, seed: UInt64 = 42, parallelism: Int? = nil, memoryLimit: Int? = nil,
                    outputDirectory: String? = nil, spillDirectory: String? = nil) {
            self.rows = rows
            self.regions = regions
            self.seed = seed
            self.parallelism = parallelism
            self.memoryLimit = memoryLimit
            self.outputDirectory = outputDirectory
            self.spillDirectory = spillDirectory
        }
    }

    /// What a run produced.
    public struct Report: Sendable {
        /// Rows generated.
        public var inputRows: Int
        /// Rows left after dropping duplicate sale ids.
        public var uniqueRows: Int
        /// The per-region, per-day totals.
        public var totals: DataFrame
        /// Seconds spent generating the data.
        public var generateSeconds: Double
        /// Seconds spent running the queries.
        public var querySeconds: Double
        /// The CSV files written, if an output directory was given.
        public var written: WriteSummary?
    }

    /// The configuration.
    public let config: Config

    /// A job with `config`.
    public init(config: Config) { self.config = config }

    /// Generates the data and runs the queries.
    /// - Throws: `DataFlowError` for invalid configuration or a failed query.
    public func run() throws -> Report {
        guard config.rows >= 0, config.regions > 0 else {
            throw DataFlowError(.invalidArgument, "rows must be >= 0 and regions > 0 (got \(config.rows), \(config.regions))")
        }
        let session = config.parallelism.map { Session(parallelism: $0, memoryLimit: config.memoryLimit, spillDirectory: config.spillDirectory) }
            ?? Session(memoryLimit: config.memoryLimit, spillDirectory: config.spillDirectory)
        let clock = ContinuousClock()
        let generationStart = clock.now
        let sales = try generate(session)
        let generated = clock.now - generationStart
        let queryStart = clock.now
        let unique = try sales.dropDuplicates(["sale_id"]).cache()
        let totals = try unique
            .filter(col("amount").isNotNull())
            .groupBy(col("region"), col("day"))
            .agg(Expr.round(.sum("amount"), 2).alias("total"), .count().alias("sales"), Expr.round(.avg("amount"), 2).alias("average"))
            .orderBy(col("day"), col("total").desc())
            .cache()
        let uniqueRows = try unique.count()
        let written = try config.outputDirectory.map { directory in
            try totals.coalesce(1).write.mode(.overwrite).csv(directory, options: .rfc4180)
        }
        let queried = clock.now - queryStart
        return Report(inputRows: config.rows, uniqueRows: uniqueRows, totals: totals,
                      generateSeconds: generated.seconds, querySeconds: queried.seconds, written: written)
    }

    /// Sales with ids repeating for about 5% of rows, a missing amount for about 2%.
    private func generate(_ session: Session) throws -> DataFrame {
        var random = SeededRandom(seed: config.seed)
        let rows = config.rows
        var ids = ColumnBuilder(type: .int64, capacity: rows)
        var regions = ColumnBuilder(type: .string, capacity: rows)
        var amounts = ColumnBuilder(type: .float64, capacity: rows)
        var days = ColumnBuilder(type: .date, capacity: rows)
        let regionNames = (0..<config.regions).map { "region-\($0)" }
        let firstDay = Int32(20_393) // 2025-11-01
        for row in 0..<rows {
            let duplicate = row > 0 && random.next() % 20 == 0
            ids.appendFixed(duplicate ? Int64(random.next() % UInt64(row)) : Int64(row))
            regions.appendString(regionNames[Int(random.next() % UInt64(config.regions))])
            if random.next() % 50 == 0 { amounts.appendNull() } else { amounts.appendFixed(Double(random.next() % 100_000) / 100) }
            days.appendFixed(firstDay + Int32(random.next() % 30))
        }
        let schema = Schema([
            Field("sale_id", .int64, nullable: false), Field("region", .string, nullable: false),
            Field("amount", .float64), Field("day", .date, nullable: false),
        ])
        return try session.createDataFrame(columns: [ids.finish(), regions.finish(), amounts.finish(), days.finish()], schema: schema)
    }
}
