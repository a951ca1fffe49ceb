/// Summary statistics of columns, as Spark's `describe` and `summary`: one row per statistic, a
/// `summary` column naming it, then one string column per described column.
extension DataFrame {
    /// The statistics `summary` computes unless told which.
    public static let defaultSummaryStatistics = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]

    /// count, mean, stddev, min and max of the numeric and string columns among `columns` (default:
    /// all of them).
    public func describe(_ columns: String...) throws -> DataFrame {
        try summarize(columns.isEmpty ? nil : columns, statistics: ["count", "mean", "stddev", "min", "max"])
    }

    /// `statistics` of every numeric and string column: count, mean, stddev, min, max, count_distinct
    /// and percentiles such as `25%` (the value at that rank, as
    /// `percentile_approx` gives it). Without arguments, `defaultSummaryStatistics`.
    /// - Throws: `DataFlowError` (`.analysis`) for an unknown statistic.
    public func summary(_ statistics: String...) throws -> DataFrame {
        try summarize(nil, statistics: statistics.isEmpty ? Self.defaultSummaryStatistics : statistics)
    }

    private func summarize(_ names: [String]?, statistics: [String]) throws -> DataFrame {
        let fields = try (names.map { try select($0.map(col)).schema.fields } ?? schema.fields).filter { $0.type.isNumeric || $0.type == .string }
        // One aggregation computes every statistic that applies; the others are null.
        let cells = try statistics.flatMap { statistic in try fields.map { try Self.statistic(statistic, of: $0)?.cast(.string) } }
        let computed = cells.compactMap { $0 }
        var values = computed.isEmpty ? [] : try select(fields.map { col($0.name) })
            .agg(computed.enumerated().map { $1.alias("s\($0)") }).collect()[0].values[...]
        let filled = cells.map { cell in cell == nil ? Scalar.null : values.removeFirst() }
        let rows = statistics.enumerated().map { index, statistic in
            [Scalar.string(statistic)] + filled[(index * fields.count) ..< ((index + 1) * fields.count)]
        }
        return try session.createDataFrame(rows: rows, schema: Schema([Field("summary", .string)] + fields.map { Field($0.name, .string) }))
    }

    /// The aggregate computing `statistic` of `field`; nil where it does not apply to the type.
    private static func statistic(_ statistic: String, of field: Field) throws -> Expr? {
        let column = col(field.name)
        let numeric = field.type.isNumeric
        switch statistic.lowercased() {
        case "count": return Expr.count(column)
        case "mean", "avg": return Expr.avg(column)
        case "stddev": return Expr.stddev(column)
        case "min": return Expr.min(column)
        case "max": return Expr.max(column)
        case "count_distinct": return Expr.countDistinct(column)
        default:
            guard statistic.hasSuffix("%"), let percent = Double(statistic.dropLast()), (0...100).contains(percent) else {
                throw DataFlowError(.analysis, "summary: unknown statistic '\(statistic)'; use count, mean, stddev, min, max, count_distinct or a percentile such as 25%",
                                    location: ErrorLocation(argument: statistic))
            }
            return numeric ? Expr.percentileApprox(column, percent / 100) : nil
        }
    }
}
