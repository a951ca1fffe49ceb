/// A simple predicate a data source can evaluate or use to skip data: what the optimizer pushes
/// into scans. Column names refer to the source's schema.
public enum PushedFilter: Sendable, Hashable, CustomStringConvertible {
    /// `column op value` with op one of = != < <= > >=.
    case compare(column: String, op: ComparisonOperator, value: Scalar)
    /// `column IS NULL`.
    case isNull(column: String)
    /// `column IS NOT NULL`.
    case isNotNull(column: String)
    /// `column IN (values)`.
    case inList(column: String, values: [Scalar])

    /// Comparison operators of pushed filters.
    public enum ComparisonOperator: String, Sendable, Hashable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        /// The pushed form of `op`; nil for operators that are not plain comparisons (`<=>`, `+`).
        init?(_ op: BinaryOperator) { self.init(rawValue: op.rawValue) }

        /// The expression operator.
        var binaryOperator: BinaryOperator {
            switch self {
            case .equal: return .equal
            case .notEqual: return .notEqual
            case .less: return .less
            case .lessOrEqual: return .lessOrEqual
            case .greater: return .greater
            case .greaterOrEqual: return .greaterOrEqual
            }
        }
    }

    /// The column the filter reads.
    public var column: String {
        switch self {
        case let .compare(column, _, _), let .isNull(column), let .isNotNull(column), let .inList(column, _): return column
        }
    }

    public var description: String {
        switch self {
        case let .compare(column, op, value): return "\(column) \(op.rawValue) \(value.formatted())"
        case let .isNull(column): return "\(column) IS NULL"
        case let .isNotNull(column): return "\(column) IS NOT NULL"
        case let .inList(column, values): return "\(column) IN (\(values.map { $0.formatted() }.joined(separator: ", ")))"
        }
    }
}

/// How completely a source applies a pushed filter.
public enum FilterPushdown: Sendable {
    /// The source returns only rows that pass: the filter can be dropped above the scan.
    case exact
    /// The source uses it to skip data but may return rows that fail: the filter stays above.
    case inexact
    /// The source ignores it.
    case unsupported
}

/// What a scan asks of a source: the columns (indices into the source schema, nil for all), the
/// filters it accepted, and an optional row limit (only set when no filter remains above the scan).
public struct ScanRequest: Sendable {
    /// Source column indices to produce, in this order; nil means every column.
    public var columns: [Int]?
    /// Filters the source reported as `.exact` or `.inexact`.
    public var filters: [PushedFilter]
    /// The most rows needed in total.
    public var limit: Int?
    /// How many partitions the session would like (its shuffle partitions): file sources cut
    /// files smaller than their split size so that each task has work, as Spark's bytes per core.
    public var targetPartitions: Int

    /// Creates a request.
    public init(columns: [Int]? = nil, filters: [PushedFilter] = [], limit: Int? = nil, targetPartitions: Int = 1) {
        self.columns = columns
        self.filters = filters
        self.limit = limit
        self.targetPartitions = max(1, targetPartitions)
    }
}

/// A table a `DataFrame` can read: files in DataFlowIO, databases, in-memory tables. Sources say
/// which pushed filters they honour; at planning time they split a scan into partitions (cheap:
/// list files, compute splits), and each partition is opened when the query runs.
public protocol DataSource: Sendable {
    /// The full schema of the source.
    var schema: Schema { get }
    /// A short description for `explain()` (format and location).
    var description: String { get }
    /// How the source handles `filter`.
    func pushdown(for filter: PushedFilter) -> FilterPushdown
    /// The partitions of a scan for `request`, in order (file order, then position in a file).
    func partitions(for request: ScanRequest) throws -> [any ScanPartition]
    /// What the scan for `request` reads after planning-time pruning (files of excluded partition
    /// directories), for `explain()`; nil when there is nothing to say. What a run read is in its
    /// metrics (`explain(.analyze)`).
    func explain(_ request: ScanRequest) -> String?
    /// About how many rows a full scan yields (from file metadata), for choosing join strategies;
    /// nil when the source cannot tell without reading its data.
    var estimatedRowCount: Int? { get }
}

/// One independently readable part of a scan.
public protocol ScanPartition: Sendable {
    /// Opens the partition; the stream yields batches of the requested columns, in order, and
    /// counts the files, bytes and row groups it reads and skips in `metrics`.
    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream
}

extension DataSource {
    /// By default a source applies no filters.
    public func pushdown(for filter: PushedFilter) -> FilterPushdown { .unsupported }
    /// By default a scan has nothing to add to `explain()`.
    public func explain(_ request: ScanRequest) -> String? { nil }
    /// By default a source gives no row estimate.
    public var estimatedRowCount: Int? { nil }
}

extension PushedFilter {
    /// Which rows of `batch` pass the filter (null counts as not passing), with SQL's comparison and
    /// coercion rules: for sources that evaluate filters on values they hold (partition values,
    /// statistics turned into rows).
    /// - Throws: `DataFlowError` (`.analysis`) when the column is missing or the types do not compare.
    public func matches(_ batch: RecordBatch, timeZone: SessionTimeZone = .utc) throws -> [Bool] {
        let bound = try ExprBinder.bind(expression, over: batch.schema, context: BindContext(timeZone: timeZone))
        let mask = try bound.evaluate(batch).materialize(batch.rowCount)
        return mask.withBits { bits, validity in (0..<batch.rowCount).map { bits[$0] && validity[$0] } }
    }

    /// The filter as an expression.
    var expression: Expr {
        switch self {
        case let .compare(column, op, value): return Expr(.binary(op.binaryOperator, col(column), lit(value)))
        case let .isNull(column): return col(column).isNull()
        case let .isNotNull(column): return col(column).isNotNull()
        case let .inList(column, values): return col(column).isin(values.map(lit))
        }
    }
}
