import DataFlow

/// Decides from a column chunk's statistics (min/max, null count) whether any row of a row group
/// can pass a pushed filter. It answers "maybe" whenever the statistics do not prove otherwise:
/// missing statistics or metadata, sort orders it cannot trust (legacy `min`/`max` of byte arrays
/// and unsigned integers, byte arrays without TYPE_DEFINED_ORDER, INT96, UINT64), NaN bounds, and
/// comparisons a NaN value could pass (floating-point columns may hold NaN that min/max omit, and
/// NaN orders above every number, as in Spark).
struct ParquetRowGroupFilter {
    let leaf: ParquetLeaf
    /// The column chunk's metadata in the row group.
    let chunk: ColumnMetaData?
    let rowCount: Int64
    /// Whether the file declares TYPE_DEFINED_ORDER for this leaf.
    let typeDefinedOrder: Bool

    /// False when no row of the row group can pass `filter`.
    func canMatch(_ filter: PushedFilter) -> Bool {
        let nullCount = chunk?.statistics?.nullCount
        switch filter {
        case .isNull: return nullCount.map { $0 > 0 } ?? true
        case .isNotNull: return nullCount.map { $0 < rowCount } ?? true
        case let .compare(_, op, value):
            if nullCount == rowCount { return false }
            guard let value = ParquetStatisticsValue(value), let (min, max) = bounds() else { return true }
            return canMatch(op, value, min: min, max: max)
        case let .inList(_, values):
            if nullCount == rowCount { return false }
            guard let (min, max) = bounds() else { return true }
            return values.contains { scalar in
                // `x IN (NULL)` is never true.
                guard let value = ParquetStatisticsValue(scalar) else { return false }
                return canMatch(.equal, value, min: min, max: max)
            }
        }
    }

    private func canMatch(_ op: PushedFilter.ComparisonOperator, _ value: ParquetStatisticsValue,
                          min: ParquetStatisticsValue, max: ParquetStatisticsValue) -> Bool {
        let floating = leaf.physical == .float || leaf.physical == .double
        if floating, op == .notEqual || op == .greater || op == .greaterOrEqual { return true }
        if case let .real(number) = value, number.isNaN { return true }
        guard let lower = min.order(value), let upper = max.order(value) else { return true }
        switch op {
        case .equal: return lower <= 0 && upper >= 0
        case .notEqual: return !(lower == 0 && upper == 0)
        case .less: return lower < 0
        case .lessOrEqual: return lower <= 0
        case .greater: return upper > 0
        case .greaterOrEqual: return upper >= 0
        }
    }

    /// The chunk's min and max in the leaf's DataFlow domain, when present and trustworthy.
    func bounds() -> (ParquetStatisticsValue, ParquetStatisticsValue)? {
        guard let statistics = chunk?.statistics, let min = statistics.min, let max = statistics.max else { return nil }
        let signedOrder: Bool
        switch (leaf.physical, leaf.conversion) {
        case (.int96, _), (_, .unsigned64), (_, .uuid): return nil
        case (.byteArray, _), (.fixedLenByteArray, _), (_, .unsigned32): signedOrder = false
        default: signedOrder = true
        }
        // Legacy min/max were written in signed order; min_value/max_value follow the column order.
        if statistics.legacy ? !signedOrder : !(signedOrder || typeDefinedOrder) { return nil }
        guard let lower = ParquetStatisticsValue.decode(plain: min, leaf: leaf), let upper = ParquetStatisticsValue.decode(plain: max, leaf: leaf) else { return nil }
        return (lower, upper)
    }
}
