/// A join condition taken apart for the join algorithms: equality keys for hash joins, comparisons
/// between the sides for range joins, and the rest, evaluated on candidate pairs.
struct JoinCondition {
    /// `left = right` (or `left <=> right` when `nullSafe`), each side reading one input only.
    struct EquiKey {
        let left: Expr
        let right: Expr
        let nullSafe: Bool
    }

    /// `left op right` with op one of < <= > >=, each side reading one input only.
    struct Comparison {
        let left: Expr
        let op: BinaryOperator
        let right: Expr
    }

    var equiKeys: [EquiKey] = []
    var comparisons: [Comparison] = []
    /// Conjuncts neither of the above; ANDed, evaluated over joined rows.
    var residual: [Expr] = []

    /// Which input an expression reads.
    enum Side {
        case left, right, both, neither

        /// The side of the columns an expression reads, given each input's columns.
        init(of expr: Expr, left: Set<ColumnID>, right: Set<ColumnID>) {
            let reads = expr.references
            if reads.isEmpty { self = .neither }
            else if reads.isSubset(of: left) { self = .left }
            else if reads.isSubset(of: right) { self = .right }
            else { self = .both }
        }
    }

    /// Splits `condition` (resolved) over inputs with the columns `left` and `right`.
    init(_ condition: Expr?, left: [Attribute], right: [Attribute]) {
        guard let condition else { return }
        let leftColumns = left.ids, rightColumns = right.ids
        func side(_ expr: Expr) -> Side { Side(of: expr, left: leftColumns, right: rightColumns) }
        for part in conjuncts(condition) {
            guard case let .binary(op, a, b) = part.node, op.isComparison, op != .notEqual else {
                residual.append(part)
                continue
            }
            let (sideA, sideB) = (side(a), side(b))
            let oriented: (Expr, BinaryOperator, Expr)?
            switch (sideA, sideB) {
            case (.left, .right): oriented = (a, op, b)
            case (.right, .left): oriented = (b, op.withOperandsSwapped, a)
            default: oriented = nil
            }
            guard let (l, o, r) = oriented else {
                residual.append(part)
                continue
            }
            switch o {
            case .equal: equiKeys.append(EquiKey(left: l, right: r, nullSafe: false))
            case .nullSafeEqual: equiKeys.append(EquiKey(left: l, right: r, nullSafe: true))
            default: comparisons.append(Comparison(left: l, op: o, right: r))
            }
        }
    }

    /// The residual (and, when `includingComparisons`, the comparisons) as one condition.
    func remaining(includingComparisons: Bool) -> Expr? {
        let parts = residual + (includingComparisons ? comparisons.map { Expr(.binary($0.op, $0.left, $0.right)) } : [])
        return conjunction(parts)
    }
}
