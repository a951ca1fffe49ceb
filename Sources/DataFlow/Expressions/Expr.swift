/// A column expression: what `col`, `lit`, operators and functions build, and what `select`,
/// `filter`, `withColumn`, `groupBy`, `agg` and `orderBy` take. An expression names columns; a
/// transformation resolves the names to the columns of its input (`Analyzer`), and the plan keeps
/// the resolved form, which is bound to column positions only when the plan runs.
public struct Expr: Sendable, CustomStringConvertible {
    package indirect enum Node: Sendable {
        /// A column by name, optionally qualified by a table alias, as the user wrote it.
        case column(name: String, qualifier: String?)
        /// A column of the input, resolved: what `column` becomes in a plan.
        case attribute(Attribute)
        /// A constant; `type` is set for typed nulls.
        case literal(Scalar, type: DataType?)
        /// An expression with an output name.
        case alias(Expr, name: String)
        /// A prefix or postfix operator.
        case unary(UnaryOperator, Expr)
        /// An infix operator.
        case binary(BinaryOperator, Expr, Expr)
        /// A scalar function call, resolved by name through the function registry.
        case function(name: String, arguments: [Expr])
        /// A call of a Swift function (`udf`, `vectorizedUDF`).
        case userFunction(UserDefinedFunction, arguments: [Expr])
        /// A conversion to another type; `strict` throws on invalid input instead of yielding null.
        case cast(Expr, to: DataType, strict: Bool)
        /// `CASE WHEN c1 THEN v1 ... ELSE e END`.
        case caseWhen(branches: [CaseBranch], otherwise: Expr?)
        /// `e IN (v1, v2, ...)`.
        case inList(Expr, [Expr])
        /// An aggregate function call.
        case aggregate(AggregateCall)
        /// A sort key: an expression with direction and null placement.
        case sortKey(Expr, ascending: Bool, nullsFirst: Bool)
        /// A window function over a window spec.
        case window(WindowCall)
        /// A function of variables, the argument of a higher-order function (`transform`).
        case lambda(parameters: [LambdaVariable], body: Expr)
        /// A variable of an enclosing lambda.
        case lambdaVariable(LambdaVariable)
    }

    package let node: Node

    init(_ node: Node) { self.node = node }

    /// The expression's default output name, as Spark would print it.
    public var description: String { ExprFormatter.format(self) }
}

/// One `WHEN condition THEN value` branch.
package struct CaseBranch: Sendable {
    package let condition: Expr
    package let value: Expr
}

/// Operators that take one operand.
package enum UnaryOperator: String, Sendable {
    case not = "NOT"
    case negate = "-"
    case isNull = "IS NULL"
    case isNotNull = "IS NOT NULL"
}

/// Operators that take two operands.
package enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case nullSafeEqual = "<=>"
    case and = "AND", or = "OR"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .nullSafeEqual: return true
        default: return false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .modulo: return true
        default: return false
        }
    }

    var isLogical: Bool { self == .and || self == .or }

    /// For a comparison, the one that holds with the operands swapped (`a < b` is `b > a`);
    /// `=`, `!=` and `<=>` are their own.
    var withOperandsSwapped: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }
}

// MARK: - Building expressions

/// A reference to the column `name`. `"t.name"` refers to column `name` of the DataFrame aliased `t`.
public func col(_ name: String) -> Expr {
    if name != "*", let dot = name.firstIndex(of: "."), !name.hasPrefix("`") {
        return Expr(.column(name: String(name[name.index(after: dot)...]), qualifier: String(name[..<dot])))
    }
    return Expr(.column(name: name.trimmingBackquotes, qualifier: nil))
}

/// A reference to the column `name`: `col`'s other name, as in PySpark.
public func column(_ name: String) -> Expr { col(name) }

/// A reference to the column called exactly `name` (no qualifier parsing): for generated names.
func columnReference(_ name: String) -> Expr { Expr(.column(name: name, qualifier: nil)) }

/// A constant expression.
public func lit(_ value: Scalar) -> Expr { Expr(.literal(value, type: nil)) }

/// A constant string expression.
public func lit(_ value: String) -> Expr { Expr(.literal(.string(value), type: nil)) }

/// A constant integer expression: an int when it fits 32 bits, else a long (as Spark types `lit(7)`).
public func lit(_ value: Int) -> Expr { Expr(.literal(Int32(exactly: value).map(Scalar.int32) ?? .int64(Int64(value)), type: nil)) }

/// A constant double expression.
public func lit(_ value: Double) -> Expr { Expr(.literal(.float64(value), type: nil)) }

/// A constant boolean expression.
public func lit(_ value: Bool) -> Expr { Expr(.literal(.boolean(value), type: nil)) }

/// A typed NULL.
public func nullLiteral(_ type: DataType) -> Expr { Expr(.literal(.null, type: type)) }

/// `CASE WHEN condition THEN value`; chain `.when(...)` and `.otherwise(...)`.
public func when(_ condition: Expr, _ value: Expr) -> Expr {
    Expr(.caseWhen(branches: [CaseBranch(condition: condition, value: value)], otherwise: nil))
}

/// The first non-null argument.
public func coalesce(_ exprs: any ColumnOrName...) -> Expr { Expr(.function(name: "coalesce", arguments: exprs.map(\.columnExpr))) }

extension String {
    var trimmingBackquotes: String {
        hasPrefix("`") && hasSuffix("`") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}

extension Expr: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    /// An integer literal (int32 when it fits, as Spark types integer literals).
    public init(integerLiteral value: Int) {
        self.init(.literal(Int32(exactly: value).map(Scalar.int32) ?? .int64(Int64(value)), type: nil))
    }

    /// A double literal.
    public init(floatLiteral value: Double) { self.init(.literal(.float64(value), type: nil)) }

    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self.init(.literal(.boolean(value), type: nil)) }
}

extension Expr {
    /// The same expression with the output name `name`.
    public func alias(_ name: String) -> Expr { Expr(.alias(self.unaliased, name: name)) }

    /// Alias of `alias(_:)`, as in PySpark.
    public func `as`(_ name: String) -> Expr { alias(name) }

    /// Converts to `type`; invalid values become null (Spark's default, non-ANSI cast).
    public func cast(_ type: DataType) -> Expr { Expr(.cast(self, to: type, strict: false)) }

    /// Converts to `type`; invalid values raise a `DataFlowError` naming the value (ANSI cast).
    public func strictCast(_ type: DataType) -> Expr { Expr(.cast(self, to: type, strict: true)) }

    /// Converts to the type named as Spark names types (`"string"`, `"int"`, `"decimal(18,2)"`);
    /// invalid values become null.
    /// - Throws: `DataFlowError` (`.parse`) naming the text when it names no type.
    public func cast(_ typeName: String) throws -> Expr { cast(try DataType(ddl: typeName)) }

    /// Converts to the type named `typeName`; invalid values raise a `DataFlowError` (ANSI cast).
    /// - Throws: `DataFlowError` (`.parse`) naming the text when it names no type.
    public func strictCast(_ typeName: String) throws -> Expr { strictCast(try DataType(ddl: typeName)) }

    /// True where the value is null.
    public func isNull() -> Expr { Expr(.unary(.isNull, self)) }

    /// True where the value is not null.
    public func isNotNull() -> Expr { Expr(.unary(.isNotNull, self)) }

    /// True where the value equals one of `values` (SQL IN, with its null semantics).
    public func isin(_ values: [Expr]) -> Expr { Expr(.inList(self, values)) }

    /// True where the value equals one of `values`.
    public func isin(_ values: Scalar...) -> Expr { isin(values.map(lit)) }

    /// True where the value equals one of `values` (`isin(["a", nil])`, or any sequence of scalars).
    public func isin<Values: Sequence>(_ values: Values) -> Expr where Values.Element == Scalar { isin(values.map(lit)) }

    /// True where the value equals one of the strings (`isin(["a", "b"])`).
    public func isin(_ values: [String]) -> Expr { isin(values.map(lit)) }

    /// True where the value equals one of the integers (`isin([1, 2])`).
    public func isin(_ values: [Int]) -> Expr { isin(values.map(lit)) }

    /// True where the value equals one of the doubles.
    public func isin(_ values: [Double]) -> Expr { isin(values.map(lit)) }

    /// `lower <= self AND self <= upper`.
    public func between(_ lower: Expr, _ upper: Expr) -> Expr { self >= lower && self <= upper }

    /// SQL LIKE with `%` and `_` wildcards and `\` as escape.
    public func like(_ pattern: String) -> Expr { Expr(.function(name: "like", arguments: [self, lit(pattern)])) }

    /// Null-safe equality (`<=>`): true when both are null, false when one is.
    public func eqNullSafe(_ other: Expr) -> Expr { Expr(.binary(.nullSafeEqual, self, other)) }

    /// Adds a `WHEN condition THEN value` branch to a `when(...)` expression.
    public func when(_ condition: Expr, _ value: Expr) -> Expr {
        guard case let .caseWhen(branches, otherwise) = node, otherwise == nil else {
            return Expr(.caseWhen(branches: [CaseBranch(condition: condition, value: value)], otherwise: nil))
        }
        return Expr(.caseWhen(branches: branches + [CaseBranch(condition: condition, value: value)], otherwise: nil))
    }

    /// The value of a `when(...)` expression when no branch matches.
    public func otherwise(_ value: Expr) -> Expr {
        guard case let .caseWhen(branches, _) = node else { return self }
        return Expr(.caseWhen(branches: branches, otherwise: value))
    }

    /// Ascending sort key, nulls first (Spark's default).
    public func asc() -> Expr { Expr(.sortKey(unsorted, ascending: true, nullsFirst: true)) }
    /// Descending sort key, nulls last (Spark's default).
    public func desc() -> Expr { Expr(.sortKey(unsorted, ascending: false, nullsFirst: false)) }
    /// Ascending, nulls first.
    public func ascNullsFirst() -> Expr { Expr(.sortKey(unsorted, ascending: true, nullsFirst: true)) }
    /// Ascending, nulls last.
    public func ascNullsLast() -> Expr { Expr(.sortKey(unsorted, ascending: true, nullsFirst: false)) }
    /// Descending, nulls first.
    public func descNullsFirst() -> Expr { Expr(.sortKey(unsorted, ascending: false, nullsFirst: true)) }
    /// Descending, nulls last.
    public func descNullsLast() -> Expr { Expr(.sortKey(unsorted, ascending: false, nullsFirst: false)) }

    package var unaliased: Expr {
        if case let .alias(inner, _) = node { return inner.unaliased }
        return self
    }

    var unsorted: Expr {
        if case let .sortKey(inner, _, _) = node { return inner }
        return self
    }

    /// The output name: the alias, the column name, or the printed expression.
    package var outputName: String {
        switch node {
        case let .alias(_, name): return name
        case let .column(name, _): return name
        case let .attribute(attribute): return attribute.name
        default: return description
        }
    }

    /// The direct sub-expressions.
    var children: [Expr] {
        switch node {
        case .column, .attribute, .literal, .lambdaVariable: return []
        case let .alias(e, _), let .unary(_, e), let .cast(e, _, _), let .sortKey(e, _, _), let .lambda(_, e): return [e]
        case let .binary(_, l, r): return [l, r]
        case let .function(_, args), let .userFunction(_, args): return args
        case let .caseWhen(branches, otherwise):
            return branches.flatMap { [$0.condition, $0.value] } + (otherwise.map { [$0] } ?? [])
        case let .inList(e, values): return [e] + values
        case let .aggregate(call): return call.arguments
        case let .window(call): return call.function.arguments + (call.spec?.partitionBy ?? []) + (call.spec?.orderBy ?? [])
        }
    }

    /// Rebuilds the expression with new children (same count and order as `children`).
    func withChildren(_ new: [Expr]) -> Expr {
        switch node {
        case .column, .attribute, .literal, .lambdaVariable: return self
        case let .lambda(parameters, _): return Expr(.lambda(parameters: parameters, body: new[0]))
        case let .alias(_, name): return Expr(.alias(new[0], name: name))
        case let .unary(op, _): return Expr(.unary(op, new[0]))
        case let .cast(_, type, strict): return Expr(.cast(new[0], to: type, strict: strict))
        case let .sortKey(_, ascending, nullsFirst): return Expr(.sortKey(new[0], ascending: ascending, nullsFirst: nullsFirst))
        case let .binary(op, _, _): return Expr(.binary(op, new[0], new[1]))
        case let .function(name, _): return Expr(.function(name: name, arguments: new))
        case let .userFunction(function, _): return Expr(.userFunction(function, arguments: new))
        case let .caseWhen(branches, otherwise):
            let rebuilt = branches.indices.map { CaseBranch(condition: new[2 * $0], value: new[2 * $0 + 1]) }
            return Expr(.caseWhen(branches: rebuilt, otherwise: otherwise == nil ? nil : new.last))
        case .inList: return Expr(.inList(new[0], Array(new.dropFirst())))
        case let .aggregate(call):
            var call = call
            call.arguments = new
            return Expr(.aggregate(call))
        case let .window(call):
            let argumentCount = call.function.arguments.count
            var rebuilt = WindowCall(function: call.function.withArguments(Array(new.prefix(argumentCount))), spec: call.spec)
            if let spec = call.spec {
                let partitions = spec.partitionBy.count
                rebuilt.spec?.partitionBy = Array(new[argumentCount..<(argumentCount + partitions)])
                rebuilt.spec?.orderBy = Array(new[(argumentCount + partitions)...])
            }
            return Expr(.window(rebuilt))
        }
    }

    /// Rewrites the tree bottom-up with `transform`.
    func transformUp(_ transform: (Expr) throws -> Expr) rethrows -> Expr {
        let kids = children
        let rebuilt = kids.isEmpty ? self : withChildren(try kids.map { try $0.transformUp(transform) })
        return try transform(rebuilt)
    }

    /// Whether any node of the tree satisfies `predicate`.
    func contains(where predicate: (Expr) -> Bool) -> Bool {
        predicate(self) || children.contains { $0.contains(where: predicate) }
    }

    /// The names of the columns the expression reads, as written (before resolution).
    var referencedColumns: [(name: String, qualifier: String?)] {
        if case let .column(name, qualifier) = node { return [(name, qualifier)] }
        return children.flatMap(\.referencedColumns)
    }

    /// The identities of the resolved columns the expression reads.
    var references: Set<ColumnID> {
        if case let .attribute(attribute) = node { return [attribute.id] }
        return children.reduce(into: []) { $0.formUnion($1.references) }
    }

    /// Whether the expression reads any column, resolved or not.
    var readsColumns: Bool {
        contains { switch $0.node { case .column, .attribute: return true; default: return false } }
    }

    /// The expression with the resolved columns of `definitions` replaced by their definitions.
    func substituting(_ definitions: [ColumnID: Expr]) -> Expr {
        transformUp { node in
            if case let .attribute(attribute) = node.node, let definition = definitions[attribute.id] { return definition }
            return node
        }
    }

    /// Whether the expression contains a window function.
    var containsWindow: Bool { contains { if case .window = $0.node { return true } else { return false } } }

    /// Whether the expression contains a generator call (explode, posexplode, inline, ...).
    var containsGenerator: Bool {
        contains { if case let .function(name, _) = $0.node { return Generate.functions[name.lowercased()] != nil } else { return false } }
    }

    /// Whether the expression contains an aggregate call.
    var containsAggregate: Bool { contains { if case .aggregate = $0.node { return true } else { return false } } }

    /// Whether the value is a constant.
    var isLiteral: Bool { if case .literal = node { return true } else { return false } }
}
