/// A query: `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …]`.
package struct SQLQuery: Sendable {
    package var ctes: [SQLCommonTableExpression] = []
    package var body: SQLQueryBody
    package var orderBy: [SQLOrderItem] = []
    package var limit: SQLExpression?
    package var offset: SQLExpression?
    /// Where the query starts in the text.
    package var position: Int
}

/// `name [(columns)] AS (query)` in a `WITH` clause.
package struct SQLCommonTableExpression: Sendable {
    package let name: String
    package let columns: [String]
    package let query: SQLQuery
    package let offset: Int
}

/// What a query computes before ordering: a select block, a set operation, `VALUES`, or a nested query.
package indirect enum SQLQueryBody: Sendable {
    case select(SQLSelect)
    case values([[SQLExpression]], offset: Int)
    case nested(SQLQuery)
    /// `UNION|INTERSECT|EXCEPT [ALL|DISTINCT]`.
    case setOperation(SQLSetOperator, all: Bool, SQLQueryBody, SQLQueryBody, offset: Int)
}

/// The set operators.
package enum SQLSetOperator: String, Sendable {
    case union = "UNION", intersect = "INTERSECT", except = "EXCEPT"
}

/// One `SELECT … FROM … WHERE … GROUP BY … HAVING … WINDOW … QUALIFY …` block.
package struct SQLSelect: Sendable {
    package var distinct = false
    package var items: [SQLSelectItem] = []
    /// The comma-separated relations of `FROM` (each maybe a tree of joins).
    package var from: [SQLRelation] = []
    package var whereClause: SQLExpression?
    package var groupBy: SQLGroupBy?
    package var having: SQLExpression?
    /// `WINDOW w AS (…)` definitions.
    package var windows: [(name: String, window: SQLWindow)] = []
    package var qualify: SQLExpression?
    package var offset: Int
}

/// One item of a select list.
package enum SQLSelectItem: Sendable {
    case expression(SQLExpression, alias: String?)
    /// `*` or `t.*`.
    case star(qualifier: [String], offset: Int)
}

/// `GROUP BY` keys, or grouping sets (`ROLLUP`, `CUBE`, `GROUPING SETS`) over them.
package struct SQLGroupBy: Sendable {
    /// Every expression grouped on, in order of first appearance.
    package var expressions: [SQLExpression]
    /// For `ROLLUP`/`CUBE`/`GROUPING SETS`: each set as indices into `expressions`; nil for a plain `GROUP BY`.
    package var sets: [[Int]]?
    package var offset: Int
}

/// A relation in `FROM`.
package indirect enum SQLRelation: Sendable {
    /// A table or view name (`t`, `db.t`), maybe aliased.
    case table([String], alias: SQLAlias?, offset: Int)
    /// A file read in place: ``parquet.`path` ``.
    case file(format: String, path: String, alias: SQLAlias?, offset: Int)
    /// `(query) [AS] alias [(columns)]`.
    case subquery(SQLQuery, alias: SQLAlias?, offset: Int)
    /// A table-valued function: `range(10)`.
    case function(String, [SQLExpression], alias: SQLAlias?, offset: Int)
    case join(SQLJoin)
}

/// `left [type] JOIN right [ON … | USING (…)]`.
package struct SQLJoin: Sendable {
    package let left: SQLRelation
    package let right: SQLRelation
    package let type: JoinType
    package let condition: SQLExpression?
    package let using: [String]
    package let offset: Int
}

/// `[AS] name [(column, …)]`.
package struct SQLAlias: Sendable {
    package let name: String
    package let columns: [String]
}
