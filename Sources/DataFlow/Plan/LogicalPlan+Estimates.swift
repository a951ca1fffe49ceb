extension LogicalPlan {
    /// A row-count estimate, where one can be given (in-memory data, ranges, limits, sources that
    /// know their sizes), as an upper bound: filters and grouped aggregations keep their input's
    /// estimate, a global aggregation has one row, an equi-join the larger side's (a key joined to
    /// a foreign key), other joins the product.
    /// Whether to broadcast a join side is decided by it.
    package var estimatedRowCount: Int? { rowEstimate(guessingFilters: false) }

    /// `estimatedRowCount` with each condition of a filter guessed to keep half the rows (at least
    /// 1/64 of them), a grouped aggregation half its input's, and an equi-join keeping the larger
    /// side's rows in the proportion its smaller side kept through its filters (a foreign key joined
    /// to the filtered keys): no bound, but a better guess of which join side is smaller, which is
    /// what choosing a build side and `PushDownSemiJoin` ask.
    package var likelyRowCount: Int? { rowEstimate(guessingFilters: true) }

    private func rowEstimate(guessingFilters: Bool) -> Int? {
        let estimate = { (plan: LogicalPlan) in plan.rowEstimate(guessingFilters: guessingFilters) }
        switch self {
        case let .values(values): return values.rowCount
        case let .range(range): return Int(RangeOperator.count(start: range.start, end: range.end, step: range.step))
        case let .limit(limit): return min(limit.count, estimate(limit.child) ?? limit.count)
        case let .scan(scan):
            let rows = scan.source.estimatedRowCount
            return scan.limit.map { min($0, rows ?? $0) } ?? rows
        case let .filter(filter) where guessingFilters:
            return estimate(filter.child).map { $0 >> min(6, conjuncts(filter.condition).count) }
        case let .aggregate(aggregate) where aggregate.groupings.isEmpty: return 1
        case let .aggregate(aggregate) where guessingFilters:
            // Groups are fewer than rows: guessed at half, as one filter.
            return estimate(aggregate.child).map { $0 >> 1 }
        case let .union(union):
            let parts = union.inputs.map(estimate)
            return parts.contains { $0 == nil } ? nil : parts.reduce(0) { $0 + $1! }
        case let .join(join):
            guard let left = estimate(join.left) else { return nil }
            if join.type == .leftSemi || join.type == .leftAnti { return left }
            guard let right = estimate(join.right) else { return nil }
            let equi = !JoinCondition(join.condition, left: join.left.output, right: join.right.output).equiKeys.isEmpty
            switch join.type {
            case .full:
                let (sum, overflow) = left.addingReportingOverflow(right)
                return overflow ? Int.max : sum
            case _ where equi && guessingFilters && join.type == .inner:
                // The larger side, times the fraction of the smaller side its filters kept.
                let (larger, smaller, smallerPlan) = left >= right ? (left, right, join.right) : (right, left, join.left)
                guard let unfiltered = smallerPlan.estimatedRowCount, unfiltered > 0 else { return larger }
                return Int(Double(larger) * min(1, Double(smaller) / Double(unfiltered)))
            case _ where equi: return max(left, right)
            default:
                let (product, overflow) = left.multipliedReportingOverflow(by: right)
                return overflow ? Int.max : product
            }
        default: return children.first.flatMap(estimate)
        }
    }
}
