import DataFlow
import Foundation

/// How rows are written into a database table.
package enum TableWriteAction: Sendable {
    /// Inserted, after the save mode decided what happens to an existing table.
    case insert(SaveMode)
    /// Inserted, or updating the row with the same key (the last input row of a key wins).
    case upsert(keys: [String])
    /// Merged as a slowly changing dimension of type 2.
    case scd2(SCD2Merge)
    /// Inserted after deleting the table's rows whose `column` is one of `values` (the partitions
    /// the rows replace), creating the table when missing.
    case replaceRows(column: String, values: [Scalar])

    /// Whether the rows go through a staging table (merges) rather than straight into the target.
    package var isStaged: Bool {
        switch self {
        case .upsert, .scd2: return true
        case .insert, .replaceRows: return false
        }
    }
}

/// A slowly changing dimension (type 2) merge: the target keeps every version of a row, with the
/// time it became valid, the time it stopped (null while current) and whether it is current. A key
/// whose tracked columns changed gets its current version closed and a new one inserted; an
/// unchanged key is left as it is; a new key is inserted; with `deactivateMissing` (for full loads)
/// a key the input lacks is closed. Merging the same input twice changes nothing.
public struct SCD2Merge: Sendable {
    /// The natural key: never null, never changing.
    public var businessKeys: [String]
    /// The columns whose changes make a new version (others change nothing).
    public var trackedColumns: [String]
    /// Whether current keys missing from the input are closed.
    public var deactivateMissing: Bool
    /// The merge's instant: new versions' `valid_from`, closed versions' `valid_to` (default now).
    public var asOf: Date?
    /// The history columns' names.
    public var validFromColumn = "valid_from", validToColumn = "valid_to", isCurrentColumn = "is_current"

    /// A merge keyed by `businessKeys`, versioning on `trackedColumns`.
    public init(businessKeys: [String], trackedColumns: [String], deactivateMissing: Bool = false, asOf: Date? = nil) {
        self.businessKeys = businessKeys
        self.trackedColumns = trackedColumns
        self.deactivateMissing = deactivateMissing
        self.asOf = asOf
    }

    /// The merge instant in microseconds since the epoch.
    package var instant: Int64 { Int64(((asOf ?? Date()).timeIntervalSince1970 * 1_000_000).rounded()) }

    /// Checks the columns against the input's.
    /// - Throws: `DataFlowError` (`.analysis`) naming a missing key or tracked column, or a
    ///   history column the input already has.
    package func validate(_ schema: Schema) throws {
        guard !businessKeys.isEmpty else { throw DataFlowError.invalidArgument("businessKeys", "needs at least one column") }
        for column in businessKeys + trackedColumns where !schema.names.contains(column) {
            throw DataFlowError(.analysis, "scd2Merge: column '\(column)' is not in the input (columns: \(schema.names.joined(separator: ", ")))", location: ErrorLocation(column: column))
        }
        for column in [validFromColumn, validToColumn, isCurrentColumn] where schema.names.contains(column) {
            throw DataFlowError(.analysis, "scd2Merge: the input already has the history column '\(column)'", location: ErrorLocation(column: column))
        }
    }
}

/// What a merge into a table did.
public struct TableMergeSummary: Sendable, Equatable {
    /// Input rows staged.
    public var rowsStaged: Int
    /// Keys inserted that the table did not have.
    public var inserted: Int
    /// Keys whose row was updated (upsert) or that got a new version (SCD2).
    public var updated: Int
    /// Current versions closed because the input lacked their key (SCD2 with deactivateMissing).
    public var deactivated: Int

    /// A summary.
    public init(rowsStaged: Int, inserted: Int, updated: Int, deactivated: Int) {
        self.rowsStaged = rowsStaged
        self.inserted = inserted
        self.updated = updated
        self.deactivated = deactivated
    }
}
