/// A scalar function known by name: its `bind` checks and coerces the bound arguments and returns
/// the expression that evaluates it.
struct ScalarFunction: Sendable {
    /// The function's name (looked up case-insensitively).
    let name: String
    /// Validates the arguments and builds the evaluating expression.
    let bind: @Sendable ([any PhysicalExpr], ExprBinder) throws -> any PhysicalExpr
}

/// Every scalar function, by lower-cased name.
enum FunctionRegistry {
    static let functions: [String: ScalarFunction] = {
        let all = StringFunctions.all + StringShapeFunctions.all + StringSearchFunctions.all + MathFunctions.all + DoubleMathFunctions.all + NumberFunctions.all + RadixFunctions.all + ConditionalFunctions.all + HashFunctions.all
            + DateTimeFunctions.all + NestedValueFunctions.all + CollectionFunctions.all + SplitFunction.all + JSONFunctions.all + CalendarFunctions.all + BitFunctions.all
            + URLFunctions.all + IntrospectionFunctions.all
        return Dictionary(all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }()

    /// Other names Spark gives the same functions.
    static let aliases: [String: String] = [
        "lcase": "lower", "ucase": "upper", "char_length": "length", "character_length": "length", "len": "length", "substr": "substring",
        "create_map": "map", "day": "dayofmonth", "sha": "sha1", "dateadd": "date_add", "date_diff": "datediff", "curdate": "current_date",
        "now": "current_timestamp", "todegrees": "degrees", "toradians": "radians", "bitwisenot": "bitwise_not",
    ]

    /// The function called `name` (or one of its aliases), if any.
    static func lookup(_ name: String) -> ScalarFunction? {
        let key = name.lowercased()
        return functions[key] ?? aliases[key].flatMap { functions[$0] }
    }
}

/// Argument checks shared by function definitions.
enum Arguments {
    /// Throws unless there are between `min` and `max` arguments.
    static func expect(_ name: String, _ arguments: some Collection, count: ClosedRange<Int>) throws {
        guard count.contains(arguments.count) else {
            let expected = count.lowerBound == count.upperBound ? "\(count.lowerBound)"
                : count.upperBound == Int.max ? "at least \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            throw DataFlowError(.analysis, "\(name) takes \(expected) arguments, got \(arguments.count)",
                                location: ErrorLocation(operatorName: name))
        }
    }

    /// `argument` converted to `type`, or an analysis error naming the function and position.
    static func coerce(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int, to type: DataType,
                       _ binder: ExprBinder) throws -> any PhysicalExpr {
        let argument = arguments[index]
        if argument.dataType == type { return argument }
        guard canCast(from: argument.dataType, to: type) else {
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) (\(argument)) must be \(type), found \(argument.dataType)",
                                location: ErrorLocation(operatorName: name))
        }
        return try binder.coerce(argument, to: type)
    }

    /// Each of `arguments` converted to `type`, as `coerce` converts one.
    static func coerceAll(_ name: String, _ arguments: some Collection<any PhysicalExpr>, to type: DataType,
                          _ binder: ExprBinder) throws -> [any PhysicalExpr] {
        let all = Array(arguments)
        return try all.indices.map { try coerce(name, all, $0, to: type, binder) }
    }

    /// The constant value of argument `index`, which must be a literal.
    static func constant(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int) throws -> Scalar {
        guard let value = arguments[index].constantValue else {
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) must be a constant", location: ErrorLocation(operatorName: name))
        }
        return value
    }

    /// The constant string value of argument `index`.
    static func constantString(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int) throws -> String? {
        switch try constant(name, arguments, index) {
        case .null: return nil
        case let .string(text): return text
        default: throw DataFlowError(.analysis, "\(name): argument \(index + 1) must be a string constant", location: ErrorLocation(operatorName: name))
        }
    }

    /// The constant integer value of argument `index`.
    static func constantInt(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int) throws -> Int? {
        switch try constant(name, arguments, index) {
        case .null: return nil
        case let .int32(v): return Int(v)
        case let .int64(v): return Int(v)
        default: throw DataFlowError(.analysis, "\(name): argument \(index + 1) must be an integer constant", location: ErrorLocation(operatorName: name))
        }
    }
}
