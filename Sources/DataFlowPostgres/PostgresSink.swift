import DataFlow
import DataFlowIO
import Foundation
import PostgresNIO

/// Writes a DataFrame into a PostgreSQL table in one transaction on one connection: rows go
/// through `COPY … FROM STDIN` (text format, a COPY per batch, partitions taking turns), straight
/// into the table or, for upserts and SCD2 merges, into a temporary staging table merged with SQL
/// at commit. Any failure rolls everything back.
struct PostgresSink: DataSink {
    let store: PostgresStore
    let table: String
    let action: TableWriteAction
    /// Statements run in the transaction after the rows, before the commit.
    var epilogue: [SQLStatement] = []
    /// Receives the merge's counts at commit.
    let outcome: TableMergeOutcome

    func begin(schema: Schema, partitionCount: Int) throws -> any SinkWriteJob {
        try PostgresWriteJob(sink: self, schema: schema)
    }
}

private final class PostgresWriteJob: SinkWriteJob, @unchecked Sendable { // the connection and `finished` are used only under `lock`
    let sink: PostgresSink
    let schema: Schema
    let connection: PostgresConnection
    let merge: TableMergeSQL
    /// The table COPY writes into, and its columns.
    let copyTarget: String, copyColumns: [String]
    let lock = NSLock()
    private var finished = false

    init(sink: PostgresSink, schema: Schema) throws {
        self.sink = sink
        self.schema = schema
        let configuration = sink.store.configuration
        connection = try blocking {
            try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 2,
                                                 logger: PostgresStore.logger).get()
        }
        let target = PostgresSQL.quote(sink.table), staging = PostgresSQL.quote("dataflow_stage")
        merge = TableMergeSQL(target: target, staging: staging, quote: PostgresSQL.quote, differs: "IS DISTINCT FROM", parameter: "$1")
        let staged = sink.action.isStaged
        // postgres-nio's COPY quotes the table and column names itself, unescaped: names holding a
        // double quote are refused, and a schema-qualified table is reached through search_path.
        if let name = ([sink.table] + schema.names).first(where: { $0.contains("\"") }) {
            throw DataFlowError.invalidArgument("table", "PostgreSQL loads do not take names holding a double quote: \(name)")
        }
        let parts = sink.table.split(separator: ".").map(String.init)
        copyTarget = staged ? "dataflow_stage" : parts[parts.count - 1]
        copyColumns = (staged ? [TableMergeSQL.sequenceColumn] : []) + schema.names
        let searchPath = parts.count > 1 ? "SET LOCAL search_path TO \(PostgresSQL.quote(parts[0]))" : nil
        do {
            try run { [sink, schema, connection] in
                try await PostgresSQL.run("BEGIN", on: connection)
                try await PostgresSQL.run("SET LOCAL TIME ZONE 'UTC'", on: connection)
                if let searchPath { try await PostgresSQL.run(searchPath, on: connection) }
                let exists = try await PostgresSQL.tableExists(sink.table, on: connection)
                let columns = try schema.fields.map { "\(PostgresSQL.quote($0.name)) \(try PostgresTypes.declaredType(for: $0.type, column: $0.name))" }
                switch sink.action {
                case let .insert(mode):
                    if exists && mode == .error {
                        throw DataFlowError(.io, "table '\(sink.table)' already exists; write with mode(.overwrite), .append or .ignore", location: ErrorLocation(path: sink.store.displayURL))
                    }
                    if exists && mode == .overwrite { try await PostgresSQL.run("DROP TABLE \(target)", on: connection) }
                    if !exists || mode == .overwrite { try await PostgresSQL.run("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))", on: connection) }
                case let .replaceRows(column, values):
                    guard schema.names.contains(column) else { throw DataFlowError(.analysis, "replaceRows: '\(column)' is not a column of the input", location: ErrorLocation(column: column)) }
                    if !exists { try await PostgresSQL.run("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))", on: connection) }
                    if !values.isEmpty {
                        try await PostgresSQL.run(SQLStatement("DELETE FROM \(target) WHERE \(PostgresSQL.quote(column)) IN (\(values.map { _ in "?" }.joined(separator: ", ")))", values), on: connection)
                    }
                case let .upsert(keys):
                    guard !keys.isEmpty, keys.allSatisfy(schema.names.contains) else {
                        throw DataFlowError(.analysis, "upsert: keys (\(keys.joined(separator: ", "))) must be columns of the input (\(schema.names.joined(separator: ", ")))")
                    }
                    if !exists { try await PostgresSQL.run("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))", on: connection) }
                    let index = PostgresSQL.quote((sink.table.split(separator: ".").last.map(String.init) ?? sink.table) + "_dataflow_key")
                    try await PostgresSQL.run("CREATE UNIQUE INDEX IF NOT EXISTS \(index) ON \(target) (\(keys.map(PostgresSQL.quote).joined(separator: ", ")))", on: connection)
                case let .scd2(spec):
                    try spec.validate(schema)
                    if !exists {
                        let history = ["\(PostgresSQL.quote(spec.validFromColumn)) timestamptz", "\(PostgresSQL.quote(spec.validToColumn)) timestamptz",
                                       "\(PostgresSQL.quote(spec.isCurrentColumn)) boolean"]
                        try await PostgresSQL.run("CREATE TABLE \(target) (\((columns + history).joined(separator: ", ")))", on: connection)
                    }
                }
                if staged {
                    try await PostgresSQL.run("CREATE TEMP TABLE \(staging) (\(PostgresSQL.quote(TableMergeSQL.sequenceColumn)) bigint, \(columns.joined(separator: ", "))) ON COMMIT DROP",
                                              on: connection)
                }
            }
        } catch {
            try? run { [connection] in try await PostgresSQL.run("ROLLBACK", on: connection) }
            try? blocking { [connection] in try await connection.close().get() }
            throw error
        }
    }

    /// Runs `body` on the job's connection, waiting for it, with errors named.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let url = sink.store.displayURL
        do {
            return try blocking(body)
        } catch let error as DataFlowError {
            throw error
        } catch {
            throw DataFlowError(.io, "PostgreSQL: \(PostgresStore.message(error))", location: ErrorLocation(path: url))
        }
    }

    func writer(partition: Int) throws -> any PartitionWriter { SequencedPartitionWriter(partition: partition) { try self.copy($0, first: $1) } }

    /// Copies `batch`'s rows (numbered from `first` into a staging table).
    func copy(_ batch: RecordBatch, first: Int64) throws {
        guard batch.rowCount > 0 else { return }
        let staged = sink.action.isStaged
        let data = try PostgresCopyText.encode(batch, sequenceFrom: staged ? first : nil)
        let table = copyTarget, columns = copyColumns
        try lock.withLock {
            try run { [connection] in
                try await connection.copyFrom(table: table, columns: columns, logger: PostgresStore.logger) { writer in
                    try await writer.write(data)
                }
            }
        }
    }

    func commit(_ results: [PartitionWriteResult]) throws {
        try lock.withLock {
            defer {
                finished = true
                try? blocking { [connection] in try await connection.close().get() }
            }
            let staged = results.reduce(0) { $0 + $1.rows }
            do {
                let summary = try run { [sink, merge, schema, connection] () -> TableMergeSummary? in
                    var summary: TableMergeSummary?
                    switch sink.action {
                    case .insert, .replaceRows: break
                    case let .upsert(keys):
                        try await Self.checkNoNullKeys(keys, merge: merge, connection: connection, store: sink.store)
                        let sameKey = keys.map { "s.\(PostgresSQL.quote($0)) = t.\(PostgresSQL.quote($0))" }.joined(separator: " AND ")
                        let existing = try await PostgresSQL.count("SELECT count(*) FROM \(merge.staging) AS s WHERE \(merge.lastPerKey(keys)) AND EXISTS (SELECT 1 FROM \(merge.target) AS t WHERE \(sameKey))", on: connection)
                        let distinct = try await PostgresSQL.count("SELECT count(*) FROM \(merge.staging) WHERE \(merge.lastPerKey(keys))", on: connection)
                        try await PostgresSQL.run(merge.upsert(columns: schema.names, keys: keys), on: connection)
                        summary = TableMergeSummary(rowsStaged: staged, inserted: distinct - existing, updated: existing, deactivated: 0)
                    case let .scd2(spec):
                        try await Self.checkNoNullKeys(spec.businessKeys, merge: merge, connection: connection, store: sink.store)
                        let now: [Scalar] = [.timestamp(spec.instant)]
                        let closed = try await Self.changed(merge.closeChanged(keys: spec.businessKeys, tracked: spec.trackedColumns, validTo: spec.validToColumn,
                                                                                isCurrent: spec.isCurrentColumn), now, connection)
                        let inserted = try await Self.changed(merge.insertCurrent(columns: schema.names, keys: spec.businessKeys, validFrom: spec.validFromColumn,
                                                                                   validTo: spec.validToColumn, isCurrent: spec.isCurrentColumn), now, connection)
                        let deactivated = spec.deactivateMissing
                            ? try await Self.changed(merge.closeMissing(keys: spec.businessKeys, validTo: spec.validToColumn, isCurrent: spec.isCurrentColumn), now, connection) : 0
                        summary = TableMergeSummary(rowsStaged: staged, inserted: inserted - closed, updated: closed, deactivated: deactivated)
                    }
                    for statement in sink.epilogue { try await PostgresSQL.run(statement, on: connection) }
                    try await PostgresSQL.run("COMMIT", on: connection)
                    return summary
                }
                sink.outcome.summary = summary
            } catch {
                try? run { [connection] in try await PostgresSQL.run("ROLLBACK", on: connection) }
                throw error
            }
        }
    }

    func abort() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            try? run { [connection] in try await PostgresSQL.run("ROLLBACK", on: connection) }
            try? blocking { [connection] in try await connection.close().get() }
        }
    }

    /// Rows a statement with the merge time as `$1` changed (its command tag's count).
    private static func changed(_ sql: String, _ values: [Scalar], _ connection: PostgresConnection) async throws -> Int {
        let counted = "WITH changed AS (\(sql) RETURNING 1) SELECT count(*) FROM changed"
        return try await PostgresSQL.count(counted, values, on: connection)
    }

    private static func checkNoNullKeys(_ keys: [String], merge: TableMergeSQL, connection: PostgresConnection, store: PostgresStore) async throws {
        for key in keys where try await PostgresSQL.count("SELECT count(*) FROM \(merge.staging) WHERE \(PostgresSQL.quote(key)) IS NULL", on: connection) > 0 {
            throw DataFlowError(.execution, "key column '\(key)' has nulls in the input; keys must not be null", location: ErrorLocation(path: store.displayURL, column: key))
        }
    }
}
