/// An expression as SQL text writes it, before any name is resolved; `offset` points at its first
/// token for error messages.
package struct SQLExpression: Sendable {
    package indirect enum Kind: Sendable {
        /// A possibly qualified name: `x`, `t.x`, `db.t.x`.
        case name([String])
        /// `*` or `t.*` (in a select list or `count(*)`).
        case star(qualifier: [String])
        case literal(SQLLiteral)
        /// A prefix operator: `-`, `+`, `~`, `NOT`.
        case unary(String, SQLExpression)
        /// An infix operator, upper-cased (`+`, `||`, `AND`, `<=>`, ...).
        case binary(String, SQLExpression, SQLExpression)
        /// A function call: `f(args)`, `count(DISTINCT x)`, with `FILTER (WHERE …)` and `OVER (…)`.
        case function(SQLFunctionCall)
        /// `CAST(e AS type)`, `TRY_CAST`, `e::type`.
        case cast(SQLExpression, SQLTypeName, isTry: Bool)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
        case caseWhen(operand: SQLExpression?, branches: [(SQLExpression, SQLExpression)], otherwise: SQLExpression?)
        /// `e [NOT] BETWEEN low AND high`.
        case between(SQLExpression, low: SQLExpression, high: SQLExpression, negated: Bool)
        /// `e [NOT] IN (v1, v2, …)`.
        case inList(SQLExpression, [SQLExpression], negated: Bool)
        /// `e [NOT] IN (SELECT …)`.
        case inSubquery(SQLExpression, SQLQuery, negated: Bool)
        /// `[NOT] EXISTS (SELECT …)`.
        case exists(SQLQuery, negated: Bool)
        /// `(SELECT …)` used as a value.
        case scalarSubquery(SQLQuery)
        /// `e [NOT] LIKE|ILIKE|RLIKE pattern [ESCAPE 'c']`.
        case like(SQLExpression, pattern: SQLExpression, kind: String, escape: String?, negated: Bool)
        /// `e IS [NOT] NULL`.
        case isNull(SQLExpression, negated: Bool)
        /// `e IS [NOT] TRUE|FALSE`.
        case isBoolean(SQLExpression, Bool, negated: Bool)
        /// `a IS [NOT] DISTINCT FROM b`.
        case isDistinctFrom(SQLExpression, SQLExpression, negated: Bool)
        /// `EXTRACT(field FROM e)`, and `date_part('field', e)`.
        case extract(field: String, SQLExpression)
        /// `e[index]` or `e.field` on a non-name.
        case element(SQLExpression, SQLExpression)
        /// `x -> body` or `(x, y) -> body`, an argument of a higher-order function.
        case lambda(parameters: [String], body: SQLExpression)
    }

    package let kind: Kind
    package let offset: Int

    package init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A function call's parts.
package struct SQLFunctionCall: Sendable {
    /// The name as written (possibly qualified: `db.f`).
    package let name: String
    package let arguments: [SQLExpression]
    /// `count(DISTINCT …)`.
    package let distinct: Bool
    /// `first(x) IGNORE NULLS`, `first(x, true)`.
    package var ignoreNulls = false
    /// `agg(x) FILTER (WHERE condition)`.
    package var filter: SQLExpression?
    /// `f(...) OVER (...)` or `OVER name`.
    package var window: SQLWindow?
}

/// A literal as written.
package enum SQLLiteral: Sendable {
    case null
    case boolean(Bool)
    /// Digits and Spark's suffix (`L`, `S`, `Y`, or empty).
    case integer(String, suffix: String)
    /// Digits with a point or exponent and Spark's suffix (`D`, `F`, `BD`, or empty).
    case number(String, suffix: String)
    case string(String)
    /// `DATE '…'`, `TIMESTAMP '…'`, `X'…'`, and similar typed literals.
    case typed(String, String)
    /// `INTERVAL '3' MONTH`, `INTERVAL 90 DAYS`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 day 2 hours'`.
    case interval(String, unit: String?)
}

/// A type name in `CAST(… AS type)`: the name and its parameters (`DECIMAL(12, 2)`).
package struct SQLTypeName: Sendable {
    package let name: String
    package let parameters: [Int]
    package let offset: Int
}

/// `OVER (...)`: a named window, maybe refined, and the spec's parts.
package struct SQLWindow: Sendable {
    /// `OVER w` or `OVER (w ORDER BY …)`: the window definition this one starts from.
    package var base: String?
    package var partitionBy: [SQLExpression] = []
    package var orderBy: [SQLOrderItem] = []
    package var frame: SQLFrame?
    package var offset: Int
}

/// `ROWS|RANGE BETWEEN start AND end`.
package struct SQLFrame: Sendable {
    /// One end of a frame.
    package enum Bound: Sendable {
        case unboundedPreceding, unboundedFollowing, currentRow
        /// `n PRECEDING` (negative) or `n FOLLOWING` (positive).
        case offset(Int64)
    }

    package let isRange: Bool
    package let start: Bound
    package let end: Bound
}

/// One `ORDER BY` key.
package struct SQLOrderItem: Sendable {
    package let expression: SQLExpression
    package let ascending: Bool
    /// Nil when not written: Spark's default (first for ascending, last for descending).
    package let nullsFirst: Bool?
}
