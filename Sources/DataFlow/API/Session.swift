import Foundation

/// The entry point: holds the configuration every query of its DataFrames runs with, and creates
/// DataFrames from values, rows and ranges (readers in DataFlowIO add `read`).
public final class Session: Sendable {
    /// The most partitions processed at once (default: the active processors).
    public let parallelism: Int
    /// The session time zone: for parsing text without an offset, extracting fields, formatting.
    /// `setTimeZone(_:)` (SQL's `SET timeZone`) changes it for the DataFrames made afterwards.
    public var timeZone: SessionTimeZone { settings.timeZone }
    /// The most rows per batch.
    public let batchSize: Int
    /// The most bytes blocking operators may hold at once.
    public let memoryLimit: Int
    /// The number of partitions shuffles produce (default: `parallelism`).
    public let shufflePartitions: Int
    /// Whether invalid casts raise errors instead of yielding null (Spark's ANSI mode).
    public let ansiMode: Bool
    /// Joins broadcast (build one shared hash table from) a side estimated at no more rows than
    /// this; larger sides are hash-partitioned. Default 2,000,000.
    public var broadcastThreshold: Int { broadcastRows }
    private let broadcastRows: Int

    /// The root directory of the local table catalog (`read.table("db.name")`, pipelines'
    /// outputs), like Spark's `spark.sql.warehouse.dir`: the `DATAFLOW_WAREHOUSE` environment
    /// variable, else `warehouse` in the working directory.
    public let warehouse: String

    /// The Swift functions (`udf`, `vectorizedUDF`, `udaf`) its SQL calls by name.
    public let udf = UserFunctionRegistry()

    /// Where queries run: in this process, or on a cluster (`Session(remote:)` in
    /// `DataFlowSparkConnect`).
    package var runner: any QueryRunner { settings.runner }

    /// The time zone and runner new DataFrames take; `setTimeZone(_:)` replaces them.
    package var settings: SessionSettings { currentSettings.withLock { $0 } }
    private let currentSettings: Locked<SessionSettings>

    /// Whether queries run on a remote cluster rather than in this process.
    public var isRemote: Bool { !runner.runsInProcess }

    /// The memory every query of the session shares: `memoryLimit` bytes.
    public let memoryPool: MemoryPool
    /// Where operators write what does not fit in `memoryLimit` (sorted runs, partitions of hash
    /// tables and exchanges), removed as queries end.
    public let spillDirectory: SpillDirectory
    /// The session's queries and observers.
    let queries: QueryRegistry
    /// The session's temporary views, by name.
    package let temporaryViews: TemporaryViews

    /// A session in UTC.
    /// - Parameters:
    ///   - parallelism: workers per query; default the machine's active processors.
    ///   - batchSize: rows per batch; default 65,536.
    ///   - memoryLimit: bytes blocking operators of all the session's queries may hold; default 80%
    ///     of the memory available (`MachineMemory.available`: physical memory, or the cgroup's
    ///     limit when lower).
    ///   - shufflePartitions: partitions after a shuffle; default `parallelism`.
    ///   - ansiMode: invalid casts throw instead of yielding null.
    ///   - broadcastThreshold: joins broadcast a side of at most this many (estimated) rows.
    ///   - warehouse: the catalog's root directory; default as described at `warehouse`.
    ///   - spillDirectory: the folder spill files go in; default `$DATAFLOW_SPILL_DIRECTORY`, else
    ///     the system's temporary folder. The session works in a folder of its own there, and
    ///     removes the folders of sessions that died without removing theirs.
    public convenience init(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 65_536,
                            memoryLimit: Int? = nil, shufflePartitions: Int? = nil, ansiMode: Bool = false, broadcastThreshold: Int = 2_000_000,
                            warehouse: String? = nil, spillDirectory: String? = nil) {
        self.init(timeZone: .utc, parallelism: parallelism, batchSize: batchSize, memoryLimit: memoryLimit, shufflePartitions: shufflePartitions,
                  ansiMode: ansiMode, broadcastThreshold: broadcastThreshold, warehouse: warehouse, runner: LocalQueryRunner(),
                  spillDirectory: SpillDirectory(root: spillDirectory))
    }

    /// A session in the time zone named `timeZone` (an IANA name such as "America/Los_Angeles", or
    /// an offset such as "+02:00"); the other parameters as in `init(parallelism:batchSize:...)`.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an unknown zone.
    public convenience init(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, timeZone: String, batchSize: Int = 65_536,
                            memoryLimit: Int? = nil, shufflePartitions: Int? = nil, ansiMode: Bool = false, broadcastThreshold: Int = 2_000_000,
                            warehouse: String? = nil, spillDirectory: String? = nil) throws {
        self.init(timeZone: try SessionTimeZone(timeZone), parallelism: parallelism, batchSize: batchSize, memoryLimit: memoryLimit,
                  shufflePartitions: shufflePartitions, ansiMode: ansiMode, broadcastThreshold: broadcastThreshold, warehouse: warehouse,
                  runner: LocalQueryRunner(), spillDirectory: SpillDirectory(root: spillDirectory))
    }

    /// A session whose queries run on a cluster through `runner`, in `timeZone`; `parallelism` and
    /// `batchSize` only shape local data sent with a query.
    package convenience init(runner: any QueryRunner, timeZone: SessionTimeZone, parallelism: Int = 1, batchSize: Int = 65_536,
                             warehouse: String? = nil) {
        self.init(timeZone: timeZone, parallelism: parallelism, batchSize: batchSize, memoryLimit: nil, shufflePartitions: nil,
                  ansiMode: false, broadcastThreshold: 0, warehouse: warehouse, runner: runner, spillDirectory: SpillDirectory())
    }

    /// Every setting given; `pool`, `spillDirectory` and `queries` shared with another session when
    /// it derives from it.
    private init(timeZone: SessionTimeZone, parallelism: Int, batchSize: Int, memoryLimit: Int?, shufflePartitions: Int?, ansiMode: Bool,
                 broadcastThreshold: Int, warehouse: String?, runner: any QueryRunner, spillDirectory: SpillDirectory,
                 pool: MemoryPool? = nil, queries: QueryRegistry? = nil, views: TemporaryViews? = nil) {
        broadcastRows = max(0, broadcastThreshold)
        self.parallelism = max(1, parallelism)
        self.batchSize = max(1, batchSize)
        self.memoryLimit = memoryLimit ?? Int(Double(MachineMemory.available) * 0.8)
        self.shufflePartitions = max(1, shufflePartitions ?? self.parallelism)
        self.ansiMode = ansiMode
        self.warehouse = warehouse ?? Self.defaultWarehouse
        currentSettings = Locked(SessionSettings(timeZone: timeZone, runner: runner))
        memoryPool = pool ?? MemoryPool(limit: self.memoryLimit)
        self.spillDirectory = spillDirectory
        self.queries = queries ?? QueryRegistry()
        temporaryViews = views ?? TemporaryViews()
    }

    /// A session with this one's settings in the time zone `timeZone` (jobs that report in a zone
    /// of their own, or read text written in one).
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an unknown zone.
    public func withTimeZone(_ timeZone: String) throws -> Session {
        let zone = try SessionTimeZone(timeZone)
        return Session(timeZone: zone, parallelism: parallelism, batchSize: batchSize, memoryLimit: memoryLimit, shufflePartitions: shufflePartitions,
                       ansiMode: ansiMode, broadcastThreshold: broadcastRows, warehouse: warehouse, runner: try runner.withTimeZone(zone),
                       spillDirectory: spillDirectory, pool: memoryPool, queries: queries, views: temporaryViews)
    }

    /// Makes `timeZone` the session time zone of the DataFrames made from now on (Spark's
    /// `spark.conf.set("spark.sql.session.timeZone", …)`, SQL's `SET timeZone = '…'`); DataFrames
    /// made before keep the zone they were made in. A session on a cluster moves to a cluster
    /// session in the new zone.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an unknown zone.
    public func setTimeZone(_ timeZone: String) throws {
        let zone = try SessionTimeZone(timeZone)
        let runner = try runner.withTimeZone(zone)
        currentSettings.withLock { $0 = SessionSettings(timeZone: zone, runner: runner) }
    }

    /// `DATAFLOW_WAREHOUSE`, else `warehouse`.
    static var defaultWarehouse: String { ProcessInfo.processInfo.environment["DATAFLOW_WAREHOUSE"] ?? "warehouse" }

    /// How expressions bind in `timeZone` (default: the session's zone now).
    func bindContext(in timeZone: SessionTimeZone? = nil) -> BindContext { BindContext(timeZone: timeZone ?? self.timeZone, strictCasts: ansiMode) }

    /// The task context of one execution of `query`, binding in `timeZone` (the query's DataFrame's).
    func makeTaskContext(for query: RunningQuery, in timeZone: SessionTimeZone) -> TaskContext {
        TaskContext(parallelism: parallelism, batchSize: batchSize, bindContext: bindContext(in: timeZone), pool: memoryPool,
                    spillDirectory: spillDirectory, query: query)
    }

    /// A task context outside any query, for opening a `DataSource`'s partitions directly (tests of
    /// a source); queries make their own.
    public func makeTaskContext() -> TaskContext { makeTaskContext(for: RunningQuery(id: 0, action: "scan", observers: []), in: timeZone) }

    // MARK: Queries

    /// The queries running now, oldest first.
    public var runningQueries: [RunningQuery] { queries.running }

    /// Cancels every running query (Spark's `interruptAll`): each stops at its next batch with
    /// `DataFlowError` (`.cancelled`).
    public func cancelAll() { for query in queries.running { query.cancel() } }

    /// Adds an observer that receives every query started from now on, of this session and of the
    /// sessions derived from it (`withTimeZone`).
    public func addObserver(_ observer: any QueryObserver) { queries.add(observer) }

    /// A DataFrame over `plan`.
    package func dataFrame(_ plan: LogicalPlan) -> DataFrame { DataFrame(session: self, plan: plan) }

    /// A DataFrame of `columns` (all of the same length) split into `parallelism` partitions.
    /// - Throws: `DataFlowError` (`.schema`) when lengths or types disagree with `schema`.
    public func createDataFrame(columns: [Column], schema: Schema) throws -> DataFrame {
        let batch = try RecordBatch(schema: schema, columns: columns)
        for (index, column) in columns.enumerated() where column.type != schema[index].type {
            throw DataFlowError(.schema, "column '\(schema[index].name)' is \(column.type), the schema says \(schema[index].type)")
        }
        return dataFrame(.values(Values(schema: schema, partitions: LocalPartitions(partitioned(batch)))))
    }

    /// Splits a batch into `parallelism` contiguous partitions of batches of at most `batchSize` rows.
    func partitioned(_ batch: RecordBatch) -> [[RecordBatch]] {
        let parts = max(1, min(parallelism, batch.rowCount))
        return (0..<parts).map { part in
            let start = batch.rowCount * part / parts, end = batch.rowCount * (part + 1) / parts
            return splitIntoBatches(batch.slice(start, end - start), size: batchSize)
        }
    }

    /// A DataFrame of rows given as scalars.
    /// - Throws: `DataFlowError` (`.schema`) when a row's length or a value's type does not fit.
    public func createDataFrame(rows: [[Scalar]], schema: Schema) throws -> DataFrame {
        var builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
        for (rowIndex, row) in rows.enumerated() {
            guard row.count == schema.count else {
                throw DataFlowError(.schema, "row \(rowIndex + 1) has \(row.count) values, the schema has \(schema.count) columns",
                                    location: ErrorLocation(row: rowIndex + 1))
            }
            for (index, value) in row.enumerated() {
                if value.isNull && !schema[index].nullable {
                    throw DataFlowError(.schema, "null in non-nullable column '\(schema[index].name)'",
                                        location: ErrorLocation(column: schema[index].name, row: rowIndex + 1))
                }
                do { try builders[index].append(value) } catch let error as DataFlowError {
                    throw DataFlowError(.schema, error.message, location: ErrorLocation(column: schema[index].name, row: rowIndex + 1))
                }
            }
        }
        return try createDataFrame(columns: builders.map { $0.finish() }, schema: schema)
    }

    /// A DataFrame of the values' stored properties, in declaration order. Property types map to
    /// column types: Int/Int64 → long, Int32 → integer, Double → double, Bool → boolean, String →
    /// string, Date → timestamp, `[UInt8]`/Data → binary, `Decimal` → decimal(38, 18); optionals
    /// make nullable columns.
    /// - Throws: `DataFlowError` (`.schema`) for unsupported property types or inconsistent values.
    public func createDataFrame<T: Encodable>(_ values: [T]) throws -> DataFrame {
        let (columns, schema) = try RowEncoder.encode(values, template: T.self)
        return try createDataFrame(columns: columns, schema: schema)
    }

    /// A single `id` column (long) from `start` up to, not including, `end`.
    public func range(_ start: Int64, _ end: Int64, step: Int64 = 1, partitions: Int? = nil) throws -> DataFrame {
        guard step != 0 else { throw DataFlowError.invalidArgument("step", "must not be zero") }
        return dataFrame(.range(RangeRelation(start: start, end: end, step: step, partitions: partitions ?? parallelism)))
    }

    /// A DataFrame reading `source`.
    public func read(_ source: any DataSource) -> DataFrame {
        dataFrame(.scan(Scan(source: source)))
    }
}
