extension DataFrame {
    /// Joins with `other` where the named columns are equal (SQL `USING`): the output has one copy of
    /// each key (for a full join, the non-null one of the two), then this DataFrame's other columns,
    /// then `other`'s (none for semi and anti joins).
    /// - Throws: `DataFlowError` (`.analysis`) when a key is missing on either side.
    public func join(_ other: DataFrame, on columns: [String], how type: JoinType = .inner) throws -> DataFrame {
        let left = joinInput(), right = other.joinInput()
        func reference(_ frame: DataFrame, _ name: String) throws -> Expr {
            let field = frame.schema[try frame.schema.index(of: name)]
            return Expr(.column(name: field.name, qualifier: field.qualifier))
        }
        let keys = try columns.map { (name: $0, left: try reference(left, $0), right: try reference(right, $0)) }
        let condition = conjunction(keys.map { $0.left == $0.right })
        let joined = try left.joinPlan(right, type: type, condition: condition)
        let keyNames = Set(columns.map { $0.lowercased() })
        var output: [Expr] = keys.map { key in
            switch type {
            case .full: return Expr.coalesce(key.left, key.right).alias(key.name)
            case .right: return key.right.alias(key.name)
            default: return key.left.alias(key.name)
            }
        }
        output += left.schema.fields.filter { !keyNames.contains($0.name.lowercased()) }.map { Expr(.column(name: $0.name, qualifier: $0.qualifier)) }
        if type.keepsRightColumns {
            output += right.schema.fields.filter { !keyNames.contains($0.name.lowercased()) }.map { Expr(.column(name: $0.name, qualifier: $0.qualifier)) }
        }
        return try joined.select(output)
    }

    /// Joins with `other` where `column` is equal on both sides (`USING (column)`).
    public func join(_ other: DataFrame, on column: String, how type: JoinType = .inner) throws -> DataFrame {
        try join(other, on: [column], how: type)
    }

    /// Joins with `other` on any boolean condition over both sides' columns (`left["k"] ==
    /// right["k"]`, `col("a.start") < col("b.end")`, ...). The output is this DataFrame's columns then
    /// `other`'s (only this DataFrame's for semi and anti joins). Equality keys run as a hash join,
    /// range comparisons between the sides as a range join, anything else as a nested-loop join.
    public func join(_ other: DataFrame, on condition: Expr, how type: JoinType = .inner) throws -> DataFrame {
        try joinInput().joinPlan(other.joinInput(), type: type, condition: condition)
    }

    /// Every pair of rows of this DataFrame and `other`.
    public func crossJoin(_ other: DataFrame) throws -> DataFrame {
        try joinInput().joinPlan(other.joinInput(), type: .cross, condition: nil)
    }

    private func joinPlan(_ other: DataFrame, type: JoinType, condition: Expr?) throws -> DataFrame {
        let join = try Join(left: plan, right: other.plan, type: type, condition: condition, context: context)
        return with(.join(join))
    }

    /// This DataFrame as a join input: columns with no qualifier get this DataFrame's own, so that
    /// `df["k"]` finds them on the right side of the join.
    func joinInput() -> DataFrame {
        guard schema.fields.allSatisfy({ $0.qualifier == nil }) else { return self }
        let aliased = with(.subqueryAlias(SubqueryAlias(child: plan, alias: autoQualifier)))
        return aliased.withIdentity(id)
    }
}
