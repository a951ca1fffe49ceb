/// An aggregate call resolved against its input schema: the argument bound (and cast to what the
/// accumulator consumes), the result type, and a factory for per-partition accumulators.
struct BoundAggregate: Sendable {
    /// The call as written.
    let call: AggregateCall
    /// The output column name.
    let name: String
    /// The bound argument; nil for `count(*)`.
    let argument: (any PhysicalExpr)?
    /// The final value's type.
    let resultType: DataType
    /// Whether the final value can be null.
    let nullable: Bool
    /// Makes a fresh accumulator.
    let makeAccumulator: @Sendable () -> any GroupAccumulator

    /// The partial state's fields, named after the aggregate.
    var stateFields: [Field] {
        makeAccumulator().stateFields.map { Field("\(name)#\($0.name)", $0.type, nullable: true) }
    }

    /// Binds `call` (resolved) over the columns `input`.
    /// - Throws: `DataFlowError` (`.analysis`) for argument types the function does not take.
    init(_ call: AggregateCall, name: String, input: [Attribute], context: BindContext) throws {
        self.call = call
        self.name = name
        let binder = ExprBinder(input: input, context: context)
        let boundArguments = try call.arguments.enumerated().map { index, argument in
            // A percentile's percentages may be written `array(0.25, 0.5)`: a constant array.
            try binder.bind(index == 1 && (call.kind == .percentile || call.kind == .percentileApprox) ? Self.literalArray(argument) : argument)
        }
        let counts = call.kind.argumentCounts
        guard counts.contains(boundArguments.count) else {
            let expected = counts.count == 1 ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
            throw DataFlowError(.analysis, "\(call.name) takes \(expected) argument\(counts.upperBound == 1 ? "" : "s"), got \(boundArguments.count) (in \(name))",
                                location: ErrorLocation(column: name))
        }
        let bound = boundArguments.first
        let inputType = bound?.dataType ?? .int64
        func reject() -> DataFlowError {
            DataFlowError(.analysis, "\(call.name) does not accept \(inputType) (in \(name))", location: ErrorLocation(column: name))
        }
        if call.distinct && (bound == nil || boundArguments.count > 1 || call.kind == .user) {
            throw DataFlowError(.notImplemented, "DISTINCT is supported in aggregates of one argument, not \(call.name) (in \(name))", location: ErrorLocation(column: name))
        }
        var make: @Sendable () -> any GroupAccumulator
        switch call.kind {
        case .count:
            argument = bound
            resultType = .int64
            nullable = false
            make = { CountAccumulator() }
        case .sum, .avg:
            let isAvg = call.kind == .avg
            var input = inputType
            if input == .string || input == .null { input = .float64 }
            guard input.isNumeric else { throw reject() }
            nullable = true
            if case let .decimal(p, s) = input {
                let sumType = DataType.decimal(precision: DataType.maxDecimalPrecision, scale: s)
                let result: DataType = isAvg
                    ? .decimal(precision: min(p + 4, DataType.maxDecimalPrecision), scale: min(s + 4, DataType.maxDecimalPrecision))
                    : .decimal(precision: min(p + 10, DataType.maxDecimalPrecision), scale: s)
                // Same scale as the sum: the accumulator adds the values as they are stored.
                argument = bound
                resultType = result
                if isAvg {
                    make = { AvgAccumulator<Int128>(sumType: sumType, resultType: result) }
                } else {
                    make = { SumAccumulator<Int128>(sumType: sumType, resultType: result) }
                }
            } else if input == .float64 || isAvg {
                argument = try binder.coerce(bound!, to: .float64)
                resultType = .float64
                if isAvg {
                    make = { AvgAccumulator<Double>(sumType: .float64, resultType: .float64) }
                } else {
                    make = { SumAccumulator<Double>(sumType: .float64, resultType: .float64) }
                }
            } else {
                argument = try binder.coerce(bound!, to: .int64)
                resultType = .int64
                make = { SumAccumulator<Int64>(sumType: .int64, resultType: .int64) }
            }
        case .min, .max:
            guard let bound else { throw reject() }
            let isMax = call.kind == .max
            resultType = inputType
            nullable = true
            switch inputType.physical {
            case .int32:
                argument = bound
                make = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .int64:
                argument = bound
                make = { MinMaxAccumulator<Int64>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .float64:
                argument = bound
                make = { MinMaxAccumulator<Double>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .int128:
                argument = bound
                make = { MinMaxAccumulator<Int128>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .bit:
                argument = try binder.coerce(bound, to: .int32)
                make = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: .int32, resultType: .boolean, zero: 0) }
            case .bytes:
                argument = bound
                make = { BytesMinMaxAccumulator(isMax: isMax, type: inputType) }
            case .list, .struct:
                throw reject()
            }
        case .stddevSamp, .stddevPop, .varSamp, .varPop, .skewness, .kurtosis:
            guard let bound, bound.dataType.isNumeric || bound.dataType == .string || bound.dataType == .null else { throw reject() }
            let kind = call.kind
            argument = try binder.coerce(bound, to: .float64)
            resultType = .float64
            nullable = true
            make = { MomentsAccumulator(kind: kind) }
        case .boolAnd, .boolOr:
            guard let bound, bound.dataType == .boolean || bound.dataType == .null else { throw reject() }
            let isMax = call.kind == .boolOr
            argument = try binder.coerce(bound, to: .int32)
            resultType = .boolean
            nullable = true
            make = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: .int32, resultType: .boolean, zero: 0) }
        case .bitAnd, .bitOr, .bitXor:
            guard let bound, bound.dataType == .int32 || bound.dataType == .int64 || bound.dataType == .null else {
                throw DataFlowError(.analysis, "\(call.kind.rawValue) needs integers, found \(inputType) (in \(name))", location: ErrorLocation(column: name))
            }
            let kind = call.kind, type: DataType = inputType == .int32 ? .int32 : .int64
            argument = try binder.coerce(bound, to: type)
            resultType = type
            nullable = true
            if type == .int32 {
                make = { BitwiseAccumulator<Int32>(kind: kind, type: type) }
            } else {
                make = { BitwiseAccumulator<Int64>(kind: kind, type: type) }
            }
        case .countIf:
            guard let bound, bound.dataType == .boolean || bound.dataType == .null else { throw reject() }
            // A row counts where the condition is true: 1 there, null elsewhere.
            argument = CaseWhenExpr(conditions: [try binder.coerce(bound, to: .boolean)], values: [try LiteralExpr(.int32(1), type: .int32)],
                                    otherwise: nil, dataType: .int32)
            resultType = .int64
            nullable = false
            make = { CountAccumulator() }
        case .collectList, .collectSet:
            guard let bound else { throw reject() }
            let distinct = call.kind == .collectSet
            argument = bound
            resultType = .array(inputType)
            nullable = false
            make = { CollectAccumulator(valueType: inputType, distinct: distinct) }
        case .corr, .covarPop, .covarSamp, .regrCount, .regrAvgX, .regrAvgY, .regrSXX, .regrSYY, .regrSXY, .regrSlope, .regrIntercept, .regrR2:
            for argument in boundArguments where !(argument.dataType.isNumeric || argument.dataType == .string || argument.dataType == .null) {
                throw DataFlowError(.analysis, "\(call.kind.rawValue) needs numbers, found \(argument.dataType) (in \(name))", location: ErrorLocation(column: name))
            }
            let kind = call.kind
            argument = try Self.pair(try boundArguments.map { try binder.coerce($0, to: .float64) }, binder)
            resultType = kind == .regrCount ? .int64 : .float64
            nullable = kind != .regrCount
            make = { CoMomentsAccumulator(kind: kind) }
        case .maxBy, .minBy:
            let isMax = call.kind == .maxBy
            argument = try Self.pair(boundArguments, binder)
            resultType = inputType
            nullable = true
            make = { ExtremeByAccumulator(isMax: isMax, valueType: inputType) }
        case .percentile, .percentileApprox, .median:
            // percentile_approx also orders dates and timestamps.
            let ordered = call.kind == .percentileApprox && (inputType == .date || inputType == .timestamp)
            guard let bound, bound.dataType.isNumeric || bound.dataType == .null || ordered else { throw reject() }
            let method: PercentileMethod = call.kind == .percentileApprox ? .nearestRank : .interpolated
            let (percentages, asArray) = call.kind == .median ? ([0.5], false) : try Self.percentages(boundArguments[1], in: name)
            if boundArguments.count == 3 {
                guard let accuracy = boundArguments[2].constantValue.flatMap(Self.number), accuracy >= 1, accuracy == accuracy.rounded() else {
                    throw DataFlowError(.analysis, "percentile_approx: the accuracy must be a positive integer constant (in \(name))", location: ErrorLocation(column: name))
                }
            }
            let percentiles = Percentiles(method: method, percentages: percentages, asArray: asArray, valueType: bound.dataType == .null ? .float64 : inputType)
            argument = bound.dataType == .null ? try binder.coerce(bound, to: .float64) : bound
            resultType = percentiles.resultType
            nullable = true
            make = { PercentileAccumulator(percentiles) }
        case .user:
            guard let function = call.userAggregate, let bound else { throw DataFlowError.internalError("\(call.name) without its function or argument") }
            guard canCast(from: bound.dataType, to: function.inputType) else {
                throw DataFlowError(.analysis, "\(function.name): the argument must be \(function.inputType), found \(bound.dataType) (in \(name))",
                                    location: ErrorLocation(column: name))
            }
            argument = try binder.coerce(bound, to: function.inputType)
            resultType = function.returnType
            nullable = function.nullable
            make = function.makeAccumulator
        case .first, .last:
            guard let bound else { throw reject() }
            let isLast = call.kind == .last, ignoreNulls = call.ignoreNulls
            argument = bound
            resultType = inputType
            nullable = true
            make = { FirstLastAccumulator(isLast: isLast, ignoreNulls: ignoreNulls, type: inputType) }
        }
        // DISTINCT: the aggregate sees each group's distinct argument values once.
        if call.distinct, let argument {
            let inner = make, valueType = argument.dataType
            make = { DistinctAccumulator(inner(), valueType: valueType) }
        }
        makeAccumulator = make
    }

    /// Two bound arguments as one struct column of fields `a` and `b`: the input of the
    /// accumulators of two variables.
    private static func pair(_ arguments: [any PhysicalExpr], _ binder: ExprBinder) throws -> any PhysicalExpr {
        guard let structure = FunctionRegistry.lookup("named_struct") else { throw DataFlowError.internalError("named_struct is not registered") }
        return try structure.bind([try LiteralExpr(.string("a"), type: .string), arguments[0], try LiteralExpr(.string("b"), type: .string), arguments[1]],
                                  binder)
    }

    /// The constant percentage (or array of them) of a percentile, each between 0 and 1, and
    /// whether they came as an array.
    private static func percentages(_ argument: any PhysicalExpr, in name: String) throws -> ([Double], Bool) {
        func invalid() -> DataFlowError {
            DataFlowError(.analysis, "the percentage must be a constant between 0.0 and 1.0, or an array of them (in \(name))", location: ErrorLocation(column: name))
        }
        guard let value = argument.constantValue else { throw invalid() }
        func fraction(_ scalar: Scalar) throws -> Double {
            guard let number = number(scalar), number >= 0, number <= 1 else { throw invalid() }
            return number
        }
        if case let .array(values) = value { return (try values.map(fraction), true) }
        return ([try fraction(value)], false)
    }

    /// A numeric constant as a double; nil for anything else.
    private static func number(_ scalar: Scalar) -> Double? {
        switch scalar {
        case let .int32(value): return Double(value)
        case let .int64(value): return Double(value)
        case let .float64(value): return value
        case let .decimal(unscaled, _, scale): return Double(unscaled) / (0..<scale).reduce(1.0) { value, _ in value * 10 }
        default: return nil
        }
    }

    /// `array(...)` of literals as one literal array; any other expression as it is.
    private static func literalArray(_ expr: Expr) -> Expr {
        guard case let .function(name, arguments) = expr.node, name.lowercased() == "array" else { return expr }
        var values: [Scalar] = []
        for argument in arguments {
            guard case let .literal(value, _) = argument.node else { return expr }
            values.append(value)
        }
        return lit(.array(values))
    }
}
