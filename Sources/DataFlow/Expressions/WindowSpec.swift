/// Where a window frame starts or ends, relative to the current row (rows frames) or to its order
/// key value (range frames).
public enum FrameBound: Sendable, Hashable, CustomStringConvertible {
    /// The partition's first row.
    case unboundedPreceding
    /// `n` rows (or order-key units) before the current row.
    case preceding(Int64)
    /// The current row (for range frames: its first or last peer).
    case currentRow
    /// `n` rows (or order-key units) after the current row.
    case following(Int64)
    /// The partition's last row.
    case unboundedFollowing

    /// The bound for a Spark-style offset: `Window.unboundedPreceding`, `Window.currentRow`,
    /// `Window.unboundedFollowing`, or a number of rows (negative: preceding).
    init(offset: Int64) {
        switch offset {
        case Window.unboundedPreceding: self = .unboundedPreceding
        case Window.unboundedFollowing: self = .unboundedFollowing
        case 0: self = .currentRow
        case ..<0: self = .preceding(-offset)
        default: self = .following(offset)
        }
    }

    /// The bound as a signed offset (preceding negative), nil when unbounded.
    package var offset: Int64? {
        switch self {
        case .unboundedPreceding, .unboundedFollowing: return nil
        case let .preceding(n): return -n
        case .currentRow: return 0
        case let .following(n): return n
        }
    }

    public var description: String {
        switch self {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case let .preceding(n): return "\(n) PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case let .following(n): return "\(n) FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }
}

/// The rows a window function sees for each row: counted in rows, or by order-key value (range).
public struct WindowFrame: Sendable, Hashable, CustomStringConvertible {
    /// Whether bounds count rows or order-key units.
    public enum Kind: String, Sendable, Hashable {
        case rows = "ROWS", range = "RANGE"
    }

    /// Rows or range.
    public var kind: Kind
    /// The first row of the frame.
    public var start: FrameBound
    /// The last row of the frame.
    public var end: FrameBound

    /// A frame from `start` to `end`.
    public init(_ kind: Kind, _ start: FrameBound, _ end: FrameBound) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public var description: String { "\(kind.rawValue) BETWEEN \(start) AND \(end)" }
}

/// A window specification: how rows are partitioned, ordered, and which frame each row sees.
public struct WindowSpec: Sendable, CustomStringConvertible {
    /// Partition expressions.
    package var partitionBy: [Expr] = []
    /// Sort keys (each a `sortKey` expression).
    package var orderBy: [Expr] = []
    /// The frame; nil means Spark's default (range unbounded preceding to current row with an order,
    /// the whole partition without).
    package var frame: WindowFrame?

    /// The spec partitioned by the named columns.
    public func partitionBy(_ columns: String...) -> WindowSpec { partitionBy(columns.map(col)) }
    /// The spec partitioned by the expressions.
    public func partitionBy(_ exprs: Expr...) -> WindowSpec { partitionBy(exprs) }
    /// The spec partitioned by the expressions.
    public func partitionBy(_ exprs: [Expr]) -> WindowSpec {
        var spec = self
        spec.partitionBy = exprs
        return spec
    }

    /// The spec ordered by the named columns, ascending.
    public func orderBy(_ columns: String...) -> WindowSpec { orderBy(columns.map(col)) }
    /// The spec ordered by the sort keys (`col("ts").desc()`; plain expressions sort ascending).
    public func orderBy(_ orders: Expr...) -> WindowSpec { orderBy(orders) }
    /// The spec ordered by the sort keys.
    public func orderBy(_ orders: [Expr]) -> WindowSpec {
        var spec = self
        spec.orderBy = orders.map { order in
            if case .sortKey = order.node { return order }
            return order.asc()
        }
        return spec
    }

    /// A frame of rows from `start` to `end`, relative to the current row (negative: preceding;
    /// `Window.unboundedPreceding`, `Window.currentRow`, `Window.unboundedFollowing`).
    public func rowsBetween(_ start: Int64, _ end: Int64) -> WindowSpec {
        var spec = self
        spec.frame = WindowFrame(.rows, FrameBound(offset: start), FrameBound(offset: end))
        return spec
    }

    /// A frame of rows whose order key lies between the current row's plus `start` and plus `end`
    /// (one numeric, date or timestamp order key; timestamps count microseconds, dates days).
    public func rangeBetween(_ start: Int64, _ end: Int64) -> WindowSpec {
        var spec = self
        spec.frame = WindowFrame(.range, FrameBound(offset: start), FrameBound(offset: end))
        return spec
    }

    /// The frame in force: the given one or Spark's default.
    var effectiveFrame: WindowFrame {
        frame ?? (orderBy.isEmpty
            ? WindowFrame(.rows, .unboundedPreceding, .unboundedFollowing)
            : WindowFrame(.range, .unboundedPreceding, .currentRow))
    }

    public var description: String {
        var parts: [String] = []
        if !partitionBy.isEmpty { parts.append("PARTITION BY " + partitionBy.map { ExprFormatter.format($0) }.joined(separator: ", ")) }
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map { ExprFormatter.format($0) }.joined(separator: ", ")) }
        parts.append(effectiveFrame.description)
        return parts.joined(separator: " ")
    }

    /// Whether two specs partition, order and frame alike (so one pass can serve both).
    func sameAs(_ other: WindowSpec) -> Bool { description == other.description && partitionBy.count == other.partitionBy.count }
}

/// Builds window specifications, as PySpark's `Window`.
public enum Window {
    /// The partition's first row, as a frame offset.
    public static let unboundedPreceding = Int64.min
    /// The partition's last row, as a frame offset.
    public static let unboundedFollowing = Int64.max
    /// The current row, as a frame offset.
    public static let currentRow: Int64 = 0

    /// A spec partitioned by the named columns.
    public static func partitionBy(_ columns: String...) -> WindowSpec { WindowSpec().partitionBy(columns.map(col)) }
    /// A spec partitioned by the expressions.
    public static func partitionBy(_ exprs: Expr...) -> WindowSpec { WindowSpec().partitionBy(exprs) }
    /// A spec partitioned by the expressions (an array form of `partitionBy(_:)`).
    public static func partitionBy(_ exprs: [Expr]) -> WindowSpec { WindowSpec().partitionBy(exprs) }
    /// A spec over the whole input, ordered by the named columns.
    public static func orderBy(_ columns: String...) -> WindowSpec { WindowSpec().orderBy(columns.map(col)) }
    /// A spec over the whole input, ordered by the sort keys.
    public static func orderBy(_ orders: Expr...) -> WindowSpec { WindowSpec().orderBy(orders) }
}
