/// Turns a resolved `Expr` into a physical one over batches of `input`'s columns: attributes to
/// column positions, implicit casts inserted with Spark's coercion rules, functions looked up and
/// checked. Names were resolved by the `Analyzer`; this binds identities only.
struct ExprBinder {
    /// The columns of the batches the physical expression evaluates over, in order.
    let input: [Attribute]
    let context: BindContext
    private let positions: [ColumnID: Int]

    init(input: [Attribute], context: BindContext) {
        self.input = input
        self.context = context
        var positions: [ColumnID: Int] = [:]
        for (index, attribute) in input.enumerated() where positions[attribute.id] == nil { positions[attribute.id] = index }
        self.positions = positions
    }

    /// Binds `expr`, written by name against `schema`: for expressions that are not part of a plan
    /// (pushed filters evaluated by a source over its own batches).
    static func bind(_ expr: Expr, over schema: Schema, context: BindContext) throws -> any PhysicalExpr {
        let input = [Attribute](fresh: schema)
        return try ExprBinder(input: input, context: context).bind(try Analyzer(input: input, context: context).resolve(expr))
    }

    /// Binds `expr`.
    /// - Throws: `DataFlowError` (`.analysis`) naming the unknown function or the type mismatch.
    func bind(_ expr: Expr) throws -> any PhysicalExpr {
        switch expr.node {
        case let .attribute(attribute):
            guard let index = positions[attribute.id] else {
                throw DataFlowError.internalError("column \(attribute) is not an input here: \(input)")
            }
            return inputColumn(index)
        case let .column(name, qualifier):
            throw DataFlowError.internalError("column \(qualifier.map { "\($0)." } ?? "")\(name) was not resolved")
        case let .literal(value, type):
            return try LiteralExpr(value, type: type ?? value.dataType)
        case let .alias(inner, _):
            return try bind(inner)
        case let .unary(op, operand):
            return try bindUnary(op, try bind(operand))
        case let .binary(op, lhs, rhs):
            return try bindBinary(op, try bind(lhs), try bind(rhs), in: expr.description)
        case let .function(name, arguments) where name.lowercased() == "struct":
            // struct(a, b AS x, c + 1): fields named by the column or alias, else col1, col2, ...
            let pairs = arguments.enumerated().flatMap { index, argument -> [Expr] in
                let name: String
                switch argument.node {
                case .alias, .column, .attribute: name = argument.outputName
                default: name = "col\(index + 1)"
                }
                return [lit(name), argument.unaliased]
            }
            return try bind(Expr(.function(name: "named_struct", arguments: pairs)))
        case let .function(name, arguments):
            if let higherOrder = HigherOrderFunctions.lookup(name) { return try higherOrder.bind(arguments, self) }
            guard let function = FunctionRegistry.lookup(name) else {
                if Generate.functions[name.lowercased()] != nil {
                    throw DataFlowError(.analysis, "\(name) makes rows: use it as a whole column of select or withColumn", location: ErrorLocation(operatorName: name))
                }
                throw DataFlowError(.analysis, "unknown function '\(name)'", location: ErrorLocation(operatorName: name))
            }
            return try function.bind(try arguments.map(bind), self)
        case let .lambdaVariable(variable):
            guard let index = positions[variable.id] else {
                throw DataFlowError(.analysis, "the lambda variable \(variable.name) is used outside its lambda function")
            }
            return inputColumn(index)
        case .lambda:
            throw DataFlowError(.analysis, "a lambda function \(expr) is only allowed as an argument of a higher-order function (transform, filter, exists, forall, aggregate, zip_with, map_filter, transform_keys, transform_values)")
        case let .userFunction(function, arguments):
            return try UserFunctionExpr(function, arguments: try arguments.map(bind), binder: self)
        case let .cast(inner, type, strict):
            let child = try bind(inner)
            guard canCast(from: child.dataType, to: type) else {
                throw DataFlowError(.analysis, "cannot cast \(inner) of type \(child.dataType) to \(type)")
            }
            var options = context.castOptions
            options.strict = options.strict || strict
            return try fold(CastExpr(child: child, dataType: type, options: options))
        case let .caseWhen(branches, otherwise):
            let conditions = try branches.map { try requireBoolean(try bind($0.condition), in: expr.description) }
            var values = try branches.map { try bind($0.value) }
            var fallback = try otherwise.map(bind)
            let types = values.map(\.dataType) + (fallback.map { [$0.dataType] } ?? [])
            guard let type = TypeCoercion.commonType(types) else {
                throw DataFlowError(.analysis, "CASE branches have incompatible types \(types) in \(expr)")
            }
            let resultType = type == .null ? DataType.string : type
            values = try values.map { try coerce($0, to: resultType) }
            fallback = try fallback.map { try coerce($0, to: resultType) }
            return CaseWhenExpr(conditions: conditions, values: values, otherwise: fallback, dataType: resultType)
        case let .inList(value, list):
            let needle = try bind(value)
            let elements = try list.map(bind)
            guard let type = TypeCoercion.commonType([needle.dataType] + elements.map(\.dataType)) else {
                throw DataFlowError(.analysis, "IN list types \(elements.map(\.dataType)) do not match \(needle.dataType) in \(expr)")
            }
            return InListExpr(value: try coerce(needle, to: type), list: try elements.map { try coerce($0, to: type) })
        case .aggregate:
            throw DataFlowError(.analysis, "aggregate function \(expr) is only allowed in agg(...) or a window")
        case .sortKey:
            throw DataFlowError(.analysis, "sort order \(expr) is only allowed in orderBy(...)")
        case let .window(call):
            if case let .unsupported(inner) = call.function {
                throw DataFlowError(.analysis, "\(inner) is not a window function; use an aggregate or a ranking, offset or value function with over(...)")
            }
            throw DataFlowError(.analysis, "window function \(call.function.name) needs over(...) and is only allowed in select(...) or withColumn(...)")
        }
    }

    /// Input column `index` as an expression.
    private func inputColumn(_ index: Int) -> ColumnExpr {
        let field = input[index]
        return ColumnExpr(index: index, name: field.name, dataType: field.type, nullable: field.nullable)
    }

    /// The position of the input column (or enclosing lambda variable) `id`, if it is an input.
    func position(of id: ColumnID) -> Int? { positions[id] }

    /// `expr` converted to `type`, folding literal casts right away.
    func coerce(_ expr: any PhysicalExpr, to type: DataType) throws -> any PhysicalExpr {
        if expr.dataType == type { return expr }
        return try fold(CastExpr(child: expr, dataType: type, options: context.castOptions))
    }

    /// Evaluates expressions over constants once, at bind time.
    func fold(_ expr: CastExpr) throws -> any PhysicalExpr {
        guard let literal = expr.child as? LiteralExpr else { return expr }
        let converted = try cast(literal.datum.column, to: expr.dataType, options: expr.options)
        return try LiteralExpr(converted.scalar(at: 0), type: expr.dataType)
    }

    func requireBoolean(_ expr: any PhysicalExpr, in parent: @autoclosure () -> String) throws -> any PhysicalExpr {
        if expr.dataType == .boolean { return expr }
        if expr.dataType == .null { return try coerce(expr, to: .boolean) }
        throw DataFlowError(.analysis, "\(parent()): expected a boolean condition, found \(expr.dataType)")
    }

    private func bindUnary(_ op: UnaryOperator, _ operand: any PhysicalExpr) throws -> any PhysicalExpr {
        switch op {
        case .not:
            guard operand.dataType == .boolean || operand.dataType == .null else {
                throw DataFlowError(.analysis, "NOT needs a boolean, found \(operand.dataType) in \(operand)")
            }
            return UnaryExpr(op: op, child: try coerce(operand, to: .boolean))
        case .negate:
            guard operand.dataType.isNumeric else {
                throw DataFlowError(.analysis, "unary minus needs a number, found \(operand.dataType) in \(operand)")
            }
            return UnaryExpr(op: op, child: operand)
        case .isNull, .isNotNull:
            return UnaryExpr(op: op, child: operand)
        }
    }

    /// `lhs op rhs` with Spark's coercions; `expr` describes the expression for errors.
    func bindBinary(_ op: BinaryOperator, _ lhs: any PhysicalExpr, _ rhs: any PhysicalExpr, in expr: @autoclosure () -> String) throws -> any PhysicalExpr {
        if op.isLogical {
            return LogicalExpr(op: op, lhs: try requireBoolean(lhs, in: expr()), rhs: try requireBoolean(rhs, in: expr()))
        }
        if op.isComparison {
            guard let type = TypeCoercion.commonType(lhs.dataType, rhs.dataType) else {
                throw DataFlowError(.analysis, "cannot compare \(lhs.dataType) with \(rhs.dataType) in \(expr())")
            }
            let common = type == .null ? DataType.boolean : type
            return ComparisonExpr(op: op, lhs: try coerce(lhs, to: common), rhs: try coerce(rhs, to: common))
        }
        return try bindArithmetic(op, lhs, rhs, expr: expr())
    }

    private func bindArithmetic(_ op: BinaryOperator, _ lhs: any PhysicalExpr, _ rhs: any PhysicalExpr, expr: String) throws -> any PhysicalExpr {
        // Strings in arithmetic are read as doubles, as Spark does.
        let left = lhs.dataType == .string || lhs.dataType == .null ? try coerce(lhs, to: .float64) : lhs
        let right = rhs.dataType == .string || rhs.dataType == .null ? try coerce(rhs, to: .float64) : rhs
        let a = left.dataType, b = right.dataType
        guard a.isNumeric && b.isNumeric else {
            throw DataFlowError(.analysis, "operator \(op.rawValue) needs numbers, found \(lhs.dataType) and \(rhs.dataType) in \(expr)")
        }
        if a.isDecimal || b.isDecimal, a != .float64, b != .float64 {
            let da = TypeCoercion.decimalFor(a)!, db = TypeCoercion.decimalFor(b)!
            return DecimalArithmeticExpr(op: op, lhs: try coerce(left, to: da), rhs: try coerce(right, to: db),
                                         dataType: TypeCoercion.decimalResult(op, da, db))
        }
        var type = TypeCoercion.commonType(a, b)!
        if op == .divide { type = .float64 }
        return ArithmeticExpr(op: op, lhs: try coerce(left, to: type), rhs: try coerce(right, to: type), dataType: type)
    }
}
