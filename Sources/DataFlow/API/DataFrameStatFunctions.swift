/// Statistics of a DataFrame's columns returned as Swift values, as Spark's `df.stat`.
public struct DataFrameStatFunctions: Sendable {
    let frame: DataFrame

    /// The values at `probabilities` (each in 0...1) of the numeric column `column`, nulls and NaN
    /// left out: the value whose rank is ⌈p·n⌉ among the n values, as `percentile_approx` gives
    /// it (an exact answer, within any `relativeError`). Empty when the column has no values.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a probability or error outside 0...1.
    public func approxQuantile(_ column: String, probabilities: [Double], relativeError: Double) throws -> [Double] {
        try approxQuantile([column], probabilities: probabilities, relativeError: relativeError)[0]
    }

    /// `approxQuantile` of each of `columns`, in one pass.
    public func approxQuantile(_ columns: [String], probabilities: [Double], relativeError: Double) throws -> [[Double]] {
        guard (0...1).contains(relativeError) else { throw DataFlowError.invalidArgument("relativeError", "\(relativeError) is not between 0 and 1") }
        if let wrong = probabilities.first(where: { !(0...1).contains($0) }) {
            throw DataFlowError.invalidArgument("probabilities", "\(wrong) is not between 0 and 1")
        }
        guard !probabilities.isEmpty, !columns.isEmpty else { return columns.map { _ in [] } }
        let quantiles = columns.map { name -> Expr in
            let value = col(name).cast(.float64)
            return Expr.percentileApprox(when(Expr.isnan(value), nullLiteral(.float64)).otherwise(value), probabilities)
        }
        let row = try frame.agg(quantiles).collect()[0].values
        return row.map { value in
            guard case let .array(elements) = value else { return [] }
            return elements.compactMap { if case let .float64(number) = $0 { return number } else { return nil } }
        }
    }

    /// The Pearson correlation of two numeric columns over the rows where both are present, as
    /// the `corr` aggregate computes it (Spark's `stat.corr` instead reads a null as 0.0); nil when
    /// it is undefined (fewer than two such rows, or a column that does not vary).
    public func corr(_ first: String, _ second: String) throws -> Double? {
        try number(Expr.corr(first, second))
    }

    /// The sample covariance of two numeric columns over the rows where both are present, as
    /// `covar_samp` computes it; nil with fewer than two such rows.
    public func cov(_ first: String, _ second: String) throws -> Double? {
        try number(Expr.covarSamp(first, second))
    }

    private func number(_ aggregate: Expr) throws -> Double? {
        if case let .float64(value) = try frame.agg(aggregate).collect()[0].values[0] { return value }
        return nil
    }
}

extension DataFrame {
    /// Statistics returned as Swift values: `df.stat.approxQuantile("price", probabilities: [0.5], relativeError: 0.01)`.
    public var stat: DataFrameStatFunctions { DataFrameStatFunctions(frame: self) }
}
