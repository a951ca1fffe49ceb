/// Functions over numbers of any type, by Spark's names: pmod, negative, positive, factorial,
/// width_bucket, and greatest / least (which take any comparable type).
enum NumberFunctions {
    static let all: [ScalarFunction] = [pmod, negative("negative"), negative("negate"), positive, factorial, widthBucket,
                                        extreme("greatest", .greater), extreme("least", .less)]

    /// width_bucket(v, min, max, n): which of n equal buckets between min and max holds v, 1 to n;
    /// 0 below the range and n + 1 above it (the range may run downwards). Null, as in Spark, for
    /// n <= 0, min = max, or a NaN or infinite bound, and for a NaN value.
    private static let widthBucket = ScalarFunction(name: "width_bucket") { arguments, binder in
        try Arguments.expect("width_bucket", arguments, count: 4...4)
        let bounds = try Arguments.coerceAll("width_bucket", arguments.prefix(3), to: .float64, binder)
        let buckets = try Arguments.coerce("width_bucket", arguments, 3, to: .int64, binder)
        return FunctionExpr(name: "width_bucket", arguments: bounds + [buckets], dataType: .int64, nullable: true) { inputs, count in
            let columns = inputs.map { $0.materialize(count) }
            var results = [Int64](repeating: 0, count: count), valid = [Bool](repeating: false, count: count)
            columns[0].withValues(Double.self) { values, valuePresent in
                columns[1].withValues(Double.self) { lows, lowPresent in
                    columns[2].withValues(Double.self) { highs, highPresent in
                        columns[3].withValues(Int64.self) { counts, countPresent in
                            for row in 0..<count where valuePresent[row] && lowPresent[row] && highPresent[row] && countPresent[row] {
                                guard let bucket = Self.bucket(values[row], lows[row], highs[row], counts[row]) else { continue }
                                results[row] = bucket
                                valid[row] = true
                            }
                        }
                    }
                }
            }
            return try Column(results, validity: valid)
        }
    }

    /// The bucket of `value` (see `width_bucket`), nil where Spark's is null.
    private static func bucket(_ value: Double, _ start: Double, _ end: Double, _ buckets: Int64) -> Int64? {
        guard buckets > 0, buckets < Int64.max, !value.isNaN, start != end, start.isFinite, end.isFinite else { return nil }
        let lower = Swift.min(start, end), upper = Swift.max(start, end)
        if start < end {
            if value < lower { return 0 }
            if value >= upper { return buckets + 1 }
            return Int64(Double(buckets) * (value - lower) / (upper - lower)) + 1
        }
        if value > upper { return 0 }
        if value <= lower { return buckets + 1 }
        return Int64(Double(buckets) * (upper - value) / (upper - lower)) + 1
    }

    /// pmod(a, n): the remainder of a / n made non-negative for a positive n (Spark's
    /// `((a % n) + n) % n` where a % n is negative), in the type a % n has; null for n = 0.
    private static let pmod = ScalarFunction(name: "pmod") { arguments, binder in
        try Arguments.expect("pmod", arguments, count: 2...2)
        let (a, n) = (arguments[0], arguments[1])
        let remainder = try binder.bindBinary(.modulo, a, n, in: "pmod(\(a), \(n))")
        let shifted = try binder.coerce(try binder.bindBinary(.modulo, try binder.bindBinary(.add, remainder, n, in: "pmod"), n, in: "pmod"),
                                        to: remainder.dataType)
        let negative = ComparisonExpr(op: .less, lhs: remainder, rhs: try binder.coerce(try LiteralExpr(.int32(0), type: .int32), to: remainder.dataType))
        return CaseWhenExpr(conditions: [negative], values: [shifted], otherwise: remainder, dataType: remainder.dataType)
    }

    /// negative(x) / negate(x): -x, wrapping for the smallest integer as Java does.
    private static func negative(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...1)
            guard arguments[0].dataType.isNumeric else { throw DataFlowError(.analysis, "\(name) needs a number, found \(arguments[0].dataType)") }
            return UnaryExpr(op: .negate, child: arguments[0])
        }
    }

    /// positive(x): x itself, for numbers.
    private static let positive = ScalarFunction(name: "positive") { arguments, _ in
        try Arguments.expect("positive", arguments, count: 1...1)
        guard arguments[0].dataType.isNumeric else { throw DataFlowError(.analysis, "positive needs a number, found \(arguments[0].dataType)") }
        return arguments[0]
    }

    /// factorial(n): n! as a long for n in 0...20, else null.
    private static let factorial = ScalarFunction(name: "factorial") { arguments, binder in
        try Arguments.expect("factorial", arguments, count: 1...1)
        let argument = try Arguments.coerce("factorial", arguments, 0, to: .int32, binder)
        return FunctionExpr(name: "factorial", arguments: [argument], dataType: .int64, nullable: true) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .int64, capacity: column.count)
            column.withValues(Int32.self) { values, present in
                for i in 0..<column.count {
                    guard present[i], (0...20).contains(values[i]) else { builder.appendNull(); continue }
                    builder.appendFixed((1...max(1, Int64(values[i]))).reduce(Int64(1), *))
                }
            }
            return builder.finish()
        }
    }

    /// greatest(a, b, ...) / least(...): the largest or smallest non-null argument (null when all
    /// are), in the arguments' common type; NaN is larger than any other double, as Spark orders.
    private static func extreme(_ name: String, _ op: BinaryOperator) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...Int.max)
            guard let type = TypeCoercion.commonType(arguments.map(\.dataType)) else {
                throw DataFlowError(.analysis, "\(name): arguments have incompatible types \(arguments.map(\.dataType))")
            }
            let resultType = type == .null ? DataType.string : type
            let operands = try arguments.map { try binder.coerce($0, to: resultType) }
            return FunctionExpr(name: name, arguments: operands, dataType: resultType, nullable: operands.allSatisfy(\.nullable)) { inputs, count in
                let columns = inputs.map { $0.materialize(count) }
                var choice = [Int32](repeating: -1, count: count)
                var best = columns[0]
                for i in 0..<count where !best.isNull(i) { choice[i] = 0 }
                for index in 1..<columns.count {
                    let better = try compare(op, Datum(columns[index]), Datum(best), count: count)
                    let candidate = columns[index].validityView
                    better.withBits { wins, known in
                        for i in 0..<count where candidate[i] && (choice[i] < 0 || (known[i] && wins[i])) { choice[i] = Int32(index) }
                    }
                    best = interleave(columns, choice: choice, type: resultType)
                }
                return best
            }
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// The remainder of `a / n`, made non-negative for a positive `n`; null for `n` = 0.
    public static func pmod(_ a: some ColumnOrName, _ n: some ColumnOrName) -> Expr { call("pmod", a, n) }
    /// The value negated.
    public static func negative(_ e: some ColumnOrName) -> Expr { call("negative", e) }
    /// The value itself (for numbers).
    public static func positive(_ e: some ColumnOrName) -> Expr { call("positive", e) }
    /// n! for n in 0...20, else null.
    public static func factorial(_ e: some ColumnOrName) -> Expr { call("factorial", e) }
    /// Which of `buckets` equal buckets between `min` and `max` holds the value: 1 to `buckets`,
    /// 0 below the range and `buckets + 1` above it.
    public static func widthBucket(_ e: some ColumnOrName, _ min: some ColumnOrName, _ max: some ColumnOrName, _ buckets: some ColumnOrName) -> Expr {
        call("width_bucket", e, min, max, buckets)
    }
    /// The largest non-null argument.
    public static func greatest(_ columns: any ColumnOrName...) -> Expr { Expr(.function(name: "greatest", arguments: columns.map(\.columnExpr))) }
    /// The smallest non-null argument.
    public static func least(_ columns: any ColumnOrName...) -> Expr { Expr(.function(name: "least", arguments: columns.map(\.columnExpr))) }
}
