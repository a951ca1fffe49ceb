/// The functions that run over windows: ranking, offsets, frame values, and aggregates.
package indirect enum WindowFunction: Sendable {
    case rowNumber, rank, denseRank, percentRank, cumeDist
    case ntile(Int)
    /// lag (negative offset) and lead: the value `offset` rows away, `fallback` beyond the partition.
    case offset(Expr, offset: Int, fallback: Expr?)
    /// first_value / last_value / nth_value: the frame's first, last or n-th value.
    case frameValue(Expr, FrameValue, ignoreNulls: Bool)
    /// An aggregate over the frame.
    case aggregate(AggregateCall)
    /// `.over(...)` applied to an expression that is not a window function: rejected by analysis.
    case unsupported(Expr)

    /// Which value of the frame `frameValue` takes.
    package enum FrameValue: Sendable, Hashable {
        case first, last
        case nth(Int)
    }

    /// The expressions the function reads.
    package var arguments: [Expr] {
        switch self {
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist, .ntile: return []
        case let .offset(value, _, fallback): return [value] + (fallback.map { [$0] } ?? [])
        case let .frameValue(value, _, _): return [value]
        case let .aggregate(call): return call.arguments
        case let .unsupported(expr): return [expr]
        }
    }

    /// The same function over new arguments (same count and order as `arguments`).
    func withArguments(_ new: [Expr]) -> WindowFunction {
        switch self {
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist, .ntile: return self
        case let .offset(_, offset, fallback): return .offset(new[0], offset: offset, fallback: fallback == nil ? nil : new[1])
        case let .frameValue(_, which, ignoreNulls): return .frameValue(new[0], which, ignoreNulls: ignoreNulls)
        case var .aggregate(call):
            call.arguments = new
            return .aggregate(call)
        case .unsupported: return .unsupported(new[0])
        }
    }

    /// Whether the function ignores the frame (ranking and offsets use the partition and order).
    package var ignoresFrame: Bool {
        switch self {
        case .frameValue, .aggregate: return false
        default: return true
        }
    }

    /// The printed name, as Spark names the column.
    package var name: String {
        switch self {
        case .rowNumber: return "row_number()"
        case .rank: return "rank()"
        case .denseRank: return "dense_rank()"
        case .percentRank: return "percent_rank()"
        case .cumeDist: return "cume_dist()"
        case let .ntile(n): return "ntile(\(n))"
        case let .offset(value, offset, fallback):
            let function = offset < 0 ? "lag" : "lead"
            return "\(function)(\(ExprFormatter.format(value)), \(abs(offset)), \(fallback.map { ExprFormatter.format($0) } ?? "NULL"))"
        case let .frameValue(value, which, ignoreNulls):
            let argument = ExprFormatter.format(value)
            switch which {
            case .first: return "first_value(\(argument))" + (ignoreNulls ? " IGNORE NULLS" : "")
            case .last: return "last_value(\(argument))" + (ignoreNulls ? " IGNORE NULLS" : "")
            case let .nth(n): return "nth_value(\(argument), \(n))" + (ignoreNulls ? " IGNORE NULLS" : "")
            }
        case let .aggregate(call): return ExprFormatter.format(Expr(.aggregate(call)))
        case let .unsupported(expr): return ExprFormatter.format(expr)
        }
    }
}

/// A window function applied over a window spec (`spec` nil until `.over(...)` gives one).
package struct WindowCall: Sendable {
    package var function: WindowFunction
    package var spec: WindowSpec?
}

extension Expr {
    /// The function computed over `spec`'s window: `Expr.rowNumber().over(Window.partitionBy("k")
    /// .orderBy(col("ts").desc()))`, or any aggregate: `Expr.sum("x").over(spec)`.
    public func over(_ spec: WindowSpec) -> Expr {
        switch unaliased.node {
        case let .window(call): return Expr(.window(WindowCall(function: call.function, spec: spec)))
        case let .aggregate(call): return Expr(.window(WindowCall(function: .aggregate(call), spec: spec)))
        default:
            // Not a window function: analysis reports it when the expression is used.
            return Expr(.window(WindowCall(function: .unsupported(self), spec: spec)))
        }
    }
}

extension ColumnOrName where Self == Expr {
    private static func windowFunction(_ function: WindowFunction) -> Expr { Expr(.window(WindowCall(function: function, spec: nil))) }

    /// The row's 1-based position in its partition.
    public static func rowNumber() -> Expr { windowFunction(.rowNumber) }
    /// 1 + the number of rows ordered before the row (ties share a rank, leaving gaps).
    public static func rank() -> Expr { windowFunction(.rank) }
    /// 1 + the number of distinct order values before the row (no gaps).
    public static func denseRank() -> Expr { windowFunction(.denseRank) }
    /// (rank - 1) / (rows in partition - 1), 0 for a single row.
    public static func percentRank() -> Expr { windowFunction(.percentRank) }
    /// The fraction of the partition's rows ordered at or before the row.
    public static func cumeDist() -> Expr { windowFunction(.cumeDist) }
    /// The row's bucket (1...n) when the partition is cut into `n` buckets of nearly equal size.
    public static func ntile(_ n: Int) -> Expr { windowFunction(.ntile(n)) }
    /// The value `offset` rows before, or `fallback` (default null) before the partition's start.
    public static func lag(_ e: some ColumnOrName, _ offset: Int = 1, _ fallback: Expr? = nil) -> Expr {
        windowFunction(.offset(e.columnExpr, offset: -offset, fallback: fallback))
    }
    /// The value `offset` rows after, or `fallback` (default null) past the partition's end.
    public static func lead(_ e: some ColumnOrName, _ offset: Int = 1, _ fallback: Expr? = nil) -> Expr {
        windowFunction(.offset(e.columnExpr, offset: offset, fallback: fallback))
    }
    /// The frame's first value (first non-null with `ignoreNulls`).
    public static func firstValue(_ e: some ColumnOrName, ignoreNulls: Bool = false) -> Expr { windowFunction(.frameValue(e.columnExpr, .first, ignoreNulls: ignoreNulls)) }
    /// The frame's last value (last non-null with `ignoreNulls`).
    public static func lastValue(_ e: some ColumnOrName, ignoreNulls: Bool = false) -> Expr { windowFunction(.frameValue(e.columnExpr, .last, ignoreNulls: ignoreNulls)) }
    /// The frame's `n`-th value (1-based; n-th non-null with `ignoreNulls`).
    public static func nthValue(_ e: some ColumnOrName, _ n: Int, ignoreNulls: Bool = false) -> Expr {
        windowFunction(.frameValue(e.columnExpr, .nth(n), ignoreNulls: ignoreNulls))
    }
}
