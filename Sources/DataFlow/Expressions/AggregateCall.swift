/// The aggregate functions of `groupBy(...).agg(...)`.
package enum AggregateKind: String, Sendable {
    case count, sum, avg, min, max, first, last
    /// Statistics of central moments.
    case stddevSamp = "stddev_samp", stddevPop = "stddev_pop", varSamp = "var_samp", varPop = "var_pop", skewness, kurtosis
    /// Whether every (any) boolean is true; the number of trues.
    case boolAnd = "bool_and", boolOr = "bool_or", countIf = "count_if"
    /// The non-null values as an array (all of them, or each distinct one once).
    case collectList = "collect_list", collectSet = "collect_set"
}

/// One aggregate function applied to an argument: `sum(amount)`, `count(DISTINCT day)`, `count(1)`.
package struct AggregateCall: Sendable {
    /// The function.
    package var kind: AggregateKind
    /// The argument; nil for `count(*)`.
    package var argument: Expr?
    /// Whether only distinct argument values count (`countDistinct`).
    package var distinct: Bool = false
    /// For `first` / `last`: skip nulls.
    package var ignoreNulls: Bool = false
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
    /// The number of rows where the condition is true.
    public static func countIf(_ condition: some ColumnOrName) -> Expr { aggregate(.countIf, condition) }
    /// Any value of the group (the first in input order), nulls included.
    public static func anyValue(_ e: some ColumnOrName) -> Expr { first(e.columnExpr) }
    /// The group's non-null values as an array, in input order.
    public static func collectList(_ e: some ColumnOrName) -> Expr { aggregate(.collectList, e) }
    /// The group's distinct non-null values as an array, in order of first occurrence.
    public static func collectSet(_ e: some ColumnOrName) -> Expr { aggregate(.collectSet, e) }

    private static func aggregate(_ kind: AggregateKind, _ e: some ColumnOrName) -> Expr {
        Expr(.aggregate(AggregateCall(kind: kind, argument: e.columnExpr)))
    }
}
