/// A column expression or a column's name: what functions take where PySpark takes a
/// `ColumnOrName`, so that `Expr.lower("email")` and `Expr.lower(col("email"))` say the same.
/// A string is always a column's name here; a string value is `lit("…")`.
public protocol ColumnOrName: Sendable {
    /// The expression: the value itself, or `col(name)`.
    var columnExpr: Expr { get }
}

extension Expr: ColumnOrName {
    /// The expression itself.
    public var columnExpr: Expr { self }
}

extension String: ColumnOrName {
    /// The column this string names (`"t.x"` is column `x` of the DataFrame aliased `t`).
    public var columnExpr: Expr { col(self) }
}
