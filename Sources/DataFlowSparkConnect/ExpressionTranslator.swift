import DataFlow
import Foundation

/// Translates DataFlow expressions into Spark Connect's unresolved expressions: columns by
/// (qualified) name, functions by Spark's names, literals with their Spark types. The server
/// resolves them against the translated relations.
struct ExpressionTranslator {
    /// Turns DataFlow's automatic qualifiers (`#df12`) into names Spark accepts as aliases.
    static func sparkQualifier(_ qualifier: String) -> String {
        qualifier.replacingOccurrences(of: "#", with: "__")
    }

    /// `name` as one identifier part in Spark's syntax: back-quoted, inner back quotes doubled.
    static func quoted(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// A column by (qualified) name.
    private func column(_ name: String, qualifier: String?) -> Spark_Connect_Expression {
        var attribute = Spark_Connect_Expression.UnresolvedAttribute()
        attribute.unparsedIdentifier = (qualifier.map { Self.quoted(Self.sparkQualifier($0)) + "." } ?? "") + Self.quoted(name)
        return wrap(.unresolvedAttribute(attribute))
    }

    /// The Spark expression computing `expr`.
    /// - Throws: `DataFlowError` (`.notImplemented`) for functions Spark does not have.
    func translate(_ expr: Expr) throws -> Spark_Connect_Expression {
        switch expr.node {
        case let .column(name, qualifier):
            return column(name, qualifier: qualifier)
        case let .attribute(attribute):
            // Spark resolves names again; the qualifier keeps a join's columns apart.
            return column(attribute.name, qualifier: attribute.qualifier)
        case let .literal(value, type):
            return value.isNull ? wrap(.literal(literal(value, type: type))) : constant(value)
        case let .alias(inner, name):
            return alias(try translate(inner), name)
        case let .unary(op, operand):
            let argument = try translate(operand)
            switch op {
            case .not: return function("not", [argument])
            case .negate: return function("negative", [argument])
            case .isNull: return function("isnull", [argument])
            case .isNotNull: return function("isnotnull", [argument])
            }
        case let .binary(op, lhs, rhs):
            let arguments = [try translate(lhs), try translate(rhs)]
            switch op {
            case .notEqual: return function("not", [function("==", arguments)])
            case .equal: return function("==", arguments)
            case .and: return function("and", arguments)
            case .or: return function("or", arguments)
            default: return function(op.rawValue, arguments)
            }
        case let .function(name, arguments):
            if let compose = SparkFunctions.composed[name.lowercased()] { return try compose(self, arguments) }
            return function(try SparkFunctions.sparkName(name), try arguments.map(translate))
        case let .cast(inner, type, strict):
            var cast = Spark_Connect_Expression.Cast()
            cast.expr = try translate(inner)
            cast.type = SparkTypes.sparkType(type)
            cast.evalMode = strict ? .ansi : .legacy
            return wrap(.cast(cast))
        case let .caseWhen(branches, otherwise):
            var arguments: [Spark_Connect_Expression] = []
            for branch in branches {
                arguments.append(try translate(branch.condition))
                arguments.append(try translate(branch.value))
            }
            if let otherwise { arguments.append(try translate(otherwise)) }
            return function("when", arguments)
        case let .inList(value, list):
            return function("in", [try translate(value)] + (try list.map(translate)))
        case let .userFunction(function, _):
            throw Self.swiftFunction(function.name)
        case let .lambda(parameters, body):
            var lambda = Spark_Connect_Expression.LambdaFunction()
            lambda.function = try translate(body)
            lambda.arguments = parameters.map(Self.lambdaVariable)
            return wrap(.lambdaFunction(lambda))
        case let .lambdaVariable(variable):
            return wrap(.unresolvedNamedLambdaVariable(Self.lambdaVariable(variable)))
        case let .aggregate(call):
            return try aggregate(call)
        case let .sortKey(inner, ascending, nullsFirst):
            return wrap(.sortOrder(try sortOrder(inner, ascending: ascending, nullsFirst: nullsFirst)))
        case let .window(call):
            guard let spec = call.spec else {
                throw DataFlowError(.analysis, "\(call.function.name) needs a window: use .over(...)")
            }
            return try window(call.function, spec: spec)
        }
    }

    /// A sort key as Spark's sort order.
    func sortOrder(_ expr: Expr, ascending: Bool, nullsFirst: Bool) throws -> Spark_Connect_Expression.SortOrder {
        var order = Spark_Connect_Expression.SortOrder()
        order.child = try translate(expr)
        order.direction = ascending ? .ascending : .descending
        order.nullOrdering = nullsFirst ? .sortNullsFirst : .sortNullsLast
        return order
    }

    /// A sort key expression (`.sortKey`, or any expression, ascending) as Spark's sort order.
    func sortOrder(_ expr: Expr) throws -> Spark_Connect_Expression.SortOrder {
        if case let .sortKey(inner, ascending, nullsFirst) = expr.node {
            return try sortOrder(inner, ascending: ascending, nullsFirst: nullsFirst)
        }
        return try sortOrder(expr, ascending: true, nullsFirst: true)
    }

    /// `expr` named `name`.
    func alias(_ expr: Spark_Connect_Expression, _ name: String) -> Spark_Connect_Expression {
        alias(expr, names: [name])
    }

    /// `expr` named by several names, one per column it makes (a generator's).
    func alias(_ expr: Spark_Connect_Expression, names: [String]) -> Spark_Connect_Expression {
        var alias = Spark_Connect_Expression.Alias()
        alias.expr = expr
        alias.name = names
        return wrap(.alias(alias))
    }

    /// `expr` named by its DataFlow output name, unless it is a plain column or already aliased:
    /// the server then names the result columns exactly as DataFlow's schema does.
    func named(_ expr: Expr) throws -> Spark_Connect_Expression {
        switch expr.node {
        case .alias, .column, .attribute: return try translate(expr)
        default: return alias(try translate(expr), expr.outputName)
        }
    }

    /// A call of Spark's function `name`.
    func function(_ name: String, _ arguments: [Spark_Connect_Expression], distinct: Bool = false) -> Spark_Connect_Expression {
        var call = Spark_Connect_Expression.UnresolvedFunction()
        call.functionName = name
        call.arguments = arguments
        call.isDistinct = distinct
        return wrap(.unresolvedFunction(call))
    }

    private func wrap(_ kind: Spark_Connect_Expression.OneOf_ExprType) -> Spark_Connect_Expression {
        var expr = Spark_Connect_Expression()
        expr.exprType = kind
        return expr
    }

    private func literal(_ value: Scalar, type: DataType? = nil) -> Spark_Connect_Expression.Literal {
        var literal = Spark_Connect_Expression.Literal()
        switch value {
        case .null: literal.null = SparkTypes.sparkType(type ?? .null)
        case let .boolean(value): literal.boolean = value
        case let .int32(value): literal.integer = value
        case let .int64(value): literal.long = value
        case let .float64(value): literal.double = value
        case let .decimal(unscaled, precision, scale):
            var decimal = Spark_Connect_Expression.Literal.Decimal()
            decimal.value = Scalar.decimal(unscaled: unscaled, precision: precision, scale: scale).formatted()
            decimal.precision = Int32(precision)
            decimal.scale = Int32(scale)
            literal.decimal = decimal
        case let .string(value): literal.string = value
        case let .binary(value): literal.binary = Data(value)
        case let .date(days): literal.date = days
        case let .timestamp(micros): literal.timestamp = micros
        case .array, .map, .struct: preconditionFailure("nested constants are built by `constant`")
        }
        return literal
    }

    /// The constant `value`; nested values as the calls that build them (Spark Connect has no
    /// nested literals).
    func constant(_ value: Scalar) -> Spark_Connect_Expression {
        switch value {
        case let .array(elements): return function("array", elements.map(constant))
        case let .map(keys, values): return function("map", zip(keys, values).flatMap { [constant($0), constant($1)] })
        case let .struct(names, values): return function("named_struct", zip(names, values).flatMap { [constant(.string($0)), constant($1)] })
        default: return wrap(.literal(literal(value)))
        }
    }

    /// `*`: every column of the input.
    var star: Spark_Connect_Expression { wrap(.unresolvedStar(.init())) }

    /// A lambda function's variable, by its name (unique among lambdas).
    private static func lambdaVariable(_ variable: LambdaVariable) -> Spark_Connect_Expression.UnresolvedNamedLambdaVariable {
        var named = Spark_Connect_Expression.UnresolvedNamedLambdaVariable()
        named.nameParts = [variable.name]
        return named
    }

    /// The error for a Swift function in a plan for Spark.
    private static func swiftFunction(_ name: String) -> DataFlowError {
        DataFlowError(.notImplemented, "\(name) is a Swift UDF: it runs only in this process, not on Spark; run the query in a local session, or write it with built-in functions",
                      location: ErrorLocation(operatorName: name))
    }

    private func aggregate(_ call: AggregateCall) throws -> Spark_Connect_Expression {
        if let function = call.userAggregate { throw Self.swiftFunction(function.name) }
        guard !call.arguments.isEmpty else {
            // count(*): Spark counts every row of count(1).
            return function("count", [constant(.int32(1))])
        }
        let values = try call.arguments.map(translate)
        switch call.kind {
        case .first, .last:
            return function(call.kind.rawValue, values + [constant(.boolean(call.ignoreNulls))])
        default:
            return function(call.kind.rawValue, values, distinct: call.distinct)
        }
    }

    /// `windowFunction` over `spec`.
    func window(_ windowFunction: WindowFunction, spec: WindowSpec) throws -> Spark_Connect_Expression {
        var window = Spark_Connect_Expression.Window()
        window.windowFunction = try self.windowFunction(windowFunction)
        window.partitionSpec = try spec.partitionBy.map(translate)
        window.orderSpec = try spec.orderBy.map(sortOrder)
        if let frame = spec.frame {
            var sparkFrame = Spark_Connect_Expression.Window.WindowFrame()
            sparkFrame.frameType = frame.kind == .rows ? .row : .range
            sparkFrame.lower = try boundary(frame.start)
            sparkFrame.upper = try boundary(frame.end)
            window.frameSpec = sparkFrame
        }
        return wrap(.window(window))
    }

    private func boundary(_ bound: FrameBound) throws -> Spark_Connect_Expression.Window.WindowFrame.FrameBoundary {
        var boundary = Spark_Connect_Expression.Window.WindowFrame.FrameBoundary()
        switch bound {
        case .unboundedPreceding, .unboundedFollowing: boundary.unbounded = true
        case .currentRow: boundary.currentRow = true
        // Spark wants INT bounds for row frames; it widens them for range frames.
        case let .preceding(offset): boundary.value = constant(Int32(exactly: -offset).map(Scalar.int32) ?? .int64(-offset))
        case let .following(offset): boundary.value = constant(Int32(exactly: offset).map(Scalar.int32) ?? .int64(offset))
        }
        return boundary
    }

    private func windowFunction(_ windowFunction: WindowFunction) throws -> Spark_Connect_Expression {
        switch windowFunction {
        case .rowNumber: return function("row_number", [])
        case .rank: return function("rank", [])
        case .denseRank: return function("dense_rank", [])
        case .percentRank: return function("percent_rank", [])
        case .cumeDist: return function("cume_dist", [])
        case let .ntile(buckets): return function("ntile", [constant(.int32(Int32(clamping: buckets)))])
        case let .offset(value, offset, fallback):
            let arguments = [try translate(value), constant(.int32(Int32(clamping: abs(offset))))]
                + (try fallback.map { [try translate($0)] } ?? [])
            return function(offset < 0 ? "lag" : "lead", arguments)
        case let .frameValue(value, which, ignoreNulls):
            let argument = try translate(value), ignore = constant(.boolean(ignoreNulls))
            switch which {
            case .first: return function("first_value", [argument, ignore])
            case .last: return function("last_value", [argument, ignore])
            case let .nth(n): return function("nth_value", [argument, constant(.int32(Int32(clamping: n))), ignore])
            }
        case let .aggregate(call):
            if call.distinct {
                throw DataFlowError(.notImplemented, "\(call.kind.rawValue)(DISTINCT ...) over a window cannot run on Spark: Spark has no distinct window aggregates; aggregate distinct values with groupBy and join them back")
            }
            return try aggregate(call)
        case let .unsupported(expr):
            throw DataFlowError(.analysis, "\(expr) is not a window function")
        }
    }
}
