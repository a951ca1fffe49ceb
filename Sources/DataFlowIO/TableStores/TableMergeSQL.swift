/// The SQL of merges from a staging table into a target, for the databases DataFlow writes
/// (SQLite, PostgreSQL): upserts (`INSERT … ON CONFLICT … DO UPDATE`) and SCD type 2 merges. The
/// staging table holds the input with `_dataflow_seq`, its row order: of rows with the same key,
/// only the last counts. Shared by the stores of the package (`package` access).
package struct TableMergeSQL {
    /// The quoted target and staging tables.
    package let target: String, staging: String
    /// Quotes an identifier.
    package let quote: @Sendable (String) -> String
    /// The null-safe "differs" operator (`IS NOT` in SQLite, `IS DISTINCT FROM` in PostgreSQL).
    package let differs: String
    /// The placeholder of the merge time (`?` in SQLite, `$1` in PostgreSQL).
    package let parameter: String

    package static let sequenceColumn = "_dataflow_seq"

    /// Merge statements from `staging` into `target`.
    package init(target: String, staging: String, quote: @escaping @Sendable (String) -> String, differs: String, parameter: String) {
        self.target = target
        self.staging = staging
        self.quote = quote
        self.differs = differs
        self.parameter = parameter
    }

    /// The staging rows that count: the last of each key.
    package func lastPerKey(_ keys: [String]) -> String {
        let sequence = quote(Self.sequenceColumn)
        return "\(sequence) IN (SELECT max(\(sequence)) FROM \(staging) GROUP BY \(keys.map(quote).joined(separator: ", ")))"
    }

    /// Inserts the staged rows, updating the target's row where the key exists.
    package func upsert(columns: [String], keys: [String]) -> String {
        let names = columns.map(quote).joined(separator: ", ")
        let updates = columns.filter { !keys.contains($0) }.map { "\(quote($0)) = excluded.\(quote($0))" }
        return "INSERT INTO \(target) (\(names)) SELECT \(names) FROM \(staging) WHERE \(lastPerKey(keys)) "
            + "ON CONFLICT (\(keys.map(quote).joined(separator: ", "))) " + (updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", "))
    }

    /// `staging` key columns equal to the target's (`t`, the target's alias).
    private func sameKey(_ keys: [String], staged: String = "s", current: String = "t") -> String {
        keys.map { "\(staged).\(quote($0)) = \(current).\(quote($0))" }.joined(separator: " AND ")
    }

    /// SCD2, step 1: closes the current version of keys whose tracked columns changed (parameter 1:
    /// the merge time).
    package func closeChanged(keys: [String], tracked: [String], validTo: String, isCurrent: String) -> String {
        let changed = tracked.map { "s.\(quote($0)) \(differs) t.\(quote($0))" }.joined(separator: " OR ")
        return "UPDATE \(target) AS t SET \(quote(validTo)) = \(parameter), \(quote(isCurrent)) = FALSE WHERE t.\(quote(isCurrent)) = TRUE AND EXISTS "
            + "(SELECT 1 FROM \(staging) AS s WHERE \(lastPerKey(keys)) AND \(sameKey(keys)) AND (\(changed.isEmpty ? "FALSE" : changed)))"
    }

    /// SCD2, step 2: inserts a current version for every staged key without one (new keys, and
    /// the ones step 1 closed) (parameter 1: the merge time).
    package func insertCurrent(columns: [String], keys: [String], validFrom: String, validTo: String, isCurrent: String) -> String {
        let names = columns.map(quote).joined(separator: ", ")
        return "INSERT INTO \(target) (\(names), \(quote(validFrom)), \(quote(validTo)), \(quote(isCurrent))) "
            + "SELECT \(columns.map { "s.\(quote($0))" }.joined(separator: ", ")), \(parameter), NULL, TRUE FROM \(staging) AS s WHERE \(lastPerKey(keys)) AND NOT EXISTS "
            + "(SELECT 1 FROM \(target) AS t WHERE \(sameKey(keys)) AND t.\(quote(isCurrent)) = TRUE)"
    }

    /// SCD2, optional step 3: closes current versions whose key the input (a full load) lacks
    /// (parameter 1: the merge time).
    package func closeMissing(keys: [String], validTo: String, isCurrent: String) -> String {
        "UPDATE \(target) AS t SET \(quote(validTo)) = \(parameter), \(quote(isCurrent)) = FALSE WHERE t.\(quote(isCurrent)) = TRUE AND NOT EXISTS "
            + "(SELECT 1 FROM \(staging) AS s WHERE \(sameKey(keys)))"
    }
}
