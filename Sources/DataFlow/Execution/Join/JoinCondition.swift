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
    enum Side { case left, right, both, neither }

    /// Splits `condition` over inputs with schemas `left` and `right`.
    init(_ condition: Expr?, left: Schema, right: Schema, context: BindContext) {
        guard let condition else { return }
        func side(_ expr: Expr) -> Side {
            if expr.referencedColumns.isEmpty { return .neither }
            if (try? ExprBinder(schema: left, context: context).bind(expr)) != nil { return .left }
            if (try? ExprBinder(schema: right, context: context).bind(expr)) != nil { return .right }
            return .both
        }
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
