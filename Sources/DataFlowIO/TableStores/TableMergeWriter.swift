import DataFlow
import Foundation

/// A database the merge writer can write into: makes the sink of one write.
package protocol TableMergeTarget: Sendable {
    /// The sink writing `action` into `table`, running `epilogue` in its transaction and leaving a
    /// merge's counts in `outcome`.
    func sink(table: String, action: TableWriteAction, epilogue: [SQLStatement], outcome: TableMergeOutcome) -> any DataSink
}

/// Where a committed merge leaves its summary for the caller.
package final class TableMergeOutcome: @unchecked Sendable { // `stored` is read and written only under `lock`
    private let lock = NSLock()
    private var stored: TableMergeSummary?

    package init() {}

    package var summary: TableMergeSummary? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Upserts, SCD type 2 merges and partition replacements of a DataFrame into a database table
/// (`df.write.sqlite(path)`, `df.write.postgres(url)`), each one transaction.
public struct TableMergeWriter: Sendable {
    let frame: DataFrame
    let target: any TableMergeTarget
    var epilogue: [SQLStatement] = []

    package init(frame: DataFrame, target: any TableMergeTarget) {
        self.frame = frame
        self.target = target
    }

    /// The same writer also running `statements` in the write's transaction, after the rows: they
    /// commit with them or not at all.
    public func alsoExecuting(_ statements: [SQLStatement]) -> TableMergeWriter {
        var writer = self
        writer.epilogue += statements
        return writer
    }

    /// Inserts the rows, updating the table's row with the same `keys` (the last input row of a
    /// key wins), through a staged `INSERT … ON CONFLICT … DO UPDATE`; creates the table and a
    /// unique index on `keys` when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or database failures; nothing changes then.
    @discardableResult
    public func upsert(table: String, keys: [String]) throws -> TableMergeSummary {
        try merge(table, .upsert(keys: keys))
    }

    /// Merges the rows into `table` as an SCD type 2 dimension (see `SCD2Merge`); creates the
    /// table with the history columns when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or database failures; nothing changes then.
    @discardableResult
    public func scd2Merge(table: String, _ merge: SCD2Merge) throws -> TableMergeSummary {
        try self.merge(table, .scd2(merge))
    }

    /// Deletes the rows of `table` whose `column` is one of `values`, then inserts the rows: a
    /// dynamic partition overwrite of a table; creates the table when missing.
    /// - Throws: `DataFlowError` for an unknown column or database failures; nothing changes then.
    @discardableResult
    public func replaceRows(table: String, where column: String, in values: [Scalar]) throws -> WriteSummary {
        try frame.write(to: target.sink(table: table, action: .replaceRows(column: column, values: values), epilogue: epilogue, outcome: TableMergeOutcome()))
    }

    private func merge(_ table: String, _ action: TableWriteAction) throws -> TableMergeSummary {
        let outcome = TableMergeOutcome()
        let written = try frame.write(to: target.sink(table: table, action: action, epilogue: epilogue, outcome: outcome))
        return outcome.summary ?? TableMergeSummary(rowsStaged: written.rows, inserted: 0, updated: 0, deactivated: 0)
    }
}

/// Pushed filters as an SQL condition per filter, with `?` placeholders and their values.
package func sqlConditions(_ filters: [PushedFilter], quote: (String) -> String) -> (conditions: [String], values: [Scalar]) {
    var conditions: [String] = [], values: [Scalar] = []
    for filter in filters {
        let column = quote(filter.column)
        switch filter {
        case let .compare(_, op, value):
            conditions.append("\(column) \(op.rawValue == "!=" ? "<>" : op.rawValue) ?")
            values.append(value)
        case .isNull: conditions.append("\(column) IS NULL")
        case .isNotNull: conditions.append("\(column) IS NOT NULL")
        case let .inList(_, list):
            conditions.append("\(column) IN (\(list.map { _ in "?" }.joined(separator: ", ")))")
            values += list
        }
    }
    return (conditions, values)
}

/// A database write's writer for one partition: hands each batch on with the input position of
/// its first row (partition number in the high bits, so partitions' rows keep the input order).
package final class SequencedPartitionWriter: PartitionWriter {
    private let send: (RecordBatch, Int64) throws -> Void
    private let base: Int64
    private var rows = 0

    /// A writer for partition `partition` passing batches to `send`.
    package init(partition: Int, send: @escaping (RecordBatch, Int64) throws -> Void) {
        self.send = send
        base = Int64(partition) << 40
    }

    package func write(_ batch: RecordBatch) throws {
        try send(batch, base + Int64(rows))
        rows += batch.rowCount
    }

    package func finish() throws -> PartitionWriteResult { PartitionWriteResult(rows: rows) }
}
