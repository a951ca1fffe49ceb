/// The distinct key tuples of a batch's rows: for each row, the dense number of its tuple (0, 1,
/// 2, ... in first-seen order; nulls equal, as in grouping), and for each tuple the rows holding it,
/// in row order. What writers need to split a batch by partition values without a value per row.
public struct DistinctRows: Sendable {
    /// For each distinct tuple, in first-seen order, its rows.
    public let rows: [[Int32]]

    /// The distinct tuples of `keys` (columns of equal length, one per key part).
    public init(_ keys: [Column]) {
        guard let count = keys.first?.count, count > 0 else {
            rows = []
            return
        }
        let table = makeGroupTable(for: keys.map(\.type))
        var groupIds: [Int32] = []
        table.findOrInsert(keys, groupIds: &groupIds)
        var rows = [[Int32]](repeating: [], count: table.groupCount)
        for row in 0..<count { rows[Int(groupIds[row])].append(Int32(row)) }
        self.rows = rows
    }
}
