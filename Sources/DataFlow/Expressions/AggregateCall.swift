/// The aggregate functions of `groupBy(...).agg(...)`.
package enum AggregateKind: String, Sendable {
    case count, sum, avg, min, max, first, last
    /// Statistics of central moments.
    case stddevSamp = "stddev_samp", stddevPop = "stddev_pop", varSamp = "var_samp", varPop = "var_pop", skewness, kurtosis
    /// Whether every (any) boolean is true; the number of trues.
    case boolAnd = "bool_and", boolOr = "bool_or", countIf = "count_if"
    /// The integers folded with `&`, `|` or `^`.
    case bitAnd = "bit_and", bitOr = "bit_or", bitXor = "bit_xor"
    /// The non-null values as an array (all of them, or each distinct one once).
    case collectList = "collect_list", collectSet = "collect_set"
    /// Statistics of two variables (the rows where both are non-null): correlation, covariances,
    /// and the linear regression of the first on the second.
    case corr, covarPop = "covar_pop", covarSamp = "covar_samp", regrCount = "regr_count", regrAvgX = "regr_avgx", regrAvgY = "regr_avgy"
    case regrSXX = "regr_sxx", regrSYY = "regr_syy", regrSXY = "regr_sxy", regrSlope = "regr_slope", regrIntercept = "regr_intercept"
    case regrR2 = "regr_r2"
    /// The first argument's value on the row where the second is largest (smallest).
    case maxBy = "max_by", minBy = "min_by"
    /// Percentiles: exact and interpolated (`percentile`, `median`), or the nearest value by rank
    /// (`percentile_approx`); the percentage (or an array of them) and the accuracy are constants.
    case percentile, percentileApprox = "percentile_approx", median
    /// A Swift `Aggregator` (`udaf`), carried by the call.
    case user = "user_aggregate"

    /// Whether the function takes two arguments that are both values of the rows.
    var takesTwoArguments: Bool {
        switch self {
        case .corr, .covarPop, .covarSamp, .regrCount, .regrAvgX, .regrAvgY, .regrSXX, .regrSYY, .regrSXY, .regrSlope, .regrIntercept,
             .regrR2, .maxBy, .minBy:
            return true
        default: return false
        }
    }

    /// How many arguments the function takes.
    var argumentCounts: ClosedRange<Int> {
        switch self {
        case .count: return 0...1
        case .percentile: return 2...2
        case .percentileApprox: return 2...3
        default: return takesTwoArguments ? 2...2 : 1...1
        }
    }
}

/// One aggregate function applied to its arguments: `sum(amount)`, `count(DISTINCT day)`,
/// `count(1)`, `corr(x, y)`.
package struct AggregateCall: Sendable {
    /// The function.
    package var kind: AggregateKind
    /// The arguments: none for `count(*)`, two for the functions of two variables, else one.
    package var arguments: [Expr]
    /// Whether only distinct argument values count (`countDistinct`).
    package var distinct: Bool = false
    /// For `first` / `last`: skip nulls.
    package var ignoreNulls: Bool = false
    /// The Swift aggregate of a `.user` call.
    package var userAggregate: UserDefinedAggregateFunction?

    /// A call of one argument (none for `count(*)`).
    package init(kind: AggregateKind, argument: Expr?, distinct: Bool = false, ignoreNulls: Bool = false) {
        self.init(kind: kind, arguments: argument.map { [$0] } ?? [], distinct: distinct, ignoreNulls: ignoreNulls)
    }

    /// A call of any number of arguments.
    package init(kind: AggregateKind, arguments: [Expr], distinct: Bool = false, ignoreNulls: Bool = false) {
        self.kind = kind
        self.arguments = arguments
        self.distinct = distinct
        self.ignoreNulls = ignoreNulls
    }

    /// A call of a Swift aggregate.
    init(userAggregate: UserDefinedAggregateFunction, argument: Expr) {
        self.init(kind: .user, argument: argument)
        self.userAggregate = userAggregate
    }

    /// The first argument; nil for `count(*)`.
    package var argument: Expr? { arguments.first }

    /// The function's name: the Swift aggregate's, or the built-in's.
    package var name: String { userAggregate?.name ?? kind.rawValue }
}

extension ColumnOrName where Self == Expr {
    /// The number of rows (`count(1)`), counting rows whose values are null too.
    public static func count() -> Expr { Expr(.aggregate(AggregateCall(kind: .count, argument: nil))) }
    /// The number of non-null values of `column`; `count("*")` counts rows, as in Spark.
    public static func count(_ column: String) -> Expr { count(col(column)) }
    /// The number of non-null values of `expr`; `count(col("*"))` counts rows, as in Spark.
    public static func count(_ expr: Expr) -> Expr {
        if case .column("*", nil) = expr.node { return count() }
        return Expr(.aggregate(AggregateCall(kind: .count, argument: expr)))
    }
    /// The number of distinct non-null values of `column`.
    public static func countDistinct(_ column: String) -> Expr { countDistinct(col(column)) }
    /// The number of distinct non-null values of `expr`.
    public static func countDistinct(_ expr: Expr) -> Expr {
        Expr(.aggregate(AggregateCall(kind: .count, argument: expr, distinct: true)))
    }
    /// The sum of the non-null values (null when there are none).
    public static func sum(_ column: String) -> Expr { sum(col(column)) }
    /// The sum of the non-null values of `expr`.
    public static func sum(_ expr: Expr) -> Expr { Expr(.aggregate(AggregateCall(kind: .sum, argument: expr))) }
    /// The sum of the distinct values of `e` (Spark's `sum_distinct`).
    public static func sumDistinct(_ e: some ColumnOrName) -> Expr { Expr(.aggregate(AggregateCall(kind: .sum, argument: e.columnExpr, distinct: true))) }
    /// The mean of the non-null values.
    public static func avg(_ column: String) -> Expr { avg(col(column)) }
    /// The mean of the non-null values of `expr`.
    public static func avg(_ expr: Expr) -> Expr { Expr(.aggregate(AggregateCall(kind: .avg, argument: expr))) }
    /// Alias of `avg`.
    public static func mean(_ column: String) -> Expr { avg(col(column)) }
    /// The smallest non-null value.
    public static func min(_ column: String) -> Expr { min(col(column)) }
    /// The smallest non-null value of `expr`.
    public static func min(_ expr: Expr) -> Expr { Expr(.aggregate(AggregateCall(kind: .min, argument: expr))) }
    /// The largest non-null value.
    public static func max(_ column: String) -> Expr { max(col(column)) }
    /// The largest non-null value of `expr`.
    public static func max(_ expr: Expr) -> Expr { Expr(.aggregate(AggregateCall(kind: .max, argument: expr))) }
    /// The first value in input order (the first non-null one with `ignoreNulls`).
    public static func first(_ column: String, ignoreNulls: Bool = false) -> Expr { first(col(column), ignoreNulls: ignoreNulls) }
    /// The first value of `expr` in input order.
    public static func first(_ expr: Expr, ignoreNulls: Bool = false) -> Expr {
        Expr(.aggregate(AggregateCall(kind: .first, argument: expr, ignoreNulls: ignoreNulls)))
    }
    /// The last value in input order (the last non-null one with `ignoreNulls`).
    public static func last(_ column: String, ignoreNulls: Bool = false) -> Expr { last(col(column), ignoreNulls: ignoreNulls) }
    /// The last value of `expr` in input order.
    public static func last(_ expr: Expr, ignoreNulls: Bool = false) -> Expr {
        Expr(.aggregate(AggregateCall(kind: .last, argument: expr, ignoreNulls: ignoreNulls)))
    }

    /// The sample standard deviation (null for fewer than two values).
    public static func stddev(_ e: some ColumnOrName) -> Expr { aggregate(.stddevSamp, e) }
    /// The sample standard deviation (null for fewer than two values).
    public static func stddevSamp(_ e: some ColumnOrName) -> Expr { aggregate(.stddevSamp, e) }
    /// The population standard deviation.
    public static func stddevPop(_ e: some ColumnOrName) -> Expr { aggregate(.stddevPop, e) }
    /// The sample variance (null for fewer than two values).
    public static func variance(_ e: some ColumnOrName) -> Expr { aggregate(.varSamp, e) }
    /// The sample variance (null for fewer than two values).
    public static func varSamp(_ e: some ColumnOrName) -> Expr { aggregate(.varSamp, e) }
    /// The population variance.
    public static func varPop(_ e: some ColumnOrName) -> Expr { aggregate(.varPop, e) }
    /// The skewness (null when every value is the same).
    public static func skewness(_ e: some ColumnOrName) -> Expr { aggregate(.skewness, e) }
    /// The excess kurtosis (null when every value is the same).
    public static func kurtosis(_ e: some ColumnOrName) -> Expr { aggregate(.kurtosis, e) }
    /// Whether every non-null boolean is true (null when there are none).
    public static func boolAnd(_ e: some ColumnOrName) -> Expr { aggregate(.boolAnd, e) }
    /// Alias of `boolAnd`.
    public static func every(_ e: some ColumnOrName) -> Expr { aggregate(.boolAnd, e) }
    /// Whether any non-null boolean is true (null when there are none).
    public static func boolOr(_ e: some ColumnOrName) -> Expr { aggregate(.boolOr, e) }
    /// Every non-null integer folded with `&` (null when there are none), in its type.
    public static func bitAnd(_ e: some ColumnOrName) -> Expr { aggregate(.bitAnd, e) }
    /// Every non-null integer folded with `|` (null when there are none), in its type.
    public static func bitOr(_ e: some ColumnOrName) -> Expr { aggregate(.bitOr, e) }
    /// Every non-null integer folded with `^` (null when there are none), in its type.
    public static func bitXor(_ e: some ColumnOrName) -> Expr { aggregate(.bitXor, e) }
    /// The number of rows where the condition is true.
    public static func countIf(_ condition: some ColumnOrName) -> Expr { aggregate(.countIf, condition) }
    /// Any value of the group (the first in input order), nulls included.
    public static func anyValue(_ e: some ColumnOrName) -> Expr { first(e.columnExpr) }
    /// The group's non-null values as an array, in input order.
    public static func collectList(_ e: some ColumnOrName) -> Expr { aggregate(.collectList, e) }
    /// 1 in the rows of a grouping set that does not group by `e` (its null stands for every
    /// value), else 0; with `rollup`, `cube` and `groupingSets`.
    public static func grouping(_ e: some ColumnOrName) -> Expr {
        Expr(.function(name: GroupingAggregation.groupingName, arguments: [e.columnExpr]))
    }
    /// The `grouping` bits of `columns` (the first the highest), or of every grouping column
    /// without arguments, as a long.
    public static func groupingId(_ columns: any ColumnOrName...) -> Expr {
        Expr(.function(name: GroupingAggregation.groupingIDName, arguments: columns.map(\.columnExpr)))
    }
    /// The group's distinct non-null values as an array, in order of first occurrence.
    public static func collectSet(_ e: some ColumnOrName) -> Expr { aggregate(.collectSet, e) }

    /// The Pearson correlation of two variables over the rows where both are non-null (null when
    /// either does not vary, as for fewer than two rows).
    public static func corr(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { aggregate(.corr, a, b) }
    /// The population covariance of two variables.
    public static func covarPop(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { aggregate(.covarPop, a, b) }
    /// The sample covariance of two variables (null for fewer than two rows).
    public static func covarSamp(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { aggregate(.covarSamp, a, b) }
    /// The number of rows where both `y` and `x` are non-null.
    public static func regrCount(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrCount, y, x) }
    /// The mean of `x` over the rows where both are non-null.
    public static func regrAvgx(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrAvgX, y, x) }
    /// The mean of `y` over the rows where both are non-null.
    public static func regrAvgy(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrAvgY, y, x) }
    /// The sum of squared deviations of `x` (over the rows where both are non-null).
    public static func regrSxx(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrSXX, y, x) }
    /// The sum of squared deviations of `y`.
    public static func regrSyy(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrSYY, y, x) }
    /// The sum of products of the deviations of `y` and `x`.
    public static func regrSxy(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrSXY, y, x) }
    /// The slope of the least-squares line of `y` on `x` (null when `x` does not vary).
    public static func regrSlope(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrSlope, y, x) }
    /// The intercept of the least-squares line of `y` on `x` (null when `x` does not vary).
    public static func regrIntercept(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrIntercept, y, x) }
    /// The coefficient of determination of the regression of `y` on `x`.
    public static func regrR2(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { aggregate(.regrR2, y, x) }
    /// The exact percentile of the non-null values, interpolated between neighbours: `percentage`
    /// between 0 and 1.
    public static func percentile(_ e: some ColumnOrName, _ percentage: Double) -> Expr { percentile(.percentile, e, [lit(percentage)]) }
    /// The exact percentiles of the non-null values at each of `percentages`, as an array.
    public static func percentile(_ e: some ColumnOrName, _ percentages: [Double]) -> Expr {
        percentile(.percentile, e, [lit(.array(percentages.map(Scalar.float64)))])
    }
    /// The median of the non-null values (their 50th percentile, interpolated).
    public static func median(_ e: some ColumnOrName) -> Expr { aggregate(.median, e) }
    /// The smallest value with at least `percentage` of the non-null values at or below it, in the
    /// values' type (computed exactly; Spark's sketch answers within `accuracy`).
    public static func percentileApprox(_ e: some ColumnOrName, _ percentage: Double, accuracy: Int = 10_000) -> Expr {
        percentile(.percentileApprox, e, [lit(percentage), lit(accuracy)])
    }
    /// `percentileApprox` at each of `percentages`, as an array.
    public static func percentileApprox(_ e: some ColumnOrName, _ percentages: [Double], accuracy: Int = 10_000) -> Expr {
        percentile(.percentileApprox, e, [lit(.array(percentages.map(Scalar.float64))), lit(accuracy)])
    }

    private static func percentile(_ kind: AggregateKind, _ e: some ColumnOrName, _ constants: [Expr]) -> Expr {
        Expr(.aggregate(AggregateCall(kind: kind, arguments: [e.columnExpr] + constants)))
    }

    /// The value of `value` on the row where `ordering` is largest (rows with a null ordering
    /// skipped; the last of equal orderings wins).
    public static func maxBy(_ value: some ColumnOrName, _ ordering: some ColumnOrName) -> Expr { aggregate(.maxBy, value, ordering) }
    /// The value of `value` on the row where `ordering` is smallest (rows with a null ordering
    /// skipped; the last of equal orderings wins).
    public static func minBy(_ value: some ColumnOrName, _ ordering: some ColumnOrName) -> Expr { aggregate(.minBy, value, ordering) }

    private static func aggregate(_ kind: AggregateKind, _ first: some ColumnOrName, _ second: some ColumnOrName) -> Expr {
        Expr(.aggregate(AggregateCall(kind: kind, arguments: [first.columnExpr, second.columnExpr])))
    }

    private static func aggregate(_ kind: AggregateKind, _ e: some ColumnOrName) -> Expr {
        Expr(.aggregate(AggregateCall(kind: kind, argument: e.columnExpr)))
    }
}
