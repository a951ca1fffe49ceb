/// Maps the key tuples of rows to dense group ids (0, 1, 2, ... in first-seen order), the core of
/// hash aggregation, DISTINCT and dropDuplicates. Keys are kept columnar (or row-encoded) inside the
/// table, never as Swift values per row.
protocol GroupTable: AnyObject {
    /// The number of distinct keys seen.
    var groupCount: Int { get }
    /// Finds or inserts the key of every row of `keys` (one column per key part), writing each row's
    /// group id into `groupIds`.
    func findOrInsert(_ keys: [Column], groupIds: inout [Int32])
    /// Looks up the key of every row without inserting, writing its group id, or -1 when the key was
    /// never inserted (a null key finds the null group, if there is one). Reads the table only, so
    /// once nothing inserts any more, any number of threads may call it at once, each with its own
    /// `scratch`.
    func find(_ keys: [Column], groupIds: inout [Int32], scratch: inout EncodedKeyRows)
    /// The distinct keys, one column per key part, in group id order.
    func keyColumns() -> [Column]
    /// Approximate bytes held.
    var memoryBytes: Int { get }
}

/// The group table suited to key columns of `types`.
func makeGroupTable(for types: [DataType]) -> any GroupTable {
    if types.count == 1, let type = types.first {
        if FixedKeyGroupTable.supports(type) { return FixedKeyGroupTable(type: type) }
        if type.isVariableWidth { return BytesKeyGroupTable(type: type) }
    }
    return RowKeyGroupTable(types: types)
}
