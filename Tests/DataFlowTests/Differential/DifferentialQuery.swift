@testable import DataFlow
import Testing

/// A query written twice: with DataFlow's API over the generated table, and as DuckDB SQL over the
/// same data (table `t`) computing Spark's semantics. `ordered` queries are compared row by row in
/// order; the others as multisets of rows. `spills` says whether the query can run under a budget
/// far below its input (not so a window over the whole table: one window must fit in memory).
struct DifferentialQuery: Sendable, CustomTestStringConvertible {
    let name: String
    let ordered: Bool
    let spills: Bool
    /// How many units in the last place doubles may differ by (0: exactly equal): another math
    /// library (Spark's StrictMath) or another summation order (statistics) moves the last bits.
    let ulps: Int
    let sql: String
    let build: @Sendable (DataFrame) throws -> DataFrame

    init(_ name: String, ordered: Bool = false, spills: Bool = true, ulps: Int = 0, sql: String,
         _ build: @escaping @Sendable (DataFrame) throws -> DataFrame) {
        self.name = name
        self.ordered = ordered
        self.spills = spills
        self.ulps = ulps
        self.sql = sql
        self.build = build
    }

    var testDescription: String { name }
}

/// One output column of a query: the DataFlow expression and the SQL computing the same value.
struct Output: Sendable {
    let expr: Expr
    let sql: String

    init(_ expr: Expr, _ sql: String) {
        self.expr = expr
        self.sql = sql
    }
}

extension DifferentialQuery {
    /// `SELECT idx, <outputs> FROM t [WHERE ...]`: row-wise expressions, one row per input row.
    static func project(_ name: String, where condition: (Expr, String)? = nil, ulps: Int = 0, _ outputs: [Output]) -> DifferentialQuery {
        let aliased = outputs.enumerated().map { index, output in output.expr.alias("c\(index)") }
        let columns = outputs.enumerated().map { index, output in "\(output.sql) AS c\(index)" }
        let whereClause = condition.map { " WHERE \($0.1)" } ?? ""
        let filter = condition.map(\.0)
        return DifferentialQuery(name, ulps: ulps, sql: "SELECT idx, \(columns.joined(separator: ", ")) FROM t\(whereClause)") { frame in
            let input = try filter.map { try frame.filter($0) } ?? frame
            return try input.select([col("idx")] + aliased)
        }
    }

    /// `SELECT <keys>, <aggregates> FROM t [WHERE ...] GROUP BY <keys>`.
    static func aggregate(_ name: String, keys: [Output], where condition: (Expr, String)? = nil, ulps: Int = 0, _ outputs: [Output]) -> DifferentialQuery {
        let aggregates = outputs.enumerated().map { index, output in output.expr.alias("a\(index)") }
        let keyExprs = keys.enumerated().map { index, key in key.expr.alias("k\(index)") }
        let selectList = keys.enumerated().map { "\($1.sql) AS k\($0)" } + outputs.enumerated().map { "\($1.sql) AS a\($0)" }
        let whereClause = condition.map { " WHERE \($0.1)" } ?? ""
        let groupBy = keys.isEmpty ? "" : " GROUP BY " + keys.map(\.sql).joined(separator: ", ")
        let filter = condition.map(\.0)
        return DifferentialQuery(name, ulps: ulps, sql: "SELECT \(selectList.joined(separator: ", ")) FROM t\(whereClause)\(groupBy)") { frame in
            let input = try filter.map { try frame.filter($0) } ?? frame
            return try input.groupBy(keyExprs).agg(aggregates)
        }
    }

    /// The row numbers where `condition` holds.
    static func filter(_ name: String, _ condition: Expr, _ sql: String) -> DifferentialQuery {
        DifferentialQuery(name, sql: "SELECT idx FROM t WHERE \(sql)") { frame in try frame.filter(condition).select("idx") }
    }

    /// The row numbers in the order of `keys` (then `idx`, so the order is total), compared in order.
    /// Only the columns the keys read are sorted along, to keep the debug-build tests fast.
    static func sort(_ name: String, _ keys: [(Expr, String)]) -> DifferentialQuery {
        let orderBy = (keys.map(\.1) + ["idx"]).joined(separator: ", ")
        var columns = ["idx"]
        for key in keys {
            for (column, _) in key.0.referencedColumns where !columns.contains(column) { columns.append(column) }
        }
        let sorted = columns.map(col)
        return DifferentialQuery(name, ordered: true, sql: "SELECT idx FROM t ORDER BY \(orderBy)") { frame in
            try frame.select(sorted).orderBy(keys.map(\.0) + [col("idx").asc()]).select("idx")
        }
    }
}
