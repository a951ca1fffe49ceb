/// Reshaping rows into columns and back, as Spark's `pivot` and `unpivot` (`melt`).
extension GroupedData {
    /// The most distinct values `pivot` finds by itself, as Spark's `spark.sql.pivotMaxValues`.
    public static let pivotMaxValues = 10_000

    /// Turns each of `values` of `column` into columns of the aggregates that follow:
    /// `groupBy("region").pivot("item").agg(.sum("amount"))` has a column per item holding the sum
    /// of its amounts in each region, null where a region has no such rows. One aggregate names its
    /// columns by the value (`tea`); several by value and aggregate (`tea_sum(amount)`). Without
    /// `values`, the column's distinct values are found first by running a query (ascending, null
    /// first, at most `pivotMaxValues`), as Spark does.
    /// - Throws: `DataFlowError` (`.analysis`) for an unknown column, or more distinct values than
    ///   `pivotMaxValues` when `values` is not given.
    public func pivot(_ column: any ColumnOrName, values: [Scalar]? = nil) throws -> GroupedData {
        let pivot = column.columnExpr
        var grouped = self
        if let values {
            grouped.pivot = (pivot, values)
            return grouped
        }
        let distinct = try frame.select(pivot.alias("pivot")).distinct().orderBy(col("pivot").asc()).limit(Self.pivotMaxValues + 1).collect()
        guard distinct.count <= Self.pivotMaxValues else {
            throw DataFlowError(.analysis, "pivot: \(pivot) has more than \(Self.pivotMaxValues) distinct values; pass the values to pivot by")
        }
        grouped.pivot = (pivot, distinct.map { $0.values[0] })
        return grouped
    }

    /// The pivoted aggregation, as Spark plans it: the aggregates grouped by the keys and the
    /// pivot column, then for each key one row holding, per pivot value, the first non-null value
    /// of the aggregate's rows with that pivot value.
    func agg(_ aggregates: [Expr], pivotingBy pivot: Expr, values: [Scalar]) throws -> DataFrame {
        let valueNames = aggregates.indices.map { "__value\($0)" }
        let inner = try GroupedData(frame: frame, groupings: groupings + [try frame.groupBy(pivot.alias("__pivot")).groupings[0]])
            .agg(zip(aggregates, valueNames).map { $0.alias($1) })
        let keys = inner.plan.output.prefix(groupings.count).map(\.reference)
        let pivotColumn = inner.plan.output[groupings.count].reference
        let columns = values.flatMap { value in
            let matches = value.isNull ? pivotColumn.isNull() : pivotColumn == lit(value)
            let name = value.isNull ? "null" : value.formatted(timeZone: frame.context.timeZone)
            return zip(aggregates, valueNames).map { aggregate, valueName in
                Expr.first(when(matches, col(valueName)), ignoreNulls: true).alias(aggregates.count == 1 ? name : "\(name)_\(aggregate.outputName)")
            }
        }
        return try inner.groupBy(keys).agg(columns)
    }
}

extension DataFrame {
    /// Turns the `values` columns into rows: each input row becomes one row per value column,
    /// holding the `ids` columns, the value column's name (in `variableColumnName`) and its value
    /// (in `valueColumnName`, of the value columns' common type), as Spark's `unpivot`. Without
    /// `values`, every column not among `ids`.
    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns, no value columns, or value
    ///   columns without a common type.
    public func unpivot(ids: [any ColumnOrName], values: [any ColumnOrName]? = nil, variableColumnName: String, valueColumnName: String) throws -> DataFrame {
        let idExprs = ids.map(\.columnExpr)
        let idNames = Set(try select(idExprs).schema.fields.map { $0.name.lowercased() })
        let valueExprs = values?.map(\.columnExpr) ?? schema.fields.filter { !idNames.contains($0.name.lowercased()) }.map { col($0.name) }
        guard !valueExprs.isEmpty else { throw DataFlowError(.analysis, "unpivot: no value columns to unpivot") }
        let types = try select(valueExprs).schema.fields.map(\.type)
        // As Spark's: the least common type, without turning numbers or dates into text.
        let mixesText = types.contains(.string) && types.contains { $0 != .string && $0 != .null }
        guard !mixesText, let type = TypeCoercion.commonType(types) else {
            throw DataFlowError(.analysis, "unpivot: the value columns \(valueExprs) have no common type: \(types.map(\.sqlName))")
        }
        let entries = valueExprs.map { Expr.namedStruct(("variable", lit($0.outputName)), ("value", $0.cast(type == .null ? .string : type))) }
        let rows = try select(idExprs + [Expr.inline(Expr(.function(name: "array", arguments: entries)))])
        let width = idExprs.count
        return try rows.select(rows.plan.output.prefix(width).map(\.reference)
            + [rows.plan.output[width].reference.alias(variableColumnName), rows.plan.output[width + 1].reference.alias(valueColumnName)])
    }

    /// `unpivot`, by its pandas name.
    public func melt(ids: [any ColumnOrName], values: [any ColumnOrName]? = nil, variableColumnName: String, valueColumnName: String) throws -> DataFrame {
        try unpivot(ids: ids, values: values, variableColumnName: variableColumnName, valueColumnName: valueColumnName)
    }
}
