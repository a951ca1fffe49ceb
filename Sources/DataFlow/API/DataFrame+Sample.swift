import Foundation

/// Seeded random samples and splits that give the same rows at any parallelism and partitioning:
/// a row's draw in [0, 1) is a hash of its values, its occurrence among identical rows (so that
/// duplicates draw independently) and the seed, never of where the row happens to be processed.
extension DataFrame {
    /// About `fraction` of the rows, as Spark's `sample`: without replacement each row is kept
    /// with probability `fraction` (0...1); with replacement each row appears a Poisson(`fraction`)
    /// number of times (`fraction` ≥ 0, at most 100). The same seed gives the same rows; without
    /// one, a random seed.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a fraction out of range.
    public func sample(withReplacement: Bool = false, fraction: Double, seed: Int64 = .random(in: .min ... .max)) throws -> DataFrame {
        let names = plan.output.map(\.name)
        guard withReplacement ? (0...100).contains(fraction) : (0...1).contains(fraction) else {
            throw DataFlowError.invalidArgument("fraction", "\(fraction) is not between 0 and \(withReplacement ? 100 : 1)")
        }
        let drawn = try withDraw(seed: seed)
        let draw = col(Self.drawColumn)
        guard withReplacement else { return try drawn.filter(draw < lit(fraction)).select(names.indices.map { drawn.plan.output[$0].reference }) }
        // Poisson counts by inverting the distribution function at the draw: the most thresholds
        // the draw reaches.
        let thresholds = Self.poissonThresholds(mean: fraction)
        let copies = thresholds.isEmpty ? lit(Scalar.int32(0)) : Expr(.caseWhen(
            branches: thresholds.enumerated().reversed().map { CaseBranch(condition: draw >= lit($1), value: lit(Scalar.int32(Int32($0 + 1)))) },
            otherwise: lit(Scalar.int32(0))))
        let repeated = try drawn.filter(copies > 0).select(names.indices.map { drawn.plan.output[$0].reference }
            + [Expr.explode(Expr(.function(name: "array_repeat", arguments: [lit(true), copies]))).alias(Self.drawColumn)])
        return try repeated.select(names.indices.map { repeated.plan.output[$0].reference })
    }

    /// The rows split by `weights` (normalized to sum 1), as Spark's `randomSplit`: each row goes to
    /// exactly one split, with probability its weight; the same seed gives the same splits.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a negative weight or weights summing to 0.
    public func randomSplit(_ weights: [Double], seed: Int64) throws -> [DataFrame] {
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.reduce(0, +) > 0 else {
            throw DataFlowError.invalidArgument("weights", "\(weights) must be non-negative with a positive sum")
        }
        let total = weights.reduce(0, +)
        let bounds = weights.reduce(into: [0.0]) { $0.append($0[$0.count - 1] + $1 / total) }
        let drawn = try withDraw(seed: seed)
        let columns = plan.output.indices.map { drawn.plan.output[$0].reference }
        return try weights.indices.map { index in
            let draw = col(Self.drawColumn)
            let upper = index == weights.count - 1 ? lit(true) : draw < lit(bounds[index + 1])
            return try drawn.filter(draw >= lit(bounds[index]) && upper).select(columns)
        }
    }

    /// The name of the draw's column while it exists.
    private static let drawColumn = "__sample_draw"

    /// This DataFrame with a column `drawColumn` of each row's draw in [0, 1).
    private func withDraw(seed: Int64) throws -> DataFrame {
        // -0.0 and 0.0 are one value to the occurrence numbering, so they hash alike.
        let values = zip(plan.output, schema.fields).map { attribute, field in field.type == .float64 ? attribute.reference + lit(0.0) : attribute.reference }
        guard let first = values.first else { throw DataFlowError.invalidArgument("sample", "a DataFrame without columns has no rows to draw") }
        let occurrence = "__sample_occurrence"
        let numbered = try withColumn(occurrence, Expr.rowNumber().over(Window.partitionBy(values).orderBy(first)))
        let hash = Expr(.function(name: "xxhash64", arguments: values + [col(occurrence), lit(Scalar.int64(seed))]))
        // The top 53 bits of the hash, as a fraction.
        let draw = Expr.shiftRightUnsigned(hash, 11).cast(.float64) * lit(1.0 / 9_007_199_254_740_992.0)
        return try numbered.withColumn(Self.drawColumn, draw)
    }

    /// The draws at which a Poisson(`mean`) count reaches 1, 2, …: its distribution function at
    /// 0, 1, …, until the tail left is below 1e-15.
    private static func poissonThresholds(mean: Double) -> [Double] {
        var thresholds: [Double] = []
        var probability = Foundation.exp(-mean), cumulative = probability
        var k = 0
        while 1 - cumulative > 1e-15 && k < 1_000 {
            thresholds.append(cumulative)
            k += 1
            probability *= mean / Double(k)
            cumulative += probability
        }
        return thresholds
    }
}
