import DataFlow
import Foundation

/// Writes a DataFrame into a SQLite table in one transaction: every partition's rows through one
/// prepared INSERT (SQLite has one writer), committed when all succeeded, rolled back otherwise.
/// Inserts go straight into the table; upserts and SCD2 merges stage the rows in a temporary table
/// and merge them with SQL at commit.
struct SQLiteSink: DataSink {
    let path: String
    let table: String
    let action: TableWriteAction
    /// Receives the merge's counts at commit.
    let outcome: TableMergeOutcome
    /// Statements run in the same transaction, after the rows, before the commit.
    var epilogue: [SQLStatement] = []

    func begin(schema: Schema, partitionCount: Int) throws -> any SinkWriteJob {
        try SQLiteWriteJob(sink: self, schema: schema)
    }
}

private final class SQLiteWriteJob: SinkWriteJob, @unchecked Sendable { // the connection and `finished` are used only under `lock`
    let sink: SQLiteSink
    let schema: Schema
    let connection: SQLiteConnection
    let insert: SQLiteStatement
    let merge: TableMergeSQL
    let lock = NSLock()
    private var finished = false

    init(sink: SQLiteSink, schema: Schema) throws {
        self.sink = sink
        self.schema = schema
        connection = try SQLiteConnection(path: sink.path, create: true)
        let target = SQLiteTypes.quote(sink.table), staging = SQLiteTypes.quote("_dataflow_stage")
        merge = TableMergeSQL(target: target, staging: staging, quote: SQLiteTypes.quote, differs: "IS NOT", parameter: "?")
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let exists = try SQLiteStore.tableExists(sink.table, connection)
            let columns = try schema.fields.map { "\(SQLiteTypes.quote($0.name)) \(try SQLiteTypes.declaredType(for: $0.type, column: $0.name))" }
            let names = schema.names.map(SQLiteTypes.quote).joined(separator: ", ")
            let placeholders = schema.fields.map { _ in "?" }.joined(separator: ", ")
            switch sink.action {
            case let .insert(mode):
                if exists && mode == .error {
                    throw DataFlowError(.io, "table '\(sink.table)' already exists; write with mode(.overwrite), .append or .ignore", location: ErrorLocation(path: sink.path))
                }
                if exists && mode == .overwrite { try connection.execute("DROP TABLE \(target)") }
                if !exists || mode == .overwrite { try connection.execute("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))") }
                insert = try connection.prepare("INSERT INTO \(target) (\(names)) VALUES (\(placeholders))")
            case let .replaceRows(column, values):
                guard schema.names.contains(column) else { throw DataFlowError(.analysis, "replaceRows: '\(column)' is not a column of the input", location: ErrorLocation(column: column)) }
                if !exists { try connection.execute("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))") }
                if !values.isEmpty {
                    try connection.run(SQLStatement("DELETE FROM \(target) WHERE \(SQLiteTypes.quote(column)) IN (\(values.map { _ in "?" }.joined(separator: ", ")))", values))
                }
                insert = try connection.prepare("INSERT INTO \(target) (\(names)) VALUES (\(placeholders))")
            case let .upsert(keys):
                try Self.checkKeys(keys, schema: schema)
                if !exists { try connection.execute("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))") }
                try connection.execute("CREATE UNIQUE INDEX IF NOT EXISTS \(SQLiteTypes.quote(sink.table + "_dataflow_key")) ON \(target) (\(keys.map(SQLiteTypes.quote).joined(separator: ", ")))")
                insert = try Self.stage(connection, staging: staging, columns: columns, names: names, placeholders: placeholders)
            case let .scd2(spec):
                try spec.validate(schema)
                if !exists {
                    let history = ["\(SQLiteTypes.quote(spec.validFromColumn)) TIMESTAMP", "\(SQLiteTypes.quote(spec.validToColumn)) TIMESTAMP",
                                   "\(SQLiteTypes.quote(spec.isCurrentColumn)) BOOLEAN"]
                    try connection.execute("CREATE TABLE \(target) (\((columns + history).joined(separator: ", ")))")
                }
                insert = try Self.stage(connection, staging: staging, columns: columns, names: names, placeholders: placeholders)
            }
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Creates the temporary staging table and returns its INSERT.
    private static func stage(_ connection: SQLiteConnection, staging: String, columns: [String], names: String, placeholders: String) throws -> SQLiteStatement {
        try connection.execute("CREATE TEMP TABLE \(staging) (\(SQLiteTypes.quote(TableMergeSQL.sequenceColumn)) INTEGER, \(columns.joined(separator: ", ")))")
        return try connection.prepare("INSERT INTO \(staging) (\(SQLiteTypes.quote(TableMergeSQL.sequenceColumn)), \(names)) VALUES (?, \(placeholders))")
    }

    private static func checkKeys(_ keys: [String], schema: Schema) throws {
        guard !keys.isEmpty else { throw DataFlowError.invalidArgument("keys", "an upsert needs at least one key column") }
        for key in keys where !schema.names.contains(key) {
            throw DataFlowError(.analysis, "upsert: key '\(key)' is not in the input (columns: \(schema.names.joined(separator: ", ")))", location: ErrorLocation(column: key))
        }
    }

    func writer(partition: Int) throws -> any PartitionWriter { SequencedPartitionWriter(partition: partition) { try self.insert($0, first: $1) } }

    /// Inserts `batch`'s rows; with a staging table, numbered from `first` (the input order).
    func insert(_ batch: RecordBatch, first: Int64) throws {
        let columns = try SQLiteValues.BoundColumns(batch)
        let staged = sink.action.isStaged
        try lock.withLock {
            for row in 0..<batch.rowCount {
                if staged { insert.bind(1, int64: first + Int64(row)) }
                columns.bind(row: row, to: insert, first: staged ? 2 : 1)
                try insert.run()
                insert.reset()
            }
        }
    }

    func commit(_ results: [PartitionWriteResult]) throws {
        try lock.withLock {
            do {
                switch sink.action {
                case .insert, .replaceRows: break
                case let .upsert(keys): sink.outcome.summary = try upsert(keys: keys, staged: results.reduce(0) { $0 + $1.rows })
                case let .scd2(spec): sink.outcome.summary = try scd2(spec, staged: results.reduce(0) { $0 + $1.rows })
                }
                for statement in sink.epilogue { try connection.run(statement) }
                try connection.execute("COMMIT")
                finished = true
            } catch {
                try? connection.execute("ROLLBACK")
                finished = true
                throw error
            }
        }
    }

    func abort() {
        lock.withLock {
            guard !finished else { return }
            try? connection.execute("ROLLBACK")
            finished = true
        }
    }

    /// The number `sql` counts.
    private func count(_ sql: String) throws -> Int {
        let statement = try connection.prepare(sql)
        return try statement.step() ? Int(statement.int64(0)) : 0
    }

    /// Fails when a staged key column holds a null.
    private func checkNoNullKeys(_ keys: [String]) throws {
        for key in keys where try count("SELECT count(*) FROM \(merge.staging) WHERE \(SQLiteTypes.quote(key)) IS NULL") > 0 {
            throw DataFlowError(.execution, "key column '\(key)' has nulls in the input; keys must not be null", location: ErrorLocation(path: sink.path, column: key))
        }
    }

    private func upsert(keys: [String], staged: Int) throws -> TableMergeSummary {
        try checkNoNullKeys(keys)
        let sameKey = keys.map { "s.\(SQLiteTypes.quote($0)) = t.\(SQLiteTypes.quote($0))" }.joined(separator: " AND ")
        let existing = try count("SELECT count(*) FROM \(merge.staging) AS s WHERE \(merge.lastPerKey(keys)) AND EXISTS (SELECT 1 FROM \(merge.target) AS t WHERE \(sameKey))")
        let distinct = try count("SELECT count(*) FROM \(merge.staging) WHERE \(merge.lastPerKey(keys))")
        try connection.execute(merge.upsert(columns: schema.names, keys: keys))
        return TableMergeSummary(rowsStaged: staged, inserted: distinct - existing, updated: existing, deactivated: 0)
    }

    private func scd2(_ spec: SCD2Merge, staged: Int) throws -> TableMergeSummary {
        try checkNoNullKeys(spec.businessKeys)
        let now = try TextColumnFormatter(timestampFormat: SQLiteTypes.timestampFormat, timeZone: .utc)
            .format(try Column([spec.instant], type: .timestamp)).scalar(at: 0).formatted()
        let run = { (sql: String) throws -> Int in
            let statement = try self.connection.prepare(sql)
            statement.bind(1, text: now)
            try statement.run()
            return self.connection.changes
        }
        let closed = try run(merge.closeChanged(keys: spec.businessKeys, tracked: spec.trackedColumns, validTo: spec.validToColumn, isCurrent: spec.isCurrentColumn))
        let inserted = try run(merge.insertCurrent(columns: schema.names, keys: spec.businessKeys, validFrom: spec.validFromColumn,
                                                   validTo: spec.validToColumn, isCurrent: spec.isCurrentColumn))
        let deactivated = spec.deactivateMissing ? try run(merge.closeMissing(keys: spec.businessKeys, validTo: spec.validToColumn, isCurrent: spec.isCurrentColumn)) : 0
        return TableMergeSummary(rowsStaged: staged, inserted: inserted - closed, updated: closed, deactivated: deactivated)
    }
}
